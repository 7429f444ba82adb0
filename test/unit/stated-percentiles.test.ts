/**
 * engine/stated-percentiles.ts with a metrics port a test hands in: which CloudWatch measures a
 * runbook's stated thresholds need, over which window they are asked, and how each answer is kept.
 * A window off by a period would judge a step on the period before it; a measure asked of the wrong
 * metric, or kept under another name, would judge a threshold on another number.
 */
import { describe, expect, it } from "vitest";
import type { CustomMetric } from "../../source/domain/config.js";
import type { MeasureSpec, MetricsPort } from "../../source/domain/ports.js";
import type { StatedThreshold } from "../../source/domain/thresholds.js";
import { measuredStats, readPercentiles, stat } from "../../source/engine/stated-percentiles.js";

const MIN = 60_000;
const cw = (s: string) => ({ measure: { by: "cloudwatch", stat: s } }) as StatedThreshold;
const byHand = { measure: { by: "manual", why: "no metric" } } as StatedThreshold;

function port(o: {
  percentile?: boolean;
  measure?: boolean;
  answers?: Record<string, { blue: number | null; green: number | null }>;
}) {
  const asked: unknown[][] = [];
  const m: MetricsPort = {} as MetricsPort;
  if (o.percentile !== false)
    m.windowPercentile = async (start, end, percentile) => {
      asked.push(["percentile", start, end, percentile]);
      return { blue: percentile, green: percentile + 1 };
    };
  if (o.measure !== false)
    m.measure = async (start, end, specs: MeasureSpec[]) => {
      asked.push(["measure", start, end, specs]);
      return o.answers ?? {};
    };
  return { m, asked };
}

describe("measuredStats", () => {
  it("each CloudWatch statistic once, in the runbook's order; none by hand", () => {
    expect(measuredStats([cw("p99"), byHand, cw("http4xxRate"), cw("p99")])).toEqual(["p99", "http4xxRate"]);
    expect(measuredStats(undefined)).toEqual([]);
    expect([stat(cw("p90")), stat(byHand)]).toEqual(["p90", undefined]);
  });
});

describe("readPercentiles", () => {
  // 10:07:30 now, a minute to settle: the latest settled period is 10:05-10:06.
  const now = 10 * 60 * MIN + 7.5 * MIN;
  const o = { now, periodMs: MIN, settleMs: MIN };
  const start = 10 * 60 * MIN + 5 * MIN;

  it("asks each percentile over the latest settled period and keeps it with that period", async () => {
    const { m, asked } = port({});
    expect(await readPercentiles(m, ["p99", "p50"], o)).toStrictEqual({
      p99: { blue: 99, green: 100, periodStart: start, at: now, periodMs: MIN },
      p50: { blue: 50, green: 51, periodStart: start, at: now, periodMs: MIN },
    });
    expect(asked).toEqual([
      ["percentile", start, start + MIN, 99],
      ["percentile", start, start + MIN, 50],
    ]);
  });

  it("a period that has just settled is the latest one", async () => {
    const { m, asked } = port({});
    await readPercentiles(m, ["p99"], { ...o, now: 10 * 60 * MIN + 7 * MIN });
    expect(asked[0]!.slice(1, 3)).toEqual([start, start + MIN]);
    const five = port({});
    const at = (ms: number) =>
      readPercentiles(five.m, ["p99"], { now: ms, periodMs: 5 * MIN, settleMs: MIN });
    await at(10 * 60 * MIN + 11 * MIN);
    await at(10 * 60 * MIN + 11 * MIN - 1);
    expect(five.asked.map((a) => a.slice(1, 3))).toEqual([
      [10 * 60 * MIN + 5 * MIN, 10 * 60 * MIN + 10 * MIN],
      [10 * 60 * MIN, 10 * 60 * MIN + 5 * MIN],
    ]);
  });

  it("the 4xx rate, the counts and the config's custom metrics in one call, kept by id", async () => {
    const custom: CustomMetric[] = [
      {
        name: "SearchErrors",
        namespace: "Shop",
        stat: "Sum",
        dimensions: { blue: { Env: "blue" }, green: { Env: "green" } },
      },
      {
        name: "Queue",
        namespace: "Shop",
        metric: "ApproximateAgeOfOldestMessage",
        stat: "Maximum",
        dimensions: { blue: {}, green: {} },
      },
    ];
    const { m, asked } = port({
      answers: {
        http4xxRate: { blue: 1.5, green: null },
        "custom:Queue": { blue: 30, green: 45 },
      },
    });
    const stats = [
      "http4xxRate",
      "http4xxCount",
      "http5xxCount",
      "custom:SearchErrors",
      "custom:Queue",
      "custom:Nope",
      "rps",
    ];
    const r = await readPercentiles(m, stats, o, custom);
    expect(asked).toEqual([
      [
        "measure",
        start,
        start + MIN,
        [
          { id: "http4xxRate", kind: "http4xxRate" },
          { id: "http4xxCount", kind: "http4xxCount" },
          { id: "http5xxCount", kind: "http5xxCount" },
          {
            id: "custom:SearchErrors",
            kind: "custom",
            namespace: "Shop",
            metric: "SearchErrors",
            stat: "Sum",
            dimensions: { blue: { Env: "blue" }, green: { Env: "green" } },
          },
          {
            id: "custom:Queue",
            kind: "custom",
            namespace: "Shop",
            metric: "ApproximateAgeOfOldestMessage",
            stat: "Maximum",
            dimensions: { blue: {}, green: {} },
          },
        ],
      ],
    ]);
    // Only what came back is kept: no answer is no reading, never a zero.
    expect(Object.keys(r).sort()).toEqual(["custom:Queue", "http4xxRate"]);
    expect(r["custom:Queue"]).toStrictEqual({
      blue: 30,
      green: 45,
      periodStart: start,
      at: now,
      periodMs: MIN,
    });
    expect(r.http4xxRate).toStrictEqual({
      blue: 1.5,
      green: null,
      periodStart: start,
      at: now,
      periodMs: MIN,
    });
  });

  it("nothing asked when nothing is needed, or the port cannot answer it", async () => {
    const { m, asked } = port({});
    expect(await readPercentiles(m, [], o)).toStrictEqual({});
    expect(await readPercentiles(m, ["rps", "custom:Nope", "custom:undefined"], o)).toStrictEqual({});
    expect(asked).toEqual([]);
    const bare = port({ percentile: false, measure: false });
    expect(await readPercentiles(bare.m, ["p99", "http4xxRate"], o)).toStrictEqual({});
  });
});
