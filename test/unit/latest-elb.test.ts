/**
 * latestElb (domain/window-metrics.ts): the load balancer's own 5XX figure the monitor shows and the
 * gate reads. It must be a settled period with requests, no older than its age limit: a young or
 * stale period is no data, never a figure. Only the engine's integration tests reached it.
 */
import { describe, expect, it } from "vitest";
import { NO_ELB_DATA } from "../../source/domain/metrics.js";
import { latestElb } from "../../source/domain/window-metrics.js";

const MIN = 60_000;
const p = (t: number, requests: number, elb5xx: number, periodMs?: number) => ({
  t,
  requests,
  elb5xx,
  ...(periodMs ? { periodMs } : {}),
});

describe("latestElb", () => {
  it("the newest period with requests, in any order; none is no data", () => {
    expect(latestElb([p(2 * MIN, 400, 4), p(3 * MIN, 200, 1), p(4 * MIN, 0, 0), p(MIN, 100, 50)])).toEqual({
      requests: 200,
      elb5xx: 1,
      rate: 0.5,
      periodStart: 3 * MIN,
      periodEnd: 4 * MIN,
    });
    expect(latestElb([])).toBe(NO_ELB_DATA);
    expect(latestElb([p(MIN, 0, 0)])).toBe(NO_ELB_DATA);
  });

  it("as of an instant: settled (its end plus the settle time passed), not older than three periods", () => {
    const pts = [p(0, 100, 1), p(MIN, 100, 2), p(2 * MIN, 100, 3)];
    // The period 2-3 min ends at 3 min; with 10 s to settle it counts from 3:10 on, not before.
    expect(latestElb(pts, { asOf: 3 * MIN + 10_000, settleMs: 10_000 }).elb5xx).toBe(3);
    expect(latestElb(pts, { asOf: 3 * MIN + 9_999, settleMs: 10_000 }).elb5xx).toBe(2);
    expect(latestElb(pts, { asOf: 3 * MIN }).elb5xx).toBe(3);
    // Age: a period starting exactly maxAge before asOf counts, one a millisecond older does not.
    expect(latestElb([p(0, 100, 1)], { asOf: 3 * MIN }).elb5xx).toBe(1);
    expect(latestElb([p(0, 100, 1)], { asOf: 3 * MIN + 1 })).toBe(NO_ELB_DATA);
    expect(latestElb([p(0, 100, 1)], { asOf: 5 * MIN, maxAgeMs: 5 * MIN }).elb5xx).toBe(1);
    expect(latestElb([p(0, 100, 1)], { asOf: 5 * MIN + 1, maxAgeMs: 5 * MIN })).toBe(NO_ELB_DATA);
  });

  it("a period's own length, else the option's, else a minute, sets its end; the option's sets the age limit", () => {
    expect(latestElb([p(0, 10, 1, 5 * MIN)])).toMatchObject({ periodEnd: 5 * MIN, rate: 10 });
    expect(latestElb([p(0, 10, 1)], { periodMs: 5 * MIN })).toMatchObject({ periodEnd: 5 * MIN });
    // A 5-minute period is not settled at 4 minutes, whatever the option says (the monitor passes
    // its own period, which the points share; the age limit follows the option's).
    const five = { maxAgeMs: 5 * MIN };
    expect(latestElb([p(0, 10, 1, 5 * MIN)], { asOf: 5 * MIN - 1, ...five })).toBe(NO_ELB_DATA);
    expect(latestElb([p(0, 10, 1, 5 * MIN)], { asOf: 5 * MIN, ...five }).elb5xx).toBe(1);
    // Three 5-minute periods of age.
    expect(latestElb([p(0, 10, 1)], { asOf: 15 * MIN, periodMs: 5 * MIN }).elb5xx).toBe(1);
    expect(latestElb([p(0, 10, 1)], { asOf: 15 * MIN + 1, periodMs: 5 * MIN })).toBe(NO_ELB_DATA);
  });
});
