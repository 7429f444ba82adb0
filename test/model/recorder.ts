/**
 * An in-memory session log for the model test: the real reducer over the real event types, a log
 * shared by every "process" that opens the session, and a switch that kills one process's view (a
 * killed golive records nothing more). Appends can be held like sandbox calls (a slow fsync).
 */
import {
  apply,
  type EventMap,
  type EventType,
  initialState,
  type SessionEvent,
  type SessionState,
} from "../../source/domain/events.js";
import type { Recorder } from "../../source/engine/controller.js";
import { latch } from "../helpers/hold.js";

export class SessionLog {
  events: SessionEvent[] = [];
  holds: { nth: number; reached: () => void; released: Promise<void> }[] = [];
  private appends = 0;

  constructor(readonly now: () => number) {
    const created = {
      seq: 0,
      at: new Date(now()).toISOString(),
      by: "Ann",
      type: "session.created",
      data: {
        id: "model",
        runbook: { file: "deployment.md", sha256: "x", title: "model", text: "" },
        t0: new Date(now()).toISOString(),
        lead: "Ann",
      },
      prev: "",
      hash: "",
    } as SessionEvent;
    this.events.push(created);
    this.state = initialState(created as Parameters<typeof initialState>[0]);
  }

  state: SessionState;
  private listeners = new Set<() => void>();

  /** As SessionStore.onChange: called after every append. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Holds the nth append from now until released (returns the hold). */
  holdAppend(nth: number) {
    const { reached, reachedP, released, release } = latch();
    this.holds.push({ nth: this.appends + nth, reached, released });
    return { reached: reachedP, release };
  }

  async append<T extends EventType>(type: T, data: EventMap[T], by: string, alive: () => boolean) {
    const n = ++this.appends;
    const h = this.holds.find((x) => x.nth === n);
    if (h) {
      h.reached();
      await h.released;
    }
    if (!alive()) throw new Error("process killed: nothing recorded");
    const e = {
      seq: this.events.length,
      at: new Date(this.now()).toISOString(),
      by,
      type,
      data,
      prev: "",
      hash: "",
    } as SessionEvent;
    this.events.push(e);
    this.state = apply(this.state, e);
    for (const fn of [...this.listeners]) fn();
    return e;
  }

  /** One process's view of the session. */
  view(): Recorder & { kill(): void; alive(): boolean } {
    let alive = true;
    const log = this;
    return {
      append: (type, data, by) => log.append(type, data, by, () => alive),
      get state() {
        return log.state;
      },
      kill() {
        alive = false;
      },
      alive: () => alive,
    };
  }
}
