/**
 * Reading a session document without ever holding its whole text. On the machines golive runs on,
 * fresh memory is the cost of a large session (about 4 ms per MB in page faults here): a 32 MB
 * document read as one Buffer, decoded as one string and hashed as a string touched ~100 MB before
 * parsing began. So the file is read through one reused buffer: hashed as bytes, and, when it has the
 * layout golive writes (`JSON.stringify(doc, null, 1)`: format and id, then one event per
 * `\n  },\n  {` boundary), each event is decoded and parsed on its own. Any other layout, or
 * anything odd in one piece (a syntax error, a duplicate key), answers undefined and the caller reads
 * the whole text as before, so errors keep their file:line and wording.
 *
 * Why a piece at a time is the same document: a raw newline never occurs inside a JSON string, so
 * the boundaries are whitespace between tokens; each piece must parse on its own as one complete
 * value, so the events array is exactly those values (a boundary inside a nested value would leave
 * a piece that does not parse).
 */
import { isAscii, isUtf8 } from "node:buffer";
import type { FileHandle } from "./disk.js";
import { readEventText } from "./event-text.js";
import { findDuplicateKey } from "./json-keys.js";

export interface Identity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export const sameIdentity = (a: Identity, b: Identity) =>
  a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

export async function identityOf(fh: FileHandle): Promise<Identity> {
  const st = await fh.stat();
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

const CHUNK = 1 << 20;
const EVENTS = Buffer.from(',\n "events": [\n  {');
const BOUNDARY = Buffer.from("\n  },\n  {");
const WS = new Set([0x20, 0x0a, 0x0d, 0x09]);

/** SHA-256 of the file's bytes (the digest of its text, when that is UTF-8), through one small buffer. */
export async function digestOfFile(fh: FileHandle, size: number): Promise<string> {
  const hash = process.getBuiltinModule("node:crypto").createHash("sha256");
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, 1)));
  for (let pos = 0; ; ) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest("hex");
}

/**
 * The keys golive writes before the events (format and id), read from the file's first bytes without
 * the rest; undefined when the file does not begin with golive's own layout.
 */
export async function readHeader(fh: FileHandle): Promise<{ format: unknown; id: unknown } | undefined> {
  const buf = Buffer.allocUnsafe(4096);
  const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
  const at = buf.subarray(0, bytesRead).indexOf(EVENTS);
  const header = at < 0 ? undefined : parsePiece(`${buf.toString("utf8", 0, at)}\n}`, true);
  return header && isHeader(header.v) ? (header.v as { format: unknown; id: unknown }) : undefined;
}

/** What JSON.parse of a piece gives, or undefined when it is not JSON or holds a duplicate key. */
function parsePiece(text: string, scanKeys: boolean): { v: unknown } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (scanKeys && findDuplicateKey(text)) return undefined;
  return { v };
}

/**
 * The document as JSON.parse of its whole text would give it, read piece by piece; undefined when
 * the file does not have golive's own layout or a piece is not clean (the caller then reads it whole).
 * `scanKeys`: also refuse duplicate keys (false only when this exact text was checked before).
 */
export async function readPieces(fh: FileHandle, scanKeys: boolean): Promise<unknown | undefined> {
  const events: unknown[] = [];
  const header = await streamPieces(fh, scanKeys, (e) => {
    events.push(e);
    return true;
  });
  return header && { ...header, events };
}

/**
 * readPieces without keeping the events: each is handed to `each` as it is parsed and dropped after
 * it (a 100,000-event check then never holds the document, so its garbage dies young). `each`
 * answering false stops the read. Answers the header (every key before "events"), or undefined as
 * readPieces does, or when `each` stopped it.
 */
export async function streamPieces(
  fh: FileHandle,
  scanKeys: boolean,
  each: (event: unknown, hash?: string) => boolean,
  opts: {
    /** An export's layout: the record's keys, then its session (format, id, events) as the last key. */
    nested?: boolean;
    /**
     * Read an event from its bytes, with its hash, when event-text.ts can be certain of both (its
     * layout then also proves the piece holds no duplicate key); else it is parsed as always.
     */
    hashes?: boolean;
  } = {},
): Promise<object | undefined> {
  const { nested = false, hashes = false } = opts;
  let buf = Buffer.allocUnsafe(CHUNK);
  let have = 0;
  let pos = 0;
  let eof = false;
  // Whether the bytes held are ASCII (latin1 decodes them as UTF-8 would, at a fraction of the
  // cost) or at least valid UTF-8 (event-text.ts may then copy them as they stand).
  let ascii = false;
  let utf8 = false;
  const fill = async () => {
    if (have === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, have);
      buf = bigger;
    }
    const { bytesRead } = await fh.read(buf, have, buf.length - have, pos);
    pos += bytesRead;
    have += bytesRead;
    if (bytesRead === 0) eof = true;
    const held = buf.subarray(0, have);
    ascii = isAscii(held);
    utf8 = ascii || isUtf8(held);
  };
  /** The event at buf[from, to), parsed, its hash when the bytes give it, handed to `each`. */
  const event = (from: number, to: number): boolean => {
    const read = hashes ? readEventText(buf, from, to, utf8) : undefined;
    if (read) return each(read.event, read.hash);
    const piece = parsePiece(buf.toString(ascii ? "latin1" : "utf8", from, to), scanKeys);
    return !!piece && each(piece.v);
  };
  // The header: every key before "events", parsed as an object of its own.
  let at = -1;
  while (at < 0) {
    await fill();
    at = buf.subarray(0, have).indexOf(EVENTS);
    if (at < 0 && (eof || have > 4096)) return undefined;
  }
  const header = parsePiece(`${buf.toString("utf8", 0, at)}\n}${nested ? "\n}" : ""}`, true);
  if (!header || !(nested ? isRecordHeader(header.v) : isHeader(header.v))) return undefined;
  let start = at + EVENTS.length - 1; // the first event's "{"
  let from = start;
  for (;;) {
    const b = buf.subarray(0, have);
    let cut = b.indexOf(BOUNDARY, from);
    while (cut >= 0) {
      if (!event(start, cut + 4)) return undefined;
      start = cut + BOUNDARY.length - 1;
      cut = b.indexOf(BOUNDARY, start);
    }
    if (eof) break;
    // Keep the unfinished piece at the front and read on behind it.
    buf.copy(buf, 0, start, have);
    have -= start;
    from = Math.max(0, have - BOUNDARY.length + 1);
    start = 0;
    await fill();
  }
  // The last event, then nothing but `]` and `}` with whitespace around them.
  let end = have;
  const skipWs = () => {
    while (end > start && WS.has(buf[end - 1]!)) end--;
  };
  for (const close of nested ? [0x7d, 0x7d, 0x5d] : [0x7d, 0x5d] /* } } ] */) {
    skipWs();
    if (buf[--end] !== close) return undefined;
  }
  skipWs(); // the whitespace before `]`: the last event's text ends at its `}` as the others' do
  if (!event(start, end)) return undefined;
  return header.v as object;
}

/** Exactly the two keys golive writes before the events (their values are checked later, as always). */
function isHeader(v: unknown): boolean {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && keys.includes("format") && keys.includes("id");
}

/** An export's keys before its events: its own, then `session` last, holding exactly format and id. */
function isRecordHeader(v: unknown): boolean {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.at(-1) === "session" && isHeader((v as { session: unknown }).session);
}
