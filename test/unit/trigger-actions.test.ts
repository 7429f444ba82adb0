/**
 * engine/trigger-actions.ts and trigger-share.ts with their ports in memory: what a fired trigger
 * does at its trust level (advisory warns, pause raises a critical alert, rollback raises one and
 * rolls back once enough periods in a row fired at that level, only with auto-rollback on and green
 * taking traffic), how a persisting trigger escalates, a period read early acted on once, and the
 * traffic-share trigger. The alert book and the controller record what they are asked.
 */
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import type { SessionState } from "../../source/domain/events.js";
import { shareLine } from "../../source/domain/traffic-share.js";
import type { TriggerPolicies } from "../../source/domain/trust.js";
import { TriggerActions } from "../../source/engine/trigger-actions.js";
import { judgeTrafficShare, SHARE_ALERT_KEY } from "../../source/engine/trigger-share.js";
import { type PeriodVerdict, TRIGGER_KEYS } from "../../source/engine/triggers.js";

const MIN = 60_000;
const T0 = Date.parse("2026-12-04T12:00:00.000Z");
const at = (m: number) => T0 + m * MIN;
const { errorRate: ERR, latency: P95, elb: ELB, elevated: ELEV } = TRIGGER_KEYS;

function rig(
  o: {
    enabled?: boolean;
    consecutive?: number;
    triggers?: TriggerPolicies;
    runbookTriggers?: TriggerPolicies;
    state?: Partial<SessionState>;
  } = {},
) {
  const raised: { key: string; severity: string; message: string; level?: string }[] = [];
  const recovered: string[] = [];
  const rollbacks: { by: string; kind: string; reason: string }[] = [];
  const state = { weights: { blue: 90, green: 10 }, ...o.state } as SessionState;
  const alerts = {
    breached: async (key: string, severity: string, message: string, level?: string) => {
      raised.push({ key, severity, message, level });
      out.onBreach();
      return key;
    },
    recovered: (key: string) => void recovered.push(key),
  };
  const controller = { rollback: async (r: (typeof rollbacks)[number]) => void rollbacks.push(r) };
  const config = {
    autoRollback: { enabled: o.enabled ?? true, consecutiveBreaches: o.consecutive ?? 2 },
    ...(o.triggers ? { triggers: o.triggers } : {}),
  } as unknown as EnvConfig;
  const d = {
    alerts: alerts as never,
    controller: controller as never,
    recorder: { state } as never,
    config,
  };
  const actions = new TriggerActions({ ...d, runbookTriggers: o.runbookTriggers });
  /** The keys raised, in order, with their severity. */
  const keys = () => raised.map((r) => `${r.key} ${r.severity}`);
  const out = { actions, raised, recovered, rollbacks, state, keys, d, onBreach: () => {} };
  return out;
}

/** A settled period at minute m: `judged` keys judged, `found` of them breached. */
const period = (m: number, judged: string[], found: string[] = []): PeriodVerdict => ({
  t: at(m),
  judged,
  findings: found.map((key) => ({ key, message: `${key} at ${m}` })),
});
const ALL = [ERR, P95, ELB];

describe("a trigger's level", () => {
  it("a key that names no trigger acts at rollback, unlabelled; a default level unlabelled", () => {
    const { actions } = rig();
    expect(actions.levelOf("nobody:knows")).toEqual({ level: "rollback", label: "" });
    expect(actions.levelOf(ERR)).toEqual({ level: "rollback", label: "" });
    expect(actions.levelOf(ELEV)).toEqual({ level: "advisory", label: "" });
  });

  it("a level from the config says so; a persisting one says when it escalates, at its streak", () => {
    const { actions } = rig({
      triggers: { "error-rate": "pause" },
      runbookTriggers: { "latency-p95": { level: "advisory", persist: { periods: 2, to: "rollback" } } },
    });
    expect(actions.levelOf(ERR)).toEqual({ level: "pause", label: ", trust pause (config)" });
    expect(actions.levelOf(P95)).toEqual({
      level: "advisory",
      label: ", trust advisory, rollback after 2 periods (runbook)",
    });
    expect(actions.levelOf(P95, 2)).toEqual({
      level: "rollback",
      label: ", trust rollback, rollback after 2 periods (runbook)",
    });
  });
});

