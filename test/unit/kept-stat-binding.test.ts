/**
 * The kept state as `status` and `list` trust it (session/state-cache.ts, "stat"-bound): by the
 * document's stat identity and tail and the body's checksum, never its SHA-256. Every way the file
 * can change without its writer must still take the slow path (every event read and checked), whose
 * words name the damage. Real files, real `touch`, `cp` and `mv`.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readSummary } from "../../source/session/state-cache.js";
import { SessionStore } from "../../source/session/store.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

afterEach(() => setVerifiedBuild(undefined));

const cacheOf = (file: string) => join(dirname(file), ".cache", `state-${basename(file)}`);
const clock = () => fixedClock("2026-11-23T12:30:00.000Z");

/** A session its writer closed (compacted: the kept state is written), on a named build. */
async function session() {
  setVerifiedBuild("test-build");
  const { store } = await newSeedSession(tempDir("kept-stat-"));
  await store.append("field.recorded", { field: "f1", value: "v1.9.3", source: "manual" }, "ann");
  await store.append("note.added", { text: "first" }, "bob");
  await store.close();
  const file = store.file;
  expect(await readSummary(file, "stat")).toBeDefined();
  return file;
}

const status = (file: string) => golive(["status", "--json"], { sessions: dirname(file), clock: clock() });

describe("status's kept state is not trusted", () => {
  it("when the document was rewritten in place with the same size and its mtime restored (touch -d)", async () => {
    const file = await session();
    const before = statSync(file, { bigint: true });
    // To the nanosecond, as stat prints it: only the ctime still tells.
    const mtime = execFileSync("stat", ["-c", "%y", file], { encoding: "utf8" }).trim();
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"v1.9.3"', '"v6.6.6"'));
    execFileSync("touch", ["-d", mtime, file]);
    const after = statSync(file, { bigint: true });
    expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]);
    expect(await readSummary(file, "stat")).toBeUndefined();
    const r = await status(file);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/hash|chain|tamper|edited/i);
  });

  it("when it was replaced by a copy (same bytes, another inode)", async () => {
    const file = await session();
    const fast = await status(file);
    execFileSync("cp", ["--preserve=timestamps", file, `${file}.copy`]);
    execFileSync("mv", [`${file}.copy`, file]);
    expect(await readSummary(file, "stat")).toBeUndefined();
    // The slow path reads and checks every event: the same answer.
    expect(await status(file)).toEqual(fast);
  });

  it("when the kept body was corrupted (same length) or truncated", async () => {
    const file = await session();
    const kept = readFileSync(cacheOf(file), "utf8");
    expect(kept).toContain('"first"');
    writeFileSync(cacheOf(file), kept.replace('"first"', '"FIRST"'));
    expect(await readSummary(file, "stat")).toBeUndefined();
    expect((await status(file)).stdout).not.toContain("FIRST");
    writeFileSync(cacheOf(file), kept.slice(0, -40));
    expect(await readSummary(file, "stat")).toBeUndefined();
    writeFileSync(cacheOf(file), kept);
    expect(await readSummary(file, "stat")).toBeDefined();
  });

  it("when the journal grew: a following event is read on top, anything else takes the slow path", async () => {
    const file = await session();
    const again = await SessionStore.open(file, { write: true, journal: { compactEvery: 1000 } });
    await again.append("item.checked", { item: "i1" }, "cy");
    const events = again.events.slice();
    await (again as unknown as { adapter: { close(): Promise<void> } }).adapter.close();
    await again.lock?.release();
    const s = await readSummary(file, "stat");
    expect(s?.count).toBe(events.length);
    expect(s?.state.items.i1?.checked).toBe(true);
    const forged = { ...events.at(-1)!, seq: events.at(-1)!.seq + 1, data: { item: "i2" } };
    appendFileSync(`${file}.journal`, `${JSON.stringify(forged)}\n`);
    expect(await readSummary(file, "stat")).toBeUndefined();
    const r = await status(file);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/journal/i);
  });

  it("when the build differs", async () => {
    const file = await session();
    setVerifiedBuild("another-build");
    expect(await readSummary(file, "stat")).toBeUndefined();
  });
});
