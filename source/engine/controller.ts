/**
 * The canary controller: the only code that changes the listener. A step is recorded as done only
 * after DescribeListeners shows the new weights. Rollback is never gated and never waits for
 * anything else; if recording it fails (disk), it still happens and is written to a fallback file.
 */
import { ROLLBACK_WEIGHTS, sameWeights, weightsForStep } from "../domain/canary.js";
import type { EnvConfig } from "../domain/config.js";
import type { EventMap, EventType, SessionEvent, ShiftKind, Weights } from "../domain/events.js";
import type {
  Color,
  EngineClock,
  HealthPort,
  ListenerState,
  ProbePort,
  TrafficPort,
} from "../domain/ports.js";
import type { Runbook } from "../domain/runbook.js";
import { fieldByLabel, ROLLBACK_FIELDS, rollbackConfirmedItem, stepItem } from "./bindings.js";

/** What the controller needs of the session: append and current state (the store, or a fake). */
export interface Recorder {
  append<T extends EventType>(type: T, data: EventMap[T], by: string): Promise<SessionEvent>;
  readonly state: import("../domain/events.js").SessionState;
}

export interface ShiftResult {
  ok: boolean;
  kind: ShiftKind;
  to: Weights;
  weights?: Weights;
  tookMs: number;
  attempts: number;
  error?: string;
  manualCommand?: string;
  /** Set when the session could not record the action; it was written here instead. */
  fallbackFile?: string;
}

export interface ControllerDeps {
  traffic: TrafficPort;
  health: HealthPort;
  probe: ProbePort;
  recorder: Recorder;
  clock: EngineClock;
  config: EnvConfig;
  runbook: Runbook;
  /** Writes an event the session could not take (disk full, read-only); returns where. */
  fallback?: (event: { type: string; data: unknown; by: string; at: string }) => Promise<string>;
}

export class CanaryController {
  /** Bumped by every rollback: an in-flight promotion sees it and stops claiming anything. */
  private generation = 0;
  private inFlight?: Promise<ShiftResult>;
  /** The listener as last read: a rollback takes its stickiness from here instead of reading first. */
  private lastSeen?: ListenerState;
  private lastSeenAt = 0;

  constructor(private d: ControllerDeps) {}