describe("a settled period", () => {
  it("raises each finding at its level, with the period and the level in its words", async () => {
    const r = rig({ triggers: { "elb-5xx": "pause" } });
    await r.actions.onPeriod(period(0, [...ALL, ELEV], [ERR, ELB, ELEV]));
    expect(r.raised).toEqual([
      {
        key: ERR,
        severity: "critical",
        message: `ROLLBACK TRIGGER (12:00 period): ${ERR} at 0`,
        level: "rollback",
      },
      {
        key: ELB,
        severity: "critical",
        message: `PAUSE TRIGGER (12:00 period, trust pause (config)): ${ELB} at 0`,
        level: "pause",
      },
      { key: ELEV, severity: "warning", message: `ADVISORY (12:00 period): ${ELEV} at 0`, level: "advisory" },
    ]);
    expect(r.rollbacks).toEqual([]);
  });

  it("rolls back on the second breaching period in a row, with every rollback finding in the reason", async () => {
    const r = rig();
    await r.actions.onPeriod(period(0, ALL, [ERR]));
    expect(r.rollbacks).toEqual([]);
    await r.actions.onPeriod(period(1, ALL, [ERR, P95]));
    expect(r.rollbacks).toEqual([
      {
        by: "golive (auto-rollback)",
        kind: "auto-rollback",
        reason: `auto-rollback after 2 consecutive breaching periods (trust rollback): ${ERR} at 1; ${P95} at 1`,
      },
    ]);
  });

  it("a clean period restarts the count; a period that judged nothing leaves it as it was", async () => {
    const r = rig();
    await r.actions.onPeriod(period(0, ALL, [ERR]));
    await r.actions.onPeriod(period(1, ALL));
    await r.actions.onPeriod(period(2, ALL, [ERR]));
    expect(r.rollbacks).toEqual([]);
    await r.actions.onPeriod(period(3, []));
    await r.actions.onPeriod(period(4, ALL, [ERR]));
    expect(r.rollbacks.map((x) => x.reason)).toEqual([
      `auto-rollback after 2 consecutive breaching periods (trust rollback): ${ERR} at 4`,
    ]);
  });

  it("findings below level rollback do not count toward it, and break the run", async () => {
    const r = rig({ consecutive: 1, triggers: { "latency-p95": "pause" } });
    await r.actions.onPeriod(period(0, [...ALL, ELEV], [ELEV, P95]));
    expect(r.rollbacks).toEqual([]);
    const two = rig({ consecutive: 2 });
    await two.actions.onPeriod(period(0, [...ALL, ELEV], [ERR]));
    await two.actions.onPeriod(period(1, [...ALL, ELEV], [ELEV]));
    await two.actions.onPeriod(period(2, [...ALL, ELEV], [ERR]));
    expect(two.rollbacks).toEqual([]);
  });

  it("no auto-rollback when it is off, or green has no weight, or no weights are known", async () => {
    for (const o of [
      { enabled: false },
      { state: { weights: { blue: 100, green: 0 } } },
      { state: { weights: null } },
    ]) {
      const r = rig({ consecutive: 1, ...o } as Parameters<typeof rig>[0]);
      await r.actions.onPeriod(period(0, ALL, [ERR]));
      expect(r.keys()).toEqual([`${ERR} critical`]);
      expect(r.rollbacks).toEqual([]);
    }
    const one = rig({ consecutive: 1 });
    await one.actions.onPeriod(period(0, ALL, [ERR]));
    expect(one.rollbacks.map((x) => x.reason)).toEqual([
      `auto-rollback after 1 consecutive breaching periods (trust rollback): ${ERR} at 0`,
    ]);
  });

  it("a persisting trigger escalates after its periods in a row; a period it was judged clean in restarts it", async () => {
    const persist = {
      "latency-p95": { level: "advisory", persist: { periods: 2, to: "rollback" } },
    } as const;
    const r = rig({ consecutive: 1, runbookTriggers: persist });
    await r.actions.onPeriod(period(0, ALL, [P95]));
    // Judged clean: the streak restarts.
    await r.actions.onPeriod(period(1, ALL));
    await r.actions.onPeriod(period(2, ALL, [P95]));
    expect(r.keys()).toEqual([`${P95} warning`, `${P95} warning`]);
    // Not judged (no p95 in the period): the streak stands, and the next sighting is the second.
    await r.actions.onPeriod(period(3, [ERR]));
    await r.actions.onPeriod(period(4, ALL, [P95]));
    expect(r.raised.at(-1)).toEqual({
      key: P95,
      severity: "critical",
      message: `ROLLBACK TRIGGER (12:04 period, trust rollback, rollback after 2 periods (runbook)): ${P95} at 4`,
      level: "rollback",
    });
    expect(r.rollbacks).toHaveLength(1);
  });
});

