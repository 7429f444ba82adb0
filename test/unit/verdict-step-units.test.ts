/**
 * verdict-step.ts and verdict-view.ts in exact figures: which recorded periods a step's verdict is
 * built from (its weights, from its start, to its end), what it closes the gate for, and the lines
 * status, metrics and the record print from it. The statistics themselves are verdict.ts's tests.
 */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import type { PeriodPoint } from "../../source/domain/ports.js";
import { shareOver } from "../../source/domain/traffic-share.js";
import { computeVerdict, DEFAULT_VERDICT } from "../../source/domain/verdict.js";
import {
  recordedVerdict,
  type StepVerdict,
  stepPeriods,
  stepVerdict,
  stepVerdicts,
  verdictGateChecks,
  verdictOptions,
} from "../../source/domain/verdict-step.js";
import {
  stepsJson,
  verdictJson,
  verdictLines,
  verdictRecordLines,
} from "../../source/domain/verdict-view.js";

const T0 = Date.parse("2026-12-04T12:00:00Z");
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();
type Period = SessionState["periods"][number];
const arm = (requests: number, errors: number, p95Ms: number | null = 100) => ({
  requests,
  errors,
  connectionErrors: 0,
  p95Ms,
});
/** n one-minute periods at 90/10 from `from`, green with `greenErrors` of 3,000 a minute. */
const periods = (n: number, greenErrors: number, from = T0, weights = { blue: 90, green: 10 }): Period[] =>
  Array.from({ length: n }, (_, i) => ({
    t: iso(from + i * MIN),
    periodMs: MIN,
    weights,
    blue: arm(27_000, 27, 100 + (i % 3)),
    green: arm(3_000, greenErrors, 100 + ((i + 1) % 3)),
  }));
const session = (over: Partial<SessionState> = {}): SessionState =>
  ({
    weights: { blue: 90, green: 10 },
    steps: [{ step: 10, confirmedAt: iso(T0) }],
    weightsSince: iso(T0),
    periods: [],
    alerts: [],
    items: {},
    fields: {},
    ...over,
  }) as SessionState;
const pointsOf = (ps: Period[], a: "blue" | "green"): PeriodPoint[] =>
  ps.map((p) => ({ t: Date.parse(p.t), periodMs: p.periodMs, ...p[a]! }));

describe("verdictOptions", () => {
  it("defaults: the verdict's margins, one-minute periods, trust pause, PASS not required", () => {
    expect(verdictOptions()).toEqual({
      errorMarginPoints: 0.5,
      latencyMarginMs: 10,
      periodMs: 60_000,
      trust: "pause",
      requirePass: false,
    });
  });
  it("the config's margins, period and trust", () => {
    const canary = { verdict: { errorMarginPoints: 1.5, latencyMarginMs: 25, trust: "pause" as const } };
    expect(verdictOptions({ canary, metrics: { periodSeconds: 300 } } as never)).toEqual({
      errorMarginPoints: 1.5,
      latencyMarginMs: 25,
      periodMs: 300_000,
      trust: "pause",
      requirePass: true,
    });
    const advisory = verdictOptions({ canary: { verdict: { trust: "advisory" } } } as never);
    expect([advisory.trust, advisory.requirePass]).toEqual(["advisory", false]);
    expect(verdictOptions({ triggers: { "canary-verdict": { level: "rollback" } } } as never).trust).toBe(
      "rollback",
    );
  });
});

describe("stepPeriods", () => {
  it("from the step's start, at exactly its weights, each arm only where it had requests", () => {
    const ps: Period[] = [
      {
        t: iso(T0 - MIN),
        periodMs: MIN,
        weights: { blue: 90, green: 10 },
        blue: arm(5, 0),
        green: arm(5, 0),
      },
      { t: iso(T0), periodMs: MIN, weights: { blue: 90, green: 10 }, blue: arm(10, 1), green: arm(0, 0) },
      {
        t: iso(T0 + MIN),
        periodMs: 30_000,
        weights: { blue: 90, green: 10 },
        blue: null,
        green: arm(4, 2, null),
      },
      {
        t: iso(T0 + 2 * MIN),
        periodMs: MIN,
        weights: { blue: 50, green: 10 },
        blue: arm(7, 0),
        green: arm(7, 0),
      },
      {
        t: iso(T0 + 3 * MIN),
        periodMs: MIN,
        weights: { blue: 90, green: 50 },
        blue: arm(8, 0),
        green: arm(8, 0),
      },
      { t: iso(T0 + 4 * MIN), periodMs: MIN, weights: null, blue: arm(9, 0), green: arm(9, 0) },
    ];
    expect(stepPeriods(session({ periods: ps }), { blue: 90, green: 10 }, T0)).toEqual({
      blue: [{ t: T0, periodMs: MIN, ...arm(10, 1) }],
      green: [{ t: T0 + MIN, periodMs: 30_000, ...arm(4, 2, null) }],
    });
    expect(stepPeriods(session({ periods: undefined }), { blue: 90, green: 10 }, T0)).toEqual({
      blue: [],
      green: [],
    });
  });
});

