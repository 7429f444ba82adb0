/**
 * computeVerdict where one arm or both have nothing, where the clock is a real one, and at the latency
 * test's FAIL boundary (Stryker, domain-verdict, verdict.ts:201-290's survivors): an arm without
 * traffic is "no evidence" (null figures, no PASS on errors), never a rate of 0/0 or a difference
 * against nothing.
 */
import { describe, expect, it } from "vitest";
import type { PeriodPoint } from "../../source/domain/ports.js";
import { computeVerdict, DEFAULT_VERDICT, verdictLine } from "../../source/domain/verdict.js";

const MIN = 60_000;
// A real epoch start: a span computed as end + start instead of end - start shows only when start ≠ 0.
const T0 = Date.UTC(2026, 11, 3, 20);
const p = (i: number, requests: number, errors: number, p95Ms: number | null): PeriodPoint => ({
  t: T0 + i * MIN,
  requests,
  errors,
  p95Ms,
});
const periods = (n: number, requests: number, p95Ms: number) =>
  Array.from({ length: n }, (_, i) => p(i, requests, 0, p95Ms));

/** The error part when one arm (or both) had no request: nothing to compare, so no PASS and no FAIL. */
const NO_ERROR_EVIDENCE = {
  difference: null,
  interval: null,
  failLower: null,
  marginPoints: 0.5,
  pass: false,
  fail: false,
};

