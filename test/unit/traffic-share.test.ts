/** Data-plane read-back (domain/traffic-share.ts): green's received share against its weight. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import { zFor } from "../../source/domain/special-functions.js";
import {
  judgeShare,
  SHARE_CONFIDENCE,
  shareGateChecks,
  shareLine,
  trafficShare,
} from "../../source/domain/traffic-share.js";
import { wilson } from "../../source/domain/verdict-stats.js";

const w = (blue: number, green: number) => ({ blue, green });

describe("the share's interval", () => {
  it("is Wilson's score interval at 99.9 % (z = 3.290527, the standard table)", () => {
    expect(zFor(SHARE_CONFIDENCE)).toBeCloseTo(3.290527, 6);
    // Independent closed form (scipy.stats.norm.ppf and the Wilson 1927 formula), to 6 decimals.
    for (const [x, n, lo, hi] of [
      [30, 3000, 0.005540598, 0.017983687],
      [1500, 3000, 0.470015799, 0.529984201],
      [9, 300, 0.01057089, 0.082173671],
      [50, 100, 0.343717075, 0.656282925],
    ] as const) {
      const ci = wilson(x, n, SHARE_CONFIDENCE);
      expect(ci.lower).toBeCloseTo(lo, 6);
      expect(ci.upper).toBeCloseTo(hi, 6);
      const j = judgeShare(w(n - x, x), n - x, x);
      expect(j.interval.lower).toBeCloseTo(100 * lo, 4);
      expect(j.interval.upper).toBeCloseTo(100 * hi, 4);
    }
  });
});

describe("judging the share", () => {
  it("listener 50/50, green received 3 %: MISMATCH, said as such", () => {
    const j = judgeShare(w(50, 50), 9700, 300);
    expect(j.result).toBe("MISMATCH");
    expect(j.sharePercent).toBeCloseTo(3, 6);
  });

  it("green at its weight with plenty of requests: CONSISTENT; with few: NOT ENOUGH EVIDENCE, never consistent", () => {
    expect(judgeShare(w(90, 10), 27_000, 3_000).result).toBe("CONSISTENT");
    expect(judgeShare(w(90, 10), 90, 10).result).toBe("NOT ENOUGH EVIDENCE");
    expect(judgeShare(w(90, 10), 0, 0)).toMatchObject({ result: "NOT ENOUGH EVIDENCE", sharePercent: null });
    // Few requests, all to blue: 0 of 20 is not yet proof green gets nothing.
    expect(judgeShare(w(90, 10), 20, 0).result).toBe("NOT ENOUGH EVIDENCE");
    expect(judgeShare(w(90, 10), 2000, 0).result).toBe("MISMATCH");
  });

  it("property: at the weight's own share it never says MISMATCH, and enough requests make it CONSISTENT", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 200_000 }), (g, n) => {
        const green = Math.round((n * g) / 100);
        const j = judgeShare(w(100 - g, g), n - green, green);
        expect(j.result).not.toBe("MISMATCH");
        if (n >= 100_000) expect(j.result).toBe("CONSISTENT");
      }),
    );
  });

  it("property: more requests at the same share never widen the interval", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 2, max: 50 }),
        (g, n, k) => {
          const a = judgeShare(w(100 - g, g), n * (100 - g), n * g).interval;
          const b = judgeShare(w(100 - g, g), k * n * (100 - g), k * n * g).interval;
          expect(b.upper - b.lower).toBeLessThanOrEqual(a.upper - a.lower + 1e-9);
        },
      ),
    );
  });
});

describe("the share over the dwell, from the record", () => {
  const period = (
    t: string,
    weights: { blue: number; green: number } | null,
    blue: number,
    green: number,
  ) => ({
    t,
    periodMs: 60_000,
    weights,
    blue: blue ? { requests: blue, errors: 0, connectionErrors: 0, p95Ms: 30 } : null,
    green: green ? { requests: green, errors: 0, connectionErrors: 0, p95Ms: 30 } : null,
  });
  const state = (periods: ReturnType<typeof period>[]) =>
    ({
      weights: w(50, 50),
      weightsSince: "2026-12-01T12:00:30Z",
      periods,
    }) as unknown as SessionState;

  it("counts only the periods at the confirmed weights since they were confirmed; a period without green is green 0", () => {
    const s = state([
      period("2026-12-01T11:59:00Z", w(90, 10), 5400, 600),
      period("2026-12-01T12:00:00Z", null, 3000, 3000),
      period("2026-12-01T12:01:00Z", w(50, 50), 5820, 180),
      period("2026-12-01T12:02:00Z", w(50, 50), 6000, 0),
    ]);
    const t = trafficShare(s)!;
    expect([t.blue, t.green, t.periods]).toEqual([11_820, 180, 2]);
    expect(t.result).toBe("MISMATCH");
    expect(t.at).toBe(Date.parse("2026-12-01T12:03:00Z"));
    expect(shareLine(t)).toMatch(
      /^listener says 50\/50 but green received 1\.5 % \(99\.9 % 1\.2–1\.9 %, of 12,000 requests over 2 periods\)$/,
    );
    expect(shareGateChecks(t, "pause")).toEqual([
      expect.objectContaining({ source: "traffic-share", ok: false }),
    ]);
    expect(shareGateChecks(t, "advisory")).toEqual([]);
  });

  it("no split to check before the first step or at 100 %; no requests yet is no evidence", () => {
    expect(trafficShare({ ...state([]), weights: w(100, 0) } as SessionState)).toBeNull();
    expect(trafficShare({ ...state([]), weights: w(0, 100) } as SessionState)).toBeNull();
    const none = trafficShare(state([]))!;
    expect(none.result).toBe("NOT ENOUGH EVIDENCE");
    expect(shareLine(none)).toBe(
      "listener says 50/50: no evidence yet (no requests counted at these weights)",
    );
    expect(shareGateChecks(none, "pause")).toEqual([]);
  });
});
