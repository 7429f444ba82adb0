/**
 * `golive verify` of a session file without holding it: each event of the document, then of its
 * journal, is parsed, scanned for duplicate keys, shape-checked and chained as it is read, handed to
 * `visit`, and dropped. On 100,000 events the whole-document path spent about a third of its time
 * collecting the garbage of a document it kept alive to the end.
 *
 * It only ever answers "every check passed" (with what verify reports): anything else — another
 * layout, a piece that is not clean JSON, an event the hand-written shape check does not accept, a
 * broken chain, a journal line out of order, a file that moved during the read — answers undefined,
 * and verify runs the whole-document path, which finds the same problem and words it as always.
 * So this path can only be faster, never more lenient: it checks what that path checks (see
 * document.ts parseDocument and bindToChain, journal.ts replay).
 */
import { constants } from "node:fs";
import { GENESIS, hashEvent } from "../domain/chain.js";
import type { SessionEvent } from "../domain/events.js";
import type { Disk } from "./disk.js";
import { SAFE_ID, SESSION_FORMAT_1, SESSION_FORMATS } from "./document.js";
import { findDuplicateKey } from "./json-keys.js";
import { identityOf, sameIdentity, streamPieces } from "./read-doc.js";
import { validEvent } from "./shape.js";

export interface StreamedSession {
  id: string;
  count: number;
  head: string;
}

/** Hashes of the last events kept for a journal that repeats compacted ones (a crash mid-compaction). */
const RECENT = 1024;

class Chain {
  count = 0;
  head = GENESIS;
  createdId?: string;
  createdFormat?: string;
  migratedTo?: string;
  private readonly recent: string[] = [];

  constructor(private readonly visit: (e: SessionEvent) => void) {}

  /**
   * The next event of the chain, if it is certainly well-formed and follows; else false. `h`: its
   * hash as read from its bytes (event-text.ts), when that could be.
   */
  add(raw: unknown, h?: string): boolean {
    if (!validEvent(raw)) return false;
    const e = raw as SessionEvent;
    if (this.count === 0) {
      if (e.type !== "session.created") return false;
      this.createdId = e.data.id;
      this.createdFormat = e.data.format;
    } else if (e.type === "session.migrated") this.migratedTo = e.data.to;
    if (e.seq !== this.count + 1 || e.prev !== this.head || (h ?? hashEvent(e)) !== e.hash) return false;
    this.count++;
    this.head = e.hash;
    this.recent[this.count % RECENT] = e.hash;
    this.visit(e);
    return true;
  }

  /** The hash of event #seq, when it is one of the last RECENT. */
  hashOf(seq: number): string | undefined {
    return seq > this.count - RECENT && seq <= this.count ? this.recent[seq % RECENT] : undefined;
  }

  /** chainFormat (document.ts) of the events so far. */
  get format(): string {
    return this.migratedTo ?? (this.createdFormat || SESSION_FORMAT_1);
  }
}

export async function streamCheckSession(
  disk: Disk,
  file: string,
  journal: string,
  visit: (e: SessionEvent) => void,
): Promise<StreamedSession | undefined> {
  const chain = new Chain(visit);
  const fh = await disk.open(file, constants.O_RDONLY);
  let header: { format?: unknown; id?: unknown } | undefined;
  try {
    const id = await identityOf(fh);
    header = await streamPieces(fh, true, (e, h) => chain.add(e, h), { hashes: true });
    if (!header || !sameIdentity(id, await identityOf(fh))) return undefined;
  } finally {
    await fh.close();
  }
  const { format, id } = header;
  if (!boundToChain(chain, format, id)) return undefined;
  let text = "";
  try {
    const jh = await disk.open(journal, constants.O_RDONLY);
    try {
      text = (await jh.readFile()).toString("utf8");
    } finally {
      await jh.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
  }
  const lines = text.split("\n");
  lines.pop(); // a last line without its newline was never acknowledged (replay drops it too)
  for (const line of lines) {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (findDuplicateKey(line) || !validEvent(raw)) return undefined;
    const e = raw as SessionEvent;
    if (e.seq <= chain.count) {
      if (chain.hashOf(e.seq) !== e.hash) return undefined;
      continue;
    }
    if (!chain.add(e)) return undefined;
  }
  return { id: id as string, count: chain.count, head: chain.head };
}

/**
 * `golive verify` of a JSON export without holding it: the session inside it is checked as a
 * session document is (each event as it is read), and the record's own keys before it are answered
 * for verify to compare with the chain. Undefined for anything else, as above.
 */
export async function streamCheckExport(
  disk: Disk,
  file: string,
  visit: (e: SessionEvent) => void,
): Promise<(StreamedSession & { record: Record<string, unknown> }) | undefined> {
  const chain = new Chain(visit);
  const fh = await disk.open(file, constants.O_RDONLY);
  let record: { session: { format?: unknown; id?: unknown } } | undefined;
  try {
    const id = await identityOf(fh);
    record = (await streamPieces(fh, true, (e, h) => chain.add(e, h), {
      nested: true,
      hashes: true,
    })) as typeof record;
    if (!record || !sameIdentity(id, await identityOf(fh))) return undefined;
  } finally {
    await fh.close();
  }
  const { format, id } = record.session;
  if (!boundToChain(chain, format, id)) return undefined;
  return { id: id as string, count: chain.count, head: chain.head, record };
}

/** A session's top-level format and id are valid and say what its chained events say (bindToChain). */
function boundToChain(chain: Chain, format: unknown, id: unknown): boolean {
  if (typeof format !== "string" || !(SESSION_FORMATS as readonly string[]).includes(format)) return false;
  if (typeof id !== "string" || id.length < 1 || id.length > 128 || !SAFE_ID.test(id)) return false;
  return chain.count > 0 && id === chain.createdId && format === chain.format;
}
