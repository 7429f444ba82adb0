/**
 * engine/periods.ts with the session, the alert book and the controller in memory: settled periods
 * recorded once each, oldest first, with their readings; the canary verdict judged after new ones and
 * acted on at its trust level (advisory: nothing; pause: a critical alert; rollback: that alert and,
 * with auto-rollback on and green serving, a rollback); and the live verdict asked every frame.
 */
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import type { PeriodPoint } from "../../source/domain/ports.js";
import { judgeVerdict, liveVerdict, recordPeriods, VERDICT_ALERT_KEY } from "../../source/engine/periods.js";

const MIN = 60_000;
const T = Date.parse("2026-12-04T12:00:00.000Z");
const iso = (t: number) => new Date(t).toISOString();
/** Minutes of traffic from T: 1000 requests an arm, `errors` of them failed. */
const arm = (n: number, errors: number, from = T): PeriodPoint[] =>
  Array.from({ length: n }, (_, i) => ({ t: from + i * MIN, requests: 1000, errors, p95Ms: 40 }));

function rig(
  o: {
    trust?: string;
    auto?: boolean;
    green?: number;
    controller?: false;
    /** What changes in the session while the alert is written (a rollback confirmed meanwhile). */
    duringAlert?: Record<string, unknown>;
  } = {},
) {
  const green = o.green ?? 10;
  const state = {
    weights: { blue: 100 - green, green },
    weightsSince: iso(T),
    steps: [{ step: 10, confirmedAt: iso(T) }],
    periods: [] as Record<string, unknown>[],
  };
  const log: unknown[][] = [];
  const recorder = {
    state,
    append: async (type: string, data: Record<string, unknown>, by: string) => {
      log.push([type, data.t, by]);
      // A new array, as the session's reducer makes: the live verdict's memo keys on the state.
      recorder.state = { ...state, periods: [...recorder.state.periods, data] };
      return {} as never;
    },
  };
  const config = {
    metrics: { periodSeconds: 60 },
    autoRollback: { enabled: o.auto ?? true },
    ...(o.trust ? { triggers: { "canary-verdict": o.trust } } : {}),
  } as unknown as EnvConfig;
  const alerts = {
    breached: async (...a: unknown[]) => {
      log.push(["breached", ...a]);
      if (o.duringAlert) recorder.state = { ...recorder.state, ...o.duringAlert };
    },
    recovered: (key: string) => void log.push(["recovered", key]),
  };
  const controller = { rollback: async (a: unknown) => void log.push(["rollback", a]) };
  const d = {
    recorder,
    config,
    alerts,
    ...(o.controller === false ? {} : { controller }),
  } as unknown as Parameters<typeof recordPeriods>[0];
  return { d, log, recorder, config };
}
type LiveDeps = Parameters<typeof liveVerdict>[0];
const C = (now: number) => ({ now, periodMs: MIN, settleMs: 30_000 });
const LINE =
  "canary verdict at green 10 %: FAIL: green's error rate is higher than blue's with 99 % confidence (difference ≥ 13.06 points)";
const BAD = { blue: arm(10, 1), green: arm(10, 150) };

