/**
 * session/journal.ts's adapter alone (no store, no lock, no runbook): every call it makes through
 * the Disk seam counted and ordered, each fsync before what it makes durable is acknowledged, and
 * each refusal by its words. Real files in a temp directory; the events are built here, chained.
 */
import {
  constants,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GENESIS, hashEvent } from "../../source/domain/chain.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import { SESSION_FORMAT, type SessionDocument } from "../../source/session/document.js";
import {
  documentText,
  JournalledSessionFile,
  type JournalOptions,
  readIdentified,
  replay,
} from "../../source/session/journal.js";
import { rememberVerified, setVerifiedBuild, textDigest } from "../../source/session/verified.js";
import { onOpen } from "../helpers/disk-open.js";
import { tempDir } from "../helpers/paths.js";

afterEach(() => setVerifiedBuild(undefined));

/** File descriptors this process holds open now. */
const openFds = () => readdirSync("/proc/self/fd").length;

/** A chain of `n` events: session.created, then notes. */
function chain(n: number, id = "s1"): SessionEvent[] {
  const events: SessionEvent[] = [];
  for (let seq = 1; seq <= n; seq++) events.push(next(events, seq === 1 ? id : `note ${seq}`));
  return events;
}

function next(events: SessionEvent[], text: string): SessionEvent {
  const seq = events.length + 1;
  const e = {
    seq,
    at: `2026-11-23T12:00:${String(seq % 60).padStart(2, "0")}.000Z`,
    by: "lead",
    type: seq === 1 ? "session.created" : "note.added",
    data: seq === 1 ? { id: text, format: SESSION_FORMAT } : { text },
    prev: events.at(-1)?.hash ?? GENESIS,
  } as unknown as SessionEvent;
  return { ...e, hash: hashEvent(e) } as SessionEvent;
}

/** What the log calls each operation. */
const WORDS: Record<keyof Disk, string> = {
  open: "open",
  syncFile: "fsync",
  syncDir: "fsync dir",
  rename: "rename",
  link: "link",
  unlink: "unlink",
  readdir: "readdir",
};

/**
 * The real disk with every call logged in order once it returned (names relative to the directory,
 * temp suffixes as .TMP, a read-only open marked `r`); `fail` refuses one operation with ENOSPC.
 */
function watched(dir: string, fail?: { op: keyof Disk; when?: (path: string) => boolean }) {
  const log: string[] = [];
  const rel = (p: string) => (p === dir ? "." : basename(p).replace(/\.[0-9a-f]{12}\.tmp$/, ".TMP"));
  let gate: { reached: () => void; wait: Promise<void> } | undefined;
  const entries = Object.entries(nodeDisk).map(([name, f]) => {
    const op = name as keyof Disk;
    return [
      op,
      async (...args: unknown[]) => {
        // syncFile names its file second (the first is the handle).
        const paths = (op === "syncFile" ? args.slice(1, 2) : args.slice(0, op === "open" ? 1 : 2)).filter(
          (a): a is string => typeof a === "string",
        );
        if (op === "syncFile" && gate) {
          gate.reached();
          await gate.wait;
        }
        if (fail?.op === op && (fail.when?.(paths[0]!) ?? true))
          throw Object.assign(new Error(`${op}: injected`), { code: "ENOSPC" });
        const r = await (f as (...a: unknown[]) => Promise<unknown>)(...args);
        const read = op === "open" && args[1] === constants.O_RDONLY ? " r" : "";
        log.push([WORDS[op], ...paths.map(rel)].join(" ") + read);
        return r;
      },
    ];
  });
  const disk = Object.fromEntries(entries) as unknown as Disk;
  return {
    disk,
    log,
    /** Parks the next fsyncs until released; `reached` resolves once one is parked. */
    hold() {
      let release!: () => void;
      let reached!: () => void;
      const parked = new Promise<void>((r) => {
        reached = r;
      });
      gate = { reached, wait: new Promise<void>((r) => (release = r)) };
      return {
        parked,
        release: () => {
          gate = undefined;
          release();
        },
      };
    },
  };
}