describe("a period read early", () => {
  it("acts once: the first breach says so, the same key again is nothing, a new key is raised", async () => {
    const r = rig();
    // Young data that proves nothing is no breach, and leaves the period's first breach to come.
    expect(await r.actions.onEarly(period(0, [], []))).toBe(false);
    expect(await r.actions.onEarly(period(0, [], [ERR]))).toBe(true);
    expect(await r.actions.onEarly(period(0, [], [ERR]))).toBe(false);
    expect(await r.actions.onEarly(period(0, [], [ERR, P95]))).toBe(false);
    expect(r.keys()).toEqual([`${ERR} critical`, `${P95} critical`]);
    expect([...r.actions.earlyKeys(at(0))]).toEqual([ERR, P95]);
    expect([...r.actions.earlyKeys(at(1))]).toEqual([]);
    // Settled, it raises only what was not acted on, and is not counted twice toward the run.
    await r.actions.onPeriod(period(0, ALL, [ERR, ELB]));
    expect(r.keys()).toEqual([`${ERR} critical`, `${P95} critical`, `${ELB} critical`]);
    expect(r.rollbacks).toEqual([]);
    expect([...r.actions.earlyKeys(at(0))]).toEqual([]);
    // The next breaching period is the second in a row.
    await r.actions.onPeriod(period(1, ALL, [ERR]));
    expect(r.rollbacks).toHaveLength(1);
  });

  it("counts toward the run once, and rolls back early when that is enough", async () => {
    const r = rig({ consecutive: 1 });
    await r.actions.onEarly(period(0, [], [ERR]));
    expect(r.rollbacks.map((x) => x.reason)).toEqual([
      `auto-rollback after 1 consecutive breaching periods (trust rollback): ${ERR} at 0`,
    ]);
    const two = rig();
    await two.actions.onEarly(period(0, [], [ERR]));
    await two.actions.onEarly(period(0, [], [ERR, P95]));
    expect(two.rollbacks).toEqual([]);
    await two.actions.onEarly(period(1, [], [ERR]));
    expect(two.rollbacks).toHaveLength(1);
  });

  it("an advisory read early does not count; the settled period's rollback finding then does", async () => {
    const r = rig({ consecutive: 1 });
    await r.actions.onEarly(period(0, [], [ELEV]));
    expect(r.rollbacks).toEqual([]);
    await r.actions.onPeriod(period(0, ALL, [ERR]));
    expect(r.rollbacks).toHaveLength(1);
  });

  it("a key acted on early keeps its streak when the settled period judges nothing, or judges it clean", async () => {
    const persist = {
      "latency-p95": { level: "advisory", persist: { periods: 2, to: "rollback" } },
    } as const;
    const r = rig({ runbookTriggers: persist });
    await r.actions.onEarly(period(0, [], [P95]));
    await r.actions.onPeriod(period(0, [P95]));
    await r.actions.onPeriod(period(1, ALL, [P95]));
    expect(r.keys()).toEqual([`${P95} warning`, `${P95} critical`]);
    // Settled with nothing judged, the early key is still acted on as the period's.
    const s = rig({ runbookTriggers: persist });
    await s.actions.onEarly(period(0, [], [P95]));
    await s.actions.onPeriod(period(0, []));
    await s.actions.onPeriod(period(1, ALL, [P95]));
    expect(s.keys()).toEqual([`${P95} warning`, `${P95} critical`]);
  });

  it("a settled period forgets what was read early of it and of every older period", async () => {
    const r = rig();
    await r.actions.onEarly(period(0, [], [ERR]));
    await r.actions.onEarly(period(1, [], [P95]));
    await r.actions.onEarly(period(3, [], [ELB]));
    await r.actions.onPeriod(period(1, ALL));
    expect([...r.actions.earlyKeys(at(0))]).toEqual([]);
    expect([...r.actions.earlyKeys(at(1))]).toEqual([]);
    expect([...r.actions.earlyKeys(at(3))]).toEqual([ELB]);
  });
});

