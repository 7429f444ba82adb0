/**
 * Team mode: one session shared by several bastions through a shared log (S3), each bastion keeping
 * its own local session file as the cache. Every event is one object, `<prefix>/<session>/events/
 * <seq, zero-padded>.json`, created only if absent: of two bastions appending the same sequence
 * number one wins; the other takes the winner's event, decides again on the new state (a premise
 * that no longer holds refuses the append, nothing is recorded) and appends after it. An append is
 * acknowledged once it is in the log and in the local file, so a bastion killed at any point loses
 * nothing acknowledged; a bastion that restarts takes from the log whatever it missed.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { hashEvent } from "../domain/chain.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { EventMap, EventType, SessionEvent, SessionState } from "../domain/events.js";
import type { SharedLogPort } from "../domain/shared-log.js";
import { rejectDuplicateKeys } from "./document.js";
import { parseJsonAt } from "./durable.js";
import { seal } from "./first-event.js";
import type { JournalOptions } from "./journal.js";
import { eventSchema } from "./schema.js";
import { type Clock, SessionStore, systemClock } from "./store.js";

const SEQ_DIGITS = 12;

/** Where a session's events are in the log: `<prefix>/<session>/events/`. */
export function eventsPrefix(prefix: string, session: string): string {
  const p = prefix.replace(/^\/+|\/+$/g, "");
  return `${p ? `${p}/` : ""}${session}/events/`;
}

export function eventKey(prefix: string, session: string, seq: number): string {
  return `${eventsPrefix(prefix, session)}${String(seq).padStart(SEQ_DIGITS, "0")}.json`;
}

/** Why the state no longer allows this append (it is then refused), or undefined when it still does. */
export type Premise = (state: SessionState) => string | undefined;

export interface TeamOptions {
  prefix: string;
  clock?: Clock;
  journal?: JournalOptions;
}

export class TeamSession {
  private queue: Promise<unknown> = Promise.resolve();
  /** The highest sequence number known to be in the log (every one before it is too). */
  private shared = 0;
  /** Own events re-chained after another bastion's (shared late): the status line says so. */
  rebased = 0;

  private constructor(
    readonly local: SessionStore,
    private readonly log: SharedLogPort,
    private readonly prefix: string,
  ) {}

  /** Starts a session here and publishes its first event. */
  static async create(
    dir: string,
    data: Parameters<typeof SessionStore.create>[1],
    by: string,
    log: SharedLogPort,
    opts: TeamOptions,
  ): Promise<TeamSession> {
    const local = await SessionStore.create(dir, data, by, opts.clock ?? systemClock, opts.journal);
    const team = new TeamSession(local, log, opts.prefix);
    await team.publishPending();
    return team;
  }

  /** Joins a session from the log (or reopens this bastion's copy of it) and brings it up to date. */
  static async join(dir: string, id: string, log: SharedLogPort, opts: TeamOptions): Promise<TeamSession> {
    const file = join(dir, `${id}.json`);
    let local: SessionStore;
    if (existsSync(file)) {
      local = await SessionStore.open(file, {
        write: true,
        command: "golive (team)",
        clock: opts.clock,
        journal: opts.journal,
      });
    } else {
      const key = eventKey(opts.prefix, id, 1);
      const text = await log.read(key);
      if (text === undefined)
        throw new UserError(
          `no session ${id} in ${log.where} (no ${key})`,
          ExitCode.input,
          "list sessions with `golive list`",
        );
      local = await SessionStore.adopt(
        dir,
        parseLogged(log, key, text, 1),
        opts.clock ?? systemClock,
        opts.journal,
      );
    }
    const team = new TeamSession(local, log, opts.prefix);
    try {
      await team.exchange();
    } catch (e) {
      await local.close();
      throw e;
    }
    return team;
  }

  /**
   * Shares a session already open here (its local file is the cache): the caller appends to `local`
   * as always, and `exchange()` publishes what the log lacks and takes what it has beyond this copy.
   */
  static attach(local: SessionStore, log: SharedLogPort, prefix: string): TeamSession {
    return new TeamSession(local, log, prefix);
  }

  get id(): string {
    return this.local.id;
  }

  /** The newest event this bastion saw in the log: events up to it are shared. */
  get sharedHead(): { seq: number; hash: string } | undefined {
    const e = this.local.events[this.shared - 1];
    return e && { seq: e.seq, hash: e.hash };
  }