/** A journalled file, created with `n` events, its log emptied. */
async function created(n = 1, opts: JournalOptions = {}, fail?: Parameters<typeof watched>[1]) {
  const dir = tempDir("golive-journal-");
  const file = join(dir, "s1.json");
  const w = watched(dir, fail);
  const j = new JournalledSessionFile(file, { disk: w.disk, ...opts });
  const doc: SessionDocument = { format: SESSION_FORMAT, id: "s1", events: chain(n) };
  await j.write(doc);
  w.log.length = 0;
  return { dir, file, w, j, doc, journal: `${file}.journal` };
}

/** A compaction: the document, then .bak, each a fsynced temp renamed over it, then the directory. */
const COMPACTION = [
  "open .s1.json.TMP",
  "fsync .s1.json.TMP",
  "rename .s1.json.TMP s1.json",
  "fsync dir .",
  "open .s1.json.bak.TMP",
  "fsync .s1.json.bak.TMP",
  "rename .s1.json.bak.TMP s1.json.bak",
  "fsync dir .",
];

/** A document with one event in its journal, closed: its paths and the journal's text. */
async function journalled() {
  const { file, j, doc, journal } = await created();
  doc.events.push(next(doc.events, "one"));
  await j.write(doc);
  await j.close();
  return { file, doc, journal, good: readFileSync(journal, "utf8") };
}

const lines = (file: string) => readFileSync(file, "utf8").split("\n").filter(Boolean);

