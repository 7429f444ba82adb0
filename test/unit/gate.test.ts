import { describe, expect, it } from "vitest";
import type { EventMap, EventType, SessionEvent, SessionState } from "../../source/domain/events.js";
import { apply, initialState } from "../../source/domain/events.js";
import { evaluateGate, type GateInputs, gateInputsFromState } from "../../source/domain/gate.js";
import { type ColorMetrics, latestMetrics, NO_DATA } from "../../source/domain/metrics.js";
import { DEFAULT_THRESHOLDS } from "../../source/domain/threshold-defaults.js";
import { windowMetrics } from "../../source/domain/window-metrics.js";

const T = Date.parse("2026-11-23T12:00:00Z");

const MIN = 60_000;

const go = { errorRate: DEFAULT_THRESHOLDS[0]!, latencyP95: DEFAULT_THRESHOLDS[1]! };

const limits = { listenerMaxAgeMs: 30_000, metricsMaxAgeMs: 4 * MIN, healthMaxAgeMs: 30_000 };

/** A session built by the real reducer from events at given times. */
function session(...evs: [number, EventType, unknown][]): SessionState {
  let seq = 0;
  const ev = (at: number, type: EventType, data: unknown) =>
    ({
      seq: ++seq,
      at: new Date(at).toISOString(),
      by: "ann",
      type,
      data,
      prev: "",
      hash: "",
    }) as SessionEvent;
  let s = initialState(
    ev(T - 60 * MIN, "session.created", {
      id: "s",
      runbook: { file: "r.md", sha256: "x", title: "r", text: "" },
      t0: new Date(T).toISOString(),
      lead: "ann",
    }) as never,
  );
  for (const [at, type, data] of evs) s = apply(s, ev(at, type, data));
  return s;
}

const confirmed = (kind: string, blue: number, green: number): EventMap["traffic.shift.confirmed"] => ({
  kind: kind as never,
  weights: { blue, green },
  tookMs: 1,
  attempts: 1,
});

const green = (errorRate: number, end: number): ColorMetrics => ({
  errorRate,
  latencyP95: 30,
  throughput: 20,
  periodStart: end - MIN,
  periodEnd: end,
});

function inputs(s: SessionState, now: number, over: Partial<GateInputs> = {}): GateInputs {
  return {
    action: "promote",
    now,
    plan: { steps: [10, 50, 100], dwellMinutes: 10 },
    ...gateInputsFromState(s),
    listener: { value: s.weights, at: now - 1000 },
    metrics: {
      blue: { value: green(0.2, now - 2 * MIN), at: now - 5000 },
      green: { value: green(0.3, now - 2 * MIN), at: now - 5000 },
    },
    health: { green: { value: true, at: now - 2000 } },
    thresholds: go,
    limits,
    ...over,
  };
}

const start = () => session([T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }]);

