/**
 * Watches what the deployment does: CloudWatch series for blue and green, health URL probes, the
 * listener (drift). Raises alerts on rollback triggers, rolls back on its own when the policy says
 * so, and fills the T+15/30/45/60 table. Polls never overlap, back off on failure, and report
 * failures as state and alerts: nothing here throws into a caller.
 */
import { type ColorMetrics, latestMetrics, NO_DATA, windowMetrics } from "../domain/canary.js";
import type { EnvConfig } from "../domain/config.js";
import type {
  Color,
  EngineClock,
  ListenerState,
  MetricsPort,
  PeriodPoint,
  ProbePort,
  ProbeResult,
} from "../domain/ports.js";
import { breaches, effectiveThresholds, type Runbook } from "../domain/runbook.js";
import { baselineFields } from "./bindings.js";
import type { CanaryController, Recorder } from "./controller.js";

export interface MonitorSnapshot {
  metricsAt: number | null;
  blue: { current: ColorMetrics; series: PeriodPoint[] };
  green: { current: ColorMetrics; series: PeriodPoint[] };
  probes: Partial<Record<Color, ProbeResult>>;
  listener?: ListenerState;
  errors: { source: string; message: string; at: number }[];
  consecutiveBreaches: number;
}

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
}

/** How long a checkpoint waits for CloudWatch to publish its window's last minute. */
const CHECKPOINT_GRACE_MS = 10 * 60_000;

export class Monitor {
  snapshot: MonitorSnapshot = {
    metricsAt: null,
    blue: { current: NO_DATA, series: [] },
    green: { current: NO_DATA, series: [] },
    probes: {},
    errors: [],
    consecutiveBreaches: 0,
  };
  private listeners = new Set<(s: MonitorSnapshot) => void>();
  private running = new Set<string>();
  private failures = new Map<string, number>();
  private timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private lastEvaluated = -1;
  private alerted = new Set<string>();

