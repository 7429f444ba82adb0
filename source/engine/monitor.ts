/**
 * Watches what the deployment does: CloudWatch series for blue, green and the load balancer, health
 * URL probes, the listener (drift). Every observation carries its time; a failed poll leaves the
 * old values marked stale with their age and the failure (never shown as current). Rollback
 * triggers are judged per settled period, once each (triggers.ts); alerts are episodes (alerts.ts);
 * checkpoints anchor to the latest promotion to 100 % (checkpoints.ts). Polls never overlap, back
 * off on failure, and report failures as alert episodes: nothing here throws into a caller.
 */
import type { EnvConfig } from "../domain/config.js";
import type { Observed } from "../domain/gate.js";
import { type ThresholdsInForce, thresholdsInForce } from "../domain/in-force.js";
import { runbookTriggers } from "../domain/matrix-triggers.js";
import {
  type ColorMetrics,
  type ElbMetrics,
  latestMetrics,
  NO_DATA,
  NO_ELB_DATA,
} from "../domain/metrics.js";
import type { Color, EngineClock, ListenerState, MetricsPort, ProbePort } from "../domain/ports.js";
import type { Runbook } from "../domain/runbook.js";
import { type TriggerPolicies, triggerJudged } from "../domain/trust.js";
import { latestElb } from "../domain/window-metrics.js";
import type { AlertBook } from "./alerts.js";
import { captureBaseline, fillCheckpoints } from "./checkpoints.js";
import { type CanaryController, describeAwsError, type Recorder } from "./controller.js";
import { fillStepBlanks } from "./fill-step-blanks.js";
import { type FleetPort, fleetPollMs } from "./fleet.js";
import { FleetCadence, slowEvery } from "./fleet-cadence.js";
import { LISTENER_POLL_MS, observationLimits, PROBE_POLL_MS } from "./limits.js";
import type { MonitorSnapshot } from "./monitor-snapshot.js";
import { recordPeriods } from "./periods.js";
import { PollLoops } from "./poll-loops.js";
import { measureStated } from "./stated.js";
import { TriggerActions } from "./trigger-actions.js";
import { judgeTrafficShare } from "./trigger-share.js";
import { judgePeriod, settledPeriods, youngPeriods } from "./triggers.js";
import { judgeYoungPeriod } from "./young-period.js";

export { type MonitorSnapshot, metricsStaleText, type PollFailure } from "./monitor-snapshot.js";

const HISTORY_MS = 30 * 60_000;

export interface MonitorDeps {
  metrics: MetricsPort;
  probe: ProbePort;
  controller: CanaryController;
  recorder: Recorder;
  clock: EngineClock;
  config: EnvConfig;
  runbook: Runbook;
  /** Read-only viewers: watch and show, never record, never act. */
  observeOnly?: boolean;
  /** Session-clock ms per real ms (a demo at --speed 60 runs 60): scales how old data may get. */
  clockRate?: number;
  /** Targets and tasks per arm (shown only; never a gate input). */
  fleet?: FleetPort;
  /** Trust levels the runbook binds to triggers (below the config's; domain/trust.ts). */
  runbookTriggers?: TriggerPolicies;
}

export class Monitor {
  snapshot: MonitorSnapshot = {
    metricsAt: null,
    blue: { current: NO_DATA, series: [] },
    green: { current: NO_DATA, series: [] },
    loadBalancer: { current: NO_ELB_DATA, series: [] },
    probes: {},
    listenerAt: null,
    errors: [],
    consecutiveBreaches: 0,
    pendingAlerts: [],
  };
  readonly alerts: AlertBook;
  private listeners = new Set<(s: MonitorSnapshot) => void>();
  private running = new Set<string>();
  private failures = new Map<string, number>();
  private readonly loops = new PollLoops((name) => this.running.has(name));
  private offJump: (() => void) | undefined;
  private lastJudged = -1;
  readonly triggers: TriggerActions;
  private readonly fleetCadence: FleetCadence;

  constructor(private d: MonitorDeps) {
    // The runbook's decision matrix sets trigger levels below the config's (domain/matrix-triggers.ts).
    d.runbookTriggers ??= runbookTriggers(d.runbook);
    // One book for the session: the controller's listener alerts are episodes of it too.
    this.alerts = d.controller.alerts;
    this.triggers = new TriggerActions({ ...d, alerts: this.alerts });
    this.snapshot.metricsMaxAgeMs = this.limits.metricsMaxAgeMs;
    this.snapshot.source = d.metrics.source ?? "CloudWatch";
    this.fleetCadence = new FleetCadence(slowEvery(this.fleetMs, d.config.metrics.pollSeconds * 1000));
  }