describe("the journal's calls through the Disk seam", () => {
  it("creates a document exclusively (temp, fsync, link, unlink, dir fsync), then .bak by rename", async () => {
    const dir = tempDir("golive-journal-");
    const file = join(dir, "s1.json");
    const w = watched(dir);
    const j = new JournalledSessionFile(file, { disk: w.disk });
    const doc: SessionDocument = { format: SESSION_FORMAT, id: "s1", events: chain(2) };
    await j.write(doc);
    expect(w.log).toEqual([
      "open .s1.json.TMP",
      "fsync .s1.json.TMP",
      "link .s1.json.TMP s1.json",
      "unlink .s1.json.TMP",
      "fsync dir .",
      "open .s1.json.bak.TMP",
      "fsync .s1.json.bak.TMP",
      "rename .s1.json.bak.TMP s1.json.bak",
      "fsync dir .",
    ]);
    expect(readFileSync(file, "utf8")).toBe(documentText(doc));
    expect(readFileSync(`${file}.bak`, "utf8")).toBe(documentText(doc));
    expect(documentText(doc)).toBe(`${JSON.stringify(doc, null, 1)}\n`);
    // Both events are in the document: nothing pending, nothing to fold on close.
    expect(j.pending).toBe(0);
    expect(j.compactOnClose).toBe(false);
    // Writing the same events again writes nothing.
    await j.write(doc);
    expect(w.log).toHaveLength(9);
  });

  it("acknowledges an append only after its line is fsynced, then fsyncs the directory of a new journal", async () => {
    const { w, j, doc, journal } = await created();
    doc.events.push(next(doc.events, "one"));
    const held = w.hold();
    let acked = false;
    const p = j.write(doc).then(() => {
      acked = true;
    });
    await held.parked;
    expect(acked).toBe(false);
    held.release();
    await p;
    expect(w.log).toEqual(["open s1.json.journal", "fsync s1.json.journal", "fsync dir ."]);
    expect(lines(journal)).toEqual([JSON.stringify(doc.events[1])]);
    expect(j.pending).toBe(1);

    // The journal exists now: one line, one fsync, the handle kept open (no second open).
    w.log.length = 0;
    doc.events.push(next(doc.events, "two"));
    doc.events.push(next(doc.events, "three"));
    await j.write(doc);
    expect(w.log).toEqual(["fsync s1.json.journal"]);
    expect(lines(journal)).toHaveLength(3);
    expect(j.pending).toBe(3);
    await j.close();
  });

  it("an existing empty journal is opened without a directory fsync", async () => {
    const { w, j, doc, journal } = await created();
    writeFileSync(journal, "");
    doc.events.push(next(doc.events, "one"));
    await j.write(doc);
    expect(w.log).toEqual(["open s1.json.journal", "fsync s1.json.journal"]);
    await j.close();
  });

  it("compacts every compactEvery lines: document, .bak, then the emptied journal, each fsynced", async () => {
    const { w, j, doc, file, journal } = await created(1, { compactEvery: 2 });
    doc.events.push(next(doc.events, "one"));
    await j.write(doc);
    w.log.length = 0;
    doc.events.push(next(doc.events, "two"));
    await j.write(doc);
    expect(w.log).toEqual(["fsync s1.json.journal", ...COMPACTION, "fsync s1.json.journal"]);
    expect(JSON.parse(readFileSync(file, "utf8")).events).toHaveLength(3);
    expect(readFileSync(`${file}.bak`, "utf8")).toBe(readFileSync(file, "utf8"));
    expect(readFileSync(journal, "utf8")).toBe("");
    expect(j.pending).toBe(0);
    // The next append continues on the emptied journal (its size is known to be 0 again).
    w.log.length = 0;
    doc.events.push(next(doc.events, "three"));
    await j.write(doc);
    expect(w.log).toEqual(["fsync s1.json.journal"]);
    expect(lines(journal)).toEqual([JSON.stringify(doc.events[3])]);
    await j.close();
  });

  it("a compaction with nothing persisted, or of no events, does nothing", async () => {
    const { w, j, doc } = await created();
    await j.compact(doc, 0);
    expect(w.log).toEqual([]);
    const fresh = new JournalledSessionFile(join(tempDir(), "x.json"), { disk: w.disk });
    await fresh.compact(doc);
    expect(w.log).toEqual([]);
  });

  it("a compaction without a journal opens none", async () => {
    const { w, j, doc, journal } = await created(2);
    await j.compact(doc);
    expect(w.log.filter((l) => l.includes("journal"))).toEqual([]);
    expect(() => statSync(journal)).toThrow();
  });

  it("a failed fsync takes the line back, is worded as a storage failure, and the next append starts clean", async () => {
    let failNext = true;
    const { j, doc, journal } = await created(
      1,
      {},
      {
        op: "syncFile",
        when: (p) => p.endsWith(".journal") && failNext,
      },
    );
    doc.events.push(next(doc.events, "lost"));
    const err = await j.write(doc).catch((e) => e);
    expect(err.message).toBe(`could not write ${journal}: the disk is full (ENOSPC); nothing was recorded`);
    expect(readFileSync(journal, "utf8")).toBe("");
    expect(j.tornTail).toBe(false);
    expect(j.pending).toBe(0);
    failNext = false;
    await j.write(doc);
    expect(lines(journal)).toEqual([JSON.stringify(doc.events[1])]);
    await j.close();
  });

  it("a journal that cannot be opened is a storage failure, nothing written", async () => {
    const { j, doc, journal } = await created(1, {}, { op: "open", when: (p) => p.endsWith(".journal") });
    doc.events.push(next(doc.events, "one"));
    await expect(j.write(doc)).rejects.toThrow(`could not write ${journal}: the disk is full (ENOSPC)`);
    expect(() => statSync(journal)).toThrow();
  });

  it("compacts on close while the document is small, not once it is over closeCompactBytes and kept", async () => {
    const small = await created();
    small.doc.events.push(next(small.doc.events, "one"));
    await small.j.write(small.doc);
    expect(small.j.compactOnClose).toBe(true);
    await small.j.close();

    const size = statSync((await created()).file).size;
    // At exactly the document's size it is not "under" the limit; with no state cache every reader
    // is taken to have its kept state (keptFor), so a large document keeps its journal.
    const large = await created(1, { closeCompactBytes: size });
    large.doc.events.push(next(large.doc.events, "one"));
    await large.j.write(large.doc);
    expect(large.j.compactOnClose).toBe(false);
    const over = await created(1, { closeCompactBytes: size + 1 });
    over.doc.events.push(next(over.doc.events, "one"));
    await over.j.write(over.doc);
    expect(over.j.compactOnClose).toBe(true);
    await large.j.close();
    await over.j.close();
  });
});

