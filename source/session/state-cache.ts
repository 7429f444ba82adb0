/**
 * A compacted session's folded state, kept beside it so `status`, `list` and the Markdown export need
 * not parse and fold 100,000 events: the state after the document's events, the sign-off record's
 * event-log rows, and the few events `status` reads back (`STATUS_READS`). A writer leaves it in
 * `.cache/state-<file>` each time it rewrites the document, from the events it just wrote.
 *
 * Trusted like the "already checked" marker (session/verified.ts): only by the same build, only for
 * the document it was derived from, and only whole. How "the document it was derived from" is
 * known depends on who reads (`Bound`):
 *
 * - "bytes" (the export, a writer's open): the document's exact bytes, by size and SHA-256, the
 *   chain head and event count, and the body's SHA-256. The sign-off record must never claim what
 *   did not happen, and is not start-up-critical.
 * - "stat" (`status`, `list`; the lead's decision for issue 14, bench/RESULTS.md §1c): the
 *   document's stat identity, as git's index knows a file (dev, inode, size, mtime and ctime in
 *   nanoseconds), its last event read from its tail (a few KB) matching the chain head and count,
 *   and the body's cheap checksum. A user can set mtime back but never ctime, and the writer
 *   replaces the document by rename, so any rewrite, copy or edit gives another inode or another
 *   ctime. The one gap is git's "racily clean" file: a change in the same clock tick as the
 *   writer's own keeps the ctime. The writer closes it (settledIdentity): it records the identity
 *   only once the file system's clock has moved past that ctime and the bytes, read again then,
 *   are still exactly the ones it wrote. The body's checksum is not cryptographic on purpose: an
 *   unkeyed SHA-256 defends against nothing a checksum does not (whoever can rewrite the cache
 *   can rewrite its hash); it is there for damage, and catches any one changed word.
 *
 * Events appended since are read from the journal and must follow the cached head link by link.
 * Anything that does not match — another build, a rewritten or moved document, an odd journal
 * line, a file moving during the read — answers undefined and the caller loads every event as
 * before, which words any damage.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { hashEvent } from "../domain/chain.js";
import { apply, reduce, type SessionEvent, type SessionState } from "../domain/events.js";
import { eventLog, eventRows } from "../domain/report/event-rows.js";
import { terminalText } from "../domain/sanitize.js";
import { nodeDisk } from "./disk.js";
import { fileStamp, filesOnDisk, journalFor } from "./journal-path.js";
import { findDuplicateKey } from "./json-keys.js";
import { bodySum, lastEventOf, settledIdentity, statIdentity } from "./kept-binding.js";
import { digestOfFile, type Identity, identityOf } from "./read-doc.js";
import { validEvent } from "./shape.js";
import { cacheBuild, writeCacheFile } from "./verified.js";

/**
 * The event types `status` reads from the log rather than the state (recordedListener,
 * recordedGreenMetrics, unconfirmedManualCommand each take the newest of theirs): every one of them
 * is kept, in order, so those scans answer exactly as over the whole log.
 */
export const STATUS_READS: ReadonlySet<string> = new Set([
  "traffic.shift.confirmed",
  "traffic.shift.failed",
  "traffic.shift.superseded",
  "drift.detected",
  "traffic.observed",
  "checkpoint.recorded",
]);

export interface Summary {
  id: string;
  /** Events in the session (document and journal). */
  count: number;
  state: SessionState;
  /**
   * The record's event-log rows, one line per event (the export alone needs them: read on demand),
   * as the UTF-8 bytes the writer kept and, after them, the journal's rows; undefined when they no
   * longer match. Bytes, not text: the export only copies them into the record, and decoding 6 MB
   * to a string and encoding it back cost more than rendering the rest of the record.
   */
  rows(): RecordPieces | undefined;
  /** The first event, every event of a STATUS_READS type, then every journal event, in order. */
  events: SessionEvent[];
  /**
   * What it was bound to: the document (identity, SHA-256 when bound by its bytes, events in it) and
   * the journal read on top.
   */
  doc: { id: Identity; digest: string | undefined; count: number; head: string };
  journal: { events: readonly SessionEvent[]; bytes: number; torn: boolean };
}

interface Payload {
  state: SessionState;
  events: SessionEvent[];
}

/**
 * What a reader binds the kept state to (the header comment says why each): the document's exact
 * bytes (the export, a writer's open), or its stat identity and tail (`status`, `list`).
 */
export type Bound = "bytes" | "stat";

/** A text in pieces, written one after another (strings as UTF-8). */
export type RecordPieces = readonly (string | Uint8Array)[];

const MAGIC = "golive-state-2";