  /**
   * What an earlier golive here last saw in the log (a hint kept beside the local file): the log is
   * append-only, so what it had it still has; a hint that no longer names this copy's event is ignored.
   */
  assumeShared(seq: number, hash: string): void {
    if (seq > this.shared && this.local.events[seq - 1]?.hash === hash) this.shared = seq;
  }

  /** Publishes this copy's unshared events (rebasing them after a rival's), then takes the log's newer ones. */
  exchange(): Promise<number> {
    return this.serialized(async () => {
      const before = this.local.events.length;
      await this.locate();
      await this.publish();
      await this.follow();
      return this.local.events.length - before;
    });
  }

  get events(): readonly SessionEvent[] {
    return this.local.events;
  }

  /** Events in the local file that the log does not have yet. */
  get unshared(): number {
    return this.local.events.length - this.shared;
  }

  private key(seq: number): string {
    return eventKey(this.prefix, this.local.id, seq);
  }

  /**
   * Appends one event through the log. Losing the race for a sequence number means someone else's
   * event came first: it is taken, `premise` is asked again on the new state, and the event is drafted
   * anew after it. Resolves once the event is in the log and in the local file.
   */
  append<T extends EventType>(
    type: T,
    data: EventMap[T],
    by: string,
    opts: { premise?: Premise } = {},
  ): Promise<SessionEvent> {
    return this.serialized(async () => {
      for (;;) {
        const refused = opts.premise?.(this.local.state);
        if (refused)
          throw new UserError(
            `${type} was not recorded: ${refused}`,
            ExitCode.refused,
            "look at the session as it is now, then decide again",
          );
        const event = this.local.draft(type, data, by);
        const key = this.key(event.seq);
        if ((await this.log.createIfAbsent(key, JSON.stringify(event))) === "created") {
          return this.took(event);
        }
        const theirs = await this.readAt(event.seq);
        // A retried PUT whose first attempt landed finds its own event.
        if (theirs?.hash === event.hash) return this.took(event);
        // The next number is tried at once: a PUT that loses costs no more than asking whether it would.
        if (theirs) await this.took(theirs);
      }
    });
  }

  /** Takes every event the log has beyond this copy (a follower calls this to follow). */
  sync(): Promise<number> {
    return this.serialized(async () => {
      const before = this.local.events.length;
      await this.follow();
      return this.local.events.length - before;
    });
  }

  /**
   * Takes what the log has beyond this copy. Only a copy whose every event the log has can follow:
   * one with events of its own the log lacks publishes them first (exchange), else it is refused.
   */
  private async follow(): Promise<void> {
    const more = await this.locate();
    if (this.shared < this.local.events.length) {
      if (more) throw this.forked(this.shared + 1);
      return;
    }
    if (more) await this.pull();
  }

  /**
   * How far the log and this copy agree (`shared`), from the newest event both hold walking back over
   * this copy's unshared ones (the chain proves everything before a match); true when the log has more.
   */
  private async locate(): Promise<boolean> {
    const keys = await this.log.listAfter(
      eventsPrefix(this.prefix, this.local.id),
      this.shared ? this.key(this.shared) : undefined,
    );
    const last = this.local.events.length;
    const seqs = keys.map((k) => seqOf(k)).filter((s): s is number => s !== undefined);
    for (let seq = seqs.filter((s) => s <= last).at(-1) ?? 0; seq > this.shared; seq--) {
      const theirs = await this.readAt(seq);
      if (theirs?.hash === this.local.events[seq - 1]!.hash) {
        this.shared = seq;
        break;
      }
    }
    return seqs.some((s) => s > last);
  }

  /** Publishes local events the log does not have (the first event of a new session, or after an outage). */
  publishPending(): Promise<void> {
    return this.serialized(() => this.publish());
  }

  private async publish(): Promise<void> {
    for (let i = this.shared; i < this.local.events.length; i++) {
      const event = this.local.events[i]!;
      if ((await this.log.createIfAbsent(this.key(event.seq), JSON.stringify(event))) === "exists") {
        const theirs = await this.readAt(event.seq);
        if (theirs?.hash !== event.hash) {
          // Only events the log never had can be rebased; one it had and now differs is a fork. A #1
          // of its own is another session under this id: there is nothing to rebase onto.
          if (event.seq <= Math.max(this.shared, 1)) throw this.forked(event.seq);
          await this.rebase(event.seq);
          i = this.shared - 1;
          continue;
        }
      }
      this.shared = event.seq;
    }
  }