describe("the traffic-share trigger", () => {
  /** Listener 50/50 since 12:00; one recorded period in which green received `green` of 10,000. */
  const shared = (green: number): Partial<SessionState> => ({
    weights: { blue: 50, green: 50 },
    weightsSince: "2026-12-04T12:00:00.000Z",
    periods: [
      {
        t: "2026-12-04T12:00:00.000Z",
        periodMs: MIN,
        weights: { blue: 50, green: 50 },
        blue: { requests: 10_000 - green },
        green: { requests: green },
      },
    ] as unknown as SessionState["periods"],
  });

  it("a mismatch raises a critical alert at pause by default and rolls nothing back", async () => {
    const r = rig({ state: shared(300) });
    const t = await judgeTrafficShare(r.d);
    expect(t?.result).toBe("MISMATCH");
    expect(r.raised).toEqual([
      {
        key: SHARE_ALERT_KEY,
        severity: "critical",
        message: `TRAFFIC SHARE (trust pause): ${shareLine(t!)} — a listener rule, stickiness, a second listener or an unregistered target?`,
        level: "pause",
      },
    ]);
    expect(r.recovered).toEqual([]);
    expect(r.rollbacks).toEqual([]);
  });

  it("at level rollback it rolls back, only with auto-rollback on and green taking traffic", async () => {
    const r = rig({ state: shared(300), triggers: { "traffic-share": "rollback" } });
    const t = await judgeTrafficShare(r.d);
    expect(r.raised.map((x) => [x.severity, x.level])).toEqual([["critical", "rollback"]]);
    expect(r.rollbacks).toEqual([
      {
        by: "golive (auto-rollback)",
        kind: "auto-rollback",
        reason: `auto-rollback (traffic-share, trust rollback): ${shareLine(t!)}`,
      },
    ]);
    const off = rig({ state: shared(300), enabled: false, triggers: { "traffic-share": "rollback" } });
    await judgeTrafficShare(off.d);
    expect(off.rollbacks).toEqual([]);
    // A rollback recorded while the alert was being written leaves green at 0: not a second one.
    const gone = rig({ state: shared(300), triggers: { "traffic-share": "rollback" } });
    gone.onBreach = () => {
      gone.state.weights = { blue: 100, green: 0 };
    };
    await judgeTrafficShare(gone.d);
    expect(gone.raised).toHaveLength(1);
    expect(gone.rollbacks).toEqual([]);
  });

  it("a consistent share, or none to judge, ends the episode", async () => {
    const r = rig({ state: shared(5_000) });
    expect((await judgeTrafficShare(r.d))?.result).toBe("CONSISTENT");
    const none = rig({ state: { weights: { blue: 100, green: 0 } } });
    expect(await judgeTrafficShare(none.d)).toBeNull();
    expect([...r.recovered, ...none.recovered]).toEqual([SHARE_ALERT_KEY, SHARE_ALERT_KEY]);
    expect([...r.raised, ...none.raised]).toEqual([]);
  });
});
