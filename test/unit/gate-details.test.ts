/**
 * The gate's reasons as `status --json` and the next-action line read them: each one's input, kind
 * and words, for the paths gate.test.ts checks only as "closed" — scale-blue's conditions, the
 * health of each colour at each step, the blocking states — and formatAge's unit boundaries.
 * (Stryker's survivors in domain/gate.ts, 2026-12-01: the kinds and inputs were never read.)
 */
import { describe, expect, it } from "vitest";
import { evaluateGate, formatAge, type GateInputs } from "../../source/domain/gate.js";
import { goDecision as at, MIN, T } from "./gate-inputs.js";

/** Green at 100 % in AWS and in the record, `since` ago. */
const live = (sinceMs: number | null, over: Partial<GateInputs> = {}) =>
  at({
    action: "scale-blue",
    confirmed: { weights: { blue: 0, green: 100 }, since: sinceMs === null ? null : T - sinceMs },
    listener: { value: { blue: 0, green: 100 }, at: T - 1000 },
    ...over,
  });

describe("formatAge", () => {
  it("seconds below a minute, minutes below an hour, never negative", () => {
    expect([-1500, 0, 5000, 59_999, 60_000, 3_599_999, 3_600_000, 7_380_000].map(formatAge)).toEqual([
      "0s",
      "0s",
      "5s",
      "59s",
      "1m00s",
      "59m59s",
      "1h00m",
      "2h03m",
    ]);
  });
});

describe("scale-blue's reasons", () => {
  it("green confirmed at 100 % for the whole stable time, blue out of the listener: open", () => {
    expect(evaluateGate(live(61 * MIN)).details).toEqual([]);
    // Exactly the stable time is enough.
    expect(evaluateGate(live(60 * MIN)).details).toEqual([]);
  });

  it("inside the stable time: a wait naming both durations (the runbook's, or 60 minutes)", () => {
    expect(evaluateGate(live(5 * MIN)).details).toEqual([
      {
        input: "dwell",
        kind: "wait",
        message: "green has been confirmed at 100 % for 5m00s; the runbook keeps blue for 1h00m",
      },
    ]);
    const short = live(5 * MIN, { plan: { steps: [10, 50, 100], dwellMinutes: 10, stableMinutes: 10 } });
    expect(evaluateGate(short).reasons).toEqual([
      "green has been confirmed at 100 % for 5m00s; the runbook keeps blue for 10m00s",
    ]);
    // A confirmation with no time to count from is no dwell to wait out.
    expect(evaluateGate(live(null)).details).toEqual([]);
  });

  it("green short of 100 % or blue still in the listener: blocked on the listener, no dwell", () => {
    const g = evaluateGate(
      live(90 * MIN, {
        confirmed: { weights: { blue: 10, green: 90 }, since: T - 90 * MIN },
        listener: { value: { blue: 10, green: 90 }, at: T - 1000 },
      }),
    );
    expect(g.details).toEqual([
      { input: "listener", kind: "blocked", message: "green has not been confirmed at 100 %" },
      { input: "listener", kind: "blocked", message: "blue still serves traffic (listener: blue 10 %)" },
    ]);
    const unknown = evaluateGate(live(null, { confirmed: { weights: null, since: null } }));
    expect(unknown.details.map((d) => [d.input, d.kind])).toEqual([
      ["listener", "missing"],
      ["listener", "blocked"],
    ]);
    expect(unknown.reasons[1]).toBe("green has not been confirmed at 100 %");
  });

  it("judges green's health, never blue's (blue is what is being scaled away)", () => {
    const blueDown = { blue: { value: false, at: T - 2000 }, green: { value: true, at: T - 2000 } };
    expect(evaluateGate(live(61 * MIN, { health: blueDown })).details).toEqual([]);
    const greenDown = { blue: { value: true, at: T - 2000 }, green: { value: false, at: T - 2000 } };
    const g = evaluateGate(live(61 * MIN, { health: greenDown }));
    expect(g.details).toEqual([
      { input: "health.green", kind: "breach", message: "green targets are not all healthy", ageMs: 2000 },
    ]);
    expect(g.breaches).toEqual(["green targets are not all healthy"]);
  });
});