describe("reading a document and its journal", () => {
  it("reads the document and replays the journal after it; a missing document is null", async () => {
    const { file, j, doc, w } = await created();
    doc.events.push(next(doc.events, "one"));
    doc.events.push(next(doc.events, "two"));
    await j.write(doc);
    await j.close();
    const r = new JournalledSessionFile(file, { disk: w.disk });
    w.log.length = 0;
    const read = await r.read();
    expect(read?.events).toEqual(doc.events);
    expect(read?.format).toBe(SESSION_FORMAT);
    expect(w.log).toEqual(["open s1.json r", "open s1.json.journal r"]);
    expect(r.pending).toBe(2);
    expect(r.tornTail).toBe(false);
    expect(await new JournalledSessionFile(join(dirname(file), "none.json")).read()).toBeNull();
  });

  it("drops a torn last line, and compacts it away before the next append", async () => {
    const { file, j, doc, w, journal } = await created();
    doc.events.push(next(doc.events, "one"));
    await j.write(doc);
    await j.close();
    writeFileSync(journal, `${readFileSync(journal, "utf8")}{"seq":3,"at":"2026-`);
    const r = new JournalledSessionFile(file, { disk: w.disk });
    const read = (await r.read())!;
    expect(read.events).toHaveLength(2);
    expect(r.tornTail).toBe(true);
    // A torn tail is compacted away on close however large the document is.
    const large = new JournalledSessionFile(file, { disk: w.disk, closeCompactBytes: 1 });
    await large.read();
    expect(large.compactOnClose).toBe(true);
    expect(r.compactOnClose).toBe(true);
    w.log.length = 0;
    read.events.push(next(read.events, "after"));
    await r.write(read);
    // The torn journal is folded into the document and emptied first, then the new line appended.
    expect(w.log).toEqual([
      ...COMPACTION,
      "open s1.json.journal",
      "fsync s1.json.journal",
      "fsync s1.json.journal",
    ]);
    expect(lines(journal)).toEqual([JSON.stringify(read.events[2])]);
    expect(JSON.parse(readFileSync(file, "utf8")).events).toHaveLength(2);
    await r.close();
  });

  it("damage seen while the journal moved is read again; damage that stays put is reported at once", async () => {
    const { file, doc, journal, good } = await journalled();
    // A writer mid-rewrite: the first read of the journal finds a broken line, and the journal
    // changes under the reader (size, mtime) as it reads again; the second read finds it whole, but
    // it moved during that read too, so a third (nothing moving) is the one believed.
    let opens = 0;
    const moving = onOpen(journal, (n) => {
      opens = n;
      if (n <= 2) writeFileSync(journal, n === 1 ? `${good}{broken\n` : good);
    });
    const read = await new JournalledSessionFile(file, { disk: moving }).read();
    expect(opens).toBe(3);
    expect(read?.events).toEqual(doc.events);

    // The same damage on a journal nothing moves: one read, the damage by its line in the journal
    // and its column.
    writeFileSync(journal, `${good}{broken\n`);
    let still = 0;
    const quiet = onOpen(journal, (n) => {
      still = n;
    });
    await expect(new JournalledSessionFile(file, { disk: quiet }).read()).rejects.toThrow(
      `${journal}:${good.split("\n").length}:2: not valid JSON`,
    );
    expect(still).toBe(1);
  });

  it("a whole read stands when the re-read its moving files asked for finds damage", async () => {
    const { file, doc, journal, good } = await journalled();
    // The first read is whole but the journal moves under it (a writer appending); by the second
    // the line being written is broken and then stays put. The whole first read is what a reader
    // gets, not the damage of a re-read it only made because the files moved.
    let opens = 0;
    const moving = onOpen(journal, (n) => {
      opens = n;
      if (n === 1) writeFileSync(journal, good);
      if (n === 2) writeFileSync(journal, `${good}{broken\n`);
    });
    const read = await new JournalledSessionFile(file, { disk: moving }).read();
    expect(opens).toBeGreaterThanOrEqual(2);
    expect(read?.events).toEqual(doc.events);
  });

  it("damage that keeps moving is believed after eight reads", async () => {
    const { file, journal, good } = await journalled();
    let opens = 0;
    // Broken on every read, and a line longer each time: it never stops moving.
    const churning = onOpen(journal, (n) => {
      opens = n;
      writeFileSync(journal, `${good}{${"x".repeat(n)}\n`);
    });
    await expect(new JournalledSessionFile(file, { disk: churning }).read()).rejects.toThrow(
      /not valid JSON/,
    );
    expect(opens).toBe(8);
  });

  it("a journal it cannot read is a storage failure of the journal, not an empty one", async () => {
    const { file, journal } = await journalled();
    const w = watched(dirname(file), { op: "open", when: (p) => p.endsWith(".journal") });
    await expect(new JournalledSessionFile(file, { disk: w.disk }).read()).rejects.toThrow(
      `could not read ${journal}: the disk is full (ENOSPC)`,
    );
    // Not damage, so not read again even while the journal moves: a disk failure is reported as it is.
    let opens = 0;
    const failingOnce = onOpen(journal, (n) => {
      opens = n;
      if (n > 1) return;
      writeFileSync(journal, "\n", { flag: "a" });
      throw Object.assign(new Error("injected"), { code: "EIO" });
    });
    await expect(new JournalledSessionFile(file, { disk: failingOnce }).read()).rejects.toThrow(
      `could not read ${journal}: an I/O error (failing disk?) (EIO)`,
    );
    expect(opens).toBe(1);
    const wd = watched(dirname(file), { op: "open", when: (p) => p === file });
    await expect(new JournalledSessionFile(file, { disk: wd.disk }).read()).rejects.toThrow(
      `could not read ${file}: the disk is full (ENOSPC)`,
    );
  });

  it("readIdentified returns the known text while the identity is the same, and reads otherwise", async () => {
    const { file } = await created();
    const first = await readIdentified(nodeDisk, file);
    expect(first.text).toBe(readFileSync(file, "utf8"));
    expect(first.id).toEqual({
      ino: statSync(file).ino,
      size: statSync(file).size,
      mtimeMs: statSync(file).mtimeMs,
    });
    expect((await readIdentified(nodeDisk, file, { text: "known", id: first.id })).text).toBe("known");
    const other = { ...first.id, size: first.id.size + 1 };
    expect((await readIdentified(nodeDisk, file, { text: "known", id: other })).text).toBe(first.text);
  });
});

