/**
 * countText (domain/count-text.ts) writes a count as toLocaleString("en-US") does, without Intl, and
 * the verdict's and the traffic share's texts use it: formatting through Intl maps ~5 MB of ICU's
 * locale data into the cockpit (bench/RESULTS.md §0zn).
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { countText } from "../../source/domain/count-text.js";
import { shareLine } from "../../source/domain/traffic-share.js";
import { computeVerdict } from "../../source/domain/verdict.js";

describe("countText", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes every count as toLocaleString('en-US') does", () => {
    for (const n of [0, -0, 7, 999, 1000, -1000, 12_345, 1_000_000, -9_876_543, Number.MAX_SAFE_INTEGER])
      expect(countText(n)).toBe(n.toLocaleString("en-US"));
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => countText(n) === n.toLocaleString("en-US")),
      { numRuns: 2000 },
    );
    // Not a safe integer: left to toLocaleString.
    for (const n of [1234.5678, Number.POSITIVE_INFINITY, Number.NaN, 2 ** 60])
      expect(countText(n)).toBe(n.toLocaleString("en-US"));
  });

  it("the canary verdict's and the traffic share's texts format their counts without Intl", () => {
    const intl = vi.spyOn(Number.prototype, "toLocaleString");
    const arm = (requests: number, errors: number) =>
      Array.from({ length: 5 }, (_, i) => ({ t: i * 60_000, requests, errors, p95Ms: 100 }));
    const v = computeVerdict(arm(90, 1), arm(10, 0));
    expect(v.reason).toMatch(/^about \d{1,3}(,\d{3})* more requests/);
    const line = shareLine({
      weights: { blue: 90, green: 10 },
      blue: 10_800,
      green: 1_200,
      periods: 2,
      at: 0,
      result: "CONSISTENT",
      sharePercent: 10,
      interval: { lower: 9.2, upper: 10.8 },
    } as Parameters<typeof shareLine>[0]);
    expect(line).toContain("of 12,000 requests over 2 periods");
    expect(intl).not.toHaveBeenCalled();
  });
});
