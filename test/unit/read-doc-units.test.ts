/**
 * session/read-doc.ts through a file handle in memory that notes every read it is asked for and may
 * answer fewer bytes than asked (as read(2) may): the identity a writer's open binds to, the header
 * read from the first bytes, the buffer sizes asked for, an export's layout (the record's keys, then
 * the session), events read from their bytes with their hash, and a header or a boundary split across
 * reads. read-doc.test.ts holds the whole-document claims (JSON.parse's document or nothing).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GENESIS, hashEvent } from "../../source/domain/chain.js";
import type { FileHandle } from "../../source/session/disk.js";
import {
  digestOfFile,
  identityOf,
  readHeader,
  readPieces,
  sameIdentity,
  streamPieces,
} from "../../source/session/read-doc.js";

/** A handle over `bytes` answering at most `most` bytes a read; `asked` is every read's length. */
function memFile(bytes: Buffer | string, most = Number.POSITIVE_INFINITY) {
  const data = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  const asked: number[] = [];
  const fh = {
    async read(buf: Buffer, off: number, len: number, pos: number) {
      asked.push(len);
      const n = Math.max(0, Math.min(len, most, data.length - pos));
      data.copy(buf, off, pos, pos + n);
      return { bytesRead: n, buffer: buf };
    },
    async stat() {
      return { ino: 7, size: data.length, mtimeMs: 1234.5, dev: 9, nlink: 1, mode: 0o600 };
    },
  };
  return { fh: fh as unknown as FileHandle, asked };
}

/** Events chained as golive writes them: the seven plain keys, data of primitive values. */
function chained(texts: string[]) {
  const out: Record<string, unknown>[] = [];
  for (const [i, text] of texts.entries()) {
    const e = {
      seq: i + 1,
      at: "2026-11-23T12:00:00.000Z",
      by: "lead",
      type: "note.added",
      data: { text },
      prev: (out.at(-1)?.hash as string) ?? GENESIS,
    };
    out.push({ ...e, hash: hashEvent(e) });
  }
  return out;
}

const docText = (events: readonly object[], id = "s-1") =>
  `${JSON.stringify({ format: "golive.session/2", id, events }, null, 1)}\n`;
/** An export as export-json-fast writes one: the record's keys, then the session document's own text. */
const recordText = (keys: string, events: readonly object[], id = "s-1") =>
  `{\n${keys} "session": ${docText(events, id).trimEnd()}\n}\n`;

/** streamPieces over `text`: the header and every (event, hash) handed over. */
async function streamed(
  text: string | Buffer,
  opts: { nested?: boolean; hashes?: boolean } = {},
  most?: number,
) {
  const { fh, asked } = memFile(text, most);
  const seen: [unknown, string | undefined][] = [];
  const header = await streamPieces(
    fh,
    true,
    (e, h) => {
      seen.push([e, h]);
      return true;
    },
    opts,
  );
  return { header, seen, asked };
}

describe("a file's identity", () => {
  it("is its inode, size and modification time, each of them", async () => {
    const a = { ino: 1, size: 2, mtimeMs: 3 };
    expect(sameIdentity(a, { ...a })).toBe(true);
    expect(sameIdentity(a, { ...a, ino: 9 })).toBe(false);
    expect(sameIdentity(a, { ...a, size: 9 })).toBe(false);
    expect(sameIdentity(a, { ...a, mtimeMs: 3.5 })).toBe(false);
    expect(await identityOf(memFile("abc").fh)).toStrictEqual({ ino: 7, size: 3, mtimeMs: 1234.5 });
  });
});

describe("digestOfFile", () => {
  it("reads through a buffer the size of the file, up to 1 MiB, and at least one byte", async () => {
    const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
    const small = memFile("0123456789");
    expect(await digestOfFile(small.fh, 10)).toBe(sha("0123456789"));
    expect(small.asked).toEqual([10, 10]);
    const empty = memFile("");
    expect(await digestOfFile(empty.fh, 0)).toBe(sha(""));
    expect(empty.asked).toEqual([1]);
    const big = Buffer.alloc((1 << 20) + 5, 0x61);
    const large = memFile(big);
    expect(await digestOfFile(large.fh, big.length)).toBe(sha(big));
    expect(large.asked).toEqual([1 << 20, 1 << 20, 1 << 20]);
  });
});

describe("readHeader", () => {
  const text = docText(chained(["a"]));

  it("answers the format and id golive writes before the events, from the first 4 KiB", async () => {
    expect(await readHeader(memFile(text).fh)).toStrictEqual({ format: "golive.session/2", id: "s-1" });
    expect(
      await readHeader(memFile(`{\n "format": "é",\n "id": "ü",\n "events": [\n  {}\n ]\n}\n`).fh),
    ).toEqual({
      format: "é",
      id: "ü",
    });
  });

  it("answers nothing for another layout, another key, a duplicate key or a header past 4 KiB", async () => {
    expect(await readHeader(memFile(JSON.stringify(JSON.parse(text))).fh)).toBeUndefined();
    expect(await readHeader(memFile(text.replace('"id"', '"extra": 1,\n "id"')).fh)).toBeUndefined();
    expect(
      await readHeader(memFile(text.replace('"id": "s-1"', '"id": "s-1",\n "id": "s-2"')).fh),
    ).toBeUndefined();
    expect(await readHeader(memFile(docText([], "x".repeat(5000))).fh)).toBeUndefined();
    expect(await readHeader(memFile(text.slice(text.indexOf(',\n "events"'))).fh)).toBeUndefined();
  });
});