  constructor(private d: MonitorDeps) {}

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
    for (const fn of this.listeners) fn(this.snapshot);
  }

  get thresholds() {
    const th = effectiveThresholds(this.d.runbook.thresholds);
    const o = this.d.config.thresholds;
    const with_ = (t: typeof th.go.errorRate, v: number | undefined) =>
      v === undefined
        ? t
        : { ...t, value: v, source: "runbook" as const, text: `${t.metric} ${t.op} ${v} (config)` };
    return {
      go: {
        errorRate: with_(th.go.errorRate, o?.go?.errorRatePercent),
        latencyP95: with_(th.go.latencyP95, o?.go?.latencyP95Ms),
      },
      rollback: {
        errorRate: with_(th.rollback.errorRate, o?.rollback?.errorRatePercent),
        latencyP95: with_(th.rollback.latencyP95, o?.rollback?.latencyP95Ms),
      },
    };
  }

  /** Runs `fn` unless the same poll is still running; on failure backs off and records it. */
  private async guarded(name: string, fn: () => Promise<void>): Promise<boolean> {
    if (this.running.has(name)) return false;
    this.running.add(name);
    try {
      await fn();
      this.failures.set(name, 0);
      this.patch({ errors: this.snapshot.errors.filter((e) => e.source !== name) });
      return true;
    } catch (e) {
      const n = (this.failures.get(name) ?? 0) + 1;
      this.failures.set(name, n);
      const message = (e as Error).message;
      this.patch({
        errors: [
          ...this.snapshot.errors.filter((x) => x.source !== name),
          { source: name, message, at: this.d.clock.now() },
        ],
      });
      if (n === 3)
        await this.alert(
          `poll-${name}-${this.d.clock.now()}`,
          "warning",
          `${name} failing (${n} times): ${message}`,
        );
      this.emit();
      return false;
    } finally {
      this.running.delete(name);
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
      // A period is published once it ends; allow for that plus a poll of lag before calling it stale.
      const fresh = 3 * this.d.config.metrics.periodSeconds * 1000;
      this.patch({
        metricsAt: now,
        blue: { current: latestMetrics(series.blue, now, fresh), series: series.blue },
        green: { current: latestMetrics(series.green, now, fresh), series: series.green },
      });
      if (!this.d.observeOnly) {
        await this.evaluateTriggers();
        await this.fillCheckpoints();
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
        const before = this.snapshot.probes[color];
        this.patch({ probes: { ...this.snapshot.probes, [color]: r } });
        const serving = (this.d.recorder.state.weights?.[color] ?? (color === "blue" ? 100 : 0)) > 0;
        if (before?.ok !== false && !r.ok && serving && !this.d.observeOnly) {
          await this.alert(
            `probe-${color}-${this.d.clock.now()}`,
            "critical",
            `${color} health check failing: ${r.url} → ${r.status ?? r.error}`,
          );
        }
      }
      this.emit();
    });
  }

  async pollListener(): Promise<boolean> {
    return this.guarded("listener", async () => {
      const listener = await this.d.controller.observe();
      this.patch({ listener });
      this.emit();
    });
  }

  private async alert(id: string, severity: "warning" | "critical", message: string) {
    if (this.alerted.has(id)) return;
    this.alerted.add(id);
    try {
      await this.d.recorder.append("alert.raised", { alert: id, severity, message }, "golive");
    } catch {
      // The alert still shows on screen through the snapshot; the store reports its own failure.
    }
  }

  /** Rollback triggers on green's latest complete period, once per period. */
  private async evaluateTriggers() {
    const g = this.snapshot.green.current;
    if (g.periodStart === null || g.periodStart <= this.lastEvaluated) return;
    this.lastEvaluated = g.periodStart;
    const th = this.thresholds.rollback;
    const found: string[] = [];
    if (g.errorRate !== null && breaches(th.errorRate, g.errorRate))
      found.push(`green error rate ${g.errorRate.toFixed(2)} % ${th.errorRate.op} ${th.errorRate.value} %`);
    if (g.latencyP95 !== null && breaches(th.latencyP95, g.latencyP95))
      found.push(`green p95 ${g.latencyP95.toFixed(0)} ms ${th.latencyP95.op} ${th.latencyP95.value} ms`);
    if (!found.length) {
      this.patch({ consecutiveBreaches: 0 });
      return;
    }
    this.patch({ consecutiveBreaches: this.snapshot.consecutiveBreaches + 1 });
    const at = new Date(g.periodStart).toISOString().slice(11, 16);
    await this.alert(
      `trigger-${g.periodStart}`,
      "critical",
      `ROLLBACK TRIGGER (${at} period): ${found.join("; ")}`,
    );
    const policy = this.d.config.autoRollback;
    const s = this.d.recorder.state;
    if (
      policy.enabled &&
      this.snapshot.consecutiveBreaches >= policy.consecutiveBreaches &&
      (s.weights?.green ?? 0) > 0
    ) {
      await this.d.controller.rollback({
        by: "golive (auto-rollback)",
        kind: "auto-rollback",
        reason: `auto-rollback after ${this.snapshot.consecutiveBreaches} consecutive breaching periods: ${found.join("; ")}`,
      });
    }
  }

  /** T+15/30/45/60: each due checkpoint not yet recorded is filled from CloudWatch, late ones too. */
  async fillCheckpoints(): Promise<number> {
    const s = this.d.recorder.state;
    const table = this.d.runbook.tables.find((t) => t.checkpoints);
    const offsets = this.d.config.checkpoints.offsetsMinutes ??
      table?.checkpoints?.map((c) => c.offsetMinutes) ?? [15, 30, 45, 60];
    const anchorIso = this.d.config.checkpoints.anchor === "t0" ? new Date(s.t0).toISOString() : s.liveAt;
    if (!anchorIso || s.rollback?.completedAt) return 0;
    const anchor = Date.parse(anchorIso);
    const now = this.d.clock.now();
    const period = this.d.config.metrics.periodSeconds * 1000;
    let filled = 0;
    let prev = anchor;
    for (const off of [...offsets].sort((a, b) => a - b)) {
      const due = anchor + off * 60_000;
      const from = prev;
      prev = due;
      // Wait one period past due so the last minute of the window is published.
      if (s.checkpoints[off] || now < due + period) continue;
      const series = await this.d.metrics.series(from, due, this.d.config.metrics.periodSeconds);
      // The window's last minute not yet published by CloudWatch (or this machine's clock runs ahead of
      // AWS's): wait rather than record a partial window for good; after a grace period, an empty
      // window is what it is.
      const published = [...series.green, ...series.blue].some((p) => p.t >= due - period && p.requests > 0);
      if (!published && now < due + CHECKPOINT_GRACE_MS) continue;
      const m = windowMetrics(series.green);
      const go = this.thresholds.go;
      const status: "OK" | "Issue" | "no data" =
        m.errorRate === null
          ? "no data"
          : breaches(go.errorRate, m.errorRate) ||
              (m.latencyP95 !== null && breaches(go.latencyP95, m.latencyP95))
            ? "Issue"
            : "OK";
      const late = now > due + 5 * 60_000;
      await this.d.recorder.append(
        "checkpoint.recorded",
        { offsetMinutes: off, errorRate: m.errorRate, latencyP95: m.latencyP95, status, late },
        "golive",
      );
      const row = table?.checkpoints?.find((c) => c.offsetMinutes === off);
      if (row) {
        const rec = async (field: string | undefined, value: string | undefined) => {
          if (field && value !== undefined)
            await this.d.recorder.append("field.recorded", { field, value, source: "metrics" }, "golive");
        };
        await rec(row.fields.errorRate, m.errorRate?.toFixed(2));
        await rec(row.fields.latencyP95, m.latencyP95?.toFixed(0));
        const statusField = this.d.runbook.fields.find((f) => f.id === row.fields.status);
        const option = statusField?.options?.find((o) =>
          (status === "OK" ? /^(ok|pass)/i : /^(issue|fail)/i).test(o),
        );
        if (status !== "no data") await rec(row.fields.status, option);
        await rec(
          row.fields.notes,
          late
            ? `filled late from CloudWatch history (${new Date(now).toISOString().slice(11, 16)}Z)`
            : status === "no data"
              ? "no datapoints in window"
              : undefined,
        );
      }
      filled++;
    }
    return filled;
  }

  /** The pre-flight baseline: blue's last 15 minutes into the runbook's baseline blanks. */
  async captureBaseline(by: string): Promise<ColorMetrics> {
    const now = this.d.clock.now();
    const series = await this.d.metrics.series(now - 15 * 60_000, now, this.d.config.metrics.periodSeconds);
    const serving = (this.d.recorder.state.weights?.green ?? 0) === 100 ? series.green : series.blue;
    const m = windowMetrics(serving);
    const b = baselineFields(this.d.runbook);
    const rec = async (field: { id: string } | undefined, value: string | undefined) => {
      if (field && value !== undefined)
        await this.d.recorder.append("field.recorded", { field: field.id, value, source: "metrics" }, by);
    };
    await rec(b.latency, m.latencyP95?.toFixed(0));
    await rec(b.errorRate, m.errorRate?.toFixed(2));
    await rec(b.throughput, m.throughput?.toFixed(1));
    if (b.item && m.errorRate !== null) {
      await this.d.recorder.append(
        "item.checked",
        {
          item: b.item.id,
          evidence: `CloudWatch last 15 min: p95 ${m.latencyP95?.toFixed(0) ?? "no data"} ms, errors ${m.errorRate.toFixed(2)} %, ${m.throughput?.toFixed(1)} req/s`,
        },
        by,
      );
    }
    return m;
  }

  start(): void {
    const loop = (name: string, baseMs: number, fn: () => Promise<unknown>) => {
      const tick = async () => {
        await fn();
        if (this.stopped) return;
        const t = setTimeout(tick, this.delayFor(name, baseMs));
        t.unref?.();
        this.timers.set(name, t);
      };
      void tick();
    };
    if (!this.d.observeOnly) loop("listener", 5000, () => this.pollListener());
    loop("probes", 5000, () => this.pollProbes());
    loop("metrics", this.d.config.metrics.pollSeconds * 1000, () => this.pollMetrics());
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
