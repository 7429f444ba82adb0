/**
 * A session on disk: lowdb over the journalling adapter, one writer (lock), events appended in order
 * and acknowledged only once fsynced. A session signed off is sealed: new events are amendments.
 */

import { join } from "node:path";
import { Low } from "lowdb";
import { GENESIS, hashEvent } from "../domain/chain.js";
import { ExitCode, InputError, UserError } from "../domain/errors.js";
import {
  apply,
  type EventMap,
  type EventType,
  isClosed,
  reduce,
  type SessionEvent,
  type SessionState,
} from "../domain/events.js";
import { redact, redactDeep } from "../domain/redact.js";
import { amendmentReason } from "./amendment.js";
import { removeDeadWritersTemps } from "./dead-temps.js";
import { NotASessionError, SESSION_FORMAT, type SessionDocument } from "./document.js";
import { mergeFallbacks } from "./fallback-merge.js";
import { firstEventId, newSessionId, ownFields, seal } from "./first-event.js";
import { JournalledSessionFile, type JournalOptions } from "./journal.js";
import { dropEvent, pushEvent } from "./kept-open.js";
import { SessionLock } from "./lock.js";
import { reduceSession } from "./reduced.js";
import { backupHint, ensureSessionsDir } from "./sessions.js";

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface OpenOptions {
  write: boolean;
  command?: string;
  clock?: Clock;
  /** After sign-off: why this golive records anything (each event becomes an amendment). */
  amend?: string;
  /** Where fallback records may be (tests point it away from the user's state directory). */
  env?: NodeJS.ProcessEnv;
  journal?: JournalOptions;
  /** golive's version, recorded with a format migration (the session layer does not know it). */
  golive?: string;
  /** A writer that may never read the log (appends a few events): its events are read only if asked for. */
  lazyEvents?: boolean;
}

interface AppendExtra {
  merged?: SessionEvent["merged"];
}

export class SessionStore {
  private queue: Promise<unknown> = Promise.resolve();
  private current: SessionState;
  private listeners = new Set<() => void>();
  private closers: (() => Promise<void>)[] = [];
  /** close() began: nothing more is appended. */
  private closing = false;
  private refreshing: Promise<boolean> = Promise.resolve(false);

  private constructor(
    readonly file: string,
    private db: Low<SessionDocument>,
    private adapter: JournalledSessionFile,
    private clock: Clock,
    readonly lock: SessionLock | undefined,
    private amend?: string,
  ) {
    this.current = adapter.keptState ?? reduceSession(file, db.data.events);
  }

  /** The session's clock (a demo's sandbox clock), as its events are stamped. */
  now(): number {
    return this.clock.now();
  }

  get readOnly(): boolean {
    return this.lock === undefined;
  }

  get id(): string {
    return this.db.data.id;
  }

  get events(): readonly SessionEvent[] {
    return this.db.data.events;
  }

  get state(): SessionState {
    return this.current;
  }

  get backupFile(): string {
    return this.adapter.backup;
  }

  /** The session format (an older one until this golive opens it for writing and migrates it). */
  get format(): string {
    return this.db.data.format;
  }

  get journalFile(): string {
    return this.adapter.journal;
  }

  static async create(
    dir: string,
    data: Omit<EventMap["session.created"], "id" | "format">,
    by: string,
    clock: Clock = systemClock,
    journal?: JournalOptions,
    /** The lock's command and the amendment reason, for a creator that goes on writing (the demo's cockpit). */
    held: { command?: string; amend?: string } = {},
  ): Promise<SessionStore> {
    await ensureSessionsDir(dir);
    const at = new Date(clock.now());
    const id = newSessionId(at, data.env ?? data.runbook.title);
    const file = join(dir, `${id}.json`);
    const first = seal(
      // The runbook is stored with the same redaction as every later event: a key written in it never lands.
      {
        seq: 1,
        at: at.toISOString(),
        by: redact(by),
        type: "session.created",
        data: redactDeep({ id, ...ownFields(data), format: SESSION_FORMAT }),
      },
      GENESIS,
    );
    return SessionStore.start(file, first, clock, journal, held);
  }

