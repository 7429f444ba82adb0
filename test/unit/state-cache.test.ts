/**
 * The folded state a writer keeps beside a session (session/state-cache.ts): what `status`, `list` and
 * the Markdown export read instead of every event. It must say exactly what the events say, and be
 * ignored whenever it does not match them: stale, tampered, of another build, or with a journal
 * that does not follow it.
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reduce } from "../../source/domain/events.js";
import { eventLog } from "../../source/domain/report/event-rows.js";
import { renderSignoffMarkdown, renderSignoffPieces } from "../../source/domain/signoff.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readSummary, STATUS_READS } from "../../source/session/state-cache.js";
import { SessionStore } from "../../source/session/store.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { abandon, newSeedSession } from "../helpers/session.js";

afterEach(() => setVerifiedBuild(undefined));

/** The bytes the pieces make when written one after another, as text. */
const piecesText = (pieces: readonly (string | Uint8Array)[]) =>
  Buffer.concat(pieces.map((p) => (typeof p === "string" ? Buffer.from(p) : p))).toString("utf8");

const cacheOf = (file: string, kind: string) => join(dirname(file), ".cache", `${kind}-${basename(file)}`);

/** A session whose writer closed (compacted), then `journalled` events left in its journal. */
async function session(journalled = 0) {
  setVerifiedBuild("test-build");
  const { store } = await newSeedSession(tempDir("state-cache-"));
  await store.append("item.checked", { item: "i1", note: "with | a pipe\nand a line" }, "ann");
  await store.append("field.recorded", { field: "f1", value: "v1.9.3", source: "manual" }, "ann");
  await store.append("note.added", { text: "\u001b]52;c;aGk=\u0007 hi" }, "bob");
  await store.append("item.checked", { item: "__proto__" }, "ann");
  await store.close();
  const again = await SessionStore.open(store.file, { write: true, journal: { compactEvery: 1000 } });
  for (let i = 0; i < journalled; i++) await again.append("note.added", { text: `later ${i}` }, "cy");
  // Not closed: a crash leaves the events in the journal only (close would compact them in).
  await abandon(again);
  return { file: store.file, events: again.events.slice() };
}

async function exportOf(file: string) {
  const s = await readSummary(file);
  if (!s) return undefined;
  const { file: f, text, sha256 } = s.state.runbook;
  const rb = parseRunbook(f, text, sha256);
  return { cached: piecesText(renderSignoffPieces(rb, s.state, s.rows()!)), rb, s };
}

describe("the kept state", () => {
  it("is the fold of every event, with the record byte-identical to one rendered from the events", async () => {
    const { file, events } = await session();
    const s = await readSummary(file);
    expect(s).toBeDefined();
    expect(s!.count).toBe(events.length);
    expect(JSON.parse(JSON.stringify(s!.state))).toEqual(JSON.parse(JSON.stringify(reduce(events))));
    expect(piecesText(s!.rows()!)).toBe(eventLog(events));
    expect(s!.events).toEqual(events.filter((e, i) => i === 0 || STATUS_READS.has(e.type)));
    const r = (await exportOf(file))!;
    expect(r.cached).toBe(renderSignoffMarkdown(r.rb, reduce(events), events));
  });

  it("takes the journal's events on top, each following the last", async () => {
    const { file, events } = await session(3);
    const s = (await readSummary(file))!;
    expect(s.count).toBe(events.length);
    expect(s.state.head).toBe(events.at(-1)!.hash);
    expect(s.state.notes.map((n) => n.text).slice(-3)).toEqual(["later 0", "later 1", "later 2"]);
    const r = (await exportOf(file))!;
    expect(r.cached).toBe(renderSignoffMarkdown(r.rb, reduce(events), events));
  });

  it("gives `golive export` the same file and the same stdout as the events do", async () => {
    const { file } = await session(2);
    const dir = dirname(file);
    const exp = async (out: string) => {
      const r = await golive(["export", "--out", out], { sessions: dir, cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      return out === "-" ? r.stdout : readFileSync(join(dir, out), "utf8");
    };
    // The kept state matches, so the command takes it (its rows as bytes, the journal's after them).
    expect((await readSummary(file))!.rows()!.length).toBe(2);
    const fromCache = [await exp("cached.md"), await exp("-")];
    setVerifiedBuild(undefined);
    const fromEvents = await exp("events.md");
    expect(fromCache).toEqual([fromEvents, fromEvents]);
    expect(fromEvents).toContain("| cy | note: later 1 |");
  });

  it("is not kept from source (no build) and not trusted by another build", async () => {
    const { file } = await session();
    setVerifiedBuild("other-build");
    expect(await readSummary(file)).toBeUndefined();
    setVerifiedBuild(undefined);
    expect(await readSummary(file)).toBeUndefined();
  });
});

describe("a kept state that does not match is ignored", () => {
  it("when the session file changed (even keeping its size)", async () => {
    const { file } = await session();
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"v1.9.3"', '"v6.6.6"'));
    expect(await readSummary(file)).toBeUndefined();
  });

  it("when its state or rows were edited, or its header names another document", async () => {
    const { file } = await session();
    const state = readFileSync(cacheOf(file, "state"), "utf8");
    writeFileSync(cacheOf(file, "state"), state.replace('"v1.9.3"', '"v6.6.6"'));
    expect(await readSummary(file)).toBeUndefined();
    const [header, ...body] = state.split("\n");
    const parts = header!.split(" ");
    parts[4] = "0".repeat(64);
    writeFileSync(cacheOf(file, "state"), [parts.join(" "), ...body].join("\n"));
    expect(await readSummary(file)).toBeUndefined();
    writeFileSync(cacheOf(file, "state"), state);
    const rows = readFileSync(cacheOf(file, "rows"), "utf8");
    writeFileSync(cacheOf(file, "rows"), rows.replace("| ann |", "| eve |"));
    expect((await readSummary(file))!.rows()).toBeUndefined();
  });

  it("when a journal line does not follow the kept head", async () => {
    const { file, events } = await session(1);
    const forged = { ...events.at(-1)!, seq: events.at(-1)!.seq + 5 };
    appendFileSync(`${file}.journal`, `${JSON.stringify(forged)}\n`);
    expect(await readSummary(file)).toBeUndefined();
  });
});
