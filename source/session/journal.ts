/**
 * lowdb adapter that journals: the JSON document `<id>.json` is the compacted session; every event
 * after it is one line of `<id>.json.journal`, appended and fsynced before the append is
 * acknowledged (and the directory fsynced when the journal is created). Compaction — every
 * `compactEvery` events and on close (a small document only) — rewrites the document (temp → fsync → rename → fsync dir),
 * then its copy `<id>.json.bak` the same way, and only then empties the journal. So `.bak` plus the
 * journal always hold every acknowledged event: restoring `.bak` over a damaged document loses
 * nothing, because opening replays the journal on top of it.
 *
 * It refuses to write when the document or the journal changed under it (replaced, truncated or
 * edited by something else): what is on disk may be someone's record.
 */
import { constants } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Adapter } from "lowdb";
import { hashEvent } from "../domain/chain.js";
import { InputError } from "../domain/errors.js";
import type { SessionEvent, SessionState } from "../domain/events.js";
import { createAtomically, type Disk, type FileHandle, nodeDisk, replaceAtomically } from "./disk.js";
import { chainFormat, rejectDuplicateKeys, type SessionDocument } from "./document.js";
import { changedUnderUs, parseJsonAt, storageError } from "./durable.js";
import { filesOnDisk, journalFor } from "./journal-path.js";
import { eventsAfter, openKept } from "./kept-open.js";
import { loadDocument } from "./load.js";
import { type Identity, sameIdentity } from "./read-doc.js";
import { validEvent } from "./shape.js";
import { keptFor, rememberState } from "./state-cache.js";
import { rememberVerified, textDigest } from "./verified.js";

export interface JournalOptions {
  disk?: Disk;
  /** Journal lines before the document is rewritten (on close too while the document is small). */
  compactEvery?: number;
  /** Documents under this many bytes are rewritten on close (default CLOSE_COMPACT_BYTES). */
  closeCompactBytes?: number;
  /** Check every event even when this exact text was checked before (`golive verify`). */
  recheck?: boolean;
  /** Leave the on-disk marker after a full check (writers only; see session/verified.ts). */
  persistVerified?: boolean;
  /**
   * The document already parsed and scanned for duplicate keys by the caller (`verify` reads it to
   * learn its format): used, not read again, while the file is still the one it was read from (same
   * inode, size and mtime). Every event is still checked (shape and chain).
   */
  parsed?: { raw: unknown; id: Identity };
  /**
   * Open from the kept state when it provably is this file, the events read only when asked for
   * (session/kept-open.ts): a writer that appends a few events and closes.
   */
  kept?: boolean;
}

/** Documents up to this size are rewritten on close (see `compactOnClose`). */
export const CLOSE_COMPACT_BYTES = 2 * 1024 * 1024;

/** Reads of a document and journal that a writer keeps moving, before damage is believed. */
const READ_ATTEMPTS = 8;

export type { Identity };

/**
 * A file's text and identity, read through one handle (the identity is the text's, even if renamed
 * over since). As one Buffer decoded at once: `readFile("utf8")` decodes 512 KB at a time into a
 * string of pieces, which every later scan of a 30 MB session first has to copy into one.
 */
export async function readIdentified(disk: Disk, file: string, known?: { text: string; id: Identity }) {
  const fh = await disk.open(file, constants.O_RDONLY);
  try {
    const st = await fh.stat();
    const id: Identity = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
    const text = known && sameIdentity(known.id, id) ? known.text : (await fh.readFile()).toString("utf8");
    return { text, id };
  } finally {
    await fh.close();
  }
}

export class JournalledSessionFile implements Adapter<SessionDocument> {
  readonly journal: string;
  private readonly disk: Disk;
  private readonly compactEvery: number;
  private readonly closeCompactBytes: number;
  private readonly recheck: boolean;
  private readonly persistVerified: boolean;
  private readonly parsed?: JournalOptions["parsed"];
  private readonly kept: boolean;
  /** Events on disk (document + journal), and how many of them are in the document. */
  private persisted = 0;
  private inDoc = 0;
  private docId?: Identity;
  private journalBytes = 0;
  private jh?: FileHandle;
  /** The journal ends in a line cut short by a crash (never acknowledged): compact before appending. */
  tornTail = false;
  /** The state of the last read, when it was opened from the kept state (its events still unread). */
  keptState?: SessionState;

  constructor(
    readonly file: string,
    opts: JournalOptions = {},
  ) {
    this.journal = journalFor(file);
    this.disk = opts.disk ?? nodeDisk;
    this.compactEvery = opts.compactEvery ?? 64;
    this.closeCompactBytes = opts.closeCompactBytes ?? CLOSE_COMPACT_BYTES;
    this.recheck = opts.recheck ?? false;
    this.persistVerified = opts.persistVerified ?? false;
    this.parsed = opts.parsed;
    this.kept = opts.kept ?? false;
  }

  get backup(): string {
    return `${this.file}.bak`;
  }