describe("stepVerdict", () => {
  it("none before the first step, at 0 or 100 % green, or without a confirmed step", () => {
    expect(stepVerdict(session({ weights: null }))).toBeNull();
    expect(stepVerdict(session({ weights: { blue: 100, green: 0 } }))).toBeNull();
    expect(stepVerdict(session({ weights: { blue: 0, green: 100 } }))).toBeNull();
    expect(stepVerdict(session({ steps: [] }))).toBeNull();
  });
  it("the step's periods since its weights, the end of the newest, default trust", () => {
    const ps = periods(4, 3, T0 - 2 * MIN);
    const s = session({ periods: ps, weightsSince: iso(T0) });
    const mine = ps.slice(2);
    expect(stepVerdict(s)).toEqual({
      step: 10,
      since: iso(T0),
      verdict: computeVerdict(pointsOf(mine, "blue"), pointsOf(mine, "green"), DEFAULT_VERDICT),
      at: T0 + 2 * MIN,
      trust: "pause",
      requirePass: false,
    });
  });
  it("without weightsSince the last step's confirmation; a period without its length takes the options'", () => {
    const ps = periods(2, 3).map((p) => ({ ...p, periodMs: undefined as unknown as number }));
    const s = session({
      periods: ps,
      weightsSince: undefined,
      steps: [{ step: 10, confirmedAt: iso(T0 + MIN) }],
    });
    const v = stepVerdict(s, {
      ...DEFAULT_VERDICT,
      periodMs: 5 * MIN,
      trust: "advisory",
      requirePass: true,
    })!;
    expect([v.since, v.at, v.trust, v.requirePass]).toEqual([iso(T0 + MIN), T0 + 6 * MIN, "advisory", true]);
    expect(stepVerdict(s, DEFAULT_VERDICT)!.at).toBe(T0 + 2 * MIN);
  });
  it("no period yet: at is null", () => {
    expect(stepVerdict(session())!.at).toBeNull();
  });
});

/** The step at 10 % after n minutes, green with greenErrors of 3,000 a minute (blue 0.1 %). */
const judged = (n: number, greenErrors: number, over: Partial<StepVerdict> = {}): StepVerdict => ({
  ...stepVerdict(session({ periods: periods(n, greenErrors) }))!,
  ...over,
});

describe("verdictGateChecks", () => {
  it("no verdict, or nothing that blocks: no check", () => {
    expect(verdictGateChecks(null)).toEqual([]);
    expect(verdictGateChecks(judged(12, 3))).toEqual([]);
    expect(verdictGateChecks(judged(3, 3))).toEqual([]);
    expect(verdictGateChecks(judged(6, 300, { trust: "advisory" }))).toEqual([]);
  });
  it("FAIL at pause or rollback closes the gate for later steps", () => {
    const fail = judged(6, 300);
    expect(fail.verdict.result).toBe("FAIL");
    expect(verdictGateChecks(fail)).toEqual([
      {
        source: "canary-verdict",
        label: expect.stringMatching(/^green 10 %: FAIL: .* \(trust pause\)$/),
        ok: false,
        at: T0 + 6 * MIN,
        actions: ["promote"],
        steps: "later",
      },
    ]);
    expect(verdictGateChecks({ ...fail, trust: "rollback" })[0]).toMatchObject({
      ok: false,
      label: expect.stringMatching(/\(trust rollback\)$/),
    });
  });
  it("PASS required: PASS opens, no evidence waits, an advisory FAIL does not block", () => {
    expect(verdictGateChecks(judged(12, 3, { requirePass: true }))[0]).toMatchObject({
      label: "green 10 %: PASS (trust pause)",
      ok: true,
    });
    expect(verdictGateChecks(judged(3, 3, { requirePass: true }))[0]).toMatchObject({ ok: null });
    expect(verdictGateChecks(judged(6, 300, { requirePass: true, trust: "advisory" }))[0]).toMatchObject({
      ok: true,
    });
  });
});