  /**
   * A local copy of a session begun elsewhere (team mode: another bastion created it in the shared
   * log), from its first event exactly as recorded there.
   */
  static async adopt(dir: string, first: SessionEvent, clock: Clock = systemClock, journal?: JournalOptions) {
    const id = firstEventId(first);
    await ensureSessionsDir(dir);
    return SessionStore.start(join(dir, `${id}.json`), first, clock, journal, { command: "golive (team)" });
  }

  private static async start(
    file: string,
    first: SessionEvent,
    clock: Clock,
    journal?: JournalOptions,
    held: { command?: string; amend?: string } = {},
  ) {
    const id = (first.data as { id: string }).id;
    const adapter = new JournalledSessionFile(file, journal);
    const db = new Low<SessionDocument>(adapter, { format: SESSION_FORMAT, id, events: [first] });
    // Created exclusively (never over an existing file); the lock is taken once it is a session.
    await db.write();
    const lock = await SessionLock.acquire(file, held.command ?? "golive new", new Date(clock.now()));
    return new SessionStore(file, db, adapter, clock, lock, held.amend);
  }

  /**
   * Opens for writing (takes the lock) or read-only (never writes, never locks). The file is read and
   * validated first: a lock is only ever created beside a real session. Opening for writing also
   * finishes what an earlier golive could not: a crash's torn journal line is compacted away, an older
   * format is migrated (recorded), and fallback records are merged back (recorded as merged).
   */
  static async open(file: string, opts: OpenOptions): Promise<SessionStore> {
    const clock = opts.clock ?? systemClock;
    // Only a writer leaves the "already checked" marker on disk: a read-only viewer writes nothing.
    const adapter = new JournalledSessionFile(file, {
      ...opts.journal,
      persistVerified: !!opts.write,
      kept: !!opts.write && !!opts.lazyEvents,
    });
    let lock: SessionLock | undefined;
    try {
      let data = await adapter.read();
      if (!data)
        throw new UserError(`${file}: no such session`, ExitCode.input, "list sessions with `golive list`");
      if (opts.write) {
        lock = await SessionLock.acquire(file, opts.command ?? "golive", new Date(clock.now()));
        // What was read before the lock may have moved on since.
        data = (await adapter.read())!;
        await removeDeadWritersTemps(file);
      }
      const db = new Low<SessionDocument>(adapter, data);
      const store = new SessionStore(file, db, adapter, clock, lock, opts.amend);
      if (lock) await store.bringUpToDate(opts.env ?? process.env, opts.golive ?? "unknown");
      return store;
    } catch (e) {
      await adapter.close();
      await lock?.release();
      if (e instanceof InputError && !(e instanceof NotASessionError)) {
        throw new UserError(e.message, e.exitCode, `${e.hint ? `${e.hint}. ` : ""}${backupHint(file)}`);
      }
      throw e;
    }
  }

  private async bringUpToDate(env: NodeJS.ProcessEnv, golive: string): Promise<void> {
    const doc = this.db.data;
    if (this.adapter.tornTail) await this.adapter.compact(doc);
    if (doc.format !== SESSION_FORMAT) {
      const from = doc.format;
      await this.append("session.migrated", { from, to: SESSION_FORMAT, golive }, "golive", {});
      doc.format = SESSION_FORMAT;
      await this.adapter.compact(doc);
    }
    await mergeFallbacks(this, env);
  }

  /** Called after every acknowledged append and every refresh that found something new. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify() {
    for (const fn of this.listeners) fn();
  }

  /**
   * Re-reads the file (read-only viewers follow a writer this way), one read at a time in the order
   * asked: two in flight could finish older-last and put back a state without the newest events.
   */
  refresh(): Promise<boolean> {
    const next = this.refreshing.then(this.readAgain, this.readAgain);
    this.refreshing = next.catch(() => false);
    return next;
  }

  private readAgain = async (): Promise<boolean> => {
    const before = this.current.head;
    if (this.lock) return false;
    await this.db.read();
    this.current = reduce(this.db.data.events);
    const changed = this.current.head !== before;
    if (changed) this.notify();
    return changed;
  };

  /** Signed off (success or rolled back): new events are amendments only. */
  get sealed(): boolean {
    return isClosed(this.current);
  }

  /**
   * Appends one event; resolves once it is on disk. Appends are serialized, and a failed write
   * leaves memory as it was on disk, so nothing unacknowledged is ever shown as recorded.
   */
  append<T extends EventType>(
    type: T,
    data: EventMap[T],
    by: string,
    extra: AppendExtra = {},
  ): Promise<SessionEvent> {
    return this.enqueue(type, () => this.draft(type, data, by, extra));
  }