describe("replay", () => {
  const doc = () => chain(3);
  const line = (e: object) => `${JSON.stringify(e)}\n`;

  it("appends the journal's events; an empty journal adds none and is not torn", async () => {
    const all = doc();
    const events = all.slice(0, 1);
    expect(await replay("j", events, line(all[1]!) + line(all[2]!))).toEqual({ torn: false });
    expect(events).toEqual(all);
    expect(await replay("j", events, "")).toEqual({ torn: false });
    expect(events).toHaveLength(3);
  });

  it("skips a line already in the document (compacted before the journal was emptied) when it is the same", async () => {
    const all = doc();
    const events = all.slice(0, 2);
    await replay("j", events, line(all[1]!) + line(all[2]!));
    expect(events).toEqual(all);
    const changed = { ...all[1]!, hash: all[2]!.hash };
    await expect(replay("j", all.slice(0, 2), line(changed))).rejects.toThrow(
      "j:1:1: the session's journal is damaged: event #2 differs from the document's",
    );
  });

  it("refuses a line that does not follow, by its line", async () => {
    const all = doc();
    await expect(replay("j", all.slice(0, 1), line(all[2]!))).rejects.toThrow(
      "j:1:1: the session's journal is damaged: event #3 does not follow event #1",
    );
    // The right number, the wrong link.
    const wrongPrev = { ...all[1]!, prev: GENESIS };
    await expect(replay("j", all.slice(0, 1), line(wrongPrev))).rejects.toThrow(
      "j:1:1: the session's journal is damaged: event #2 does not follow event #1",
    );
    const edited = { ...all[2]!, data: { text: "edited" } };
    await expect(replay("j", all.slice(0, 2), line(edited))).rejects.toThrow(
      "j:1:1: the session's journal is damaged: event #3 was changed after it was recorded",
    );
    await expect(replay("j", all.slice(0, 1), line(all[1]!) + line(edited))).rejects.toThrow(
      "j:2:1: the session's journal is damaged: event #3 was changed",
    );
  });

  it("words a line that is not an event by zod's first issue, and one that is not JSON by its place", async () => {
    const all = doc();
    await expect(replay("j", all.slice(0, 1), line({ ...all[1]!, seq: "2" }))).rejects.toThrow(
      /^j:1:1: the session's journal is damaged: not an event \(seq: /,
    );
    await expect(replay("j", all.slice(0, 1), line([1]))).rejects.toThrow(
      /^j:1:1: the session's journal is damaged: not an event \(line: /,
    );
    await expect(replay("j", all.slice(0, 1), "{nope\n")).rejects.toThrow(/^j:1:2: not valid JSON/);
    const dup = line(all[1]!).replace('{"seq":2', '{"seq":2,"seq":2');
    await expect(replay("j", all.slice(0, 1), dup)).rejects.toThrow(/the key "seq" appears twice/);
    // A damaged line further down is named by its own line in the journal, not the line within it.
    await expect(replay("j", all.slice(0, 1), `${line(all[1]!)}{nope\n`)).rejects.toThrow(
      /^j:2:2: not valid JSON/,
    );
    const dup3 = line(all[2]!).replace('{"seq":3', '{"seq":3,"seq":3');
    await expect(replay("j", all.slice(0, 1), `${line(all[1]!)}${dup3}`)).rejects.toThrow(
      /^j:2:\d+: the key "seq" appears twice/,
    );
  });

  it("a last line without its newline is torn and not replayed", async () => {
    const all = doc();
    const events = all.slice(0, 1);
    expect(await replay("j", events, line(all[1]!) + JSON.stringify(all[2]))).toEqual({ torn: true });
    expect(events).toHaveLength(2);
  });
});