  get pending(): number {
    return this.persisted - this.inDoc;
  }

  /**
   * Whether closing should fold the journal into the document. Below this size rewriting it (and
   * `.bak`) costs a few milliseconds; a large session (100,000 events, 30 MB) keeps a short journal
   * instead, which every reader already replays: a one-event `golive note` rewrote 60 MB before.
   */
  get compactOnClose(): boolean {
    if (this.pending === 0) return false;
    const size = this.docId?.size ?? 0;
    // A large one is rewritten too when readers lack its kept state (the first writer of a build).
    return this.tornTail || size < this.closeCompactBytes || !keptFor(this.file, size);
  }

  /**
   * The document plus its journal. A reader (another process's `status`, `watch`, or a writer before
   * it takes the lock) can catch the holder mid-compaction: the old document with the new journal
   * (or a journal refilled during the read) looks like a broken chain, or, the journal emptied, like
   * the older session it was. So a read during which either moved is read again, a bounded number of
   * times; only damage that stays put (nothing moved during the read) is reported as damage.
   */
  async read(): Promise<SessionDocument | null> {
    this.keptState = undefined;
    const k = this.kept ? await openKept(this.file, this.backup) : undefined;
    if (k) {
      this.docId = k.docId;
      this.inDoc = k.inDoc;
      this.persisted = k.persisted;
      this.journalBytes = k.journalBytes;
      this.tornTail = false;
      this.keptState = k.state;
      return k.doc;
    }
    let good: SessionDocument | null | undefined;
    for (let attempt = 1; ; attempt++) {
      const before = await this.onDisk();
      try {
        good = await this.readOnce(); // a writer that never pauses gets the last whole read
        if (attempt >= READ_ATTEMPTS || before === (await this.onDisk())) return good;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        if (good !== undefined) return good; // a re-read only because the files moved: never worse
        if (attempt >= READ_ATTEMPTS || before === (await this.onDisk())) throw e;
      }
      await new Promise((r) => setTimeout(r, Math.min(5 * 2 ** attempt, 200)));
    }
  }

  /** Which document and journal are on disk now (identity, size, mtime), to see a read race a writer. */
  private onDisk(): Promise<string> {
    return filesOnDisk(this.file);
  }

  private async readOnce(): Promise<SessionDocument | null> {
    let doc: SessionDocument;
    let id: Identity;
    try {
      ({ doc, id } = await loadDocument(this.disk, this.file, {
        recheck: this.recheck,
        persist: this.persistVerified,
        known: this.parsed,
      }));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw storageError(this.file, "read", e);
    }
    // A writer compacting between the two reads pairs the old document with a new journal: read() sees
    // the files move and reads again.
    let jtext = "";
    try {
      const fh = await this.disk.open(this.journal, constants.O_RDONLY);
      try {
        jtext = (await fh.readFile()).toString("utf8");
      } finally {
        await fh.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw storageError(this.journal, "read", e);
    }
    this.docId = id;
    this.inDoc = doc.events.length;
    const r = await replay(this.journal, doc.events, jtext);
    this.journalBytes = Buffer.byteLength(jtext, "utf8");
    this.tornTail = r.torn;
    this.persisted = doc.events.length;
    doc.format = chainFormat(doc.events) as SessionDocument["format"];
    return doc;
  }

  async write(data: SessionDocument): Promise<void> {
    if (this.persisted === 0) return this.createDocument(data);
    const fresh = eventsAfter(data, this.persisted);
    if (fresh.length === 0) return;
    if (this.tornTail) await this.compact(data, this.persisted);
    await this.append(fresh);
    this.persisted += fresh.length;
    if (this.pending >= this.compactEvery) await this.compact(data).catch(() => {});
  }

  /** A new session: created exclusively (never over an existing file), with its `.bak` copy. */
  private async createDocument(data: SessionDocument): Promise<void> {
    const text = documentText(data);
    try {
      await createAtomically(this.disk, this.file, text);
      await replaceAtomically(this.disk, this.backup, text);
    } catch (e) {
      throw storageError(this.file, "write", e);
    }
    const st = await stat(this.file);
    this.docId = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
    this.persisted = this.inDoc = data.events.length;
  }

  private async append(events: SessionEvent[]): Promise<void> {
    const text = events.map((e) => `${JSON.stringify(e)}\n`).join("");
    let created = false;
    // A journal belongs to the document beside it: if that was replaced, truncated or deleted under
    // us, these events are not appended to whatever is there now (one stat per append).
    await this.assertDocUnchanged();
    try {
      await this.assertJournalUnchanged();
      if (!this.jh) {
        created = this.journalBytes === 0 && !(await exists(this.journal));
        this.jh = await this.disk.open(
          this.journal,
          constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0),
          0o600,
        );
      }
    } catch (e) {
      throw storageError(this.journal, "write", e);
    }
    try {
      await this.jh.writeFile(text, "utf8");
      await this.disk.syncFile(this.jh, this.journal);
      if (created) await this.disk.syncDir(dirname(this.journal));
    } catch (e) {
      // Take back whatever part reached the file, so the next append starts on a line boundary.
      await this.jh.truncate(this.journalBytes).catch(() => {
        this.tornTail = true;
      });
      throw storageError(this.journal, "write", e);
    }
    this.journalBytes += Buffer.byteLength(text, "utf8");
  }