describe("streamPieces", () => {
  it("hands each event over without a hash unless asked for hashes", async () => {
    const events = chained(["a", "b"]);
    const plain = await streamed(docText(events));
    expect(plain.header).toStrictEqual({ format: "golive.session/2", id: "s-1" });
    expect(plain.seen).toEqual([
      [events[0], undefined],
      [events[1], undefined],
    ]);
  });

  it("reads an event's hash from its bytes when they are ASCII or valid UTF-8, never from others", async () => {
    const events = chained(["a", "é—✓", "b"]);
    const { seen } = await streamed(docText(events), { hashes: true });
    expect(seen).toEqual(events.map((e) => [e, e.hash]));
    // A byte that is no UTF-8 in one event's text: that event is parsed (decoded as UTF-8), not hashed.
    const three = chained(["a", "xy", "b"]);
    const bytes = Buffer.from(docText(three));
    bytes[bytes.indexOf('"xy"') + 1] = 0xff;
    const odd = await streamed(bytes, { hashes: true });
    expect(odd.seen.map(([e, h]) => [(e as { data: { text: string } }).data.text, h])).toEqual([
      ["a", three[0]!.hash],
      ["\ufffdy", undefined],
      ["b", three[2]!.hash],
    ]);
  });

  it("asks for 1 MiB, and doubles the buffer only when it is full", async () => {
    const one = await streamed(docText(chained(["a"])));
    expect(one.asked[0]).toBe(1 << 20);
    expect(one.asked).toHaveLength(2);
    const text = docText(chained(["x".repeat((1 << 20) + 100), "b"]));
    const big = await streamed(text);
    expect(big.seen).toHaveLength(2);
    // 1 MiB; the rest of the buffer behind the first piece (its header, 62 bytes, dropped); the buffer
    // full: doubled to 2 MiB; then what it has room for behind the 295 bytes left (the last event).
    expect(big.asked).toEqual([1 << 20, 62, 1 << 20, (2 << 20) - 295]);
  });

  it("reads a header and boundaries split across short reads", async () => {
    const events = chained(["a", "b", "c", "d"]);
    for (const most of [1, 7, 9, 64]) {
      const { header, seen } = await streamed(docText(events), {}, most);
      expect(header, String(most)).toStrictEqual({ format: "golive.session/2", id: "s-1" });
      expect(seen.map(([e]) => e)).toEqual(events);
    }
  });

  it("looks for the events no further than 4 KiB in, read in whatever pieces", async () => {
    const events = chained(["a"]);
    // The events begin just past the first 4,096 bytes: found by the second read of 4,096.
    const id = "i".repeat(4096 - '{\n "format": "golive.session/2",\n "id": ""'.length + 4);
    const near = docText(events, id);
    expect(near.indexOf(',\n "events"')).toBeGreaterThan(4096);
    expect((await streamed(near, {}, 4096)).header).toStrictEqual({ format: "golive.session/2", id });
    // Past 4,096 bytes held without the events: not golive's layout, however the bytes arrive.
    const far = docText(events, "i".repeat(5000));
    expect((await streamed(far, {}, 1000)).header).toBeUndefined();
    expect((await streamed(far, {}, 1000)).seen).toEqual([]);
    // A file that begins with the events' key has no header.
    const bare = docText(events).slice(docText(events).indexOf(',\n "events"'));
    expect((await streamed(bare)).header).toBeUndefined();
  });
});

describe("an export's layout (nested)", () => {
  const events = chained(["a", "b"]);

  it("answers the record's keys with the session's format and id, and each event", async () => {
    const { header, seen } = await streamed(recordText(' "kind": "record",\n "by": "ann",\n', events), {
      nested: true,
    });
    expect(header).toStrictEqual({
      kind: "record",
      by: "ann",
      session: { format: "golive.session/2", id: "s-1" },
    });
    expect(seen.map(([e]) => e)).toEqual(events);
  });

  it("refuses a session that is not the last key, not exactly format and id, or a document as an export", async () => {
    const other = `{\n "session": {"format": "golive.session/2", "id": "s-1"},\n "kind": ${docText(events).trimEnd()}\n}\n`;
    expect((await streamed(other, { nested: true })).header).toBeUndefined();
    const extra = recordText("", events).replace('"id": "s-1"', '"id": "s-1",\n  "more": 1');
    expect((await streamed(extra, { nested: true })).header).toBeUndefined();
    expect((await streamed(docText(events), { nested: true })).header).toBeUndefined();
    expect((await streamed(recordText("", events))).header).toBeUndefined();
    expect(await readPieces(memFile(recordText(' "kind": "record",\n', events)).fh, true)).toBeUndefined();
  });
});