describe("refusing to write over someone else's record", () => {
  it("a document replaced, edited or deleted under the writer: refused, nothing appended", async () => {
    const { file, j, doc, journal } = await created();
    writeFileSync(file, `${readFileSync(file, "utf8")} `);
    doc.events.push(next(doc.events, "one"));
    const hint = `check it with \`golive verify ${file}\``;
    const err = await j.write(doc).catch((e) => e);
    expect(err.message).toBe(
      `${file} was replaced, truncated or edited by something other than this golive; not overwriting it, nothing was recorded`,
    );
    expect(err.hint).toContain(hint);
    rmSync(file);
    await expect(j.write(doc)).rejects.toThrow(`${file} was deleted by something other than this golive`);
    await expect(j.compact(doc)).rejects.toThrow(`${file} was deleted by something other than this golive`);
    expect(() => statSync(journal)).toThrow();
  });

  it("a document renamed over with the same size is another inode: refused", async () => {
    const { file, j, doc, dir } = await created();
    const copy = join(dir, "copy");
    writeFileSync(copy, readFileSync(file));
    renameSync(copy, file);
    doc.events.push(next(doc.events, "one"));
    await expect(j.write(doc)).rejects.toThrow(`${file} was replaced, truncated or edited`);
  });

  it("a journal deleted, grown or replaced under the writer: refused with the journal's name", async () => {
    const { j, doc, journal, dir } = await created();
    doc.events.push(next(doc.events, "one"));
    await j.write(doc);
    rmSync(journal);
    doc.events.push(next(doc.events, "two"));
    await expect(j.write(doc)).rejects.toThrow(`${journal} was deleted by something other than this golive`);
    await j.close();

    const b = await created();
    b.doc.events.push(next(b.doc.events, "one"));
    await b.j.write(b.doc);
    writeFileSync(b.journal, "\n", { flag: "a" });
    b.doc.events.push(next(b.doc.events, "two"));
    await expect(b.j.write(b.doc)).rejects.toThrow(`${b.journal} was replaced, truncated or edited`);
    await b.j.close();

    // Same size, another file: the inode tells.
    const c = await created();
    c.doc.events.push(next(c.doc.events, "one"));
    await c.j.write(c.doc);
    const copy = join(dirname(c.journal), "copy");
    writeFileSync(copy, readFileSync(c.journal));
    renameSync(copy, c.journal);
    c.doc.events.push(next(c.doc.events, "two"));
    await expect(c.j.write(c.doc)).rejects.toThrow(`${c.journal} was replaced, truncated or edited`);
    await c.j.close();
    expect(readdirSync(dir).sort()).toEqual(["s1.json", "s1.json.bak"]);
  });

  it("a journal that appears before the first append, not made by this writer, is refused", async () => {
    const { j, doc, journal } = await created();
    writeFileSync(journal, "x\n");
    doc.events.push(next(doc.events, "one"));
    await expect(j.write(doc)).rejects.toThrow(`${journal} was replaced, truncated or edited`);
  });
});

