/**
 * computeVerdict's figures pinned on two small steps (Stryker, domain-verdict: the property test
 * checks where the verdict converges, not the bounds on the way). The values are the code's own as
 * of 2026-12-03, checked for sense: each arm's interval holds its observed rate, the difference's
 * interval holds the observed difference, and periods are counted once, oldest first, whatever
 * order they arrive in.
 */
import { describe, expect, it } from "vitest";
import type { PeriodPoint } from "../../source/domain/ports.js";
import { computeVerdict } from "../../source/domain/verdict.js";

const MIN = 60_000;
const p = (
  t: number,
  requests: number,
  errors: number,
  p95Ms: number | null,
  extra: object = {},
): PeriodPoint => ({
  t: t * MIN,
  requests,
  errors,
  p95Ms,
  ...extra,
});

describe("computeVerdict's figures", () => {
  it("periods out of order, an empty period, a period of its own length, a p95 missing", () => {
    const blue = [p(2, 800, 4, 100), p(0, 900, 3, 102), p(1, 0, 0, 500), p(3, 700, 2, null)];
    const green = [
      p(3, 300, 3, 115, { periodMs: 2 * MIN }),
      p(0, 100, 1, 101),
      p(2, 200, 1, 99),
      p(1, 150, 0, 130),
    ];
    const v = computeVerdict(blue, green, {
      errorMarginPoints: 0.5,
      latencyMarginMs: 10,
      passConfidence: 0.9,
      failAlpha: 0.05,
    });
    expect(v).toMatchInlineSnapshot(`
      {
        "blue": {
          "errors": 9,
          "interval": {
            "lower": 0.1974158014857403,
            "upper": 0.711190660337542,
          },
          "p95": [
            102,
            100,
          ],
          "rate": 0.375,
          "requests": 2400,
        },
        "errors": {
          "difference": 0.29166666666666674,
          "fail": false,
          "failLower": -1.090202173565731,
          "interval": {
            "lower": -0.9839498540549536,
            "upper": 2.292397457196798,
          },
          "marginPoints": 0.5,
          "pass": false,
        },
        "green": {
          "errors": 5,
          "interval": {
            "lower": 0.2850864732113932,
            "upper": 1.5510368475234393,
          },
          "p95": [
            101,
            99,
          ],
          "rate": 0.6666666666666666,
          "requests": 750,
        },
        "latency": {
          "fail": false,
          "greenHigher": 0,
          "marginMs": 10,
          "medianDifferenceMs": -1,
          "overMargin": 0,
          "pass": false,
          "periods": 2,
          "test": "sequential sign test on paired per-period p95",
        },
        "looks": 4,
        "more": {
          "requests": 115409,
          "seconds": 10992,
        },
        "ratePerSecond": 10.5,
        "reason": "about 115,409 more requests, ≈ 3:03:12 at the current rate",
        "result": "NOT ENOUGH EVIDENCE",
      }
    `);
  });

  it("a clear failure in errors, green higher in every period", () => {
    const blue = [0, 1, 2, 3, 4, 5].map((t) => p(t, 2000, 2, 100));
    const green = [0, 1, 2, 3, 4, 5].map((t) => p(t, 2000, 60, 100 + 5 * t));
    expect(computeVerdict(blue, green)).toMatchInlineSnapshot(`
      {
        "blue": {
          "errors": 12,
          "interval": {
            "lower": 0.057215243348357266,
            "upper": 0.17472266521519902,
          },
          "p95": [
            100,
            100,
            100,
            100,
            100,
            100,
          ],
          "rate": 0.1,
          "requests": 12000,
        },
        "errors": {
          "difference": 2.9,
          "fail": true,
          "failLower": 2.0276508266517004,
          "interval": {
            "lower": 2.12659673709831,
            "upper": 3.669255854536428,
          },
          "marginPoints": 0.5,
          "pass": false,
        },
        "green": {
          "errors": 360,
          "interval": {
            "lower": 2.7095056411394824,
            "upper": 3.3205761565055503,
          },
          "p95": [
            100,
            105,
            110,
            115,
            120,
            125,
          ],
          "rate": 3,
          "requests": 12000,
        },
        "latency": {
          "fail": false,
          "greenHigher": 5,
          "marginMs": 10,
          "medianDifferenceMs": 12.5,
          "overMargin": 3,
          "pass": false,
          "periods": 6,
          "test": "sequential sign test on paired per-period p95",
        },
        "looks": 6,
        "more": null,
        "ratePerSecond": 66.66666666666667,
        "reason": "green's error rate is higher than blue's with 99 % confidence (difference ≥ 2.03 points)",
        "result": "FAIL",
      }
    `);
  });
});
