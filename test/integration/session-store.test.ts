import { spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { currentHolder, lockDir, topRecord } from "../../source/session/lock.js";
import { SessionStore } from "../../source/session/store.js";
import { ROOT, tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

describe("session file on disk", () => {
  it("is 0600 in a 0700 directory; each event is a journal line, compacted into the document on close", async () => {
    const dir = join(tempDir(), "sessions");
    const { store } = await newSeedSession(dir);
    await store.append("note.added", { text: "hello" }, "ann");
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(statSync(store.journalFile).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(store.file, "utf8")).events).toHaveLength(1);
    const lines = readFileSync(store.journalFile, "utf8").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([2]);
    await store.close();
    expect(JSON.parse(readFileSync(store.file, "utf8")).events).toHaveLength(2);
    expect(JSON.parse(readFileSync(store.backupFile, "utf8")).events).toHaveLength(2);
    expect(readFileSync(store.journalFile, "utf8")).toBe("");
  });

  it("redacts secrets before they are written", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.append("note.added", { text: "used key AKIAIOSFODNN7EXAMPLE with password=hunter2" }, "ann");
    await store.close();
    const raw = readFileSync(store.file, "utf8");
    expect(raw).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(raw).not.toContain("hunter2");
  });

  it("allows one writer; a second gets a clear message and can still read", async () => {
    const { store } = await newSeedSession(tempDir());
    await expect(SessionStore.open(store.file, { write: true, command: "second" })).rejects.toThrow(
      new RegExp(`is being written by pid ${process.pid}`),
    );
    const reader = await SessionStore.open(store.file, { write: false });
    await expect(reader.append("note.added", { text: "x" }, "r")).rejects.toThrow(/read-only/);
    await store.append("note.added", { text: "from writer" }, "w");
    expect(await reader.refresh()).toBe(true);
    expect(reader.events).toHaveLength(2);
    await store.close();
    const again = await SessionStore.open(store.file, { write: true });
    await again.close();
  });

  it("detects a stale lock left by a dead process and takes it over", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.close();
    const dead = spawn(process.execPath, ["-e", ""]);
    const pid = dead.pid!;
    await new Promise((r) => dead.on("exit", r));
    const top = await topRecord(store.file);
    writeFileSync(
      join(lockDir(store.file), String(top.number + 1)),
      JSON.stringify({ kind: "held", pid, host: hostname(), since: "x", command: "golive", nonce: "n" }),
    );
    expect(await currentHolder(store.file)).toBeUndefined();
    const s = await SessionStore.open(store.file, { write: true });
    expect((await currentHolder(store.file))?.pid).toBe(process.pid);
    await s.close();
    expect(await currentHolder(store.file)).toBeUndefined();
  });

  it("refuses a truncated file, never overwrites it, and points at the last good copy", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.append("note.added", { text: "one" }, "a");
    await store.close();
    const full = readFileSync(store.file);
    const truncated = full.subarray(0, Math.floor(full.length / 2));
    writeFileSync(store.file, truncated);
    const err = await SessionStore.open(store.file, { write: true }).catch((e) => e);
    expect(err.message).toMatch(
      new RegExp(`${store.file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+: not valid JSON`),
    );
    expect(err.hint).toContain(`${store.file}.bak`);
    expect(readFileSync(store.file)).toEqual(truncated);
    expect(await currentHolder(store.file)).toBeUndefined();
    const backup = JSON.parse(readFileSync(`${store.file}.bak`, "utf8"));
    expect(checkChain(backup.events)).toBeUndefined();
  });

  it("refuses a file edited by hand (chain broken) without touching it", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.append("field.recorded", { field: "f3", value: "42" }, "a");
    await store.close();
    const edited = readFileSync(store.file, "utf8").replace('"value": "42"', '"value": "12"');
    writeFileSync(store.file, edited);
    await expect(SessionStore.open(store.file, { write: true })).rejects.toThrow(
      /fails its hash chain: event #2 was changed/,
    );
    expect(readFileSync(store.file, "utf8")).toBe(edited);
  });

  it("refuses a JSON file that is not a session", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "x.json"), JSON.stringify({ hello: "world" }));
    await expect(SessionStore.open(join(dir, "x.json"), { write: false })).rejects.toThrow(
      /not a golive session \(format:/,
    );
  });
});

describe("durability under kill -9", () => {
  // More kills (and kills during compaction) in journal.test.ts and the chaos suite.
  const TRIALS = 15;
  it(`keeps every acknowledged event across ${TRIALS} kills at random moments`, async () => {
    const { store } = await newSeedSession(tempDir());
    await store.close();
    let expected = 1;
    for (let trial = 0; trial < TRIALS; trial++) {
      // Kill points spread over 1..12 acknowledgements, the same on every run.
      const killAfter = 1 + ((trial * 7) % 12);
      const child = spawn(process.execPath, [join(ROOT, "test/helpers/appender.mjs"), store.file], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
        child.on("exit", (code, signal) => r({ code, signal })),
      );
      // Every acknowledgement the child printed, in order; none is assumed.
      const acks: number[] = [];
      for await (const line of createInterface({ input: child.stdout! })) {
        acks.push(Number(line.split(" ")[1]));
        if (acks.length >= killAfter) {
          child.kill("SIGKILL");
          break;
        }
      }
      // The child was alive and appending until our kill: it acknowledged exactly the events after
      // the ones already on disk, one by one, and died of SIGKILL rather than exiting by itself.
      expect(await exited, "the appender must die of our kill -9").toEqual({ code: null, signal: "SIGKILL" });
      expect(acks).toEqual(Array.from({ length: killAfter }, (_, i) => expected + 1 + i));
      const acked = acks.at(-1)!;
      const s = await SessionStore.open(store.file, { write: true, command: "verifier" });
      expect(checkChain(s.events)).toBeUndefined();
      expect(s.events.length).toBeGreaterThanOrEqual(acked);
      const texts = new Set(s.events.map((e) => (e.type === "note.added" ? e.data.text : "")));
      for (let n = 2; n <= acked; n++) expect(texts.has(`note ${n}`)).toBe(true);
      expected = s.events.length;
      await s.close();
    }
    // 25 child processes: on a loaded 2-core machine this needs more than the default minute.
  }, 120_000);
});
