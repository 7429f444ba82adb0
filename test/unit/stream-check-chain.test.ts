/**
 * stream-check.ts on sessions built in memory and written to a temp directory (milliseconds a case,
 * no golive process): the cases the whole-session tests (stream-check.test.ts) do not reach. A
 * journal that repeats events already compacted (a crash mid-compaction), a journal that is missing
 * or cannot be read, a migrated chain's format, the top-level id's and format's own rules, an event
 * the chain skips over, and every handle closed. Each refusal here is one parseDocument / bindToChain
 * also refuses; each answer is the count and head of the chain as written.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { GENESIS, hashEvent } from "../../source/domain/chain.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import { streamCheckExport, streamCheckSession } from "../../source/session/stream-check.js";
import { tempDir } from "../helpers/paths.js";

type Spec = { type: string; data: Record<string, unknown>; seq?: number };

/** Events chained as golive chains them (key order as the store writes it), from `specs`. */
function chained(specs: Spec[], prev = GENESIS, first = 1): SessionEvent[] {
  const out: SessionEvent[] = [];
  for (const [i, s] of specs.entries()) {
    const e = {
      seq: s.seq ?? first + i,
      at: `2026-11-23T12:${String(i % 60).padStart(2, "0")}:00.000Z`,
      by: "lead",
      type: s.type,
      data: s.data,
      prev: out.at(-1)?.hash ?? prev,
    } as Omit<SessionEvent, "hash">;
    out.push({ ...e, hash: hashEvent(e) } as SessionEvent);
  }
  return out;
}

const created = (id: string, format?: string): Spec => ({
  type: "session.created",
  data: { id, t0: "2026-11-23T12:00:00.000Z", lead: "lead", ...(format ? { format } : {}) },
});
const notes = (n: number): Spec[] =>
  Array.from({ length: n }, (_, i) => ({ type: "note.added", data: { text: `n${i}` } }));

const docText = (format: string, id: string, events: readonly object[]) =>
  `${JSON.stringify({ format, id, events }, null, 1)}\n`;
/** An export as export-json-fast writes one: the record's keys, then the session document's own text. */
const recordText = (id: string, events: readonly object[]) =>
  `{\n "kind": "record",\n "session": ${docText(F2, id, events).trimEnd()}\n}\n`;
const journalText = (events: readonly object[]) => events.map((e) => `${JSON.stringify(e)}\n`).join("");

/** The document (and journal, unless `journal` is undefined) written; the streamed answer and events seen. */
async function streamed(doc: string, journal: string | undefined, disk: Disk = nodeDisk) {
  const dir = tempDir("stream-chain-");
  const file = join(dir, "s.json");
  writeFileSync(file, doc);
  if (journal !== undefined) writeFileSync(`${file}.journal`, journal);
  const seen: number[] = [];
  const r = await streamCheckSession(disk, file, `${file}.journal`, (e) => seen.push(e.seq));
  return { r, seen };
}

const F2 = "golive.session/2";
const base = chained([created("s-1", F2), ...notes(5)]);
const answer = (events: readonly SessionEvent[], id = "s-1") => ({
  id,
  count: events.length,
  head: events.at(-1)!.hash,
});

