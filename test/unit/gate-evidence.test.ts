/**
 * The gate's evidence paths, each under its own input and kind: the dwell at a step, green's and
 * blue's metrics at their freshness limits, the load balancer's 5XX, other parts' checks per action
 * and step, and the record's part (gateInputsFromState) from events folded by the real reducer.
 * (Stryker's survivors and uncovered mutants in domain/gate.ts, 2026-12-01.)
 */
import { describe, expect, it } from "vitest";
import {
  evaluateGate,
  type GateCheck,
  type GateInputs,
  gateInputsFromState,
} from "../../source/domain/gate.js";
import type { ElbMetrics } from "../../source/domain/metrics.js";
import { SessionLog } from "../model/recorder.js";
import { goDecision, MIN, period as metrics, T } from "./gate-inputs.js";

/** Green confirmed at 10 % (`since` ago), the Go decision recorded: the next step is 50 %. */
const atTen = (over: Partial<GateInputs> = {}, sinceMs = 30 * MIN) =>
  goDecision({
    confirmed: { weights: { blue: 90, green: 10 }, since: T - sinceMs },
    listener: { value: { blue: 90, green: 10 }, at: T - 1000 },
    goDecided: true,
    ...over,
  });

const withGreen = (green: GateInputs["metrics"]["green"], over: Partial<GateInputs> = {}) =>
  evaluateGate(atTen({ metrics: { blue: { value: metrics(0.2), at: T - 5000 }, green }, ...over }));

describe("the dwell at a step", () => {
  it("waits under 'dwell' with the time left, counted from AWS's confirmation", () => {
    const g = evaluateGate(atTen({}, 3 * MIN));
    expect(g.details).toEqual([
      { input: "dwell", kind: "wait", message: "dwell at green 10 % has 7m00s left" },
    ]);
    expect(g.dwellLeftMs).toBe(7 * MIN);
    expect(g.allowed).toBe(false);
  });

  it("the Go decision has no dwell to wait out, however recent the first read of the listener", () => {
    const g = evaluateGate(goDecision({ confirmed: { weights: { blue: 100, green: 0 }, since: T - MIN } }));
    expect(g.details).toEqual([]);
    expect(g).toMatchObject({ allowed: true, dwellLeftMs: 0, nextIndex: 0, isGoDecision: true });
  });

  it("after a rollback to blue the first step waits out a dwell again, beside the rollback", () => {
    const g = evaluateGate(
      goDecision({
        confirmed: { weights: { blue: 100, green: 0 }, since: T - 3 * MIN },
        rollback: { at: T - 3 * MIN, done: true },
      }),
    );
    expect(g.details.map((d) => [d.input, d.kind])).toEqual([
      ["rollback", "blocked"],
      ["dwell", "wait"],
    ]);
    expect(g.reasons[1]).toBe("dwell at green 0 % has 7m00s left");
  });
});

