/**
 * The traffic share as the lead reads it (status, the record's step table, `--json`) and as the
 * gate takes it: each result's words, a share under 10 % to one decimal, the band clamped at 0 and
 * 100 %, the dwell's bounds, and the gate check a mismatch adds.
 */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import {
  judgeShare,
  shareCell,
  shareGateChecks,
  shareGateChecksFor,
  shareJson,
  shareLine,
  shareOver,
  type TrafficShare,
  trafficShare,
} from "../../source/domain/traffic-share.js";

const w = (blue: number, green: number) => ({ blue, green });
const counted = (weights: { blue: number; green: number }, blue: number, green: number, periods: number) =>
  ({ weights, blue, green, periods, at: 1000, ...judgeShare(weights, blue, green) }) as TrafficShare;

const consistent = counted(w(90, 10), 27_000, 3_000, 1);
const unsure = counted(w(90, 10), 90, 10, 3);
const mismatch = counted(w(50, 50), 11_820, 180, 2);
const none = counted(w(50, 50), 0, 0, 0);

describe("the share in words", () => {
  it.each([
    [
      consistent,
      "listener says 90/10, green received 10 % (99.9 % 9.4–10.6 %, of 30,000 requests over 1 period): consistent",
      "CONSISTENT: green 10 % of 30,000 (99.9 % 9.4–10.6 %; weight 90/10)",
    ],
    [
      unsure,
      "listener says 90/10, green received 10 %: not enough evidence (99.9 % 3.7–24.1 %, of 100 requests over 3 periods)",
      "NOT ENOUGH EVIDENCE: green 10 % of 100 (99.9 % 3.7–24.1 %; weight 90/10)",
    ],
    [
      mismatch,
      "listener says 50/50 but green received 1.5 % (99.9 % 1.2–1.9 %, of 12,000 requests over 2 periods)",
      "MISMATCH: green 1.5 % of 12,000 (99.9 % 1.2–1.9 %; weight 50/50)",
    ],
    [
      none,
      "listener says 50/50: no evidence yet (no requests counted at these weights)",
      "not measured (no requests counted at weight 50/50)",
    ],
  ])("%#: status and the record's cell", (t, line, cell) => {
    expect(shareLine(t)).toBe(line);
    expect(shareCell(t)).toBe(cell);
  });

  it("no share at all is a dash in the cell and null in JSON; JSON adds the requests and the line", () => {
    expect(shareCell(null)).toBe("–");
    expect(shareCell(undefined)).toBe("–");
    expect(shareJson(null)).toBeNull();
    expect(shareJson(mismatch)).toEqual({ ...mismatch, requests: 12_000, line: shareLine(mismatch) });
  });
});

describe("judging", () => {
  it("the band is clamped to 0–100 % and narrowed by the tolerance asked for", () => {
    expect(judgeShare(w(99, 1), 0, 0).band).toEqual({ lower: 0, upper: 3 });
    expect(judgeShare(w(1, 99), 0, 0).band).toEqual({ lower: 97, upper: 100 });
    const tight = judgeShare(w(90, 10), 27_000, 3_000, 0.5);
    expect(tight.band).toEqual({ lower: 9.5, upper: 10.5 });
    expect(tight.result).toBe("NOT ENOUGH EVIDENCE");
  });

  it("green getting more than its weight is a mismatch too", () => {
    expect(judgeShare(w(90, 10), 20_000, 10_000).result).toBe("MISMATCH");
  });

  it("an interval reaching past either edge of the band is not enough evidence, not consistent", () => {
    // 9 % of 3,000: 7.4-10.9 %, below the band's 8 %; 11 % of 3,000: 9.3-13.0 %, past its 12 %.
    expect(judgeShare(w(90, 10), 2730, 270).result).toBe("NOT ENOUGH EVIDENCE");
    expect(judgeShare(w(90, 10), 2670, 330).result).toBe("NOT ENOUGH EVIDENCE");
  });
});

describe("the dwell and the gate", () => {
  const period = (t: string, blue: number, green: number) => ({
    t,
    periodMs: 60_000,
    weights: w(50, 50),
    blue: blue ? { requests: blue, errors: 0, connectionErrors: 0, p95Ms: 30 } : null,
    green: green ? { requests: green, errors: 0, connectionErrors: 0, p95Ms: 30 } : null,
  });
  const s = {
    weights: w(50, 50),
    weightsSince: "2026-12-01T12:00:00Z",
    periods: [
      period("2026-12-01T11:59:00Z", 3000, 3000),
      period("2026-12-01T12:00:00Z", 5820, 180),
      period("2026-12-01T12:01:00Z", 6000, 0),
    ],
  } as unknown as SessionState;

  it("a step's dwell holds the periods that began from its start up to, not at, its end", () => {
    const t = shareOver(s, w(50, 50), Date.parse("2026-12-01T12:00:00Z"), Date.parse("2026-12-01T12:01:00Z"));
    expect([t.blue, t.green, t.periods, t.at]).toEqual([5820, 180, 1, Date.parse("2026-12-01T12:01:00Z")]);
  });

  it("a period with no request to blue counts blue 0", () => {
    const t = shareOver(
      { periods: [period("2026-12-01T12:00:00Z", 0, 180)] } as unknown as SessionState,
      w(50, 50),
      0,
      Number.POSITIVE_INFINITY,
    );
    expect([t.blue, t.green, t.periods]).toEqual([0, 180, 1]);
  });

  it("no split to check without a time the weights were confirmed at", () => {
    expect(trafficShare({ ...s, weightsSince: undefined } as unknown as SessionState)).toBeNull();
    expect(trafficShare({ ...s, weights: undefined } as unknown as SessionState)).toBeNull();
  });

  it("a mismatch closes later promotions, with its line and the trust level; by default at the trigger's own level", () => {
    expect(shareGateChecks(mismatch, "pause")).toEqual([
      {
        source: "traffic-share",
        label: `${shareLine(mismatch)} (trust pause)`,
        ok: false,
        at: 1000,
        actions: ["promote"],
        steps: "later",
      },
    ]);
    expect(shareGateChecksFor(s)).toEqual([
      expect.objectContaining({
        source: "traffic-share",
        label: expect.stringMatching(/^listener says 50\/50 but green received 1\.5 %.* \(trust pause\)$/),
        at: Date.parse("2026-12-01T12:02:00Z"),
      }),
    ]);
    expect(shareGateChecks(consistent, "pause")).toEqual([]);
    expect(shareGateChecks(null, "pause")).toEqual([]);
  });
});