describe("a journal after a crash mid-compaction", () => {
  it("takes the events it repeats when they are the chain's own, and goes on after them", async () => {
    const more = chained(notes(2), base.at(-1)!.hash, base.length + 1);
    for (const repeated of [base.slice(-1), base.slice(-3), base]) {
      const { r, seen } = await streamed(docText(F2, "s-1", base), journalText([...repeated, ...more]));
      expect(r).toEqual(answer([...base, ...more]));
      expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
    // Only repeats, nothing new: the document's own answer.
    expect((await streamed(docText(F2, "s-1", base), journalText(base.slice(2)))).r).toEqual(answer(base));
  });

  it("refuses a repeat whose hash is not the event's of that number", async () => {
    const other = chained([created("s-1", F2), ...notes(5).map((s) => ({ ...s, data: { text: "x" } }))]);
    const { r } = await streamed(docText(F2, "s-1", base), journalText([other.at(-1)!]));
    expect(r).toBeUndefined();
  });

  it("remembers the last 1024 events' hashes, not older ones", async () => {
    const long = chained([created("s-1", F2), ...notes(1100)]);
    const doc = docText(F2, "s-1", long);
    expect((await streamed(doc, journalText(long.slice(-1024)))).r).toEqual(answer(long));
    expect((await streamed(doc, journalText(long.slice(-1025)))).r).toBeUndefined();
  });
});

describe("the journal's file", () => {
  it("missing: the document's chain alone", async () => {
    expect((await streamed(docText(F2, "s-1", base), undefined)).r).toEqual(answer(base));
  });

  it("not readable as a file: no answer", async () => {
    const dir = tempDir("stream-chain-");
    const file = join(dir, "s.json");
    writeFileSync(file, docText(F2, "s-1", base));
    mkdirSync(`${file}.journal`);
    expect(await streamCheckSession(nodeDisk, file, `${file}.journal`, () => {})).toBeUndefined();
  });

  it("a line that is not JSON: no answer (verify's whole-document path reports it), never a throw", async () => {
    // The duplicate-key scan JSON.parses a key with an escape: run on this line it would throw.
    for (const line of ['{"\\q": 1}', '{"seq": 6,', "not json"])
      expect((await streamed(docText(F2, "s-1", base), `${line}\n`)).r, line).toBeUndefined();
  });
});

describe("the chain in the document", () => {
  it("a migrated chain's format is its last migration's, whatever follows it", async () => {
    const events = chained([
      created("s-1"),
      ...notes(2),
      { type: "session.migrated", data: { from: "golive.session/1", to: F2, golive: "9.9.9" } },
      ...notes(2),
    ]);
    expect((await streamed(docText(F2, "s-1", events), "")).r).toEqual(answer(events));
    expect((await streamed(docText("golive.session/1", "s-1", events), "")).r).toBeUndefined();
    // Not migrated: format 1 when the created event names none.
    const plain = chained([created("s-1"), ...notes(2)]);
    expect((await streamed(docText("golive.session/1", "s-1", plain), "")).r).toEqual(answer(plain));
    expect((await streamed(docText(F2, "s-1", plain), "")).r).toBeUndefined();
  });

  it("refuses an event the chain cannot take, even when the events after it follow the one before", async () => {
    const good = chained([created("s-1", F2), ...notes(3)]);
    // Not an event (an extra key), between two that chain.
    const junk = `${docText(F2, "s-1", [...good.slice(0, 2), { ...good[1], extra: 1 }, ...good.slice(2)])}`;
    expect((await streamed(junk, "")).r).toBeUndefined();
    // A stray first event, then a chain that is whole on its own.
    const stray = chained([{ type: "note.added", data: { text: "stray" } }]);
    expect((await streamed(docText(F2, "s-1", [...stray, ...good]), "")).r).toBeUndefined();
    // A number skipped with the hashes still linked.
    const skipped = chained([created("s-1", F2), { ...notes(1)[0]!, seq: 3 }]);
    expect((await streamed(docText(F2, "s-1", skipped), "")).r).toBeUndefined();
    // A link to another event than the one before, hashed over that link.
    const relinked = chained([{ ...notes(1)[0]! }], good[1]!.hash, 4);
    expect((await streamed(docText(F2, "s-1", [...good.slice(0, 3), ...relinked]), "")).r).toBeUndefined();
    expect((await streamed(docText(F2, "s-1", good), "")).r).toEqual(answer(good));
  });

  it("hashes the document's events from their bytes, and the journal's lines as parsed", async () => {
    const more = chained(notes(2), base.at(-1)!.hash, base.length + 1);
    // The check loaded afresh over the real hash that notes the seq of every event it hashes;
    // mocked for this test only (the suite shares its module graph between files).
    const hashed: unknown[] = [];
    vi.resetModules();
    vi.doMock("../../source/domain/chain.js", async (actual) => {
      const real = await actual<typeof import("../../source/domain/chain.js")>();
      return {
        ...real,
        hashEvent: (e: object) => {
          hashed.push((e as { seq?: unknown }).seq);
          return real.hashEvent(e);
        },
      };
    });
    try {
      const fresh = (await import("../../source/session/stream-check.js")).streamCheckSession;
      const file = join(tempDir("stream-chain-"), "s.json");
      writeFileSync(file, docText(F2, "s-1", base));
      writeFileSync(`${file}.journal`, journalText(more));
      expect(await fresh(nodeDisk, file, `${file}.journal`, () => {})).toEqual(answer([...base, ...more]));
      expect(hashed).toEqual([7, 8]);
    } finally {
      vi.doUnmock("../../source/domain/chain.js");
      vi.resetModules();
    }
  });
});

describe("the top-level format and id", () => {
  const one = (id: unknown, format: unknown, createdId = id, createdFormat = format) => {
    const events = chained([created(createdId as string, createdFormat as string), ...notes(1)]);
    return streamed(`${JSON.stringify({ format, id, events }, null, 1)}\n`, "");
  };

  it("takes an id of 1 to 128 safe characters that is the created event's", async () => {
    for (const id of ["a", "x".repeat(128), "a.b_c-D9"]) {
      const { r } = await one(id, F2);
      expect(r?.id, id).toBe(id);
    }
  });

  it("refuses one too long, unsafe, not a string, or not the created event's, even when they agree", async () => {
    for (const id of ["x".repeat(129), "a/b", "a..b", "", 5, "-a"])
      expect((await one(id, F2)).r, String(id)).toBeUndefined();
    expect((await one("s-2", F2, "s-1")).r).toBeUndefined();
  });

  it("refuses a format golive does not write, even when the created event names it", async () => {
    expect((await one("s-1", "golive.session/9")).r).toBeUndefined();
    expect((await one("s-1", 2)).r).toBeUndefined();
    expect((await one("s-1", "golive.session/1", "s-1", F2)).r).toBeUndefined();
  });

  it("in an export: refuses the session's id when it is not the created event's", async () => {
    const dir = tempDir("stream-chain-");
    const record = (id: string) => {
      const file = join(dir, `${id}.json`);
      writeFileSync(file, recordText(id, base));
      return file;
    };
    const ok = await streamCheckExport(nodeDisk, record("s-1"), () => {});
    expect(ok && { id: ok.id, count: ok.count, head: ok.head }).toEqual(answer(base));
    expect(await streamCheckExport(nodeDisk, record("s-2"), () => {})).toBeUndefined();
  });
});

describe("file handles", () => {
  it("every one opened is closed, answered or not", async () => {
    const open = new Set<FileHandle>();
    const disk: Disk = {
      ...nodeDisk,
      async open(p, flags, mode) {
        const fh = await nodeDisk.open(p, flags, mode);
        open.add(fh);
        const close = fh.close.bind(fh);
        fh.close = async () => {
          open.delete(fh);
          await close();
        };
        return fh;
      },
    };
    const doc = docText(F2, "s-1", base);
    expect((await streamed(doc, journalText(base.slice(-1)), disk)).r).toEqual(answer(base));
    expect((await streamed(doc.replace('"text": "n1"', '"text": "n1!"'), "", disk)).r).toBeUndefined();
    const dir = tempDir("stream-chain-");
    const file = join(dir, "r.json");
    writeFileSync(file, recordText("s-1", base));
    expect((await streamCheckExport(disk, file, () => {}))?.count).toBe(base.length);
    expect(open.size).toBe(0);
  });
});