describe("green's metrics at a step", () => {
  it("names each breach of the go thresholds under metrics.green with the period's age", () => {
    const errors = withGreen({ value: metrics(2.5), at: T - 5000 });
    expect(errors.details).toEqual([
      {
        input: "metrics.green",
        kind: "breach",
        message: "green error rate 2.50 % breaks go < 1 %",
        ageMs: 2 * MIN,
      },
    ]);
    expect(errors.breaches).toEqual(["green error rate 2.50 % breaks go < 1 %"]);
    const slow = withGreen({ value: { ...metrics(0.3), latencyP95: 75 }, at: T - 5000 });
    expect(slow.details).toEqual([
      {
        input: "metrics.green",
        kind: "breach",
        message: "green p95 75 ms breaks go < 50 ms",
        ageMs: 2 * MIN,
      },
    ]);
    // No p95 (no traffic in the percentile's period) is not a breach of the latency threshold.
    expect(withGreen({ value: { ...metrics(0.3), latencyP95: null }, at: T - 5000 }).details).toEqual([]);
  });

  it("a poll at the age limit is fresh; one second older is stale; never polled is missing", () => {
    expect(withGreen({ value: metrics(0.3), at: T - 4 * MIN }).details).toEqual([]);
    // …and its numbers are judged.
    expect(withGreen({ value: metrics(9), at: T - 4 * MIN }).breaches).toEqual([
      "green error rate 9.00 % breaks go < 1 %",
    ]);
    expect(withGreen({ value: metrics(0.3), at: T - 4 * MIN - 1000 }).details).toEqual([
      {
        input: "metrics.green",
        kind: "stale",
        message: "green metrics poll is stale: last success 4m01s ago",
        ageMs: 4 * MIN + 1000,
      },
    ]);
    // A breaching number from a stale poll is not judged: the reason is the staleness.
    expect(withGreen({ value: metrics(9), at: T - 5 * MIN }).breaches).toEqual([]);
    expect(
      withGreen({ value: null, at: null, error: { message: "Throttling", at: T - 2 * MIN } }).details,
    ).toEqual([
      {
        input: "metrics.green",
        kind: "missing",
        message: "no evidence: green metrics poll has not succeeded yet (failing since 11:58Z: Throttling)",
      },
    ]);
  });

  it("a fresh poll without a rate or a period end is no evidence; a period ended too long ago is stale", () => {
    const noData = {
      input: "metrics.green",
      kind: "missing",
      message: "no evidence: no green metric data (no datapoints with traffic in the last periods)",
    };
    for (const value of [null, metrics(null), metrics(0.3, null)])
      expect(withGreen({ value, at: T - 5000 }).details).toEqual([noData]);
    expect(withGreen({ value: metrics(0.3, T - 4 * MIN), at: T - 5000 }).details).toEqual([]);
    expect(withGreen({ value: metrics(9, T - 5 * MIN), at: T - 5000 }).details).toEqual([
      {
        input: "metrics.green",
        kind: "stale",
        message: "green metrics are stale: newest period ended 5m00s ago",
        ageMs: 5 * MIN,
      },
    ]);
  });

  it("at the Go decision blue's numbers are a baseline, not judged; green's are not yet required", () => {
    const blueBad = goDecision({
      metrics: { blue: { value: metrics(9), at: T - 5000 }, green: { value: null, at: null } },
    });
    expect(evaluateGate(blueBad).details).toEqual([]);
    const noBaseline = goDecision({
      metrics: { blue: { value: null, at: null }, green: { value: metrics(0.3), at: T - 5000 } },
    });
    expect(evaluateGate(noBaseline).details).toEqual([
      {
        input: "metrics.blue",
        kind: "missing",
        message: "no evidence: blue's baseline metrics poll has not succeeded yet",
      },
    ]);
    // Later steps do not look at blue at all.
    expect(withGreen({ value: metrics(0.3), at: T - 5000 }, {}).details).toEqual([]);
    const laterNoBlue = atTen({
      metrics: { blue: { value: null, at: null }, green: { value: metrics(0.3), at: T - 5000 } },
    });
    expect(evaluateGate(laterNoBlue).details).toEqual([]);
  });

  it("after a rollback green's numbers still count when they breach, though none are required", () => {
    const rolledBack = (green: GateInputs["metrics"]["green"]) =>
      evaluateGate(
        goDecision({
          rollback: { at: T - 30 * MIN, done: true },
          metrics: { blue: { value: metrics(0.2), at: T - 5000 }, green },
        }),
      );
    expect(rolledBack({ value: null, at: null }).details.map((d) => d.input)).toEqual(["rollback"]);
    // Nor a fresh poll without data, nor a period that ended long ago: green had no traffic since.
    expect(rolledBack({ value: metrics(null), at: T - 5000 }).details.map((d) => d.input)).toEqual([
      "rollback",
    ]);
    expect(
      rolledBack({ value: metrics(0.3, T - 10 * MIN), at: T - 5000 }).details.map((d) => d.input),
    ).toEqual(["rollback"]);
    expect(rolledBack({ value: metrics(3), at: T - 5000 }).breaches).toEqual([
      "green error rate 3.00 % breaks go < 1 %",
    ]);
  });
});