  subscribe(fn: (s: MonitorSnapshot) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Polls run concurrently and finish in any order: each merges its result into the snapshot as it
   * is when the result arrives, never into a copy taken before it awaited.
   */
  private patch(p: Partial<MonitorSnapshot>) {
    this.snapshot = { ...this.snapshot, ...p };
  }

  private emit() {
    this.patch({ pendingAlerts: this.alerts.pending });
    for (const fn of this.listeners) fn(this.snapshot);
  }

  get periodMs(): number {
    return this.d.config.metrics.periodSeconds * 1000;
  }

  /** A period is judged (and shown as latest) only once it ended this long ago. */
  get settleMs(): number {
    return (this.d.config.metrics.settleSeconds ?? 60) * 1000;
  }

  /** How old each observed input may be before the gate calls it stale (session-clock ms). */
  get limits(): { listenerMaxAgeMs: number; metricsMaxAgeMs: number; healthMaxAgeMs: number } {
    return observationLimits(this.d.config, this.d.clockRate ?? 1);
  }

  /** The snapshot's observations with their times, as the gate takes them. */
  observed(): {
    listener: Observed<ListenerState["weights"]>;
    metrics: { blue: Observed<ColorMetrics>; green: Observed<ColorMetrics>; elb: Observed<ElbMetrics> };
    health: { blue?: Observed<boolean>; green?: Observed<boolean> };
  } {
    const s = this.snapshot;
    const err = (name: string) => {
      const e = s.errors.find((x) => x.source === name);
      return e ? { error: { message: e.message, at: e.since } } : {};
    };
    const health = (c: Color): Observed<boolean> | undefined => {
      if (!this.d.config.health[c]) return undefined;
      const p = s.probes[c];
      return { value: p ? p.ok : null, at: p?.at ?? null, ...err("probes") };
    };
    return {
      listener: { value: s.listener?.weights ?? null, at: s.listenerAt, ...err("listener") },
      metrics: {
        blue: { value: s.blue.current, at: s.metricsAt, ...err("metrics") },
        green: { value: s.green.current, at: s.metricsAt, ...err("metrics") },
        elb: { value: s.loadBalancer.current, at: s.metricsAt, ...err("metrics") },
      },
      health: { blue: health("blue"), green: health("green") },
    };
  }

  /** Age of the metrics on screen when the last poll failed (or they are older than allowed). */
  metricsStaleFor(now = this.d.clock.now()): number | null {
    const at = this.snapshot.metricsAt;
    const failing = this.snapshot.errors.some((e) => e.source === "metrics");
    if (at === null) return failing ? Number.POSITIVE_INFINITY : null;
    const age = now - at;
    return failing || age > this.limits.metricsMaxAgeMs ? age : null;
  }

  /** The thresholds in force (domain/in-force.ts): the same everywhere golive shows them. */
  get thresholds(): ThresholdsInForce {
    return thresholdsInForce(this.d.runbook.thresholds, this.d.config.thresholds);
  }

  /** Runs `fn` unless the same poll is still running; on failure backs off and records it. */
  private async guarded(name: string, fn: () => Promise<void>): Promise<boolean> {
    if (this.running.has(name)) return false;
    this.running.add(name);
    try {
      // Alerts the session could not take earlier go first, in order.
      if (!this.d.observeOnly) await this.alerts.flush();
      await fn();
      this.failures.set(name, 0);
      this.patch({ errors: this.snapshot.errors.filter((e) => e.source !== name) });
      if (!this.d.observeOnly) this.alerts.recovered(`poll:${name}`);
      return true;
    } catch (e) {
      const n = (this.failures.get(name) ?? 0) + 1;
      this.failures.set(name, n);
      // The error's name says what to do (ExpiredToken → new credentials; Throttling → wait).
      const message = describeAwsError(e);
      const now = this.d.clock.now();
      const before = this.snapshot.errors.find((x) => x.source === name);
      this.patch({
        errors: [
          ...this.snapshot.errors.filter((x) => x.source !== name),
          { source: name, message, since: before?.since ?? now, at: now, count: (before?.count ?? 0) + 1 },
        ],
      });
      // One warning per run of failures; repeats only move its count.
      // The metric source's silence is a trigger (metrics-silent, which a runbook's "monitoring
      // issues" row may bind); the other polls' failures stay warnings.
      if (!this.d.observeOnly) {
        if (name === "metrics")
          await this.d.controller.fireTrigger(
            "metrics-silent",
            "poll:metrics",
            `metrics failing: ${message}`,
          );
        else
          await this.alerts
            .breached(`poll:${name}`, "warning", `${name} failing: ${message}`)
            .catch(() => {});
      }
      this.emit();
      return false;
    } finally {
      this.running.delete(name);
      this.loops.ended(name);
    }
  }

  /** The next delay for a poll: its interval, doubled per consecutive failure, at most 5 minutes. */
  delayFor(name: string, baseMs: number): number {
    return Math.min(baseMs * 2 ** (this.failures.get(name) ?? 0), 300_000);
  }

  async pollMetrics(): Promise<boolean> {
    return this.guarded("metrics", async () => {
      const now = this.d.clock.now();
      const series = await this.d.metrics.series(now - HISTORY_MS, now, this.d.config.metrics.periodSeconds);
      const o = {
        asOf: now,
        periodMs: this.periodMs,
        settleMs: this.settleMs,
        maxAgeMs: this.limits.metricsMaxAgeMs,
      };
      const lb = series.loadBalancer ?? [];
      this.patch({
        metricsAt: now,
        blue: { current: latestMetrics(series.blue, o), series: series.blue },
        green: { current: latestMetrics(series.green, o), series: series.green },
        loadBalancer: { current: latestElb(lb, o), series: lb },
      });
      const at = { now, periodMs: this.periodMs, settleMs: this.settleMs };
      const percentiles = await measureStated({ ...this.d, alerts: this.alerts }, at);
      if (percentiles) this.patch({ percentiles });
      if (!this.d.observeOnly) {
        await this.evaluateTriggers(now);
        // A period the session cannot take now stays pending: CloudWatch still has it next poll.
        await recordPeriods({ ...this.d, alerts: this.alerts }, series, at, percentiles).catch(() => 0);
        // Over the dwell's recorded periods: did green receive the share the listener says?
        await judgeTrafficShare({ ...this.d, alerts: this.alerts }).catch(() => null);
        await this.fillCheckpoints();
        await fillStepBlanks(this.d);
      }
      this.emit();
    });
  }

  async pollProbes(): Promise<boolean> {
    return this.guarded("probes", async () => {
      const h = this.d.config.health;
      const results = await Promise.all(
        (["blue", "green"] as const)
          .filter((c) => h[c])
          .map(async (c) => [c, await this.d.probe.probe(h[c]!, h.timeoutMs)] as const),
      );
      for (const [color, r] of results) {
        this.patch({ probes: { ...this.snapshot.probes, [color]: { ...r, at: this.d.clock.now() } } });
        if (this.d.observeOnly) continue;
        const serving = (this.d.recorder.state.weights?.[color] ?? (color === "blue" ? 100 : 0)) > 0;
        const key = `probe:${color}`;
        if (!r.ok && serving)
          await this.d.controller.fireTrigger(
            "health-probe",
            key,
            `${color} health check failing: ${r.url} → ${r.status ?? r.error}`,
            color === "green",
          );
        else if (r.ok) this.alerts.recovered(key);
      }
      this.emit();
    });
  }

  async pollListener(): Promise<boolean> {
    return this.guarded("listener", async () => {
      const from = this.d.clock.now();
      const listener = await this.d.controller.observe("golive", !this.d.observeOnly);
      this.patch({ listener, listenerAt: this.d.clock.now(), listenerReadFrom: from });
      this.emit();
    });
  }

  /** Targets by state and task counts: a scale-down shows its drain as it happens. */
  async pollFleet(): Promise<boolean> {
    const port = this.d.fleet;
    if (!port) return true;
    const seq = this.d.recorder.state.lastSeq;
    let fleet: MonitorSnapshot["fleet"];
    const ok = await this.guarded("fleet", async () => {
      fleet = await port.read();
      this.patch({ fleet, fleetAt: this.d.clock.now() });
      this.emit();
    });
    this.fleetCadence.done(ok ? fleet : undefined, seq);
    return ok;
  }

  private get fleetMs(): number {
    return fleetPollMs(this.d.config.metrics.pollSeconds, this.d.clockRate);
  }

  /** The fleet poll's tick: reads at the metrics' cadence at rest, every tick while anything moves. */
  async fleetTick(): Promise<boolean> {
    const moves = { busy: this.d.controller.busy, seq: this.d.recorder.state.lastSeq };
    return this.fleetCadence.due(moves) ? this.pollFleet() : true;
  }

  /** Rollback triggers on every settled period not yet judged, oldest first, each once. */
  private async evaluateTriggers(now: number) {
    const s = this.snapshot;
    const data = { green: s.green.series, loadBalancer: s.loadBalancer.series };
    const periods = settledPeriods(data, now, this.lastJudged, {
      periodMs: this.periodMs,
      settleMs: this.settleMs,
      maxAgeMs: this.limits.metricsMaxAgeMs + this.periodMs,
    });
    for (const t of periods) {
      this.lastJudged = t;
      const elevated = triggerJudged("error-rate-elevated", this.d.config, this.d.runbookTriggers);
      const go = elevated ? this.thresholds.go.errorRate : undefined;
      const v = judgePeriod(t, data, this.thresholds.rollback, this.periodMs, go);
      // A breach proven while the period was young stands, whatever the settled numbers say.
      const early = this.triggers.earlyKeys(t);
      const breached = new Set([...v.findings.map((f) => f.key), ...early]);
      for (const key of v.judged) if (!breached.has(key)) this.alerts.recovered(key);
      if (!v.judged.length && !early.size) continue;
      if (!early.size)
        this.patch({ consecutiveBreaches: v.findings.length ? this.snapshot.consecutiveBreaches + 1 : 0 });
      // What each fired trigger does is its trust level's (trigger-actions.ts).
      await this.triggers.onPeriod(v);
    }
    // Then what CloudWatch already shows of the periods still settling: breaches only, proven.
    for (const t of youngPeriods(data, now, this.lastJudged, {
      periodMs: this.periodMs,
      settleMs: this.settleMs,
    })) {
      const v = judgeYoungPeriod(t, data, this.thresholds.rollback, this.periodMs);
      if (v.findings.length && (await this.triggers.onEarly(v)))
        this.patch({ consecutiveBreaches: this.snapshot.consecutiveBreaches + 1 });
    }
  }

  /** T+15/30/45/60 of the current attempt (see checkpoints.ts). */
  fillCheckpoints(): Promise<number> {
    return fillCheckpoints(this.d, this.thresholds.go);
  }

  /** The pre-flight baseline: the serving arm's last 15 minutes into the runbook's baseline blanks. */
  captureBaseline(by: string): Promise<ColorMetrics> {
    return captureBaseline(this.d, by);
  }

  /**
   * Polls each input on its timer; when the session clock jumps (a moved sandbox clock), every poll
   * at once instead (poll-loops.ts).
   */
  start(): void {
    const loop = (name: string, baseMs: number, tick: () => Promise<unknown>, now?: () => Promise<unknown>) =>
      this.loops.add({ name, delay: () => this.delayFor(name, baseMs), tick, now });
    // A rehearsal at N× moves N× as fast: the listener and the probes are read N× as often (at most
    // every real second), as the metrics are (pollAtSpeed); at 5 real seconds a drift or a crash in a
    // demo at 15× was seen 75 sandbox seconds late, at 600× 50 sandbox minutes late.
    const atRate = (ms: number) => Math.min(ms, Math.max(1000, ms / (this.d.clockRate ?? 1)));
    loop("listener", atRate(LISTENER_POLL_MS), () => this.pollListener());
    loop("probes", atRate(PROBE_POLL_MS), () => this.pollProbes());
    if (this.d.fleet)
      loop(
        "fleet",
        this.fleetMs,
        () => this.fleetTick(),
        () => this.pollFleet(),
      );
    loop("metrics", this.d.config.metrics.pollSeconds * 1000, () => this.pollMetrics());
    this.offJump = this.d.clock.onJump?.(() => this.pollNow());
  }

  /** Every poll now (a jump of the session clock made every observation old at once). */
  pollNow(): void {
    this.loops.all();
  }

  stop(): void {
    this.offJump?.();
    this.loops.stop();
  }
}