describe("recordedVerdict and stepVerdicts", () => {
  const config = { value: { canary: { verdict: { trust: "pause", errorMarginPoints: 2 } } } };
  it("recordedVerdict takes the session's own config", () => {
    const v = recordedVerdict(session({ periods: periods(6, 300), config } as never))!;
    expect([v.trust, v.requirePass]).toEqual(["pause", true]);
    expect(v.verdict).toEqual(
      stepVerdict(session({ periods: periods(6, 300) }), {
        ...DEFAULT_VERDICT,
        errorMarginPoints: 2,
        periodMs: MIN,
      })!.verdict,
    );
  });
  it("each step between 0 and 100 % until the next step or the rollback, with its share", () => {
    const at10 = periods(4, 3);
    const at50 = periods(3, 3, T0 + 4 * MIN, { blue: 50, green: 50 });
    const late10 = periods(1, 3, T0 + 9 * MIN);
    const s = session({
      weights: { blue: 50, green: 50 },
      steps: [
        { step: 0, confirmedAt: iso(T0 - MIN) },
        { step: 10, confirmedAt: iso(T0) },
        { step: 50, confirmedAt: iso(T0 + 4 * MIN) },
        { step: 100, confirmedAt: iso(T0 + 10 * MIN) },
      ],
      rollback: { startedAt: iso(T0 + 6 * MIN) },
      periods: [...at10, ...at50, ...late10],
      config,
    } as never);
    const o = verdictOptions(config.value as never);
    const vs = stepVerdicts(s);
    expect(vs.map((v) => [v.step, v.since, v.at, v.trust, v.requirePass])).toEqual([
      [10, iso(T0), T0 + 4 * MIN, "pause", true],
      [50, iso(T0 + 4 * MIN), T0 + 6 * MIN, "pause", true],
    ]);
    expect(vs[0]!.verdict).toEqual(computeVerdict(pointsOf(at10, "blue"), pointsOf(at10, "green"), o));
    const first50 = at50.slice(0, 2);
    expect(vs[1]!.verdict).toEqual(computeVerdict(pointsOf(first50, "blue"), pointsOf(first50, "green"), o));
    expect(vs[0]!.share).toEqual(shareOver(s, { blue: 90, green: 10 }, T0, T0 + 4 * MIN));
    expect(vs[1]!.share).toEqual(shareOver(s, { blue: 50, green: 50 }, T0 + 4 * MIN, T0 + 6 * MIN));
    expect(stepsJson(s)).toEqual(vs.map((v) => verdictJson(v)));
  });
  it("a step back to an earlier share is a new step: the first ends at the next step's start", () => {
    const first = periods(4, 3);
    const back = periods(2, 300, T0 + 8 * MIN);
    const s = session({
      steps: [
        { step: 10, confirmedAt: iso(T0) },
        { step: 50, confirmedAt: iso(T0 + 4 * MIN) },
        { step: 10, confirmedAt: iso(T0 + 8 * MIN) },
      ],
      periods: [...first, ...back],
    });
    const o = verdictOptions();
    expect(stepVerdicts(s).map((v) => [v.step, v.at, v.verdict])).toEqual([
      [10, T0 + 4 * MIN, computeVerdict(pointsOf(first, "blue"), pointsOf(first, "green"), o)],
      [50, null, computeVerdict([], [], o)],
      [10, T0 + 10 * MIN, computeVerdict(pointsOf(back, "blue"), pointsOf(back, "green"), o)],
    ]);
  });
  it("a period recorded without its length lasts the config's period", () => {
    const ps = periods(2, 3).map((p) => ({ ...p, periodMs: undefined as unknown as number }));
    const config = { value: { metrics: { periodSeconds: 300 } } };
    expect(stepVerdicts(session({ periods: ps, config } as never))[0]!.at).toBe(T0 + MIN + 5 * MIN);
  });
  it("the current step runs to now; a step with no period has at null", () => {
    const vs = stepVerdicts(session({ periods: periods(3, 3, T0 + 100 * MIN) }));
    expect(vs.map((v) => [v.step, v.at, v.share?.periods])).toEqual([[10, T0 + 103 * MIN, 3]]);
    expect(stepVerdicts(session()).map((v) => v.at)).toEqual([null]);
  });
});

