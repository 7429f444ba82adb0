/**
 * Prometheus as the session's metric source (an EKS session's own monitoring): the same per-period
 * series the cockpit panes, the rollback triggers and the gate read from CloudWatch, from the
 * config's PromQL per arm (throughput, error rate, p95) evaluated at each period's end over a window
 * of one period. A period Prometheus has no samples for (the target down, scrapes stopped, no
 * traffic) is absent — no evidence, never zero — and an unreachable server is a failed poll, which
 * the monitor shows as stale.
 *
 * Prometheus stamps scrapes with its own wall clock, while a rehearsal's session clock runs N×
 * faster: session times are mapped to wall times relative to now (identity in a real go-live), the
 * window shrinks by N, and counts are rates × the wall window, so they are the session period's.
 */
import type { EnvConfig } from "../domain/config.js";
import type { Color, MetricSeries, MetricsPort, PeriodPoint } from "../domain/ports.js";
import { Prometheus } from "./prometheus.js";

type PromConfig = NonNullable<EnvConfig["prometheus"]>;

export interface SessionTime {
  /** The session's clock (a rehearsal's sandbox clock). */
  now(): number;
  /** Session ms per wall ms (1 in a real go-live). */
  rate: number;
  wallNow?: () => number;
}

const P95 = "histogram_quantile(0.95";

export class PrometheusMetrics implements MetricsPort {
  readonly source = "Prometheus";
  readonly api: Prometheus;

  constructor(
    c: PromConfig,
    private time: SessionTime,
    fetchFn: typeof fetch = fetch,
  ) {
    this.api = new Prometheus(c, fetchFn);
  }

  /** Wall-clock ms for a session time, anchored at now (rehearsal clocks may have been moved). */
  private wall(t: number): number {
    const wallNow = (this.time.wallNow ?? Date.now)();
    return wallNow - (this.time.now() - t) / this.time.rate;
  }

  private windowOf(sessionMs: number): { text: string; seconds: number } {
    const ms = Math.max(1, Math.round(sessionMs / this.time.rate));
    return { text: `${ms}ms`, seconds: ms / 1000 };
  }

  async series(start: number, end: number, periodSeconds: number): Promise<MetricSeries> {
    const P = periodSeconds * 1000;
    const first = Math.ceil(start / P) * P;
    // Only whole periods: a period is judged on what Prometheus saw over all of it.
    const lastEnd = Math.floor(end / P) * P;
    if (lastEnd - first < P) return { blue: [], green: [] };
    const from = this.wall(first + P) / 1000;
    const to = this.wall(lastEnd) / 1000;
    const step = P / this.time.rate / 1000;
    const w = this.windowOf(P);
    const arm = async (color: Color): Promise<PeriodPoint[]> => {
      const [rps = [], err = [], p95 = []] = await Promise.all(
        (["throughputRps", "errorRatePercent", "latencyP95Ms"] as const).map((q) =>
          this.api.queryRange(this.api.promql(q, color, w.text), from, to, step),
        ),
      );
      const at = (pts: [number, number][]) =>
        new Map(pts.map(([t, v]) => [first + Math.round((t - from) / step) * P, v]));
      const errs = at(err);
      const lat = at(p95);
      const out: PeriodPoint[] = [];
      for (const [t, r] of at(rps)) {
        const requests = Math.round(r * w.seconds);
        // No traffic is no datapoint, as CloudWatch has it: not a period of zero errors.
        if (requests <= 0) continue;
        const e = errs.get(t);
        out.push({
          t,
          periodMs: P,
          requests,
          errors: e === undefined ? 0 : Math.round((e / 100) * requests),
          p95Ms: lat.get(t) ?? null,
        });
      }
      return out;
    };
    const [blue, green] = await Promise.all([arm("blue"), arm("green")]);
    return { blue, green };
  }

  /**
   * A percentile over the whole window, as the config's latency PromQL computes p95 with the
   * quantile changed; a custom latency query that is not a histogram_quantile(0.95 …) measures
   * nothing else (no evidence, not a guess).
   */
  async windowPercentile(
    start: number,
    end: number,
    percentile: number,
  ): Promise<Record<Color, number | null>> {
    const w = this.windowOf(end - start);
    const at = this.wall(end) / 1000;
    const one = async (color: Color) => {
      const q = this.api.promql("latencyP95Ms", color, w.text);
      if (percentile !== 95 && !q.includes(P95)) return null;
      const promql = q.replace(P95, `histogram_quantile(${percentile / 100}`);
      return this.api.query(promql, at);
    };
    const [blue, green] = await Promise.all([one("blue"), one("green")]);
    return { blue, green };
  }
}