describe("computeVerdict at its edges", () => {
  it("no period at all: every figure null, no rate", () => {
    const v = computeVerdict([], []);
    expect(v.result).toBe("NOT ENOUGH EVIDENCE");
    expect(v.errors).toEqual(NO_ERROR_EVIDENCE);
    expect(v.ratePerSecond).toBeNull();
    expect(v.more).toBeNull();
    expect(v.looks).toBe(0);
  });

  it("green alone, a million clean requests: green's interval, but no difference and no PASS on errors", () => {
    const v = computeVerdict([], [p(0, 1_000_000, 0, 100)]);
    expect(v.blue).toEqual({ requests: 0, errors: 0, rate: null, interval: null, p95: [] });
    expect(v.green.rate).toBe(0);
    expect(v.green.interval!.upper).toBeGreaterThan(0);
    expect(v.green.interval!.upper).toBeLessThan(0.001);
    expect(v.errors).toEqual(NO_ERROR_EVIDENCE);
    expect(v.result).toBe("NOT ENOUGH EVIDENCE");
    // No blue traffic, so no "how much more" either: no error test can decide.
    expect(v.more).toBeNull();
    expect(verdictLine(v)).toBe(
      "NOT ENOUGH EVIDENCE — no conclusion expected at the current rates (green is close to the margin)",
    );
    expect(v.ratePerSecond).toBeCloseTo(1_000_000 / 60, 6);
  });

  it("the rate and the time still needed come from the step's own span on the real clock", () => {
    const v = computeVerdict([p(0, 500, 2, 100), p(1, 500, 1, 100)], [p(0, 50, 0, 100), p(1, 50, 1, 101)]);
    // 1,100 requests in two minute-periods.
    expect(v.ratePerSecond).toBeCloseTo(1100 / 120, 9);
    expect(v.more).toEqual({ requests: 44_237, seconds: 4_826 });
    expect(v.reason).toBe("about 44,237 more requests, ≈ 1:20:26 at the current rate");
  });

  it("how much more traffic: blue's errors scale with its requests", () => {
    // Both arms at 0.5 %: the error test decides (PASS side) at about 40 times today's counts.
    const v = computeVerdict([p(0, 2000, 10, null)], [p(0, 200, 1, null)]);
    expect(v.result).toBe("NOT ENOUGH EVIDENCE");
    expect(v.more).toEqual({ requests: 84_908, seconds: 2_316 });
  });

  it("how much more when errors have passed and latency has not: further periods at today's share", () => {
    // Errors PASS (two clean arms of 100,000 a minute); two paired periods, none over the margin:
    // the sign test needs 7, so 5 more minutes at 3,333 a second.
    const clean = (n: number, p95: (i: number) => number) =>
      Array.from({ length: n }, (_, i) => p(i, 100_000, 0, p95(i)));
    const two = computeVerdict(
      clean(2, () => 100),
      clean(2, () => 100),
    );
    expect([two.result, two.errors.pass, two.latency.pass]).toEqual(["NOT ENOUGH EVIDENCE", true, false]);
    expect(two.more).toEqual({ requests: 1_000_000, seconds: 300 });
    // One of four periods over the margin: at a quarter over, 39 periods, so 35 more.
    const four = computeVerdict(
      clean(4, () => 100),
      clean(4, (i) => (i === 0 ? 150 : 100)),
    );
    expect(four.latency).toMatchObject({ periods: 4, overMargin: 1, pass: false, fail: false });
    expect(four.more).toEqual({ requests: 7_000_000, seconds: 2_100 });
    // No p95 at all: no pair yet, so from a share of 0 the sign test needs 7 periods.
    const noP95 = clean(2, () => 0).map((x) => ({ ...x, p95Ms: null }));
    const none = computeVerdict(noP95, noP95);
    expect(none.more).toEqual({ requests: 1_400_000, seconds: 420 });
    // Two-minute periods: each further period is 120 s, not a default 60.
    const slow = (x: PeriodPoint, i: number) => ({ ...x, t: T0 + i * 2 * MIN });
    const wide = computeVerdict(clean(2, () => 100).map(slow), clean(2, () => 100).map(slow), {
      ...DEFAULT_VERDICT,
      periodMs: 2 * MIN,
    });
    expect(wide.more).toEqual({ requests: 1_000_000, seconds: 600 });
  });

  it("errors passed at an earlier look and today's counts would not pass: the wait is latency's alone", () => {
    // Green clean for two minutes, then 8 errors in 1,000: today's counts alone would need about
    // twice the traffic to decide, but the error test is a sequence (intersected over the looks) and
    // has passed, so only the sign test's 4 more periods remain (verdict.ts:298 `!errPass` → `true`
    // waited for both: 499 s).
    const blue = [0, 1, 2].map((i) => p(i, 1000, 0, 100));
    const green = [0, 1, 2].map((i) => p(i, 1000, i === 2 ? 8 : 0, 100));
    const v = computeVerdict(blue, green);
    expect([v.result, v.errors.pass, v.latency.pass]).toEqual(["NOT ENOUGH EVIDENCE", true, false]);
    expect(v.more?.seconds).toBe(240);
  });

  it("a step whose error test never decides: no estimate, and the search ends", () => {
    // A margin of 0 and identical rates: the difference's interval always straddles 0, at any scale.
    const v = computeVerdict([p(0, 10_000, 10, 100)], [p(0, 10_000, 10, 100)], {
      errorMarginPoints: 0,
      latencyMarginMs: 10,
    });
    expect(v.more).toBeNull();
    expect(v.reason).toBe("no conclusion expected at the current rates (green is close to the margin)");
  });

  it("the error test's search gives up past 4,096 times today's counts", () => {
    // One clean request an arm: with no error the 95 % difference interval's upper end is green's
    // bound alone, 0.21 points at 4,096 requests an arm and 0.11 at 8,192. A margin of 0.15 points
    // decides between the two: past the search's cap, so no estimate.
    const one = [p(0, 1, 0, null)];
    const v = computeVerdict(one, one, { errorMarginPoints: 0.15, latencyMarginMs: 10 });
    expect(v.result).toBe("NOT ENOUGH EVIDENCE");
    expect(v.more).toBeNull();
    // At 0.25 points it decides under the cap: an estimate.
    const under = computeVerdict(one, one, { errorMarginPoints: 0.25, latencyMarginMs: 10 });
    expect(under.more).not.toBeNull();
  });

  it("the latency search gives up at 10,000 periods: 13 of 27 over the margin needs 11,512", () => {
    // Errors PASS (clean arms of 100,000 a minute); every other period over the margin, so no
    // prefix of them FAILs. At a share of 13 / 27 the sign test would pass at 11,512 periods.
    const blue = Array.from({ length: 27 }, (_, i) => p(i, 100_000, 0, 100));
    const green = Array.from({ length: 27 }, (_, i) => p(i, 100_000, 0, i % 2 ? 150 : 100));
    const v = computeVerdict(blue, green);
    expect(v.errors.pass).toBe(true);
    expect(v.latency).toMatchObject({ periods: 27, overMargin: 13, pass: false, fail: false });
    expect(v.more).toBeNull();
    // 12 of 25 (0.48) needs 9,766: under the cap.
    const b25 = blue.slice(0, 25);
    const w = computeVerdict(b25, green.slice(0, 25));
    expect(w.latency).toMatchObject({ periods: 25, overMargin: 12, pass: false, fail: false });
    expect(w.more).toEqual({ requests: ((9_766 - 25) * 60 * 200_000) / 60, seconds: (9_766 - 25) * 60 });
  });

  it("latency passed at an earlier look: how much more is the error test's alone", () => {
    // Seven periods level, then five with green 50 ms up: the sign test passed at the seventh look
    // and stays passed (each look's interval is intersected with the ones before), although at 5 of
    // 12 over the margin today's bound alone is above 0.5 again. Errors are short of deciding.
    const blue = Array.from({ length: 12 }, (_, i) => p(i, 100, 0, 100));
    const green = Array.from({ length: 12 }, (_, i) => p(i, 100, 0, i < 7 ? 100 : 150));
    const v = computeVerdict(blue, green);
    expect(v.latency).toMatchObject({ periods: 12, overMargin: 5, pass: true, fail: false });
    expect([v.result, v.errors.pass]).toEqual(["NOT ENOUGH EVIDENCE", false]);
    expect(v.more).toEqual({ requests: 771, seconds: 232 });
  });

  it("the latency difference's median is over the sorted differences", () => {
    const blue = [p(0, 1000, 0, 100), p(1, 1000, 0, 100), p(2, 1000, 0, 100)];
    const green = [p(0, 1000, 0, 150), p(1, 1000, 0, 105), p(2, 1000, 0, 120)];
    const v = computeVerdict(blue, green);
    expect(v.latency).toMatchObject({ periods: 3, greenHigher: 3, overMargin: 2, medianDifferenceMs: 20 });
  });

  it("a period with blue's p95 but not green's is no pair for the sign test", () => {
    const v = computeVerdict(
      [p(0, 1000, 0, 100), p(1, 1000, 0, 100)],
      [p(0, 1000, 0, null), p(1, 1000, 0, 130)],
    );
    expect(v.latency).toMatchObject({ periods: 1, greenHigher: 1, overMargin: 1, medianDifferenceMs: 30 });
    expect(v.green.p95).toEqual([130]);
    expect(v.blue.p95).toEqual([100]);
  });

  it("latency FAIL at the 0.5 % level: ten periods all over the margin are not enough, eleven are", () => {
    // failAlpha 1 %, half of it for latency: the sign test's lower end passes 0.5 at 11 of 11 (at
    // a 2 % level it would at 8).
    for (const n of [8, 10]) {
      const v = computeVerdict(periods(n, 1000, 100), periods(n, 1000, 150));
      expect(v.latency.fail, `${n} periods`).toBe(false);
      expect(v.result).toBe("NOT ENOUGH EVIDENCE");
    }
    const v = computeVerdict(periods(11, 1000, 100), periods(11, 1000, 150));
    expect(v.latency.fail).toBe(true);
    expect(v.result).toBe("FAIL");
    expect(v.reason).toBe("green's p95 is more than 10 ms above blue's in 11 of 11 periods (median +50 ms)");
  });

  it("PASS and FAIL in one line, with the reason PASS gives", () => {
    const pass = computeVerdict(periods(12, 20_000, 100), periods(12, 20_000, 100));
    expect(pass.result).toBe("PASS");
    expect(pass.reason).toBe(
      "green is not worse than blue by more than 0.5 points (95 % interval up to 0.00) nor 10 ms at p95 (12 periods)",
    );
    expect(verdictLine(pass)).toBe("PASS");
    const fail = computeVerdict(periods(11, 1000, 100), periods(11, 1000, 150));
    expect(verdictLine(fail)).toBe(
      "FAIL: green's p95 is more than 10 ms above blue's in 11 of 11 periods (median +50 ms)",
    );
  });
});
