/**
 * CloudWatch's store: datapoints per metric (namespace, name, dimensions) per 60 s period, with a
 * latency histogram where percentiles are asked for, and the statistics CloudWatch computes.
 */
import { type Histogram, merge, pack, percentile } from "../histogram.js";
import type { Datapoint } from "./types.js";

export const PERIOD_MS = 60_000;

export type Dimension = { Name: string; Value: string };

export interface StoredMetric {
  namespace: string;
  name: string;
  dims: Dimension[];
  points: Map<number, Datapoint>;
}

export class MetricStore {
  readonly metrics = new Map<string, StoredMetric>();

  constructor(
    private readonly now: () => number,
    /** How long after a period ends its datapoint becomes visible (CloudWatch's publishing delay). */
    private readonly delayMs: number,
  ) {}

  add(
    namespace: string,
    name: string,
    dims: Dimension[],
    period: number,
    value: number,
    count = 1,
    min = value,
    max = value,
    hist?: Histogram,
  ): void {
    const key = metricKey(namespace, name, dims);
    let m = this.metrics.get(key);
    if (!m) {
      m = { namespace, name, dims, points: new Map() };
      this.metrics.set(key, m);
    }
    const p = m.points.get(period);
    if (!p) {
      m.points.set(period, { sum: value, count, min, max, hist: hist ? pack(hist) : undefined });
      return;
    }
    p.sum += value;
    p.count += count;
    p.min = Math.min(p.min, min);
    p.max = Math.max(p.max, max);
    if (hist) {
      const h: Histogram = new Map();
      if (p.hist) merge(h, p.hist);
      merge(h, hist);
      p.hist = pack(h);
    }
  }

  /**
   * Datapoints visible now (whole periods that have ended, plus the configured publishing delay) whose
   * period starts in [from, to). Only the window is copied: a poll asks for minutes of a series that
   * holds a day of periods by the end of a go-live, and copying the whole of it for every query made
   * the sandbox allocate a day's map per metric per poll.
   */
  visiblePoints(
    key: string,
    from = Number.NEGATIVE_INFINITY,
    to = Number.POSITIVE_INFINITY,
  ): Map<number, Datapoint> {
    const m = this.metrics.get(key);
    const out = new Map<number, Datapoint>();
    if (!m) return out;
    const cutoff = this.now() - this.delayMs;
    const visible = (t: number) => t >= from && t < to && t + PERIOD_MS <= cutoff;
    if (Math.min(to, cutoff) - from <= PERIOD_MS * m.points.size) {
      // Periods start on whole minutes (add's callers floor them): look the window's minutes up.
      for (let t = Math.ceil(from / PERIOD_MS) * PERIOD_MS; visible(t); t += PERIOD_MS) {
        const p = m.points.get(t);
        if (p) out.set(t, p);
      }
      return out;
    }
    for (const [t, p] of m.points) if (visible(t)) out.set(t, p);
    return out;
  }
}

/** One CloudWatch statistic over a set of datapoints; undefined when there are none. */
export function statistic(points: Datapoint[], stat: string): number | undefined {
  if (!points.length) return undefined;
  const sum = points.reduce((s, p) => s + p.sum, 0);
  const count = points.reduce((s, p) => s + p.count, 0);
  switch (stat) {
    case "Sum":
      return sum;
    case "SampleCount":
      return count;
    case "Average":
      return count ? sum / count : undefined;
    case "Minimum":
      return Math.min(...points.map((p) => p.min));
    case "Maximum":
      return Math.max(...points.map((p) => p.max));
    default: {
      const pm = /^p(\d+(?:\.\d+)?)$/.exec(stat);
      if (!pm) return undefined;
      const h: Histogram = new Map();
      for (const p of points) if (p.hist) merge(h, p.hist);
      return percentile(h, Number(pm[1]));
    }
  }
}

export function metricKey(namespace: string, name: string, dims: Dimension[]): string {
  const d = [...dims].sort((a, b) => a.Name.localeCompare(b.Name)).map((x) => `${x.Name}=${x.Value}`);
  return `${namespace}|${name}|${d.join(",")}`;
}
