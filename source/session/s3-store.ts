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
import { eventSchema, rejectDuplicateKeys } from "./document.js";
import { parseJsonAt } from "./durable.js";
import type { JournalOptions } from "./journal.js";
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
      await team.sync();
      await team.publishPending();
    } catch (e) {
      await local.close();
      throw e;
    }
    return team;
  }

  get id(): string {
    return this.local.id;
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
      const keys = await this.log.listAfter(
        eventsPrefix(this.prefix, this.local.id),
        this.shared ? this.key(this.shared) : undefined,
      );
      const last = this.local.events.length;
      const seqs = keys.map((k) => seqOf(k)).filter((s): s is number => s !== undefined);
      // The log is immutable and chained: the newest event both hold being the same proves the rest.
      const overlap = seqs.filter((s) => s <= last).at(-1);
      if (overlap !== undefined) {
        const theirs = await this.readAt(overlap);
        if (theirs && theirs.hash !== this.local.events[overlap - 1]!.hash) throw this.forked(overlap);
        this.shared = Math.max(this.shared, overlap);
      }
      if (seqs.some((s) => s > last)) await this.pull();
      return this.local.events.length - before;
    });
  }

  /** Publishes local events the log does not have (the first event of a new session, or after an outage). */
  publishPending(): Promise<void> {
    return this.serialized(async () => {
      for (const event of this.local.events.slice(this.shared)) {
        if ((await this.log.createIfAbsent(this.key(event.seq), JSON.stringify(event))) === "exists") {
          const theirs = await this.readAt(event.seq);
          if (theirs?.hash !== event.hash) throw this.forked(event.seq);
        }
        this.shared = event.seq;
      }
    });
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

  private async readAt(seq: number): Promise<SessionEvent | undefined> {
    const key = this.key(seq);
    const text = await this.log.read(key);
    return text === undefined ? undefined : parseLogged(this.log, key, text, seq);
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

function seqOf(key: string): number | undefined {
  const m = /\/(\d+)\.json$/.exec(key);
  return m ? Number(m[1]) : undefined;
}

/** An event object from the log, checked like a journal line: whole, at its own key, hash intact. */
function parseLogged(log: SharedLogPort, key: string, text: string, seq: number): SessionEvent {
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
