import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PeriodPoint } from "../../source/domain/ports.js";
import { clockText, computeVerdict, DEFAULT_VERDICT, verdictLine } from "../../source/domain/verdict.js";

const MIN = 60_000;

/** n periods of one arm: requests and errors per period, p95 from a function of the period. */
function arm(
  n: number,
  requests: number,
  errors: number,
  p95: (i: number) => number | null,
  t0 = 0,
): PeriodPoint[] {
  return Array.from({ length: n }, (_, i) => ({ t: t0 + i * MIN, requests, errors, p95Ms: p95(i) }));
}
const jitter = (base: number) => (i: number) => base + ((i * 7) % 5) - 2;

describe("canary verdict", () => {
  it("green without traffic: NOT ENOUGH EVIDENCE, saying so", () => {
    const v = computeVerdict(arm(5, 900, 9, jitter(100)), []);
    expect(v.result).toBe("NOT ENOUGH EVIDENCE");
    expect(v.reason).toBe("green has had no traffic at this step yet");
    expect(v.errors.difference).toBeNull();
  });

  it("a quiet 10 % step: NOT ENOUGH EVIDENCE with how many more requests and how long", () => {
    // 100 req/min at 10 %: one error in green reads as 1 %, but that is no evidence either way.
    const v = computeVerdict(arm(5, 90, 1, jitter(100)), arm(5, 10, 0, jitter(100)));
    expect(v.result).toBe("NOT ENOUGH EVIDENCE");
    expect(v.more).not.toBeNull();
    expect(v.more!.requests).toBeGreaterThan(500);
    expect(v.reason).toMatch(/^about [\d,]+ more requests, ≈ \d+:\d\d(:\d\d)? at the current rate$/);
    expect(verdictLine(v)).toBe(`NOT ENOUGH EVIDENCE — ${v.reason}`);
    // The request count to go falls as identical evidence accumulates.
    const later = computeVerdict(arm(40, 90, 1, jitter(100)), arm(40, 10, 0, jitter(100)));
    expect(later.more === null || later.more.requests < v.more!.requests).toBe(true);
  });

  it("identical busy arms: PASS, with the evidence shown", () => {
    const v = computeVerdict(arm(10, 27_000, 27, jitter(100)), arm(10, 3_000, 3, jitter(100)));
    expect(v.result).toBe("PASS");
    expect(v.green.requests).toBe(30_000);
    expect(v.green.errors).toBe(30);
    expect(v.green.rate).toBeCloseTo(0.1, 6);
    expect(v.green.interval!.lower).toBeLessThan(0.1);
    expect(v.green.interval!.upper).toBeGreaterThan(0.1);
    expect(v.errors.interval!.upper).toBeLessThanOrEqual(0.5);
    expect(v.latency.periods).toBe(10);
    expect(v.more).toBeNull();
  });

  it("green 5 points worse: FAIL on errors, whatever the margin", () => {
    const v = computeVerdict(arm(5, 900, 9, jitter(100)), arm(5, 100, 6, jitter(100)), {
      ...DEFAULT_VERDICT,
      errorMarginPoints: 10,
    });
    expect(v.result).toBe("FAIL");
    expect(v.errors.fail).toBe(true);
    expect(v.errors.failLower!).toBeGreaterThan(0);
    expect(v.reason).toMatch(/error rate is higher than blue's with 99 % confidence/);
  });

  it("green p95 +50 ms in every period: FAIL on latency once the periods are enough", () => {
    const few = computeVerdict(arm(3, 27_000, 27, jitter(100)), arm(3, 3_000, 3, jitter(150)));
    expect(few.result).toBe("NOT ENOUGH EVIDENCE");
    const v = computeVerdict(arm(12, 27_000, 27, jitter(100)), arm(12, 3_000, 3, jitter(150)));
    expect(v.result).toBe("FAIL");
    expect(v.latency.fail).toBe(true);
    expect(v.reason).toMatch(/p95 is more than 10 ms above blue's in 12 of 12 periods \(median \+50 ms\)/);
  });

  it("green p95 +5 ms (inside the 10 ms margin): PASS, not FAIL", () => {
    const v = computeVerdict(arm(12, 27_000, 27, jitter(100)), arm(12, 3_000, 3, jitter(105)));
    expect(v.result).toBe("PASS");
  });

  it("no p95 in either arm: latency has no evidence, so never PASS", () => {
    const v = computeVerdict(
      arm(10, 27_000, 27, () => null),
      arm(10, 3_000, 3, () => null),
    );
    expect(v.errors.pass).toBe(true);
    expect(v.latency.periods).toBe(0);
    expect(v.result).toBe("NOT ENOUGH EVIDENCE");
  });

  it("periods without traffic are no looks, and connection errors count as errors", () => {
    const green = arm(4, 100, 0, jitter(100));
    green[1] = { ...green[1]!, requests: 0 };
    green[2] = { ...green[2]!, connectionErrors: 7 };
    const v = computeVerdict(arm(4, 900, 0, jitter(100)), green);
    expect(v.green.requests).toBe(300);
    expect(v.green.errors).toBe(7);
    expect(v.looks).toBe(4);
  });

  it("m:ss and h:mm:ss", () => {
    expect(clockText(0)).toBe("0:00");
    expect(clockText(75)).toBe("1:15");
    expect(clockText(3725)).toBe("1:02:05");
  });

  it("property: identical arms converge to PASS and never FAIL along the way", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.03, noNaN: true }),
        fc.constantFrom(50, 500),
        fc.integer({ min: 0, max: 1000 }),
        (p, reqPerSecond, seed) => {
          // Expected counts for a 10 % step at 10 s periods; p95 noise identical in law per arm.
          const perPeriod = reqPerSecond * 10;
          const blue: PeriodPoint[] = [];
          const green: PeriodPoint[] = [];
          let last = computeVerdict(blue, green, { ...DEFAULT_VERDICT, periodMs: 10_000 });
          for (let i = 0; i < 400 && last.result !== "PASS"; i++) {
            const noise = (k: number) => 100 + (((seed + i * 31 + k * 17) * 2654435761) % 1000) / 250;
            blue.push({
              t: i * 10_000,
              periodMs: 10_000,
              requests: perPeriod * 0.9,
              errors: Math.round(perPeriod * 0.9 * p),
              p95Ms: noise(1),
            });
            green.push({
              t: i * 10_000,
              periodMs: 10_000,
              requests: perPeriod * 0.1,
              errors: Math.round(perPeriod * 0.1 * p),
              p95Ms: noise(2),
            });
            // Looked at every 3rd period (and the last): keeps the quadratic recomputation cheap.
            if (i % 3 !== 2 && i !== 399) continue;
            last = computeVerdict(blue, green, { ...DEFAULT_VERDICT, periodMs: 10_000 });
            expect(last.result).not.toBe("FAIL");
          }
          expect(last.result).toBe("PASS");
        },
      ),
      { numRuns: 8, seed: 16 },
    );
  });
});