describe("the gate (one predicate, fail closed)", () => {
  it("opens the first step (the Go decision) on blue's fresh baseline and green's health", () => {
    const s = start();
    const g = evaluateGate(inputs(s, T + MIN));
    expect(g.reasons).toEqual([]);
    expect(g).toMatchObject({
      allowed: true,
      next: { blue: 90, green: 10 },
      isGoDecision: true,
      nextIndex: 0,
    });
  });

  it("holds during the dwell, then opens within the go thresholds, and names breaches", () => {
    const s = session(
      [T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }],
      [T + MIN, "decision.go", { criteria: [] }],
      [T + MIN, "traffic.shift.requested", { kind: "promote", to: { blue: 90, green: 10 }, step: 10 }],
      [T + MIN, "traffic.shift.confirmed", confirmed("promote", 90, 10)],
    );
    const early = evaluateGate(inputs(s, T + 5 * MIN));
    expect(early.reasons).toEqual(["dwell at green 10 % has 6m00s left"]);
    const later = evaluateGate(inputs(s, T + 11 * MIN));
    expect(later).toMatchObject({ allowed: true, next: { blue: 50, green: 50 }, isGoDecision: false });
    const now = T + 12 * MIN;
    const bad = evaluateGate(
      inputs(s, now, {
        metrics: {
          blue: { value: green(0.2, now - MIN), at: now },
          green: { value: { ...green(1.7, now - MIN), latencyP95: 64 }, at: now },
        },
      }),
    );
    expect(bad.breaches).toEqual([
      "green error rate 1.70 % breaks go < 1 %",
      "green p95 64 ms breaks go < 50 ms",
    ]);
  });

  it("right after a rollback, promoting to 10 % is closed: the rollback, the dwell, green's 9 % errors and the unacknowledged alert", () => {
    const s = session(
      [T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }],
      [T + MIN, "decision.go", { criteria: [] }],
      [T + MIN, "traffic.shift.requested", { kind: "promote", to: { blue: 90, green: 10 }, step: 10 }],
      [T + MIN, "traffic.shift.confirmed", confirmed("promote", 90, 10)],
      [
        T + 20 * MIN,
        "alert.raised",
        { alert: "e", severity: "critical", message: "green error rate 9 %", key: "k" },
      ],
      [
        T + 21 * MIN,
        "traffic.shift.requested",
        { kind: "rollback", to: { blue: 100, green: 0 }, override: "errors" },
      ],
      [T + 21 * MIN, "traffic.shift.confirmed", confirmed("rollback", 100, 0)],
    );
    const now = T + 22 * MIN;
    const g = evaluateGate(
      inputs(s, now, {
        metrics: {
          blue: { value: green(0.2, now - MIN), at: now },
          green: { value: green(9, now - MIN), at: now },
        },
      }),
    );
    expect(g.allowed).toBe(false);
    expect(g.nextIndex).toBe(0);
    const text = g.reasons.join("\n");
    expect(text).toMatch(/rolled back at 12:21Z since the last promotion: moving on needs an override/);
    expect(text).toMatch(/dwell at green 0 % has 9m00s left/);
    expect(text).toMatch(/green error rate 9.00 % breaks go < 1 %/);
    expect(text).toMatch(/unacknowledged critical alert \(2m00s ago\): green error rate 9 %/);
    // Re-promoted (with an override) and dwelt: the rollback no longer blocks the next step.
    const after = apply(
      apply(s, {
        seq: 99,
        at: new Date(T + 40 * MIN).toISOString(),
        by: "ann",
        type: "traffic.shift.confirmed",
        data: confirmed("promote", 90, 10),
        prev: "",
        hash: "",
      } as SessionEvent),
      {
        seq: 100,
        at: new Date(T + 40 * MIN).toISOString(),
        by: "ann",
        type: "alert.acknowledged",
        data: { alerts: ["e"] },
        prev: "",
        hash: "",
      } as SessionEvent,
    );
    expect(evaluateGate(inputs(after, T + 51 * MIN)).reasons).toEqual([]);
  });

  it("after drift to 50/50 the dwell restarts at the drift", () => {
    const s = session(
      [T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }],
      [T + MIN, "decision.go", { criteria: [] }],
      [T + MIN, "traffic.shift.confirmed", confirmed("promote", 90, 10)],
      [
        T + 30 * MIN,
        "drift.detected",
        { expected: { blue: 90, green: 10 }, actual: { blue: 50, green: 50 } },
      ],
    );
    const g = evaluateGate(inputs(s, T + 31 * MIN));
    expect(g.nextIndex).toBe(2);
    expect(g.reasons).toEqual(["dwell at green 50 % has 9m00s left"]);
    expect(g.dwellLeftMs).toBe(9 * MIN);
  });

  it("closes on 47-minute-old metrics when the poll fails, with the age and the failure", () => {
    const s = session(
      [T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }],
      [T + MIN, "decision.go", { criteria: [] }],
      [T + MIN, "traffic.shift.confirmed", confirmed("promote", 90, 10)],
    );
    const polled = T + 13 * MIN;
    const now = polled + 47 * MIN;
    const error = {
      message: "ExpiredTokenException: The security token included in the request is expired",
      at: polled + MIN,
    };
    const g = evaluateGate(
      inputs(s, now, {
        metrics: {
          blue: { value: green(0.2, polled - MIN), at: polled, error },
          green: { value: green(0.3, polled - MIN), at: polled, error },
        },
      }),
    );
    expect(g.allowed).toBe(false);
    expect(g.details).toContainEqual(
      expect.objectContaining({ input: "metrics.green", kind: "stale", ageMs: 47 * MIN }),
    );
    expect(g.reasons.join("\n")).toMatch(
      /green metrics poll is stale: last success 47m00s ago \(failing since 12:14Z: ExpiredToken/,
    );
  });

  it("no metric data is 'no evidence', never 'below threshold'", () => {
    const s = session(
      [T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }],
      [T + MIN, "decision.go", { criteria: [] }],
      [T + MIN, "traffic.shift.confirmed", confirmed("promote", 90, 10)],
    );
    const now = T + 20 * MIN;
    const g = evaluateGate(
      inputs(s, now, { metrics: { blue: { value: NO_DATA, at: now }, green: { value: NO_DATA, at: now } } }),
    );
    expect(g.allowed).toBe(false);
    expect(g.reasons).toEqual([
      "no evidence: no green metric data (no datapoints with traffic in the last periods)",
    ]);
    expect(g.reasons.join()).not.toMatch(/below|threshold/);
    // The first step wants blue's baseline the same way.
    const first = evaluateGate(
      inputs(start(), now, {
        metrics: { blue: { value: NO_DATA, at: now }, green: { value: NO_DATA, at: now } },
      }),
    );
    expect(first.reasons).toEqual([
      "no evidence: no blue's baseline metric data (no datapoints with traffic in the last periods)",
    ]);
  });

  it("a listener read that is old, missing, or different from the record closes it", () => {
    const s = start();
    const now = T + MIN;
    expect(evaluateGate(inputs(s, now, { listener: { value: null, at: null } })).reasons).toEqual([
      "no evidence: the listener read has not succeeded yet",
    ]);
    expect(
      evaluateGate(inputs(s, now, { listener: { value: s.weights, at: now - 5 * MIN } })).reasons,
    ).toEqual(["the listener read is stale: last success 5m00s ago"]);
    expect(
      evaluateGate(inputs(s, now, { listener: { value: { blue: 40, green: 60 }, at: now } })).reasons,
    ).toEqual(["the listener shows blue 40 / green 60, not the confirmed blue 100 / green 0"]);
  });

  it("scale-blue: refused after a rollback and while blue serves traffic; open after the stable hour", () => {
    const live = session(
      [T, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } }],
      [T + MIN, "traffic.shift.confirmed", confirmed("promote", 0, 100)],
    );
    const rolled = apply(live, {
      seq: 50,
      at: new Date(T + 70 * MIN).toISOString(),
      by: "ann",
      type: "traffic.shift.requested",
      data: { kind: "rollback", to: { blue: 100, green: 0 }, override: "x" },
      prev: "",
      hash: "",
    } as SessionEvent);
    const rolledDone = apply(rolled, {
      seq: 51,
      at: new Date(T + 70 * MIN).toISOString(),
      by: "ann",
      type: "traffic.shift.confirmed",
      data: confirmed("rollback", 100, 0),
      prev: "",
      hash: "",
    } as SessionEvent);
    const now = T + 80 * MIN;
    const r = evaluateGate(inputs(rolledDone, now, { action: "scale-blue" }));
    expect(r.allowed).toBe(false);
    expect(r.reasons.join("\n")).toMatch(/rolled back at 13:10Z/);
    expect(r.reasons.join("\n")).toMatch(/green has not been confirmed at 100 %/);
    expect(r.reasons.join("\n")).toMatch(/blue still serves traffic \(listener: blue 100 %\)/);
    const early = evaluateGate(inputs(live, T + 31 * MIN, { action: "scale-blue" }));
    expect(early.reasons).toEqual([
      "green has been confirmed at 100 % for 30m00s; the runbook keeps blue for 1h00m",
    ]);
    expect(evaluateGate(inputs(live, T + 62 * MIN, { action: "scale-blue" })).allowed).toBe(true);
  });

  it("takes other parts' checks without reshaping: no evidence, stale, not met, per action and step", () => {
    const s = start();
    const now = T + MIN;
    const g = evaluateGate(
      inputs(s, now, {
        checks: [
          { source: "go-criteria", label: "QA sign-off", ok: null, steps: "first" },
          {
            source: "manual",
            label: "data issues detected",
            ok: true,
            at: now - 10 * MIN,
            maxAgeMs: 5 * MIN,
          },
          { source: "no-go", label: "open P1 incident", ok: false, detail: "INC-42" },
          { source: "canary-verdict", label: "step verdict", ok: false, steps: "later" },
          { source: "ecs", label: "blue tasks", ok: false, actions: ["scale-blue"] },
        ],
      }),
    );
    expect(g.reasons).toEqual([
      "no evidence: go-criteria: QA sign-off",
      "manual: data issues detected is stale: observed 10m00s ago",
      "no-go: open P1 incident (INC-42)",
    ]);
  });
});