describe("health at promote", () => {
  const down = { value: false, at: T - 2000 };
  it("blue's health counts at the Go decision only; green's at every step", () => {
    const first = evaluateGate(at({ health: { blue: down, green: { value: true, at: T - 2000 } } }));
    expect(first.details).toEqual([
      { input: "health.blue", kind: "breach", message: "blue targets are not all healthy", ageMs: 2000 },
    ]);
    expect(first.breaches).toEqual(["blue targets are not all healthy"]);
    const later = at({
      confirmed: { weights: { blue: 90, green: 10 }, since: T - 30 * MIN },
      listener: { value: { blue: 90, green: 10 }, at: T - 1000 },
      goDecided: true,
      health: { blue: down, green: { value: true, at: T - 2000 } },
    });
    expect(evaluateGate(later).details).toEqual([]);
    const greenDown = evaluateGate({ ...later, health: { blue: down, green: down } });
    expect(greenDown.details.map((d) => d.input)).toEqual(["health.green"]);
  });

  it("no answer is missing; an old answer is stale with its age and the failure, at the limit still fresh", () => {
    const g = (green: GateInputs["health"]["green"]) =>
      evaluateGate(at({ health: { blue: { value: true, at: T - 2000 }, green } })).details;
    const missing = {
      input: "health.green",
      kind: "missing",
      message: "no evidence: green's health check has not answered yet",
    };
    expect(g({ value: null, at: T - 2000 })).toEqual([missing]);
    expect(g({ value: true, at: null })).toEqual([missing]);
    expect(g({ value: true, at: T - 30_000 })).toEqual([]);
    expect(g({ value: true, at: T - 31_000 })).toEqual([
      {
        input: "health.green",
        kind: "stale",
        message: "green's health check is stale: last answer 31s ago",
        ageMs: 31_000,
      },
    ]);
    expect(
      g({ value: true, at: T - 95_000, error: { message: "connect ECONNREFUSED", at: T - 60_000 } }),
    ).toEqual([
      {
        input: "health.green",
        kind: "stale",
        message:
          "green's health check is stale: last answer 1m35s ago (failing since 11:59Z: connect ECONNREFUSED)",
        ageMs: 95_000,
      },
    ]);
  });
});

describe("what blocks before anything moves", () => {
  it("each blocking state under its own input, in words", () => {
    const only = (over: Partial<GateInputs>) => evaluateGate(at(over)).details;
    expect(only({ inFlight: "promote to 10 % is on the wire" })).toEqual([
      { input: "traffic", kind: "blocked", message: "promote to 10 % is on the wire" },
    ]);
    expect(only({ rollback: { at: T - 3 * MIN, done: false } })[0]).toEqual({
      input: "rollback",
      kind: "blocked",
      message: "a rollback is in progress",
    });
    for (const rb of [
      { at: T - 3 * MIN, done: true },
      { at: T - 3 * MIN, done: false, failed: "AccessDenied" },
    ])
      expect(only({ rollback: rb })[0]).toEqual({
        input: "rollback",
        kind: "blocked",
        message: "rolled back at 11:57Z since the last promotion: moving on needs an override with a reason",
      });
    expect(only({ listener: { value: { blue: 50, green: 50 }, at: T - 1000 } })).toEqual([
      {
        input: "listener",
        kind: "blocked",
        message: "the listener shows blue 50 / green 50, not the confirmed blue 100 / green 0",
      },
    ]);
    expect(only({ alerts: [{ id: "a1", message: "green error rate 9 %", at: T - 90_000 }] })).toEqual([
      {
        input: "alerts",
        kind: "blocked",
        message: "unacknowledged critical alert (1m30s ago): green error rate 9 %",
      },
    ]);
    const done = only({
      confirmed: { weights: { blue: 0, green: 100 }, since: T - 30 * MIN },
      listener: { value: { blue: 0, green: 100 }, at: T - 1000 },
      goDecided: true,
    });
    expect(done[0]).toEqual({
      input: "plan",
      kind: "blocked",
      message: "the canary is complete: green takes 100 %",
    });
  });
});
