/**
 * The sandbox's CloudWatch store answers a window of a series by copying that window only (a day of
 * periods per metric by the end of the endurance run was copied whole for every query). The window
 * read must equal the whole read filtered: same periods, same datapoints, the unpublished ones left out.
 */
import { describe, expect, it } from "vitest";
import { MetricStore, metricKey, PERIOD_MS } from "../../source/sandbox/world/metrics.js";

const DIMS = [{ Name: "TargetGroup", Value: "targetgroup/green/1" }];
const KEY = metricKey("AWS/ApplicationELB", "RequestCount", DIMS);

function day(now: { t: number }) {
  const store = new MetricStore(() => now.t, 90_000);
  // A day of minutes with a gap (no traffic, no datapoint) every 7th minute.
  for (let m = 0; m < 24 * 60; m++)
    if (m % 7) store.add("AWS/ApplicationELB", "RequestCount", DIMS, m * PERIOD_MS, m);
  return store;
}

const filtered = (store: MetricStore, from: number, to: number) =>
  [...store.visiblePoints(KEY)].filter(([t]) => t >= from && t < to);

describe("MetricStore.visiblePoints over a window", () => {
  it("holds exactly the whole series' visible periods in [from, to), in time order", () => {
    const now = { t: 20 * 3_600_000 + 30_500.5 };
    const store = day(now);
    for (const [from, to] of [
      [19 * 3_600_000, now.t],
      [19 * 3_600_000 + 1, 19 * 3_600_000 + 15 * PERIOD_MS],
      [now.t - 3 * PERIOD_MS, now.t + 10 * PERIOD_MS],
      [0, 26 * 3_600_000],
      [5 * PERIOD_MS, 5 * PERIOD_MS],
    ] as const) {
      const window = [...store.visiblePoints(KEY, from, to)];
      expect(window).toEqual(filtered(store, from, to).sort((a, b) => a[0] - b[0]));
      for (const [t, p] of window) expect(p).toBe(store.metrics.get(KEY)!.points.get(t));
    }
  });

  it("leaves out a period until it has ended and its publishing delay passed", () => {
    const now = { t: 10 * PERIOD_MS + 90_000 - 1 };
    const store = day(now);
    expect([...store.visiblePoints(KEY, 8 * PERIOD_MS, 20 * PERIOD_MS).keys()]).toEqual([8 * PERIOD_MS]);
    now.t += 1;
    expect([...store.visiblePoints(KEY, 8 * PERIOD_MS, 20 * PERIOD_MS).keys()]).toEqual([
      8 * PERIOD_MS,
      9 * PERIOD_MS,
    ]);
  });

  it("is empty for a metric never published", () => {
    const store = day({ t: 3_600_000 });
    expect(store.visiblePoints(metricKey("AWS/ApplicationELB", "Nope", DIMS), 0, 3_600_000).size).toBe(0);
  });
});