function cacheOf(file: string, kind: "state" | "rows"): string {
  return join(dirname(file), ".cache", `${kind}-${basename(file)}`);
}

// node:crypto loads only where a digest is made: never in a "stat"-bound read (status, list).
const sha = (s: string | Uint8Array) =>
  process.getBuiltinModule("node:crypto").createHash("sha256").update(s).digest("hex");

/** What a writer derived so far (per process): extended by the events each compaction adds. */
let derived:
  | { file: string; n: number; head: string; state: SessionState; rows: string[]; kept: SessionEvent[] }
  | undefined;

/**
 * After a writer rewrote `file` as exactly `events` (its bytes' SHA-256 `digest`, `size` bytes):
 * leaves the state for readers. Built only (tests name a build), never fails.
 */
export function rememberState(
  file: string,
  digest: string,
  size: number,
  events: readonly SessionEvent[],
): void {
  const build = cacheBuild();
  if (!build || events.length === 0) return;
  try {
    let d = derived;
    if (!d || d.file !== file || d.n > events.length || events[d.n - 1]?.hash !== d.head) {
      const state = reduce(events.slice(0, 1));
      d = {
        file,
        n: 1,
        head: events[0]!.hash,
        state,
        rows: eventRows(events.slice(0, 1)),
        kept: [events[0]!],
      };
    }
    const fresh = events.slice(d.n);
    for (const e of fresh) {
      // reduce's own state, never shared: folded in place like reduce does.
      d.state = apply(d.state, e, true);
      if (STATUS_READS.has(e.type)) d.kept.push(e);
    }
    for (const r of eventRows(fresh)) d.rows.push(r);
    d.n = events.length;
    d.head = events.at(-1)!.hash;
    derived = d;
    const rows = terminalText(d.rows.join("\n"));
    // A row is one line by construction (mdInline); were one not, nothing is kept.
    if (rows.split("\n").length !== d.rows.length) return;
    // Bound to the document's bytes (or its settled stat identity, "-" when there is none), its
    // chain head and count, and its own content (by SHA-256 and by checksum).
    const stat = settledIdentity(file, digest, dirname(cacheOf(file, "state")), sha) ?? "-";
    const bound = (kind: string, body: string) => {
      const bytes = Buffer.from(body);
      const head = [
        MAGIC,
        kind,
        build,
        size,
        digest,
        events.length,
        d.head,
        sha(bytes),
        stat,
        bodySum(bytes),
      ];
      return `${head.join(" ")}\n${body}`;
    };
    writeCacheFile(cacheOf(file, "rows"), bound("rows", rows));
    writeCacheFile(
      cacheOf(file, "state"),
      bound("state", JSON.stringify({ state: d.state, events: d.kept } satisfies Payload)),
    );
  } catch {
    derived = undefined;
  }
}

/**
 * Whether the kept state on disk names this build and a document of this size: a hint for when a
 * writer should rewrite the document on close (to leave the state for readers), never trusted as
 * data (readSummary checks every byte). Without a build nothing is kept, so nothing is missing.
 */
