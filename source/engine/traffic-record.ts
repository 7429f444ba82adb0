/**
 * How the traffic controller records what it did: to the session, or — when the session cannot take
 * it (disk full, read-only, another holder) — to the fallback file, so nothing AWS did is unrecorded.
 * A promote's records are not optional (a promote that cannot be recorded does not happen); a
 * rollback's never stop it.
 */
import type { EventMap, EventType, SessionEvent, SessionState, ShiftKind } from "../domain/events.js";
import type { EngineClock } from "../domain/ports.js";

/** What the controller needs of the session: append and current state (the store, or a fake). */
export interface Recorder {
  append<T extends EventType>(type: T, data: EventMap[T], by: string): Promise<SessionEvent>;
  readonly state: SessionState;
}

export type Fallback = (event: { type: string; data: unknown; by: string; at: string }) => Promise<string>;

export class TrafficRecords {
  constructor(private d: { recorder: Recorder; clock: EngineClock; fallback?: Fallback }) {}

  get state(): SessionState {
    return this.d.recorder.state;
  }

  append<T extends EventType>(type: T, data: EventMap[T], by: string): Promise<SessionEvent> {
    return this.d.recorder.append(type, data, by);
  }

  /** For a promote a failure throws; for a rollback it goes to the fallback file (returned). */
  async orFallback<T extends EventType>(
    type: T,
    data: EventMap[T],
    by: string,
    kind: ShiftKind | "scale-blue",
  ): Promise<string | undefined> {
    try {
      await this.d.recorder.append(type, data, by);
      return undefined;
    } catch (e) {
      if (kind === "promote") throw e;
      return this.fallback(type, { ...data, recordError: (e as Error).message }, by);
    }
  }

  async fallback(type: string, data: unknown, by: string): Promise<string> {
    const event = { type, data, by, at: new Date(this.d.clock.now()).toISOString() };
    if (!this.d.fallback) throw new Error(`could not record ${type} and no fallback location is configured`);
    return this.d.fallback(event);
  }

  /** Engine side effects: a failure to record them never undoes what AWS already did. */
  async record<T extends EventType>(type: T, data: EventMap[T], by: string): Promise<void> {
    try {
      await this.d.recorder.append(type, data, by);
    } catch (e) {
      await this.fallback(type, { ...data, recordError: (e as Error).message }, by).catch(() => {});
    }
  }
}

export function describeAwsError(e: unknown): string {
  const err = e as Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; code?: string };
  const status = err.$metadata?.httpStatusCode;
  const attempts = err.$metadata?.attempts;
  if (err.code === "ECONNREFUSED") return `connection refused (${err.message})`;
  const base = `${err.name ?? "Error"}: ${err.message}`;
  return `${base}${status ? ` (HTTP ${status}` : ""}${status && attempts ? `, ${attempts} attempts)` : status ? ")" : ""}`;
}

export function attemptsOf(e: unknown): number {
  return (e as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
}
