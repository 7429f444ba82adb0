/**
 * The journal under lowdb: each event an fsynced append (file, then directory when the journal is
 * new), compaction in the right order, `.bak` + journal never behind an acknowledged event, torn
 * tails dropped, damage reported with its line. Real files, real fsync (observed through the Disk seam).
 */
import { spawn } from "node:child_process";
import { appendFileSync, constants, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import { SessionStore } from "../../source/session/store.js";
import { ROOT, tempDir } from "../helpers/paths.js";
import { abandon, newSeedSession } from "../helpers/session.js";

/** The real disk, with every durability-relevant call logged in order (paths relative to the dir). */
function watchedDisk(dir: string) {
  const log: string[] = [];
  const rel = (p: string) => (p === dir ? "." : basename(p).replace(/\.[0-9a-f]{12}\.tmp$/, ".TMP"));
  let gate: Promise<void> | undefined;
  const disk: Disk = {
    ...nodeDisk,
    open: async (p, f, m) => {
      log.push(`open ${rel(p)}`);
      return nodeDisk.open(p, f, m);
    },
    syncFile: async (fh, p) => {
      if (gate) await gate;
      await nodeDisk.syncFile(fh, p);
      log.push(`fsync ${rel(p)}`);
    },
    syncDir: async (d) => {
      await nodeDisk.syncDir(d);
      log.push(`fsync dir ${rel(d)}`);
    },
    rename: async (a, b) => {
      await nodeDisk.rename(a, b);
      log.push(`rename ${rel(a)} ${rel(b)}`);
    },
    link: async (a, b) => {
      await nodeDisk.link(a, b);
      log.push(`link ${rel(a)} ${rel(b)}`);
    },
  };
  return {
    disk,
    log,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => {
        release = r;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

async function freshSession(compactEvery = 64) {
  const { store } = await newSeedSession(tempDir());
  await store.close();
  const dir = dirname(store.file);
  const w = watchedDisk(dir);
  const s = await SessionStore.open(store.file, { write: true, journal: { disk: w.disk, compactEvery } });
  return { s, w, file: store.file, name: basename(store.file) };
}

describe("journal", () => {
  it("acknowledges an event only after its journal line is fsynced, and fsyncs the directory after creating the journal", async () => {
    const { s, w, name } = await freshSession();
    w.log.length = 0;
    const release = w.hold();
    let acked = false;
    const p = s.append("note.added", { text: "one" }, "a").then(() => {
      acked = true;
    });
    await new Promise((r) => setTimeout(r, 50)); // the append is parked inside fsync; it must not resolve
    expect(acked).toBe(false);
    release();
    await p;
    expect(w.log).toEqual([`open ${name}.journal`, `fsync ${name}.journal`, "fsync dir ."]);
    w.log.length = 0;
    await s.append("note.added", { text: "two" }, "a");
    // The document is not rewritten per event: one append, one fsync.
    expect(w.log).toEqual([`fsync ${name}.journal`]);
    await s.close();
  });

  it("compacts: document (temp, fsync, rename, dir fsync), then .bak the same way, then empties the journal", async () => {
    const { s, w, name, file } = await freshSession(3);
    await s.append("note.added", { text: "1" }, "a");
    await s.append("note.added", { text: "2" }, "a");
    w.log.length = 0;
    await s.append("note.added", { text: "3" }, "a");
    expect(w.log).toEqual([
      `fsync ${name}.journal`,
      `open .${name}.TMP`,
      `fsync .${name}.TMP`,
      `rename .${name}.TMP ${name}`,
      "fsync dir .",
      `open .${name}.bak.TMP`,
      `fsync .${name}.bak.TMP`,
      `rename .${name}.bak.TMP ${name}.bak`,
      "fsync dir .",
      `fsync ${name}.journal`,
    ]);
    expect(JSON.parse(readFileSync(file, "utf8")).events).toHaveLength(4);
    expect(readFileSync(`${file}.journal`, "utf8")).toBe("");
    await s.close();
  });

  it("restoring .bak as the error hint says loses no acknowledged event (the journal is replayed on it)", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.append("note.added", { text: "compacted" }, "a");
    await store.close(); // document and .bak: 2 events
    const s = await SessionStore.open(store.file, { write: true });
    await s.append("traffic.shift.requested", { kind: "rollback", to: { blue: 100, green: 0 } }, "lead");
    await s.append(
      "traffic.shift.confirmed",
      { kind: "rollback", weights: { blue: 100, green: 0 }, tookMs: 900, attempts: 1 },
      "lead",
    );
    await abandon(s); // as if killed: no compaction
    writeFileSync(store.file, readFileSync(store.file).subarray(0, 100)); // the document is damaged
    const err = await SessionStore.open(store.file, { write: false }).catch((e) => e);
    expect(err.hint).toMatch(/copy it over .*\.json to resume; keep .*\.json\.journal/);
    copyFileSync(`${store.file}.bak`, store.file); // what the hint says
    const r = await SessionStore.open(store.file, { write: true });
    expect(r.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(r.state.rollback?.completedAt).toBeDefined(); // the confirmed rollback stays confirmed
    await r.close();
  });

  it("drops a last line cut short by a crash (never acknowledged), and compacts it away before appending", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.append("note.added", { text: "kept" }, "a");
    await abandon(store);
    appendFileSync(store.journalFile, '{"seq":3,"at":"2026-');
    const r = await SessionStore.open(store.file, { write: false });
    expect(r.events).toHaveLength(2);
    const w = await SessionStore.open(store.file, { write: true });
    await w.append("note.added", { text: "after" }, "a");
    await w.close();
    const again = await SessionStore.open(store.file, { write: false });
    expect(again.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(checkChain(again.events)).toBeUndefined();
  });

  it("reports a damaged journal line by file:line and refuses to write", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.append("note.added", { text: "a" }, "a");
    await store.append("note.added", { text: "b" }, "a");
    await abandon(store);
    const lines = readFileSync(store.journalFile, "utf8").split("\n");
    lines[0] = lines[0]!.replace('"text":"a"', '"text":"z"');
    writeFileSync(store.journalFile, lines.join("\n"));
    await expect(SessionStore.open(store.file, { write: true })).rejects.toThrow(
      new RegExp(
        `${basename(store.journalFile)}:1:1: the session's journal is damaged: event #2 was changed`,
      ),
    );
  });

  it("a read-only open that catches the writer mid-compaction reads again instead of calling the session damaged", async () => {
    const { s, file } = await freshSession(2);
    await s.append("note.added", { text: "in the journal" }, "a");
    let raced = 0;
    // Between the reader's document read and its journal read, the writer compacts (document
    // replaced, journal emptied) and appends on: the old document with the new journal.
    const disk: Disk = {
      ...nodeDisk,
      open: async (p, flags, mode) => {
        if (p.endsWith(".journal") && flags === constants.O_RDONLY && raced++ === 0) {
          await s.append("note.added", { text: "compacts" }, "a");
          await s.append("note.added", { text: "after the compaction" }, "a");
        }
        return nodeDisk.open(p, flags, mode);
      },
    };
    const r = await SessionStore.open(file, { write: false, journal: { disk } });
    expect(raced).toBeGreaterThan(1);
    expect(r.events.map((e) => e.seq)).toEqual(s.events.map((e) => e.seq));
    expect(checkChain(r.events)).toBeUndefined();
    await s.close();
  });

  it("an append racing close() is either on disk after reopen or refused, never acknowledged and then lost", async () => {
    const { s, file } = await freshSession();
    await s.append("note.added", { text: "before" }, "a");
    const early = s.append("note.added", { text: "queued before close" }, "a");
    const closing = s.close();
    // A late record (a rollback's follow-up, an alert flush) arriving while close() compacts.
    const late = s.append("note.added", { text: "after close began" }, "a").then(
      (e) => e.seq,
      () => "refused",
    );
    const [acked, lateSeq] = await Promise.all([early, late, closing]).then(([e, l]) => [e.seq, l]);
    const r = await SessionStore.open(file, { write: false });
    expect(checkChain(r.events)).toBeUndefined();
    const seqs = r.events.map((e) => e.seq);
    expect(seqs).toContain(acked);
    if (lateSeq !== "refused") expect(seqs).toContain(lateSeq);
  });

  it("refuses to append when the journal was changed by something else", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.append("note.added", { text: "a" }, "a");
    appendFileSync(store.journalFile, "\n");
    await expect(store.append("note.added", { text: "b" }, "a")).rejects.toThrow(
      /journal was replaced, truncated or edited/,
    );
    await abandon(store);
  });

  it("keeps every acknowledged event across kill -9 during appends and compactions", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.close();
    for (const killAt of [30, 70, 110]) {
      const child = spawn(process.execPath, [join(ROOT, "test/helpers/appender.mjs"), store.file], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise((r) => child.on("exit", r));
      let acked = 0;
      let seen = 0;
      for await (const line of createInterface({ input: child.stdout! })) {
        acked = Number(line.split(" ")[1]);
        // Past the 64-event compaction now and then.
        if (++seen >= killAt) {
          child.kill("SIGKILL");
          break;
        }
      }
      await exited;
      const s = await SessionStore.open(store.file, { write: false });
      expect(checkChain(s.events)).toBeUndefined();
      expect(s.events.length).toBeGreaterThanOrEqual(acked);
    }
  });
});