describe("what the adapter leaves behind and what it trusts", () => {
  it("closes every handle it opens to read, and the journal's on close (close without one is fine)", async () => {
    const { file, j, doc } = await created();
    doc.events.push(next(doc.events, "one"));
    await j.write(doc);
    await j.close();
    await j.close();
    const before = openFds();
    for (let n = 0; n < 10; n++) {
      await readIdentified(nodeDisk, file);
      await new JournalledSessionFile(file).read();
    }
    const w = new JournalledSessionFile(file);
    const read = (await w.read())!;
    read.events.push(next(read.events, "two"));
    await w.write(read);
    await w.close();
    expect(openFds()).toBe(before);
    await new JournalledSessionFile(join(tempDir(), "none.json")).close();
  });

  it("a document without a journal: nothing pending, nothing torn, nothing to fold on close", async () => {
    const { file } = await created(2);
    const r = new JournalledSessionFile(file);
    expect((await r.read())?.events).toHaveLength(2);
    expect(r.tornTail).toBe(false);
    expect(r.pending).toBe(0);
    expect(r.compactOnClose).toBe(false);
  });

  it("trusts a text already checked in this process unless told to recheck", async () => {
    const { file } = await created(3);
    const forged = readFileSync(file, "utf8").replace('"note 2"', '"note X"');
    writeFileSync(file, forged);
    rememberVerified(file, textDigest(forged), false);
    expect((await new JournalledSessionFile(file).read())?.events[1]?.data).toEqual({ text: "note X" });
    await expect(new JournalledSessionFile(file, { recheck: true }).read()).rejects.toThrow(/hash chain/);
  });

  it("leaves the on-disk checked marker only when asked to (a writer)", async () => {
    setVerifiedBuild("test-build");
    const marker = (file: string) => join(dirname(file), ".cache", "verified-s1.json");
    const viewer = await created();
    await new JournalledSessionFile(viewer.file).read();
    expect(() => statSync(marker(viewer.file))).toThrow();
    const writer = await created();
    await new JournalledSessionFile(writer.file, { persistVerified: true }).read();
    expect(readFileSync(marker(writer.file), "utf8")).toBe(
      `${textDigest(readFileSync(writer.file, "utf8"))} test-build\n`,
    );
  });

  it("compacts after close too: the journal it no longer holds open is emptied", async () => {
    const { j, doc, journal, file } = await created();
    doc.events.push(next(doc.events, "one"));
    await j.write(doc);
    await j.close();
    await j.compact(doc);
    expect(readFileSync(journal, "utf8")).toBe("");
    expect(JSON.parse(readFileSync(file, "utf8")).events).toHaveLength(2);
    // The compaction opened the journal again to empty it; left to the GC, Node warns (DEP0137).
    await j.close();
  });

  it("never follows a symlink planted in the journal's place", async () => {
    const outside = join(tempDir(), "elsewhere");
    writeFileSync(outside, "");
    const a = await created();
    symlinkSync(outside, a.journal);
    a.doc.events.push(next(a.doc.events, "one"));
    await expect(a.j.write(a.doc)).rejects.toMatchObject({ code: "ELOOP" });
    expect(readFileSync(outside, "utf8")).toBe("");

    // Planted after an append and a close: the compaction that empties the journal refuses it too.
    writeFileSync(outside, "someone's data\n");
    const b = await created();
    b.doc.events.push(next(b.doc.events, "one"));
    await b.j.write(b.doc);
    await b.j.close();
    rmSync(b.journal);
    symlinkSync(outside, b.journal);
    await expect(b.j.compact(b.doc)).rejects.toMatchObject({ code: "ELOOP" });
    expect(readFileSync(outside, "utf8")).toBe("someone's data\n");
  });

  it("a journal deleted after a compaction, its handle still open, is refused (not appended to the unlinked file)", async () => {
    const { j, doc, journal } = await created(1, { compactEvery: 1 });
    doc.events.push(next(doc.events, "one"));
    await j.write(doc);
    expect(readFileSync(journal, "utf8")).toBe("");
    rmSync(journal);
    doc.events.push(next(doc.events, "two"));
    await expect(j.write(doc)).rejects.toThrow(`${journal} was deleted by something other than this golive`);
    await j.close();
  });

  it("a document changed in one way only (inode, size or mtime) is refused", async () => {
    const then = new Date("2026-11-23T12:00:00.000Z");
    for (const change of ["inode", "size", "mtime"] as const) {
      const { file, dir } = await created();
      // A whole-second mtime, so that setting it back is exact; the writer learns it by reading.
      utimesSync(file, then, then);
      const j = new JournalledSessionFile(file);
      const doc = (await j.read())!;
      const st = statSync(file);
      const text = readFileSync(file, "utf8");
      if (change === "inode") {
        writeFileSync(join(dir, "copy"), text);
        renameSync(join(dir, "copy"), file);
      } else writeFileSync(file, change === "size" ? `${text} ` : text);
      utimesSync(file, then, change === "mtime" ? new Date(then.getTime() + 5000) : then);
      const now = statSync(file);
      expect([now.ino === st.ino, now.size === st.size, now.mtimeMs === st.mtimeMs]).toEqual([
        change !== "inode",
        change !== "size",
        change !== "mtime",
      ]);
      doc.events.push(next(doc.events, "one"));
      await expect(j.write(doc)).rejects.toThrow(`${file} was replaced, truncated or edited`);
    }
  });

  it("storage failures while creating or compacting are worded for the document", async () => {
    const a = watched(tempDir(), { op: "syncDir" });
    const file = join(tempDir("golive-journal-"), "s1.json");
    const doc: SessionDocument = { format: SESSION_FORMAT, id: "s1", events: chain(1) };
    await expect(new JournalledSessionFile(file, { disk: a.disk }).write(doc)).rejects.toThrow(
      `could not write ${file}: the disk is full (ENOSPC); nothing was recorded`,
    );
    let compacting = false;
    const b = await created(1, {}, { op: "rename", when: () => compacting });
    compacting = true;
    await expect(b.j.compact(b.doc)).rejects.toThrow(`could not write ${b.file}: the disk is full (ENOSPC)`);
  });

  it("a line it cannot take back leaves a torn tail, compacted away before the next append", async () => {
    let failSync = true;
    const dir = tempDir("golive-journal-");
    const file = join(dir, "s1.json");
    const stuck: Disk = {
      ...nodeDisk,
      open: async (p, f, m) => {
        const fh = await nodeDisk.open(p, f, m);
        if (!p.endsWith(".journal")) return fh;
        return Object.assign(Object.create(fh), {
          truncate: async (n: number) => (failSync ? Promise.reject(new Error("EIO")) : fh.truncate(n)),
        });
      },
      syncFile: async (fh, p) => {
        if (failSync && p.endsWith(".journal")) throw Object.assign(new Error("x"), { code: "EIO" });
        return nodeDisk.syncFile(fh, p);
      },
    };
    const j = new JournalledSessionFile(file, { disk: stuck });
    const doc: SessionDocument = { format: SESSION_FORMAT, id: "s1", events: chain(1) };
    await j.write(doc);
    doc.events.push(next(doc.events, "one"));
    await expect(j.write(doc)).rejects.toThrow("an I/O error");
    expect(j.tornTail).toBe(true);
    failSync = false;
    await j.write(doc);
    expect(JSON.parse(readFileSync(file, "utf8")).events).toHaveLength(1);
    expect(lines(`${file}.journal`)).toEqual([JSON.stringify(doc.events[1])]);
    await j.close();
  });
});

describe("replay's words", () => {
  const all = chain(3);
  const line = (e: object) => `${JSON.stringify(e)}\n`;

  it("names a nested field by its path, and says what to do", async () => {
    const bad = { ...all[1]!, amendment: { why: "" } };
    const err = await replay("j", all.slice(0, 1), line(bad)).catch((e) => e);
    expect(err.message).toMatch(/^j:1:1: the session's journal is damaged: not an event \(amendment\.why: /);
    expect(err.hint).toBe("nothing was changed. Inspect it with `golive verify`");
  });

  it("a line that skips a number is refused even when it links to the last event", async () => {
    const skip = { ...all[2]!, seq: 4, prev: all[0]!.hash } as SessionEvent;
    const linked = { ...skip, hash: hashEvent(skip) };
    await expect(replay("j", all.slice(0, 1), line(linked))).rejects.toThrow(
      "event #4 does not follow event #1",
    );
  });
});
