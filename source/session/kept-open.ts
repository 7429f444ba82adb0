/**
 * A writer's open from the kept state (state-cache.ts) instead of every event: a one-event
 * `golive note` on a 100,000-event session parsed 32 MB to append one journal line. The writer
 * starts from the state, head and count the kept state holds, and the document's events are parsed
 * only when something reads them (a compaction, a command that looks back through the log).
 *
 * Used only when it provably is the file: the kept state is bound to the document's exact bytes
 * (size and SHA-256, chain head and count, its own content) and the "already checked" marker names
 * the same SHA-256, so the document is one this build wrote or fully checked; the journal's events
 * each follow the kept head link by link; the journal's tail is whole (a torn tail is compacted away
 * by the full open). When the events are read later, the bytes read must have that same SHA-256 and
 * end in that head, or nothing is taken from them. Anything else: undefined, and the writer loads
 * and checks every event as before, which words any damage.
 */
import { closeSync, constants, openSync, readFileSync } from "node:fs";
import { InputError } from "../domain/errors.js";
import type { SessionEvent, SessionState } from "../domain/events.js";
import { nodeDisk } from "./disk.js";
import { bindToChain, SESSION_FORMAT, type SessionDocument } from "./document.js";
import { changedUnderUs, storageError } from "./durable.js";
import { type Identity, identityOf, readHeader, sameIdentity } from "./read-doc.js";
import { readSummary, type Summary } from "./state-cache.js";
import { wasVerified } from "./verified.js";

export interface KeptOpen {
  doc: SessionDocument;
  state: SessionState;
  /** Events in the document, and on disk in all (document and journal). */
  inDoc: number;
  persisted: number;
  docId: Identity;
  journalBytes: number;
}

/** The events still unread of each kept document: those in the document, then the ones after it. */
const unread = new WeakMap<SessionDocument, { inDoc: number; after: SessionEvent[] }>();

export async function openKept(file: string, backup: string): Promise<KeptOpen | undefined> {
  const s = await readSummary(file);
  if (!s?.doc.digest || s.journal.torn || !wasVerified(file, s.doc.digest)) return undefined;
  // A migration not yet folded into the document: the full open finishes it.
  if (s.journal.events.some((e) => e.type === "session.migrated")) return undefined;
  const fh = await nodeDisk.open(file, constants.O_RDONLY);
  let header: Awaited<ReturnType<typeof readHeader>>;
  try {
    if (!sameIdentity(await identityOf(fh), s.doc.id)) return undefined;
    header = await readHeader(fh);
  } finally {
    await fh.close();
  }
  if (!header || header.format !== SESSION_FORMAT || header.id !== s.state.id) return undefined;
  const doc = { format: SESSION_FORMAT, id: s.state.id } as SessionDocument;
  const after = [...s.journal.events];
  unread.set(doc, { inDoc: s.doc.count, after });
  Object.defineProperty(doc, "events", {
    configurable: true,
    enumerable: true,
    get: () => {
      const events = [...readDocumentEvents(file, backup, s), ...after];
      settle(doc, events);
      return events;
    },
    set: (events: SessionEvent[]) => settle(doc, events),
  });
  return {
    doc,
    state: s.state,
    inDoc: s.doc.count,
    persisted: s.count,
    docId: s.doc.id,
    journalBytes: s.journal.bytes,
  };
}

function settle(doc: SessionDocument, events: SessionEvent[]): void {
  unread.delete(doc);
  Object.defineProperty(doc, "events", {
    value: events,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** The document's events, from bytes that must be exactly the ones the kept state was bound to. */
function readDocumentEvents(file: string, backup: string, s: Summary): SessionEvent[] {
  let fd: number | undefined;
  let bytes: Buffer;
  try {
    fd = openSync(file, constants.O_RDONLY);
    bytes = readFileSync(fd);
  } catch (e) {
    // Anything else (made a directory, its permissions taken away) is said as it is, in the lead's words.
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw storageError(file, "read", e);
    throw changedUnderUs(file, "was deleted", backup);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (
    process.getBuiltinModule("node:crypto").createHash("sha256").update(bytes).digest("hex") !== s.doc.digest
  )
    throw changedUnderUs(file, "was replaced, truncated or edited", backup);
  const doc = JSON.parse(bytes.toString("utf8")) as SessionDocument;
  bindToChain(file, doc);
  // The same bytes cannot say otherwise; a kept state that did would be a bug, never a record to extend.
  if (doc.events.length !== s.doc.count || doc.events.at(-1)?.hash !== s.doc.head)
    throw new InputError({ file }, "does not end where its kept state says; nothing was recorded");
  return doc.events;
}

/** The events after the first `n`, without reading the document's own when they are still unread. */
export function eventsAfter(doc: SessionDocument, n: number): SessionEvent[] {
  const u = unread.get(doc);
  if (u && n >= u.inDoc) return u.after.slice(n - u.inDoc);
  return doc.events.slice(n);
}

/** Appends `event` to the document's events in memory (read or still unread). */
export function pushEvent(doc: SessionDocument, event: SessionEvent): void {
  (unread.get(doc)?.after ?? doc.events).push(event);
}

/** Takes back an append that did not reach the disk, wherever the events are by now. */
export function dropEvent(doc: SessionDocument, event: SessionEvent): void {
  const list = unread.get(doc)?.after ?? doc.events;
  if (list.at(-1) === event) list.pop();
}
