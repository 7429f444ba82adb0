/**
 * engine/recorded-gate.ts over a record folded with golive's own reducer: `golive status`'s gate
 * from the record alone, each input with what was recorded, when, its age and the live gate's
 * limit; an input never recorded (blue's numbers, health) is "not in the record", and the gate
 * says "no evidence" for it, never healthy.
 */
import { describe, expect, it } from "vitest";
import type { EventMap, EventType, SessionEvent } from "../../source/domain/events.js";
import { NO_DATA } from "../../source/domain/metrics.js";
import { reduce } from "../../source/domain/reduce.js";
import { shareLine, trafficShare } from "../../source/domain/traffic-share.js";
import { observationLimits } from "../../source/engine/limits.js";
import {
  recordedGate,
  recordedGreenMetrics,
  recordedInputLines,
  recordedListener,
} from "../../source/engine/recorded-gate.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { minimalConfig } from "../helpers/env-config.js";

const MIN = 60_000;
const T0 = Date.parse("2026-12-04T12:00:00.000Z");
const RUNBOOK =
  "# Go-live\n\n## Canary\n\n- [ ] Route 10% traffic to green\n- [ ] Route 100% traffic to green\n";
const rb = parseRunbook("go-live.md", RUNBOOK, "0");
const HEALTH = { blue: "http://blue.internal/health", green: "http://green.internal/health" };

let seq = 0;
const ev = <T extends EventType>(m: number, type: T, data: EventMap[T]) =>
  ({ seq: ++seq, type, data, by: "ann", at: new Date(T0 + m * MIN).toISOString(), hash: "" }) as SessionEvent;
const created = (config: unknown = { ...minimalConfig(), health: HEALTH }) =>
  ev(0, "session.created", {
    id: "s1",
    runbook: { file: "go-live.md", sha256: "0", title: "Go-live", text: RUNBOOK },
    t0: new Date(T0).toISOString(),
    lead: "ann",
    ...(config === undefined
      ? {}
      : { config: { file: "/etc/golive/prod.json", sha256: "1", value: config } }),
  });
const at10 = { blue: 90, green: 10 };

describe("what the record holds", () => {
  it("the listener: the newest AWS read, confirmed, drifted or observed; an observation without weights is none", () => {
    const events = [
      created(),
      ev(1, "traffic.shift.confirmed", { kind: "promote", weights: at10, tookMs: 5, attempts: 2 }),
      ev(2, "drift.detected", { expected: at10, actual: { blue: 50, green: 50 } }),
    ];
    expect(recordedListener(events)).toEqual({ value: { blue: 50, green: 50 }, at: T0 + 2 * MIN });
    const observed = [
      ...events,
      ev(3, "traffic.observed", {
        observation: "nothing-to-move",
        weights: { blue: 100, green: 0 },
        detail: "",
      }),
      ev(4, "traffic.observed", { observation: "unreadable", weights: null, detail: "" } as never),
      ev(5, "note.added", { text: "x" }),
    ];
    expect(recordedListener(observed)).toEqual({ value: { blue: 100, green: 0 }, at: T0 + 3 * MIN });
    // A recorded metric period names the weights it was recorded under: no read of the listener.
    const period = { t: new Date(T0).toISOString(), periodMs: MIN, weights: at10, blue: null, green: null };
    expect(recordedListener([...events.slice(0, 2), ev(9, "metrics.period", period)])).toEqual({
      value: at10,
      at: T0 + MIN,
    });
    expect(recordedListener(events.slice(0, 2))).toEqual({ value: at10, at: T0 + MIN });
    expect(recordedListener([created()])).toEqual({ value: null, at: null });
  });

  it("green's numbers: the newest checkpoint; one without data has no period end", () => {
    const row = (m: number, offsetMinutes: number, errorRate: number | null) =>
      ev(m, "checkpoint.recorded", { offsetMinutes, errorRate, latencyP95: 140, status: "OK", late: false });
    expect(
      recordedGreenMetrics([
        created(),
        row(15, 15, 0.2),
        row(30, 30, 0.4),
        ev(31, "note.added", { text: "x" }),
      ]),
    ).toEqual({
      metrics: {
        value: { ...NO_DATA, errorRate: 0.4, latencyP95: 140, periodEnd: T0 + 30 * MIN },
        at: T0 + 30 * MIN,
      },
      offsetMinutes: 30,
    });
    expect(recordedGreenMetrics([created(), row(15, 15, null)]).metrics.value?.periodEnd).toBeNull();
    expect(recordedGreenMetrics([created()])).toEqual({ metrics: { value: null, at: null } });
  });
});