describe("the load balancer's 5XX", () => {
  const elb = (rate: number | null, at: number | null): GateInputs["metrics"]["elb"] => {
    const value: ElbMetrics = {
      requests: 1000,
      elb5xx: 25,
      rate,
      periodStart: T - 3 * MIN,
      periodEnd: T - 2 * MIN,
    };
    return { value, at };
  };
  const withElb = (e: GateInputs["metrics"]["elb"]) =>
    evaluateGate(
      atTen({
        metrics: {
          blue: { value: metrics(0.2), at: T - 5000 },
          green: { value: metrics(0.3), at: T - 5000 },
          elb: e,
        },
      }),
    );

  it("a fresh rate above the go threshold is a breach with the counts", () => {
    const message = "load balancer 5XX 2.50 % (25 of 1000) breaks go < 1 %";
    const g = withElb(elb(2.5, T - 5000));
    expect(g.details).toEqual([{ input: "metrics.elb", kind: "breach", message }]);
    expect(g.breaches).toEqual([message]);
    expect(withElb(elb(2.5, T - 4 * MIN)).breaches).toEqual([message]);
  });

  it("within the threshold, without requests, or from an old read: nothing to say", () => {
    expect(withElb(elb(0.5, T - 5000)).details).toEqual([]);
    expect(withElb(elb(null, T - 5000)).details).toEqual([]);
    expect(withElb(elb(2.5, T - 4 * MIN - 1)).details).toEqual([]);
    expect(withElb(elb(2.5, null)).details).toEqual([]);
  });

  it("under a go bound of 0 (the config allows it), a rate or p95 not measured is still no breach", () => {
    const zero = { ...goDecision().thresholds.errorRate, value: 0 };
    const g = evaluateGate(
      atTen({
        thresholds: { errorRate: zero, latencyP95: { ...goDecision().thresholds.latencyP95, value: 0 } },
        metrics: {
          blue: { value: metrics(0.2), at: T - 5000 },
          green: { value: { ...metrics(0), latencyP95: null }, at: T - 5000 },
          elb: elb(null, T - 5000),
        },
      }),
    );
    // Green's measured 0 % is not under 0: that breach is named; nothing is said of what was not measured.
    expect(g.details).toEqual([
      {
        input: "metrics.green",
        kind: "breach",
        message: "green error rate 0.00 % breaks go < 0 %",
        ageMs: 2 * MIN,
      },
    ]);
  });
});

describe("other parts' checks, per action and step", () => {
  const failing = (source: string, over: Partial<GateCheck> = {}): GateCheck => ({
    source,
    label: "x",
    ok: false,
    ...over,
  });
  const all: GateCheck[] = [
    failing("first", { steps: "first" }),
    failing("later", { steps: "later" }),
    failing("every"),
    failing("scale", { actions: ["scale-blue"] }),
    failing("scale-first", { actions: ["scale-blue"], steps: "first" }),
    failing("at50", { atStep: 50 }),
    failing("at10", { atStep: 10 }),
    failing("both-at100", { actions: ["promote", "scale-blue"], atStep: 100 }),
  ];
  const sources = (g: ReturnType<typeof evaluateGate>) => g.details.map((d) => d.input);

  it("the Go decision, a later step and scale-blue each take their own", () => {
    expect(sources(evaluateGate(goDecision({ checks: all })))).toEqual([
      "check.first",
      "check.every",
      "check.at10",
    ]);
    expect(sources(evaluateGate(atTen({ checks: all })))).toEqual([
      "check.later",
      "check.every",
      "check.at50",
    ]);
    const scaleBlue = goDecision({
      action: "scale-blue",
      confirmed: { weights: { blue: 0, green: 100 }, since: T - 2 * 60 * MIN },
      listener: { value: { blue: 0, green: 100 }, at: T - 1000 },
      checks: all,
    });
    // steps: and atStep: speak of promote's steps; scale-blue takes what names it.
    expect(sources(evaluateGate(scaleBlue))).toEqual(["check.scale", "check.scale-first"]);
  });

  it("not met, no evidence, stale at its age limit, never observed: each its kind, with the age", () => {
    const one = (c: GateCheck) => evaluateGate(goDecision({ checks: [c] })).details;
    expect(one({ source: "no-go", label: "open P1", ok: false, detail: "INC-1", at: T - 2000 })).toEqual([
      { input: "check.no-go", kind: "check", message: "no-go: open P1 (INC-1)", ageMs: 2000 },
    ]);
    expect(one({ source: "go-criteria", label: "QA", ok: null, at: T - 1000 })).toEqual([
      { input: "check.go-criteria", kind: "missing", message: "no evidence: go-criteria: QA", ageMs: 1000 },
    ]);
    const manual = { source: "manual", label: "data ok", ok: true, maxAgeMs: 5 * MIN };
    expect(one({ ...manual, at: T - 5 * MIN })).toEqual([]);
    expect(one({ ...manual, at: T - 5 * MIN - 1000 })).toEqual([
      {
        input: "check.manual",
        kind: "stale",
        message: "manual: data ok is stale: observed 5m01s ago",
        ageMs: 5 * MIN + 1000,
      },
    ]);
    for (const at of [undefined, null])
      expect(one({ ...manual, at })).toEqual([
        { input: "check.manual", kind: "stale", message: "manual: data ok is stale (never observed)" },
      ]);
    // Met, with no age limit: however old, it holds.
    expect(one({ source: "manual", label: "data ok", ok: true, at: T - 600 * MIN })).toEqual([]);
  });
});