  /**
   * Another bastion appended while this one could not share (S3 unreachable, or both at once): its
   * events from #`from` on are taken as the log has them, and this copy's own unshared events are
   * re-chained after them, each saying where and when it was first recorded. Nothing acknowledged
   * here is dropped; the decisions they record were taken on this copy and are kept as facts.
   */
  private async rebase(from: number): Promise<void> {
    const theirs: SessionEvent[] = [];
    let prev = this.local.events[from - 2]!.hash;
    for (let seq = from; ; seq++) {
      const e = await this.readAt(seq);
      if (!e) break;
      if (e.prev !== prev) throw this.forked(seq);
      theirs.push(e);
      prev = e.hash;
    }
    if (!theirs.length) throw this.forked(from);
    const mine = this.local.events.slice(from - 1).map((e, i) => {
      const { prev: _p, hash: _h, seq, ...rest } = e;
      const merged = e.merged ?? { from: `offline on this bastion as #${seq}`, at: e.at, record: e.hash };
      const ev = seal(
        { ...rest, seq: from + theirs.length + i, merged } as Omit<SessionEvent, "prev" | "hash">,
        prev,
      );
      prev = ev.hash;
      return ev;
    });
    await this.local.replaceTail(from - 1, [...theirs, ...mine]);
    this.shared = from - 1 + theirs.length;
    this.rebased += mine.length;
  }

  close(): Promise<void> {
    return this.serialized(() => this.local.close());
  }

  /** Events after the local head, read one by one until the log has no next one. */
  private async pull(): Promise<void> {
    for (;;) {
      const next = await this.readAt(this.local.events.length + 1);
      if (!next) return;
      await this.took(next);
    }
  }

  private async took(event: SessionEvent): Promise<SessionEvent> {
    await this.local.appendSealed(event);
    this.shared = Math.max(this.shared, event.seq);
    return event;
  }

  private readAt(seq: number): Promise<SessionEvent | undefined> {
    return readLoggedEvent(this.log, this.prefix, this.local.id, seq);
  }

  private forked(seq: number): UserError {
    return new UserError(
      `event #${seq} of session ${this.local.id} in ${this.log.where} differs from this bastion's copy (${this.local.file}); nothing more is shared from here`,
      ExitCode.input,
      "compare both with `golive verify`; the log is what the other bastions see",
    );
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }
}

/** Event #seq of a session as the log has it, checked (undefined: the log has no such event yet). */
export async function readLoggedEvent(
  log: SharedLogPort,
  prefix: string,
  session: string,
  seq: number,
): Promise<SessionEvent | undefined> {
  const key = eventKey(prefix, session, seq);
  const text = await log.read(key);
  return text === undefined ? undefined : parseLogged(log, key, text, seq);
}

export function seqOf(key: string): number | undefined {
  const m = /\/(\d+)\.json$/.exec(key);
  return m ? Number(m[1]) : undefined;
}

/** An event object from the log, checked like a journal line: whole, at its own key, hash intact. */
export function parseLogged(log: SharedLogPort, key: string, text: string, seq: number): SessionEvent {
  const where = `${log.where}/${key}`;
  const raw = parseJsonAt(where, text);
  rejectDuplicateKeys(where, text);
  const r = eventSchema.safeParse(raw);
  const e = r.data as SessionEvent | undefined;
  if (!e || e.seq !== seq || hashEvent(e) !== e.hash)
    throw new UserError(
      `${where} is not event #${seq} as it was recorded (${r.success ? "its sequence or hash does not match" : r.error.issues[0]!.message})`,
      ExitCode.input,
      "the shared log was changed by something other than golive; compare it with a bastion's copy (`golive verify`)",
    );
  return e;
}

/**
 * The premise of a decision taken on `state`: that nothing was recorded since. A promote decided on
 * a head another bastion has moved past (a rollback, a changed listener) is refused, never re-sent.
 */
export function unchangedSince(state: SessionState): Premise {
  const head = state.head;
  return (now) =>
    now.head === head
      ? undefined
      : "the session moved on since it was decided (another bastion recorded first)";
}