describe("recordPeriods", () => {
  it("each settled period once, oldest first, then the verdict; none pending judges nothing", async () => {
    const r = rig({ trust: "advisory" });
    const series = { blue: arm(3, 1), green: arm(3, 1).reverse() };
    // 12:02's period settles at 12:03:30.
    expect(await recordPeriods(r.d, series, C(T + 3 * MIN + 29_999))).toBe(2);
    expect(r.log).toEqual([
      ["metrics.period", iso(T), "golive"],
      ["metrics.period", iso(T + MIN), "golive"],
      ["recovered", VERDICT_ALERT_KEY],
    ]);
    expect(r.recorder.state.periods[0]).toEqual({
      t: iso(T),
      periodMs: MIN,
      weights: { blue: 90, green: 10 },
      blue: { requests: 1000, errors: 1, connectionErrors: 0, p95Ms: 40 },
      green: { requests: 1000, errors: 1, connectionErrors: 0, p95Ms: 40 },
    });
    expect(await recordPeriods(r.d, series, C(T + 3 * MIN + 29_999))).toBe(0);
    expect(r.log).toHaveLength(3);
    const readings = { p99: { blue: 70, green: 80, periodStart: T + 2 * MIN, at: 0, periodMs: MIN } };
    expect(await recordPeriods(r.d, series, C(T + 4 * MIN), readings)).toBe(1);
    expect(r.recorder.state.periods.at(-1)).toMatchObject({
      t: iso(T + 2 * MIN),
      measures: { p99: { blue: 70, green: 80 } },
    });
  });

  it("a FAIL at trust pause is a critical alert, no rollback", async () => {
    const r = rig();
    expect(await recordPeriods(r.d, BAD, C(T + 11 * MIN))).toBe(10);
    const alert = r.log.at(-1)!;
    expect(alert.slice(0, 3)).toEqual(["breached", VERDICT_ALERT_KEY, "critical"]);
    expect(alert[3]).toBe(`${LINE} (R rolls back)`);
    expect(alert[4]).toBe("pause");
  });
});

describe("judgeVerdict", () => {
  async function judged(o: Parameters<typeof rig>[0]) {
    const r = rig(o);
    await recordPeriods(r.d, BAD, C(T + 11 * MIN));
    return r.log.filter((e) => e[0] !== "metrics.period");
  }

  it("at trust rollback: the alert says so, and auto-rollback rolls back with the verdict as reason", async () => {
    const log = await judged({ trust: "rollback" });
    expect(log).toHaveLength(2);
    const [alert, rollback] = log as [unknown[], unknown[]];
    expect(alert.slice(0, 3)).toEqual(["breached", VERDICT_ALERT_KEY, "critical"]);
    expect(alert[3]).toBe(`${LINE} (trust rollback; R rolls back)`);
    expect(alert[4]).toBe("rollback");
    expect(rollback).toEqual([
      "rollback",
      {
        by: "golive (auto-rollback)",
        kind: "auto-rollback",
        reason: `auto-rollback on the ${LINE} (trust rollback)`,
      },
    ]);
  });

  it("no rollback with auto-rollback off, without a controller, or green at 0", async () => {
    for (const o of [{ auto: false }, { controller: false as const }]) {
      const log = await judged({ trust: "rollback", ...o });
      expect(log.map((e) => e[0])).toEqual(["breached"]);
    }
    const r = rig({ trust: "rollback" });
    await recordPeriods(r.d, BAD, C(T + 11 * MIN));
    r.recorder.state = { ...r.recorder.state, weights: { blue: 100, green: 0 } } as never;
    r.log.length = 0;
    // Green back at 0 (or no weights known) by the time the alert is written: nothing to roll back.
    for (const duringAlert of [{ weights: { blue: 100, green: 0 } }, { weights: undefined }]) {
      const log = await judged({ trust: "rollback", duringAlert });
      expect(log.map((e) => e[0])).toEqual(["breached"]);
    }
    // Green at 0 has no step to judge: recovered, whatever the record holds.
    await judgeVerdict(r.d);
    expect(r.log).toEqual([["recovered", VERDICT_ALERT_KEY]]);
  });

  it("advisory: a FAIL is shown, never alerted; a verdict that is no FAIL recovers", async () => {
    expect(await judged({ trust: "advisory" })).toEqual([["recovered", VERDICT_ALERT_KEY]]);
    const r = rig({ trust: "rollback" });
    await recordPeriods(r.d, { blue: arm(10, 1), green: arm(10, 1) }, C(T + 11 * MIN));
    expect(r.log.filter((e) => e[0] !== "metrics.period")).toEqual([["recovered", VERDICT_ALERT_KEY]]);
  });
});

