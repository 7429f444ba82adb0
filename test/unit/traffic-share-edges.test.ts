/**
 * judgeShare at the band's clamped ends and with nothing counted, and shareOver's "exactly these
 * weights" (Stryker, domain-share: traffic-share.ts:59, :61, :94's survivors).
 */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import { judgeShare, shareOver } from "../../source/domain/traffic-share.js";

const w = (blue: number, green: number) => ({ blue, green });

describe("judgeShare at its edges", () => {
  it("nothing counted is no evidence, even where the band is all of 0–100 %", () => {
    expect(judgeShare(w(1, 1), 0, 0, 50)).toEqual({
      sharePercent: null,
      interval: { lower: 0, upper: 100 },
      band: { lower: 0, upper: 100 },
      result: "NOT ENOUGH EVIDENCE",
    });
  });

  it("a band clamped at 0 % holds a share of exactly 0, one clamped at 100 % a share of exactly 100", () => {
    // 99/1: band 0–3 %; green got none of 10,000, its interval starts at 0 itself.
    expect(judgeShare(w(99, 1), 10_000, 0)).toMatchObject({
      sharePercent: 0,
      band: { lower: 0, upper: 3 },
      result: "CONSISTENT",
    });
    expect(judgeShare(w(99, 1), 10_000, 0).interval.lower).toBe(0);
    // 1/99: band 97–100 %; green got all 10,000, its interval ends at 100 itself.
    const all = judgeShare(w(1, 99), 0, 10_000);
    expect(all).toMatchObject({ sharePercent: 100, band: { lower: 97, upper: 100 }, result: "CONSISTENT" });
    expect(all.interval.upper).toBe(100);
  });
});

describe("shareOver counts only the periods at exactly these weights", () => {
  const period = (t: string, weights: { blue: number; green: number }, green: number) => ({
    t,
    periodMs: 60_000,
    weights,
    blue: { requests: 900, errors: 0, connectionErrors: 0, p95Ms: 30 },
    green: { requests: green, errors: 0, connectionErrors: 0, p95Ms: 30 },
  });
  it("a period whose blue weight differs, or whose green weight does, is another step's", () => {
    const s = {
      periods: [
        period("2026-12-01T12:00:00Z", w(90, 10), 100),
        period("2026-12-01T12:01:00Z", w(80, 10), 200),
        period("2026-12-01T12:02:00Z", w(90, 20), 300),
      ],
    } as unknown as SessionState;
    const t = shareOver(s, w(90, 10), 0, Number.POSITIVE_INFINITY);
    expect([t.blue, t.green, t.periods, t.at]).toEqual([900, 100, 1, Date.parse("2026-12-01T12:01:00Z")]);
  });
});