  /**
   * The event `append` would record now, sealed onto the current head but not written: team mode
   * publishes it to the shared log first and then records it here with `appendSealed`.
   */
  draft<T extends EventType>(type: T, data: EventMap[T], by: string, extra: AppendExtra = {}): SessionEvent {
    const last = { seq: this.current.lastSeq, hash: this.current.head };
    const amendment = this.sealed
      ? { why: amendmentReason(this.current, this.amend, type, data, extra.merged) }
      : undefined;
    let body = redactDeep(data) as EventMap[T];
    // The sign-off names what it signs, so a record cut short before it reads "not signed".
    if (type === "session.signed") body = { ...body, signs: { count: last.seq, head: last.hash } };
    return seal(
      {
        seq: last.seq + 1,
        at: new Date(this.clock.now()).toISOString(),
        by: redact(by),
        type,
        data: body,
        ...(amendment ? { amendment } : {}),
        ...(extra.merged ? { merged: extra.merged } : {}),
      } as Omit<SessionEvent, "prev" | "hash">,
      last.hash,
    );
  }

  /** Records an event sealed elsewhere (published to the shared log): it must follow this head. */
  appendSealed(event: SessionEvent): Promise<SessionEvent> {
    return this.enqueue(event.type, () => {
      const last = { seq: this.current.lastSeq, hash: this.current.head };
      if (event.seq !== last.seq + 1 || event.prev !== last.hash || hashEvent(event) !== event.hash)
        throw new UserError(
          `event #${event.seq} does not follow #${last.seq} of session ${this.id}; nothing was recorded`,
          ExitCode.input,
        );
      return event;
    });
  }

  /**
   * Team mode, after an outage: the events after #`keep` become `events` (the shared log's, then this
   * bastion's own re-chained after them), written as one document in the append queue. Memory follows
   * only once the disk has it; a crash before leaves the old copy, which is rebased again on open.
   */
  replaceTail(keep: number, events: SessionEvent[]): Promise<void> {
    if (!this.lock)
      return Promise.reject(new UserError(`session ${this.file} is open read-only`, ExitCode.locked));
    const run = async () => {
      const doc = this.db.data;
      const next = { ...doc, events: [...doc.events.slice(0, keep), ...events] };
      await this.adapter.compact(next, next.events.length);
      doc.events = next.events;
      this.current = reduce(doc.events);
      this.notify();
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  /**
   * Appends are serialized, and a failed write leaves memory as it was on disk, so nothing
   * unacknowledged is ever shown as recorded.
   */
  private enqueue(type: string, make: () => SessionEvent): Promise<SessionEvent> {
    if (this.closing)
      return Promise.reject(
        new UserError(`session ${this.file} is closing: ${type} was not recorded`, ExitCode.locked),
      );
    if (!this.lock) {
      return Promise.reject(
        new UserError(
          `session ${this.file} is open read-only`,
          ExitCode.locked,
          "only the golive holding the lock writes",
        ),
      );
    }
    const run = async () => {
      const event = make();
      pushEvent(this.db.data, event);
      try {
        await this.db.write();
      } catch (e) {
        dropEvent(this.db.data, event);
        throw e;
      }
      this.current = apply(this.current, event);
      this.notify();
      return event;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  /** Runs before the session closes (team mode's last exchange with S3). */
  beforeClose(fn: () => Promise<void>): void {
    this.closers.push(fn);
  }

  /**
   * Compacts when cheap or readers need it (best effort: the journal holds every event), in the
   * append queue after every append asked for before it; an append asked for once close began is
   * refused (its caller's fallback keeps it): one landing while compaction empties the journal was lost.
   */
  async close(): Promise<void> {
    const closers = this.closers.splice(0);
    for (const fn of closers) await fn().catch(() => {});
    this.closing = true;
    const run = async () => {
      try {
        if (this.lock && this.adapter.compactOnClose)
          await this.adapter.compact(this.db.data).catch(() => {});
        await this.adapter.close();
      } finally {
        // Released even when closing the file failed: the journal already holds every event.
        await this.lock?.release();
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }
}

export { ensureSessionsDir, listSessions, resolveSession, type SessionSummary } from "./sessions.js";