describe("the record's part of the inputs (gateInputsFromState)", () => {
  async function record(steps: [number, Parameters<SessionLog["append"]>[0], unknown][]) {
    let now = T - 60 * MIN;
    const log = new SessionLog(() => now);
    for (const [at, type, data] of steps) {
      now = at;
      await log.append(type, data as never, "ann", () => true);
    }
    return gateInputsFromState(log.state);
  }
  const shifted = (kind: string, blue: number, green: number) => ({
    kind,
    weights: { blue, green },
    tookMs: 1,
    attempts: 1,
  });

  it("a shift on the wire is in flight; unacknowledged critical alerts only, aged from their last sighting", async () => {
    const r = await record([
      [T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }],
      [T + MIN, "alert.raised", { alert: "a1", severity: "critical", message: "green 5XX" }],
      [T + MIN, "alert.raised", { alert: "a2", severity: "warning", message: "p95 creeping" }],
      [T + MIN, "alert.raised", { alert: "a3", severity: "critical", message: "acked" }],
      [T + 2 * MIN, "alert.acknowledged", { alert: "a3" }],
      [T + 4 * MIN, "alert.repeated", { alert: "a1", count: 2 }],
      [T + 5 * MIN, "traffic.shift.requested", { kind: "promote", to: { blue: 90, green: 10 }, step: 10 }],
    ]);
    expect(r.alerts).toEqual([{ id: "a1", message: "green 5XX", at: T + 4 * MIN }]);
    expect(r.inFlight).toBe("a promote is in flight since 2026-11-23T12:05:00.000Z");
    expect(r.confirmed).toEqual({ weights: { blue: 100, green: 0 }, since: null });
    expect(r.rollback).toBeNull();
    expect(r.goDecided).toBe(false);
  });

  it("a rollback counts until a later promotion is confirmed; one at the same instant still counts", async () => {
    const base: [number, Parameters<SessionLog["append"]>[0], unknown][] = [
      [T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }],
      [T + MIN, "decision.go", { criteria: [] }],
      [T + MIN, "traffic.shift.requested", { kind: "promote", to: { blue: 90, green: 10 }, step: 10 }],
      [T + MIN, "traffic.shift.confirmed", shifted("promote", 90, 10)],
      [T + 20 * MIN, "traffic.shift.requested", { kind: "rollback", to: { blue: 100, green: 0 } }],
    ];
    const inFlight = await record(base);
    expect(inFlight.rollback).toEqual({ at: T + 20 * MIN, done: false, failed: undefined });
    expect(inFlight.goDecided).toBe(true);
    const done = await record([
      ...base,
      [T + 21 * MIN, "traffic.shift.confirmed", shifted("rollback", 100, 0)],
    ]);
    expect(done.rollback).toEqual({ at: T + 20 * MIN, done: true, failed: undefined });
    expect(done.confirmed).toEqual({ weights: { blue: 100, green: 0 }, since: T + 21 * MIN });
    expect(done.inFlight).toBeUndefined();
    const repromoted = await record([
      ...base,
      [T + 21 * MIN, "traffic.shift.confirmed", shifted("rollback", 100, 0)],
      [T + 40 * MIN, "traffic.shift.requested", { kind: "promote", to: { blue: 90, green: 10 }, step: 10 }],
      [T + 40 * MIN, "traffic.shift.confirmed", shifted("promote", 90, 10)],
    ]);
    expect(repromoted.rollback).toBeNull();
    // The last promotion is the one that counts, not an earlier one after which the rollback came.
    const twoStepsThenRollback = await record([
      ...base.slice(0, 4),
      [T + 10 * MIN, "traffic.shift.requested", { kind: "promote", to: { blue: 50, green: 50 }, step: 50 }],
      [T + 10 * MIN, "traffic.shift.confirmed", shifted("promote", 50, 50)],
      ...base.slice(4),
      [T + 21 * MIN, "traffic.shift.confirmed", shifted("rollback", 100, 0)],
      [T + 40 * MIN, "traffic.shift.requested", { kind: "promote", to: { blue: 90, green: 10 }, step: 10 }],
      [T + 40 * MIN, "traffic.shift.confirmed", shifted("promote", 90, 10)],
    ]);
    expect(twoStepsThenRollback.rollback).toBeNull();
    // A promotion confirmed in the same instant as the rollback began does not hide it.
    const sameInstant = await record([
      [T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }],
      [T + MIN, "traffic.shift.confirmed", shifted("promote", 90, 10)],
      [T + MIN, "traffic.shift.requested", { kind: "rollback", to: { blue: 100, green: 0 } }],
    ]);
    expect(sameInstant.rollback).toMatchObject({ at: T + MIN, done: false });
  });
});
