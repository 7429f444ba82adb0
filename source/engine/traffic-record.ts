/**
 * How the traffic controller records what it did: to the session, or — when the session cannot take
 * it (disk full, read-only, another holder) — to the fallback file, so nothing AWS did is unrecorded.
 * A promote's records are not optional (a promote that cannot be recorded does not happen); a
 * rollback's never stop it.
 */
import type { EnvConfig } from "../domain/config.js";
import type { EventMap, EventType, SessionEvent, SessionState, ShiftKind } from "../domain/events.js";
import type { Color, EngineClock, HealthPort, ProbePort, TrafficPort } from "../domain/ports.js";

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

/** After a rollback: blue's target health and its health URL. */
export async function verifyBlue(d: {
  health: HealthPort;
  probe: ProbePort;
  config: EnvConfig;
}): Promise<EventMap["rollback.verified"]> {
  const parts: string[] = [];
  let targetsOk = false;
  try {
    const t = await d.health.targets("blue" as Color);
    targetsOk = t.total > 0 && t.healthy === t.total;
    parts.push(`blue targets ${t.healthy}/${t.total} healthy`);
  } catch (e) {
    parts.push(`blue target health unknown (${(e as Error).message})`);
  }
  let healthUrl: EventMap["rollback.verified"]["healthUrl"];
  const url = d.config.health.blue;
  if (url) {
    const p = await d.probe.probe(url, d.config.health.timeoutMs);
    healthUrl = { url, status: p.status, ok: p.ok };
    parts.push(`${url} → ${p.status ?? p.error}`);
  }
  return { blueHealthy: targetsOk && (healthUrl?.ok ?? true), healthUrl, detail: parts.join("; ") };
}

/** "AWS still shows …", and what the controller in between says about it when there is one. */
export async function notShown(
  traffic: TrafficPort,
  seen: { blue: number; green: number },
  timeoutSeconds: number,
  since: number,
): Promise<string> {
  const base = `AWS still shows blue ${seen.blue} / green ${seen.green} after ${timeoutSeconds} s`;
  if (!traffic.lag) return base;
  const why = await traffic.lag(since).catch((e: Error) => `the controller could not be asked: ${e.message}`);
  return `${base}: ${why}`;
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