describe("verdict-view", () => {
  it("verdictJson: the verdict's fields flat, at as ISO, the share only when measured", () => {
    const v = judged(12, 3);
    expect(verdictJson(null)).toBeNull();
    expect(verdictJson({ ...v, requirePass: undefined, at: null })).toEqual({
      step: 10,
      since: iso(T0),
      trust: "pause",
      requirePass: false,
      at: null,
      ...v.verdict,
    });
    const withShare = verdictJson({
      ...v,
      share: shareOver(session({ periods: periods(12, 3) }), { blue: 90, green: 10 }, T0, Infinity),
    })!;
    expect([withShare.at, (withShare.trafficShare as { requests: number }).requests]).toEqual([
      iso(T0 + 12 * MIN),
      360_000,
    ]);
  });
  it("verdictLines: none, or the verdict and its evidence in five lines", () => {
    expect(verdictLines(null)).toEqual(["verdict: none (no canary step with both arms serving)"]);
    expect(verdictLines(judged(12, 3, { requirePass: true }))).toMatchInlineSnapshot(`
      [
        "verdict at green 10 % (trust pause, needs PASS): PASS",
        "  blue   324/324000 errors = 0.10 % (95 % 0.09–0.11)",
        "  green  36/36000 errors = 0.10 % (95 % 0.07–0.14)",
        "  green − blue 0.00 points (anytime-valid 95 % -0.08 to 0.11; margin 0.5)",
        "  p95 paired over 12 periods: median green − blue 1 ms (margin 10 ms; sequential sign test)",
      ]
    `);
    expect(verdictLines(judged(0, 0))).toMatchInlineSnapshot(`
      [
        "verdict at green 10 % (trust pause): NOT ENOUGH EVIDENCE — green has had no traffic at this step yet",
        "  blue   0/0 errors = – % (95 % – to –)",
        "  green  0/0 errors = – % (95 % – to –)",
        "  green − blue – points (anytime-valid 95 % – to –; margin 0.5)",
        "  p95 paired over 0 periods: median green − blue – (margin 10 ms; sequential sign test)",
      ]
    `);
    expect(verdictLines(judged(1, 3))[0]).toMatchInlineSnapshot(
      `"verdict at green 10 % (trust pause): NOT ENOUGH EVIDENCE — about 180,000 more requests, ≈ 6:00 at the current rate"`,
    );
  });
  it("verdictRecordLines: nothing without a step, else the table", () => {
    expect(verdictRecordLines([])).toEqual([]);
    const s = session({ periods: periods(12, 3) });
    expect(verdictRecordLines(stepVerdicts(s))).toMatchInlineSnapshot(`
      [
        "",
        "### Canary verdicts (at each step's end, from the recorded periods)",
        "",
        "| Green | From | Verdict | Trust | Green errors | Blue errors | Green − blue (95 %, anytime-valid) | p95 periods (median Δ) | Traffic share (green received vs listener weight) |",
        "|---:|---|---|---|---|---|---|---|---|",
        "| 10 % | 2026-12-04T12:00:00.000Z | PASS | pause | 36/36000 (0.10 %) | 324/324000 (0.10 %) | 0.00 (-0.08 to 0.11) | 12 (1 ms) | CONSISTENT: green 10 % of 360,000 (99.9 % 9.8–10.2 %; weight 90/10) |",
      ]
    `);
    expect(verdictRecordLines([judged(0, 0)]).at(-1)).toMatchInlineSnapshot(
      `"| 10 % | 2026-12-04T12:00:00.000Z | NOT ENOUGH EVIDENCE — green has had no traffic at this step yet | pause | 0/0 (– %) | 0/0 (– %) | – (– to –) | 0 (–) | – |"`,
    );
    expect(verdictRecordLines([{ ...judged(1, 0), share: undefined }]).at(-1)).toMatchInlineSnapshot(
      `"| 10 % | 2026-12-04T12:00:00.000Z | NOT ENOUGH EVIDENCE — about 180,000 more requests, ≈ 6:00 at the current rate | pause | 0/3000 (0.00 %) | 27/27000 (0.10 %) | -0.10 (-0.21 to 0.24) | 1 (1 ms) | – |"`,
    );
  });
});