  private remember(l: ListenerState): ListenerState {
    this.lastSeen = l;
    this.lastSeenAt = performance.now();
    return l;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Reads the listener and records drift when it differs from what the session believes. */
  async observe(by = "golive"): Promise<ListenerState> {
    const actual = this.remember(await this.d.traffic.read());
    const s = this.d.recorder.state;
    if (!this.inFlight && !s.shift && !sameWeights(s.weights, actual.weights)) {
      if (s.weights === null) {
        // First sight of the listener: not drift, just what AWS says now.
        await this.record("drift.detected", { expected: null, actual: actual.weights }, by);
      } else {
        await this.record("drift.detected", { expected: s.weights, actual: actual.weights }, by);
        await this.record(
          "alert.raised",
          {
            alert: `drift-${Date.now().toString(36)}`,
            severity: "critical",
            message: `listener changed outside golive: blue ${s.weights.blue} / green ${s.weights.green} → blue ${actual.weights.blue} / green ${actual.weights.green}`,
          },
          by,
        );
      }
    }
    return actual;
  }

  async promote(o: {
    greenPercent: number;
    by: string;
    override?: string;
    step?: number;
  }): Promise<ShiftResult> {
    if (this.inFlight) throw new Error("another traffic change is in flight");
    const to = weightsForStep(o.greenPercent);
    const gen = this.generation;
    const run = this.shift("promote", to, o.by, o.override, gen);
    this.inFlight = run;
    try {
      const r = await run;
      if (r.ok) {
        const item = stepItem(this.d.runbook, o.greenPercent);
        if (item) {
          await this.record(
            "item.checked",
            {
              item: item.id,
              evidence: `AWS confirmed blue ${r.weights!.blue} / green ${r.weights!.green} in ${(r.tookMs / 1000).toFixed(1)} s`,
            },
            o.by,
          );
        }
      }
      return r;
    } finally {
      this.inFlight = undefined;
    }
  }

  /**
   * 100 % blue, read back, then blue's target health and health URL. Safe to repeat. It does not
   * wait for an in-flight promotion: it supersedes it.
   */
  async rollback(o: {
    by: string;
    reason: string;
    kind?: "rollback" | "auto-rollback";
  }): Promise<ShiftResult> {
    this.generation++;
    const kind = o.kind ?? "rollback";
    const r = await this.shift(kind, ROLLBACK_WEIGHTS, o.by, o.reason, this.generation);
    if (!r.ok) return r;
    const s = this.d.recorder.state;
    const rb = this.d.runbook;
    const fill = async (re: RegExp, value: string) => {
      const f = fieldByLabel(rb, re);
      if (f) await this.record("field.recorded", { field: f.id, value, source: "engine" }, o.by);
    };
    await fill(ROLLBACK_FIELDS.decidedBy, o.by);
    if (s.rollback?.startedAt) await fill(ROLLBACK_FIELDS.initiatedAt, s.rollback.startedAt);
    await fill(ROLLBACK_FIELDS.completedAt, new Date(this.d.clock.now()).toISOString());
    const v = await this.verifyBlue();
    await this.record("rollback.verified", v, o.by);
    const stable = fieldByLabel(rb, ROLLBACK_FIELDS.stable);
    if (stable?.options)
      await this.record(
        "field.recorded",
        {
          field: stable.id,
          value: v.blueHealthy ? stable.options[0]! : (stable.options[1] ?? stable.options[0]!),
          source: "engine",
        },
        o.by,
      );
    const item = rollbackConfirmedItem(rb);
    if (item && v.blueHealthy)
      await this.record(
        "item.checked",
        { item: item.id, evidence: `AWS confirmed blue 100 / green 0; ${v.detail}` },
        o.by,
      );
    return { ...r, fallbackFile: r.fallbackFile };
  }

  private async verifyBlue(): Promise<EventMap["rollback.verified"]> {
    const parts: string[] = [];
    let targetsOk = false;
    try {
      const t = await this.d.health.targets("blue" as Color);
      targetsOk = t.total > 0 && t.healthy === t.total;
      parts.push(`blue targets ${t.healthy}/${t.total} healthy`);
    } catch (e) {
      parts.push(`blue target health unknown (${(e as Error).message})`);
    }
    let healthUrl: EventMap["rollback.verified"]["healthUrl"];
    const url = this.d.config.health.blue;
    if (url) {
      const p = await this.d.probe.probe(url, this.d.config.health.timeoutMs);
      healthUrl = { url, status: p.status, ok: p.ok };
      parts.push(`${url} → ${p.status ?? p.error}`);
    }
    return { blueHealthy: targetsOk && (healthUrl?.ok ?? true), healthUrl, detail: parts.join("; ") };
  }

  private async shift(
    kind: ShiftKind,
    to: Weights,
    by: string,
    reason: string | undefined,
    gen: number,
  ): Promise<ShiftResult> {
    const started = performance.now();
    const from = this.d.recorder.state.weights ?? undefined;
    const step = kind === "promote" ? to.green : undefined;
    let fallbackFile: string | undefined;
    const requested = { kind, from, to, step, override: reason };
    // A promotion that cannot be recorded does not happen: its request is on disk before AWS hears of
    // it. A rollback never waits for the disk: ModifyListener goes out at once and the request is
    // recorded meanwhile (appends are queued, so it still precedes the confirmation in the log).
    const recording = this.d.recorder.append("traffic.shift.requested", requested, by);
    if (kind === "promote") await recording;
    else
      recording.catch(() => {
        // reported below, once the call is on the wire
      });
    const manualCommand = this.d.traffic.manualCommand(to);
    let attempts = 0;
    let stickiness: ListenerState["stickiness"];
    // The gate read the listener a moment ago (Engine.promote); a rollback must not wait on a
    // (possibly throttled) read at all. Reading first only preserves stickiness.
    if (this.lastSeen && (kind !== "promote" || performance.now() - this.lastSeenAt < 2000)) {
      stickiness = this.lastSeen.stickiness;
    } else {
      try {
        stickiness = this.remember(await this.d.traffic.read()).stickiness;
        attempts++;
      } catch {
        // A rollback goes ahead without it.
      }
    }
    let lastError = "";
    const tries = kind === "promote" ? 1 : 3;
    let written = false;
    for (let i = 0; i < tries && !written; i++) {
      try {
        const w = await this.d.traffic.write(to, stickiness);
        attempts += w.attempts;
        written = true;
      } catch (e) {
        attempts += (e as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        lastError = describeAwsError(e);
        if (i + 1 < tries) await this.d.clock.sleep(1000 * 2 ** i);
      }
    }
    if (kind !== "promote") {
      try {
        await recording;
      } catch (e) {
        fallbackFile = await this.fallback(
          "traffic.shift.requested",
          { ...requested, recordError: (e as Error).message },
          by,
        );
      }
    }
    if (!written)
      return this.failed(
        kind,
        to,
        by,
        `ModifyListener failed: ${lastError}`,
        manualCommand,
        started,
        attempts,
        fallbackFile,
      );
    // Eventually consistent: only DescribeListeners showing the new weights counts as done.
    const deadline = performance.now() + this.d.config.canary.verifyTimeoutSeconds * 1000;
    let seen: Weights | undefined;
    let delay = 250;
    while (performance.now() < deadline) {
      if (kind === "promote" && gen !== this.generation) {
        return this.failed(
          kind,
          to,
          by,
          "superseded by a rollback before AWS confirmed it",
          manualCommand,
          started,
          attempts,
          fallbackFile,
        );
      }
      try {
        const r = this.remember(await this.d.traffic.read());
        attempts++;
        seen = r.weights;
        if (sameWeights(r.weights, to)) {
          const tookMs = performance.now() - started;
          const rec = await this.recordOrFallback(
            "traffic.shift.confirmed",
            { kind, weights: r.weights, tookMs, attempts },
            by,
            kind,
          );
          return {
            ok: true,
            kind,
            to,
            weights: r.weights,
            tookMs,
            attempts,
            fallbackFile: fallbackFile ?? rec,
          };
        }
      } catch (e) {
        lastError = describeAwsError(e);
      }
      await this.d.clock.sleep(delay);
      delay = Math.min(delay * 1.5, 2000);
    }
    const why = seen
      ? `AWS still shows blue ${seen.blue} / green ${seen.green} after ${this.d.config.canary.verifyTimeoutSeconds} s`
      : `could not read the listener back: ${lastError}`;
    return this.failed(kind, to, by, why, manualCommand, started, attempts, fallbackFile);
  }

  private async failed(
    kind: ShiftKind,
    to: Weights,
    by: string,
    error: string,
    manualCommand: string,
    started: number,
    attempts: number,
    fallbackFile?: string,
  ): Promise<ShiftResult> {
    const rec = await this.recordOrFallback(
      "traffic.shift.failed",
      { kind, to, error, manualCommand },
      by,
      kind,
    );
    return {
      ok: false,
      kind,
      to,
      tookMs: performance.now() - started,
      attempts,
      error,
      manualCommand,
      fallbackFile: fallbackFile ?? rec,
    };
  }

  private async recordOrFallback<T extends EventType>(
    type: T,
    data: EventMap[T],
    by: string,
    kind: ShiftKind,
  ): Promise<string | undefined> {
    try {
      await this.d.recorder.append(type, data, by);
      return undefined;
    } catch (e) {
      if (kind === "promote") throw e;
      return this.fallback(type, { ...data, recordError: (e as Error).message }, by);
    }
  }

  private async fallback(type: string, data: unknown, by: string): Promise<string> {
    const event = { type, data, by, at: new Date(this.d.clock.now()).toISOString() };
    if (!this.d.fallback) throw new Error(`could not record ${type} and no fallback location is configured`);
    return this.d.fallback(event);
  }

  /** Records engine side effects; a failure to record them never undoes what AWS already did. */
  private async record<T extends EventType>(type: T, data: EventMap[T], by: string): Promise<void> {
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
