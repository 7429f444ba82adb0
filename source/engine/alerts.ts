/**
 * Alerts are episodes: one alert per key (trigger and arm) while it stays breached, its count and
 * last-seen moved on by `alert.repeated`; a recovery ends the episode and a new breach raises a new
 * alert. An alert that cannot be recorded (disk full, read-only) is kept, shown, and retried in
 * order before anything else is recorded: never dropped. Acknowledging takes the newest
 * unacknowledged alert (never the same one twice, even for keys pressed in a burst) or all of them
 * in one event.
 */
import type { EventMap, SessionState } from "../domain/events.js";
import { TRUST_LEVELS, type TrustLevel } from "../domain/triggers.js";
import type { Recorder } from "./controller.js";

type AlertRecord =
  | { type: "alert.raised"; data: EventMap["alert.raised"]; by: string }
  | { type: "alert.repeated"; data: EventMap["alert.repeated"]; by: string }
  | { type: "alert.acknowledged"; data: EventMap["alert.acknowledged"]; by: string };

export interface PendingAlert {
  id: string;
  severity: "warning" | "critical";
  message: string;
  /** Why it could not be recorded yet. */
  error: string;
}

type Severity = "warning" | "critical";
interface Episode {
  id: string;
  count: number;
  severity: Severity;
  trust?: TrustLevel;
}

/** A sighting above the episode's recorded level (a trigger that persisted into `rollback`). */
function escalates(ep: Episode, severity: Severity, trust?: TrustLevel): boolean {
  const rank = (t?: TrustLevel) => (t ? TRUST_LEVELS.indexOf(t) : -1);
  return (severity === "critical" && ep.severity === "warning") || rank(trust) > rank(ep.trust);
}

export class AlertBook {
  /** Open episodes: key → alert id, how often seen, and the level it was recorded at. */
  private open = new Map<string, Episode>();
  private queue: AlertRecord[] = [];
  private lastError = "";
  private acking = new Set<string>();
  private seq = 0;
  /** Keys whose episode ended in this process: a new breach is a new alert, never a resumed one. */
  private ended = new Set<string>();
  private flushing: Promise<unknown> = Promise.resolve();

  constructor(
    private recorder: Recorder,
    private now: () => number,
    private by = "golive",
    /** Adds what the runbook says to do about it (domain/decision-matrix.ts) to each alert. */
    private annotate?: (key: string, message: string) => string,
  ) {}

  /** Alerts raised but not yet in the session: shown on screen meanwhile. */
  get pending(): PendingAlert[] {
    return this.queue
      .filter((r): r is Extract<AlertRecord, { type: "alert.raised" }> => r.type === "alert.raised")
      .map((r) => ({
        id: r.data.alert,
        severity: r.data.severity,
        message: r.data.message,
        error: this.lastError,
      }));
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  /** The trigger `key` is breached now: a new alert, or one more sighting of the open one. */
  async breached(
    key: string,
    severity: Severity,
    raw: string,
    /** The trigger's trust level (domain/trust.ts), recorded so the record says why it acted. */
    trust?: TrustLevel,
  ): Promise<string> {
    const message = this.annotate ? this.annotate(key, raw) : raw;
    let ep = this.open.get(key) ?? (this.ended.has(key) ? undefined : this.resume(key));
    // An escalation is a new alert at its new level: a repeat would leave the record saying
    // "advisory, warning" for a trigger that went on to roll back, and nothing new to acknowledge.
    if (ep && escalates(ep, severity, trust)) ep = undefined;
    if (ep) {
      ep.count++;
      this.open.set(key, ep);
      await this.record({
        type: "alert.repeated",
        data: { alert: ep.id, count: ep.count, message },
        by: this.by,
      });
      return ep.id;
    }
    const id = `${key}@${new Date(this.now()).toISOString()}${++this.seq > 1 ? `#${this.seq}` : ""}`;
    this.open.set(key, { id, count: 1, severity, ...(trust ? { trust } : {}) });
    await this.record({
      type: "alert.raised",
      data: { alert: id, severity, message, key, ...(trust ? { trust } : {}) },
      by: this.by,
    });
    return id;
  }

  /** The trigger `key` is within bounds again: its episode ends; a new breach raises a new alert. */
  recovered(key: string): void {
    this.open.delete(key);
    this.ended.add(key);
  }

  /** After a reopen: an alert of the same key seen within the last few minutes is still the episode. */
  private resume(key: string): Episode | undefined {
    const a = [...this.recorder.state.alerts].reverse().find((x) => x.key === key);
    if (!a || this.now() - Date.parse(a.lastSeenAt ?? a.at) > 5 * 60_000) return undefined;
    return { id: a.id, count: a.count ?? 1, severity: a.severity, ...(a.trust ? { trust: a.trust } : {}) };
  }

  /**
   * The alert `id` (the cockpit's: the one it drew), or without one the newest unacknowledged alert,
   * acknowledged once; undefined when it is acknowledged already (or there is none). An alert the
   * lead has not seen is never acknowledged in their name by a key pressed for another.
   */
  async acknowledgeNewest(by: string, id?: string): Promise<string | undefined> {
    const a = unacknowledged(this.recorder.state)
      .filter((x) => !this.acking.has(x.id) && (id === undefined || x.id === id))
      .at(-1);
    if (!a) return undefined;
    this.acking.add(a.id);
    try {
      await this.recorder.append("alert.acknowledged", { alert: a.id }, by);
      return a.id;
    } finally {
      this.acking.delete(a.id);
    }
  }

  /**
   * Every unacknowledged alert in one event, or only those of `shown` (the cockpit's: the alerts it
   * drew); the ids acknowledged (empty when none).
   */
  async acknowledgeAll(by: string, shown?: readonly string[]): Promise<string[]> {
    const ids = unacknowledged(this.recorder.state)
      .map((x) => x.id)
      .filter((id) => !this.acking.has(id) && (shown === undefined || shown.includes(id)));
    if (!ids.length) return [];
    for (const id of ids) this.acking.add(id);
    try {
      await this.recorder.append("alert.acknowledged", { alerts: ids }, by);
      return ids;
    } finally {
      for (const id of ids) this.acking.delete(id);
    }
  }

  /**
   * Records what is queued, in order; stops at the first failure (kept for the next try). Flushes
   * run one after another so no record is appended twice.
   */
  flush(): Promise<boolean> {
    const run = this.flushing.then(() => this.drain());
    this.flushing = run.catch(() => false);
    return run;
  }

  private async drain(): Promise<boolean> {
    while (this.queue.length) {
      const r = this.queue[0]!;
      try {
        await this.recorder.append(r.type, r.data as never, r.by);
        this.queue.shift();
        // The disk took it: what failed before is over, and an alert queued after has not failed.
        this.lastError = "";
      } catch (e) {
        this.lastError = (e as Error).message;
        return false;
      }
    }
    return true;
  }

  private async record(r: AlertRecord): Promise<void> {
    this.queue.push(r);
    await this.flush();
  }
}

export function unacknowledged(s: SessionState): SessionState["alerts"] {
  return s.alerts.filter((a) => !a.acknowledged);
}
