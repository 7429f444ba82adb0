/**
 * The sandbox's CloudWatch store keeps each period's latency histogram packed (one Float64Array of
 * bucket/count pairs, not a Map): a day of them was 10 MB of the cockpit's heap with the sandbox
 * in-process. Percentiles read from the packed form equal those of the histograms merged as Maps.
 */
import { describe, expect, it } from "vitest";
import { addSample, type Histogram, merge, percentile } from "../../source/sandbox/histogram.js";
import { MetricStore, metricKey, statistic } from "../../source/sandbox/world/metrics.js";

const DIMS = [{ Name: "TargetGroup", Value: "targetgroup/green/1" }];
const KEY = metricKey("AWS/ApplicationELB", "TargetResponseTime", DIMS);

function latencies(seed: number, n: number): Histogram {
  const h: Histogram = new Map();
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    addSample(h, 0.005 + (x / 2 ** 31) * 0.2);
  }
  return h;
}

describe("MetricStore's latency histograms at rest", () => {
  it("are packed, and merge within a period and across periods to the same percentiles as Maps", () => {
    const store = new MetricStore(() => 10 * 60_000, 0);
    const a = latencies(1, 500);
    const b = latencies(2, 300);
    const c = latencies(3, 700);
    store.add("AWS/ApplicationELB", "TargetResponseTime", DIMS, 0, 1, 500, 0.005, 0.2, a);
    store.add("AWS/ApplicationELB", "TargetResponseTime", DIMS, 0, 1, 300, 0.005, 0.2, b);
    store.add("AWS/ApplicationELB", "TargetResponseTime", DIMS, 60_000, 1, 700, 0.005, 0.2, c);
    const points = [...store.visiblePoints(KEY).values()];
    for (const p of points) expect(p.hist).toBeInstanceOf(Float64Array);
    const all: Histogram = new Map();
    for (const h of [a, b, c]) merge(all, h);
    for (const q of [50, 95, 99, 99.9]) expect(statistic(points, `p${q}`)).toBe(percentile(all, q));
    const first: Histogram = new Map();
    merge(first, a);
    merge(first, b);
    expect(statistic(points.slice(0, 1), "p95")).toBe(percentile(first, 95));
    expect(statistic(points, "SampleCount")).toBe(1500);
  });
});