describe("metrics as CloudWatch means them", () => {
  it("counts connection errors with 5XX, throughput per second of the real period, no traffic is no data", () => {
    const m = latestMetrics(
      [{ t: T, periodMs: 300_000, requests: 3000, errors: 30, connectionErrors: 60, p95Ms: 40 }],
      { asOf: T + 7 * MIN, periodMs: 300_000, settleMs: MIN },
    );
    expect(m).toMatchObject({ errorRate: 3, throughput: 10, periodEnd: T + 5 * MIN });
    expect(latestMetrics([{ t: T, requests: 0, errors: 0, p95Ms: null }]).errorRate).toBeNull();
  });

  it("judges only settled periods: a period younger than the settle delay is not the latest", () => {
    const pts = [
      { t: T, requests: 1000, errors: 1, p95Ms: 30 },
      { t: T + MIN, requests: 1000, errors: 900, p95Ms: 30 },
    ];
    expect(latestMetrics(pts, { asOf: T + 2 * MIN + 30_000, settleMs: MIN }).periodStart).toBe(T);
    expect(latestMetrics(pts, { asOf: T + 3 * MIN, settleMs: MIN }).periodStart).toBe(T + MIN);
  });

  it("a window's p95 is the one asked with Period = window, never the worst minute's", () => {
    const w = windowMetrics(
      [
        { t: T, requests: 1000, errors: 10, p95Ms: 30 },
        { t: T + MIN, requests: 3000, errors: 10, p95Ms: 400 },
      ],
      { start: T, end: T + 15 * MIN, p95Ms: 41 },
    );
    expect(w).toMatchObject({ errorRate: 0.5, latencyP95: 41 });
    expect(w.throughput).toBeCloseTo(4000 / 900);
    expect(
      windowMetrics([{ t: T, requests: 10, errors: 0, p95Ms: 400 }], { start: T, end: T + MIN }).latencyP95,
    ).toBeNull();
  });
});

describe("stale metrics on screen", () => {
  it("a failed poll marks the numbers stale with their age and the failure; current ones are not marked", async () => {
    const { metricsStaleText } = await import("../../source/engine/monitor.js");
    const snap = {
      metricsAt: T,
      metricsMaxAgeMs: 4 * MIN,
      errors: [] as { source: string; message: string; since: number; at: number; count: number }[],
    } as unknown as Parameters<typeof metricsStaleText>[0];
    expect(metricsStaleText(snap, T + MIN)).toBeUndefined();
    expect(metricsStaleText(snap, T + 5 * MIN)).toBe("STALE 5m00s old");
    snap.errors.push({
      source: "metrics",
      message: "ExpiredTokenException: expired",
      since: T + MIN,
      at: T + 2 * MIN,
      count: 2,
    });
    expect(metricsStaleText(snap, T + 2 * MIN)).toBe(
      "STALE 2m00s old (metrics failing ×2: ExpiredTokenException: expired)",
    );
  });
});
