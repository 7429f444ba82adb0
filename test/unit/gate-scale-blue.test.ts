/**
 * The gate for scaling blue away, and the listener's reasons, as `status` and `status --json` show
 * them (Stryker's survivors in domain/gate.ts, 2026-12-02): scale-blue never offers a traffic step,
 * judges neither blue's baseline nor a stable time before green is at 100 %, and a listener that is
 * not known or not read is named as the listener's missing evidence. Green's own numbers are judged
 * once it has had traffic, never at the Go decision before it.
 */
import { describe, expect, it } from "vitest";
import { evaluateGate, type GateInputs } from "../../source/domain/gate.js";
import { goDecision as at, MIN, T } from "./gate-inputs.js";

const scaleBlue = (green: number, sinceMs: number, over: Partial<GateInputs> = {}) =>
  at({
    action: "scale-blue",
    confirmed: { weights: { blue: 100 - green, green }, since: T - sinceMs },
    listener: { value: { blue: 100 - green, green }, at: T - 1000 },
    ...over,
  });

describe("scale-blue before green carries everything", () => {
  it("offers no next traffic step, at any weight (status prints `gate for N % green` from it)", () => {
    for (const green of [0, 10, 50, 100]) {
      const g = evaluateGate(scaleBlue(green, 90 * MIN));
      expect([g.nextIndex, g.next]).toEqual([-1, undefined]);
    }
  });

  it("green at 90 % since a moment ago: blocked on the listener, no stable time to wait out yet", () => {
    expect(evaluateGate(scaleBlue(90, 5 * MIN)).details).toEqual([
      { input: "listener", kind: "blocked", message: "green has not been confirmed at 100 %" },
      { input: "listener", kind: "blocked", message: "blue still serves traffic (listener: blue 10 %)" },
    ]);
  });

  it("nothing moved yet: blue's baseline is not asked for (it is the Go decision's, not scale-blue's)", () => {
    const g = evaluateGate(
      scaleBlue(0, 30 * MIN, { metrics: { blue: { value: null, at: null }, green: at().metrics.green } }),
    );
    expect(g.details.map((d) => d.input)).toEqual(["listener", "listener"]);
    expect(g.isGoDecision).toBe(false);
  });
});

describe("green's numbers before green has had traffic", () => {
  it("do not hold the Go decision (blue's baseline is what is judged then)", () => {
    const green = { value: { ...at().metrics.green.value!, errorRate: 40 }, at: T - 5000 };
    const g = evaluateGate(at({ metrics: { blue: at().metrics.blue, green } }));
    expect([g.allowed, g.breaches, g.details]).toEqual([true, [], []]);
  });

  it("are still asked for before blue is scaled away, and named when missing", () => {
    const g = evaluateGate(
      scaleBlue(0, 30 * MIN, { metrics: { blue: at().metrics.blue, green: { value: null, at: null } } }),
    );
    expect(g.details.map((d) => [d.input, d.kind])).toEqual([
      ["listener", "blocked"],
      ["listener", "blocked"],
      ["metrics.green", "missing"],
    ]);
  });
});

describe("the listener's missing evidence", () => {
  it("weights never read from AWS: named as such, under the listener", () => {
    const g = evaluateGate(
      at({ confirmed: { weights: null, since: null }, listener: { value: null, at: null } }),
    );
    expect(g.details.slice(0, 2)).toEqual([
      {
        input: "listener",
        kind: "missing",
        message: "no evidence: the listener's weights are not known yet (no read from AWS)",
      },
      { input: "listener", kind: "missing", message: "no evidence: the listener read has not succeeded yet" },
    ]);
  });

  it("a listener read exactly at its age limit is still fresh", () => {
    expect(
      evaluateGate(at({ listener: { value: { blue: 100, green: 0 }, at: T - 30_000 } })).details,
    ).toEqual([]);
  });

  it("a stale listener read is the listener's, with its age", () => {
    const g = evaluateGate(at({ listener: { value: { blue: 100, green: 0 }, at: T - 2 * MIN } }));
    expect(g.details).toEqual([
      {
        input: "listener",
        kind: "stale",
        message: "the listener read is stale: last success 2m00s ago",
        ageMs: 2 * MIN,
      },
    ]);
  });
});