describe("the recorded gate", () => {
  it("none without a valid environment config", () => {
    expect(recordedGate(rb, reduce([created(null)]), [created(null)], T0)).toBeUndefined();
    const bad = created({ name: "prod" });
    expect(recordedGate(rb, reduce([bad]), [bad], T0)).toBeUndefined();
  });

  it("every input with its value, time, age and limit; health and blue not in the record", () => {
    const events = [
      created(),
      ev(1, "traffic.shift.confirmed", { kind: "promote", weights: at10, tookMs: 5, attempts: 2 }),
      ev(2, "checkpoint.recorded", {
        offsetMinutes: 15,
        errorRate: 0.5,
        latencyP95: 120,
        status: "OK",
        late: false,
      }),
      ev(3, "alert.raised", { alert: "a1", severity: "critical", message: "green 503", key: "probe:green" }),
      ev(4, "alert.raised", { alert: "a2", severity: "warning", message: "slow", key: "latency-p95:green" }),
    ];
    const s = reduce(events);
    const now = T0 + 5 * MIN;
    const r = recordedGate(rb, s, events, now)!;
    const limits = observationLimits({
      ...minimalConfig(),
      health: { timeoutMs: 3000 },
      metrics: { pollSeconds: 30, periodSeconds: 60 },
    } as never);
    const share = trafficShare(s)!;
    expect(r.inputs).toStrictEqual([
      {
        input: "listener",
        value: "blue 90 / green 10 read back from AWS",
        at: T0 + MIN,
        ageMs: 4 * MIN,
        maxAgeMs: limits.listenerMaxAgeMs,
      },
      {
        input: "metrics.green",
        value: "checkpoint T+15: error rate 0.50 %, p95 120 ms",
        at: T0 + 2 * MIN,
        ageMs: 3 * MIN,
        maxAgeMs: expect.any(Number),
      },
      { input: "metrics.blue", value: "not in the record", at: null, ageMs: null },
      {
        input: "health.blue",
        value: "not in the record",
        at: null,
        ageMs: null,
        maxAgeMs: limits.healthMaxAgeMs,
      },
      {
        input: "health.green",
        value: "not in the record",
        at: null,
        ageMs: null,
        maxAgeMs: limits.healthMaxAgeMs,
      },
      { input: "confirmed", value: "blue 90 / green 10 confirmed", at: T0 + MIN, ageMs: 4 * MIN },
      { input: "traffic-share", value: shareLine(share), at: null, ageMs: null },
      { input: "alerts", value: "1 unacknowledged critical", at: T0 + 3 * MIN, ageMs: 2 * MIN },
    ]);
    expect(r.inputs[1]?.maxAgeMs).not.toBe(limits.listenerMaxAgeMs);
    expect(r.gate.action).toBe("promote");
    expect(r.gate.allowed).toBe(false);
    // From the record: the listener read 4 minutes ago is stale, the critical alert blocks, the dwell
    // at 10 % runs from the confirmation, green's checkpoint p95 is judged, green's health is no evidence.
    expect(r.gate.details.map((d) => [d.input, d.kind])).toEqual([
      ["listener", "stale"],
      ["alerts", "blocked"],
      ["dwell", "wait"],
      ["metrics.green", "breach"],
      ["health.green", "missing"],
    ]);
    expect(r.gate.details[2]?.message).toBe("dwell at green 10 % has 6m00s left");
    expect(r.gate.details.some((d) => d.input === "listener" && d.kind !== "missing")).toBe(true);
  });

  it("nothing recorded yet: said so, and no health input where none is configured", () => {
    const events = [created({ ...minimalConfig(), health: { green: HEALTH.green } })];
    const r = recordedGate(rb, reduce(events), events, T0)!;
    expect(r.inputs.map((i) => [i.input, i.value])).toEqual([
      ["listener", "never read back from AWS"],
      ["metrics.green", "no checkpoint recorded"],
      ["metrics.blue", "not in the record"],
      ["health.green", "not in the record"],
      ["confirmed", "nothing confirmed"],
      ["alerts", "none unacknowledged"],
    ]);
    expect(r.inputs.every((i) => i.ageMs === null && i.at === null)).toBe(true);
    expect(r.gate.details.map((d) => d.input)).not.toContain("health.blue");
    expect(r.gate.details.map((d) => d.input)).toContain("health.green");
  });

  it("before the first step blue's health is no evidence too; an arm without a health URL is no input", () => {
    const events = [created({ ...minimalConfig(), health: { blue: HEALTH.blue } })];
    const r = recordedGate(rb, reduce(events), events, T0)!;
    expect(r.inputs.map((i) => i.input).filter((i) => i.startsWith("health"))).toEqual(["health.blue"]);
    const health = r.gate.details.filter((d) => d.input.startsWith("health")).map((d) => [d.input, d.kind]);
    expect(health).toEqual([["health.blue", "missing"]]);
  });

  it("a checkpoint without data says so", () => {
    const events = [
      created(),
      ev(20, "checkpoint.recorded", {
        offsetMinutes: 15,
        errorRate: null,
        latencyP95: null,
        status: "no data",
        late: true,
      }),
    ];
    const r = recordedGate(rb, reduce(events), events, T0 + 21 * MIN)!;
    expect(r.inputs[1]?.value).toBe("checkpoint T+15: error rate no data, p95 no data");
  });

  it("a demo's fast clock scales the limits", () => {
    const events = [created()];
    const one = recordedGate(rb, reduce(events), events, T0)!;
    const fast = recordedGate(rb, reduce(events), events, T0, 60)!;
    expect(fast.inputs[0]!.maxAgeMs).toBeGreaterThan(one.inputs[0]!.maxAgeMs!);
  });

  it("the newest of several unacknowledged critical alerts dates the input", () => {
    const events = [
      created(),
      ev(3, "alert.raised", { alert: "a1", severity: "critical", message: "x", key: "probe:green" }),
      ev(1, "alert.raised", { alert: "a2", severity: "critical", message: "y", key: "probe:blue" }),
    ];
    const r = recordedGate(rb, reduce(events), events, T0 + 5 * MIN)!;
    expect(r.inputs.at(-1)).toEqual({
      input: "alerts",
      value: "2 unacknowledged critical",
      at: T0 + 3 * MIN,
      ageMs: 2 * MIN,
    });
  });
});