export function keptFor(file: string, size: number): boolean {
  if (!cacheBuild()) return true;
  let fd: number | undefined;
  try {
    fd = openSync(cacheOf(file, "state"), constants.O_RDONLY | constants.O_NOFOLLOW);
    const buf = Buffer.alloc(512);
    const line = buf.toString("utf8", 0, readSync(fd, buf, 0, buf.length, 0)).split("\n")[0]!;
    return headerOf(line, "state")?.size === String(size);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

let last: { file: string; bound: Bound; build: string; disk: string; summary: Summary } | undefined;

/**
 * The session's summary from the cache, or undefined (then load every event). Shared, never to be
 * changed (like session/reduced.ts): listing the directory and then opening the session read it once.
 */
export async function readSummary(file: string, bound: Bound = "bytes"): Promise<Summary | undefined> {
  const build = cacheBuild();
  if (!build) return undefined;
  try {
    // The kept file too: one rewritten since (by a writer, or damaged) is read again.
    const onDisk = async () => `${await filesOnDisk(file)} ${fileStamp(cacheOf(file, "state"))}`;
    const before = await onDisk();
    const same = last && last.file === file && last.bound === bound && last.build === build;
    if (same && last!.disk === before) return last!.summary;
    const summary = bound === "stat" ? readByStat(file) : await readByBytes(file);
    if (!summary || (await onDisk()) !== before) return undefined;
    last = { file, bound, build, disk: before, summary };
    return summary;
  } catch {
    return undefined;
  }
}

type Binding = { size: number; digest: string } | { stat: string };

/**
 * A cache file's body (its bytes), when its header binds it to exactly this document; else
 * undefined. The body is checked as bytes: the SHA-256 (or checksum) of the text the writer wrote,
 * encoded as it wrote it (UTF-8), without decoding it first.
 */
function readBound(file: string, kind: "state" | "rows", doc: Binding) {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(cacheOf(file, kind), constants.O_RDONLY | constants.O_NOFOLLOW);
    bytes = readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return undefined;
  const h = headerOf(bytes.toString("utf8", 0, nl), kind);
  if (!h) return undefined;
  const body = bytes.subarray(nl + 1);
  if ("stat" in doc) {
    if (h.stat === "-" || h.stat !== doc.stat || bodySum(body) !== h.bodySum) return undefined;
  } else if (h.size !== String(doc.size) || h.digest !== doc.digest || sha(body) !== h.bodySha)
    return undefined;
  return { count: Number(h.count), head: h.head, body };
}

/** A cache file's first line, when it is of this kind and this build; else undefined. */
function headerOf(line: string, kind: "state" | "rows") {
  const [magic, k, b, size, digest, count, head, bodySha, stat, sum, ...rest] = line.split(" ");
  if (magic !== MAGIC || k !== kind || b !== cacheBuild() || rest.length || !sum) return undefined;
  return { size, digest, count, head: head!, bodySha, stat, bodySum: sum };
}

async function readByBytes(file: string): Promise<Summary | undefined> {
  const fh = await nodeDisk.open(file, constants.O_RDONLY);
  let doc: { size: number; digest: string; id: Identity };
  try {
    const id = await identityOf(fh);
    doc = { size: id.size, digest: await digestOfFile(fh, id.size), id };
  } finally {
    await fh.close();
  }
  const cached = readBound(file, "state", doc);
  if (!cached) return undefined;
  return fromCached(file, cached, doc.id, doc.digest, () => {
    const r = readBound(file, "rows", doc);
    return r && r.head === cached.head && r.count === cached.count ? r.body : undefined;
  });
}

/** The "stat"-bound read (status, list): never reads the whole document, never loads node:crypto. */
function readByStat(file: string): Summary | undefined {
  let fd: number | undefined;
  let id: Identity;
  let stat: string;
  let tail: ReturnType<typeof lastEventOf>;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) return undefined;
    stat = statIdentity(st);
    const plain = fstatSync(fd);
    id = { ino: plain.ino, size: plain.size, mtimeMs: plain.mtimeMs };
    tail = lastEventOf(fd, Number(st.size));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const cached = readBound(file, "state", { stat });
  // The document's own last event must be the one the kept state ends at.
  if (!cached || tail?.seq !== cached.count || tail.hash !== cached.head) return undefined;
  // The record's rows are bound by bytes alone (the export reads them, "bytes"-bound).
  return fromCached(file, cached, id, undefined, () => undefined);
}

function fromCached(
  file: string,
  cached: { count: number; head: string; body: Buffer },
  id: Identity,
  digest: string | undefined,
  rowsBody: () => Buffer | undefined,
): Summary | undefined {
  const payload = JSON.parse(cached.body.toString("utf8")) as Payload;
  let state = payload.state;
  if (state.head !== cached.head || state.lastSeq !== cached.count) return undefined;
  const read = readJournal(file, state);
  if (!read) return undefined;
  const journal = read.events;
  for (const e of journal) state = apply(state, e, true);
  return {
    id: state.id,
    count: cached.count + journal.length,
    state,
    events: [...payload.events, ...journal],
    doc: { id, digest, count: cached.count, head: cached.head },
    journal: read,
    rows: () => {
      const body = rowsBody();
      if (!body) return undefined;
      return journal.length ? [body, `\n${eventLog(journal)}`] : [body];
    },
  };
}

/** The journal's events after the cached head, each checked; undefined for anything else. */
function readJournal(file: string, s: SessionState): Summary["journal"] | undefined {
  let bytes = Buffer.alloc(0);
  try {
    bytes = readFileSync(journalFor(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
  }
  const lines = bytes.toString("utf8").split("\n");
  // A line without its newline was cut short by a crash: never acknowledged.
  const torn = lines.pop() !== "";
  const out: SessionEvent[] = [];
  let seq = s.lastSeq;
  let head = s.head;
  for (const line of lines) {
    const e = JSON.parse(line) as SessionEvent;
    if (findDuplicateKey(line) || !validEvent(e)) return undefined;
    if (e.seq !== seq + 1 || e.prev !== head || hashEvent(e) !== e.hash) return undefined;
    out.push(e);
    seq = e.seq;
    head = e.hash;
  }
  return { events: out, bytes: bytes.length, torn };
}