describe("liveVerdict", () => {
  function live(now0: number) {
    const r = rig();
    const clock = { t: now0, now: () => clock.t, sleep: async () => {} };
    const d = { recorder: r.recorder, clock, config: r.config } as unknown as LiveDeps;
    const snapshot = { blue: { series: arm(5, 1) }, green: { series: arm(5, 1) } };
    return { r, d, clock, m: { periodMs: MIN, settleMs: 30_000, snapshot } };
  }

  it("the record plus the periods settled by now; the same answer while nothing settles", () => {
    const { d, clock, m } = live(T + 2 * MIN + 30_000);
    const two = liveVerdict(d, m);
    expect(two).toMatchObject({ step: 10, since: iso(T), at: T + 2 * MIN, trust: "pause" });
    clock.t += 10_000;
    expect(liveVerdict(d, m)).toBe(two);
    // Series read again with the same points: the same verdict, not built again.
    const reread = { ...m, snapshot: { blue: { series: arm(5, 1) }, green: { series: arm(5, 1) } } };
    expect(liveVerdict(d, reread)).toBe(two);
    clock.t += 50_000;
    expect(liveVerdict(d, reread)?.at).toBe(T + 3 * MIN);
  });

  it("built again for another period length, other points, another record or another config", () => {
    const { r, d, m } = live(T + 20 * MIN);
    expect(liveVerdict(d, m)?.at).toBe(T + 5 * MIN);
    expect(liveVerdict(d, { ...m, periodMs: 2 * MIN })?.at).toBe(T + 6 * MIN);
    expect(liveVerdict(d, m)?.verdict.result).not.toBe("FAIL");
    // One arm's points replaced, the other's the very same: built again all the same.
    const worse = { ...m, snapshot: { ...m.snapshot, green: { series: arm(5, 300) } } };
    expect(liveVerdict(d, worse)?.verdict.result).toBe("FAIL");
    const even = { ...m, snapshot: { ...worse.snapshot, blue: { series: arm(5, 300) } } };
    expect(liveVerdict(d, even)?.verdict.result).not.toBe("FAIL");
    expect(liveVerdict(d, worse)?.verdict.result).toBe("FAIL");
    expect(
      liveVerdict(
        { ...d, config: { ...r.config, triggers: { "canary-verdict": "advisory" } } as EnvConfig },
        worse,
      )?.trust,
    ).toBe("advisory");
    r.recorder.state = { ...r.recorder.state, weights: { blue: 50, green: 50 } };
    expect(liveVerdict(d, worse)?.step).toBe(50);
  });

  it("the recorded periods and the pending ones together; a record without periods yet", async () => {
    const r = rig();
    await recordPeriods(r.d, BAD, C(T + 11 * MIN));
    const d = {
      recorder: r.recorder,
      clock: { now: () => T + 12 * MIN, sleep: async () => {} },
      config: r.config,
    };
    const good = arm(1, 1, T + 10 * MIN);
    const m = {
      periodMs: MIN,
      settleMs: 30_000,
      snapshot: { blue: { series: good }, green: { series: good } },
    };
    expect(liveVerdict(d as unknown as LiveDeps, m)).toMatchObject({
      at: T + 11 * MIN,
      verdict: { result: "FAIL" },
    });
    const fresh = rig();
    const { periods: _, ...none } = fresh.recorder.state;
    fresh.recorder.state = none as typeof fresh.recorder.state;
    const e = { ...d, recorder: fresh.recorder, clock: { now: () => T + 11 * MIN, sleep: async () => {} } };
    const both = { ...m, snapshot: { blue: { series: BAD.blue }, green: { series: BAD.green } } };
    expect(liveVerdict(e as unknown as LiveDeps, both)).toMatchObject({
      at: T + 10 * MIN,
      verdict: { result: "FAIL" },
    });
  });

  it("nothing pending: the record's own verdict; no step, none", async () => {
    const r = rig();
    await recordPeriods(r.d, { blue: arm(2, 1), green: arm(2, 1) }, C(T + 3 * MIN));
    const d = {
      recorder: r.recorder,
      clock: { now: () => T + 3 * MIN, sleep: async () => {} },
      config: r.config,
    } as unknown as LiveDeps;
    const m = { periodMs: MIN, settleMs: 30_000, snapshot: { blue: { series: [] }, green: { series: [] } } };
    expect(liveVerdict(d, m)?.at).toBe(T + 2 * MIN);
    r.recorder.state = { ...r.recorder.state, steps: [] };
    expect(liveVerdict(d, m)).toBeNull();
  });
});