  /**
   * Rewrites the document with every persisted event, then `.bak`, then empties the journal. A crash
   * at any point leaves document/.bak plus journal holding every acknowledged event.
   */
  async compact(data: SessionDocument, count = this.persisted): Promise<void> {
    if (count === 0) return;
    await this.assertDocUnchanged();
    const events = data.events.slice(0, count);
    const text = documentText({ ...data, events });
    try {
      await replaceAtomically(this.disk, this.file, text);
      // Written from events this golive checked or appended itself: the next load need not recheck.
      const digest = textDigest(text);
      rememberVerified(this.file, digest);
      const st = await stat(this.file);
      rememberState(this.file, digest, st.size, events);
      this.docId = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
      await replaceAtomically(this.disk, this.backup, text);
      this.inDoc = count;
      // A rebased team copy is rewritten whole: the document is now exactly what was persisted.
      this.persisted = count;
      if (this.jh || this.journalBytes > 0 || this.tornTail) {
        this.jh ??= await this.disk.open(
          this.journal,
          constants.O_WRONLY | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0),
        );
        await this.jh.truncate(0);
        await this.disk.syncFile(this.jh, this.journal);
      }
      this.journalBytes = 0;
      this.tornTail = false;
    } catch (e) {
      throw storageError(this.file, "write", e);
    }
  }

  async close(): Promise<void> {
    await this.jh?.close().catch(() => {});
    this.jh = undefined;
  }

  private async assertDocUnchanged(): Promise<void> {
    const k = this.docId;
    if (!k) return;
    let now: Identity | undefined;
    try {
      const st = await stat(this.file);
      now = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw storageError(this.file, "read", e);
    }
    if (now && now.ino === k.ino && now.size === k.size && now.mtimeMs === k.mtimeMs) return;
    throw changedUnderUs(this.file, now ? "was replaced, truncated or edited" : "was deleted", this.backup);
  }

  private async assertJournalUnchanged(): Promise<void> {
    let size = 0;
    let ino: number | undefined;
    try {
      const st = await stat(this.journal);
      size = st.size;
      ino = st.ino;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      if (this.journalBytes === 0 && !this.jh) return;
      throw changedUnderUs(this.journal, "was deleted", this.backup);
    }
    const mine = this.jh ? (await this.jh.stat()).ino : ino;
    if (size !== this.journalBytes || ino !== mine) {
      throw changedUnderUs(this.journal, "was replaced, truncated or edited", this.backup);
    }
  }
}

export function documentText(data: SessionDocument): string {
  return `${JSON.stringify(data, null, 1)}\n`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds the journal's events to `events` (in place). A last line without its newline was cut short by
 * a crash before its fsync returned: never acknowledged, dropped. Anything else that does not follow
 * the chain is damage, reported with its line.
 */
export async function replay(
  journal: string,
  events: SessionEvent[],
  text: string,
): Promise<{ torn: boolean }> {
  if (!text) return { torn: false };
  const lines = text.split("\n");
  const tail = lines.pop()!;
  for (const [i, line] of lines.entries()) {
    const at = { file: journal, line: i + 1, column: 1 };
    const raw = parseJsonAt(journal, line, i + 1);
    rejectDuplicateKeys(journal, line, i + 1);
    let e = raw as SessionEvent;
    if (!validEvent(raw)) {
      // Not certainly an event: zod decides, and words what is wrong.
      const r = (await import("./schema.js")).eventSchema.safeParse(raw);
      if (!r.success) {
        const issue = r.error.issues[0]!;
        throw damaged(at, `not an event (${issue.path.join(".") || "line"}: ${issue.message})`);
      }
      e = r.data as unknown as SessionEvent;
    }
    const last = events.at(-1)!;
    if (e.seq <= last.seq) {
      // Already compacted into the document (a crash before the journal was emptied): must be the same event.
      if (events[e.seq - 1]?.hash !== e.hash)
        throw damaged(at, `event #${e.seq} differs from the document's`);
      continue;
    }
    if (e.seq !== last.seq + 1 || e.prev !== last.hash)
      throw damaged(at, `event #${e.seq} does not follow event #${last.seq}`);
    if (hashEvent(e) !== e.hash) throw damaged(at, `event #${e.seq} was changed after it was recorded`);
    events.push(e);
  }
  return { torn: tail.length > 0 };
}

function damaged(at: { file: string; line: number; column: number }, problem: string): InputError {
  return new InputError(
    at,
    `the session's journal is damaged: ${problem}`,
    "nothing was changed. Inspect it with `golive verify`",
  );
}