describe("the runbook's own plan and checks, from the record", () => {
  // A dwell per step, a rollback trigger with no number (a manual check) and a Go criterion: each is in the gate `golive status` prints.
  const MD =
    "# Go-live\n\n## Canary\n\n- [ ] Route 10% traffic to green\n- [ ] Monitor for 5 minutes\n" +
    "- [ ] Route 50% traffic to green\n- [ ] Monitor for 15 minutes\n- [ ] Route 100% traffic to green\n\n" +
    "Rollback triggers:\n\n- Pager storm\n\n## Quick Reference\n\n**Go Criteria:**\n- Team on standby\n";
  const own = parseRunbook("go-live.md", MD, "0");
  const gateAt = (green: number | null) => {
    const events = [created(minimalConfig())];
    if (green !== null)
      events.push(
        ev(1, "traffic.shift.confirmed", {
          kind: "promote",
          weights: { blue: 100 - green, green },
          tookMs: 5,
          attempts: 1,
        }),
      );
    return recordedGate(own, reduce(events), events, T0 + 2 * MIN)!.gate;
  };
  const held = (g: ReturnType<typeof gateAt>) =>
    g.details.filter((d) => d.input === "dwell" || d.input.startsWith("check.")).map((d) => d.message);

  it("before the first step: the Go criterion and the manual check hold the Go", () => {
    expect(held(gateAt(null))).toEqual([
      "no evidence: Go criterion not met: Team on standby (no checklist item before the first shift covers it)",
      expect.stringMatching(/^no evidence: manual check: m13 Pager storm \(line 13\) \(not confirmed clear/),
    ]);
    // Blue's baseline is not in the record: never observed, not observed without data.
    expect(gateAt(null).details.find((d) => d.input === "metrics.blue")).toMatchObject({
      kind: "missing",
      message: "no evidence: blue's baseline metrics poll has not succeeded yet",
    });
  });

  it("at 10 % the step's own dwell, and the trigger asked again before 50 %; at 50 % the 15 minutes after it", () => {
    expect(held(gateAt(10))).toEqual([
      "dwell at green 10 % has 4m00s left",
      expect.stringMatching(/^no evidence: manual check: m13 Pager storm \(line 13\), before 50 % /),
    ]);
    expect(held(gateAt(50))[0]).toBe("dwell at green 50 % has 14m00s left");
  });
});

describe("the input lines", () => {
  it("aligned, with the age and the limit, STALE past it; nothing where age does not matter", () => {
    expect(
      recordedInputLines([
        { input: "listener", value: "blue 90 / green 10", at: 0, ageMs: 31_000, maxAgeMs: 30_000 },
        { input: "metrics.green", value: "T+15", at: 0, ageMs: 30_000, maxAgeMs: 30_000 },
        { input: "health.blue", value: "not in the record", at: null, ageMs: null, maxAgeMs: 30_000 },
        { input: "alerts", value: "none", at: null, ageMs: null },
        { input: "confirmed", value: "90/10", at: 0, ageMs: 252_000 },
      ]),
    ).toEqual([
      "listener       blue 90 / green 10, 31s ago (STALE: older than 30s)",
      "metrics.green  T+15, 30s ago (stale after 30s)",
      "health.blue    not in the record (stale after 30s)",
      "alerts         none",
      "confirmed      90/10, 4m12s ago",
    ]);
  });
});
