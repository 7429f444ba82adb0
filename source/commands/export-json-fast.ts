/**
 * The JSON export of a large session without parsing and re-serialising every event: on the
 * 100,000-event session that was 2.1 s of CPU and 235 MB. The export is the session document itself
 * as its `"session"` (export.ts writes it as the document holds it, not a level deeper), so the
 * document's bytes are copied as they are and the journal's few events appended to its events array.
 *
 * Used only when the bytes are the document golive checked: the kept state (state-cache.ts) is bound
 * to them (SHA-256 of the bytes read here), this build checked or wrote them (the "already checked"
 * marker names that SHA-256), and they have exactly the layout golive writes
 * (`JSON.stringify(doc, null, 1)`: format, id, then the events array as the last key), so the bytes
 * are the ones serialising the session again would give (test/integration/export-json-fast.test.ts).
 * Anything else: undefined, and the export opens the session and serialises every event.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, openSync, readFileSync } from "node:fs";
import { stepsJson } from "../domain/verdict-view.js";
import { SESSION_FORMAT } from "../session/document.js";
import type { RecordPieces, Summary } from "../session/state-cache.js";
import { wasVerified } from "../session/verified.js";

/** The record's own fields (export.ts). */
export interface JsonHeader {
  exportedAt: string;
  exportedAtNote: string;
  format: string;
}

export function jsonRecordPieces(file: string, s: Summary, h: JsonHeader): RecordPieces | undefined {
  // Bound by its bytes only (a "bytes"-bound summary has a digest; state-cache.ts).
  if (s.journal.torn || s.doc.count === 0 || !s.doc.digest || !wasVerified(file, s.doc.digest))
    return undefined;
  if (s.journal.events.some((e) => e.type === "session.migrated")) return undefined;
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    bytes = readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (createHash("sha256").update(bytes).digest("hex") !== s.doc.digest) return undefined;
  const head = `{\n "format": ${JSON.stringify(SESSION_FORMAT)},\n "id": ${JSON.stringify(s.id)},\n "events": [\n`;
  const tail = "\n ]\n}";
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x20)) end--;
  if (
    bytes.subarray(0, head.length).toString("utf8") !== head ||
    bytes.subarray(end - tail.length, end).toString("utf8") !== tail
  )
    return undefined;
  const state = s.state;
  const [before, after] = recordFrame({
    format: h.format,
    exportedAt: h.exportedAt,
    exportedAtNote: h.exportedAtNote,
    head: state.head,
    eventCount: s.count,
    signed: state.signoff
      ? { status: state.signoff.status, signer: state.signoff.signer, at: state.signoff.at }
      : null,
    amendments: state.amendments.length,
    steps: stepsJson(state),
  });
  const journal = s.journal.events.map((e) => `,\n  ${JSON.stringify(e, null, 1).replaceAll("\n", "\n  ")}`);
  return [before, bytes.subarray(0, end - tail.length), ...journal, tail, after];
}

/**
 * The JSON export's text around its session: the record's fields, then `"session": ` (its value is
 * written by the caller, as the session document holds it), then the record's close.
 */
export function recordFrame(fields: Record<string, unknown>): [string, string] {
  const outer = JSON.stringify({ ...fields, session: 0 }, null, 1);
  const at = outer.lastIndexOf('"session": 0');
  return [`${outer.slice(0, at)}"session": `, `${outer.slice(at + '"session": 0'.length)}\n`];
}
