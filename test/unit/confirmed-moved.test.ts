/**
 * Two small engine parts on values a test hands in: confirmedMoved (engine/confirmed-moved.ts), the
 * check that the session took other weights from AWS after a promote dialog was planned, so nothing
 * is sent; and metricsStaleText (engine/monitor-snapshot.ts), the STALE line over the metrics. A
 * promote sent from a plan the listener has moved under would undo someone else's change; a stale
 * number shown as current is a wrong decision on the call.
 */
import { describe, expect, it } from "vitest";
import type { Weights } from "../../source/domain/events.js";
import type { ListenerState } from "../../source/domain/ports.js";
import { confirmedMoved } from "../../source/engine/confirmed-moved.js";
import type { Plan, Recorder } from "../../source/engine/controller.js";
import type { PromotePlan } from "../../source/engine/engine.js";
import { type MonitorSnapshot, metricsStaleText } from "../../source/engine/monitor-snapshot.js";

const w = (blue: number, green: number): Weights => ({ blue, green });
const from = { weights: w(90, 10), raw: { blue: 900, green: 100 } } as ListenerState;
const plan = (confirmed: Weights | null) =>
  ({ kind: "promote", from, readAt: 0, to: w(50, 50), step: 50, confirmed }) as unknown as Plan;

function recorder(weights: Weights | null) {
  const appended: unknown[][] = [];
  const r = {
    state: { weights },
    append: async (...a: unknown[]) => {
      appended.push(a);
    },
  } as unknown as Recorder;
  return { r, appended };
}

describe("confirmedMoved", () => {
  it("nothing when the session still holds the planned weights, has none, or is at the plan's target", async () => {
    for (const [confirmed, now] of [
      [w(90, 10), w(90, 10)],
      [null, w(80, 20)],
      [w(90, 10), null],
      [w(90, 10), w(50, 50)],
    ] as const) {
      const { r, appended } = recorder(now);
      let asked = 0;
      const planPromote = async () => {
        asked++;
        return {} as PromotePlan;
      };
      expect(await confirmedMoved(r, planPromote, plan(confirmed), "ann")).toBeUndefined();
      expect([appended, asked]).toEqual([[], 0]);
    }
  });

  it("moved: recorded as observed, nothing sent, the new situation planned", async () => {
    const { r, appended } = recorder(w(80, 20));
    const replanFrom = { weights: w(80, 20), raw: { blue: 800, green: 200 } } as ListenerState;
    const replan = { plan: { from: replanFrom } } as unknown as PromotePlan;
    const result = await confirmedMoved(r, async () => replan, plan(w(90, 10)), "ann");
    expect(result).toEqual({
      ok: false,
      kind: "promote",
      to: w(50, 50),
      tookMs: 0,
      attempts: 0,
      changed: replanFrom,
      replan,
      error: "the listener changed since the dialog: nothing was sent",
    });
    expect(appended).toEqual([
      [
        "traffic.observed",
        {
          observation: "changed-since-dialog",
          weights: w(80, 20),
          expected: w(90, 10),
          detail:
            "planned from blue 90 / green 10; since then AWS showed blue 80 / green 20 (taken as the listener's weights): nothing was sent",
        },
        "ann",
      ],
    ]);
  });

  it("a replan that fails or plans nothing: the listener as planned, with the session's weights", async () => {
    for (const planPromote of [
      async (): Promise<PromotePlan> => {
        throw new Error("AWS down");
      },
      async () => ({}) as PromotePlan,
    ]) {
      const { r } = recorder(w(70, 30));
      const result = await confirmedMoved(r, planPromote, plan(w(90, 10)), "bob");
      expect(result?.changed).toEqual({ ...from, weights: w(70, 30) });
    }
  });
});

describe("metricsStaleText", () => {
  const snap = (o: Partial<MonitorSnapshot>) => ({ errors: [], metricsAt: 0, ...o }) as MonitorSnapshot;
  const failing = { source: "metrics", message: "ThrottlingException", since: 0, at: 0, count: 3 };

  it("nothing while the metrics are current, or when no age limit is set", () => {
    expect(metricsStaleText(snap({ metricsAt: 1000, metricsMaxAgeMs: 60_000 }), 61_000)).toBeUndefined();
    expect(metricsStaleText(snap({ metricsAt: 1000 }), 10_000_000)).toBeUndefined();
    // Another source failing is not the metrics.
    const probe = { ...failing, source: "probe" };
    expect(metricsStaleText(snap({ errors: [probe], metricsMaxAgeMs: 60_000 }), 1000)).toBeUndefined();
  });

  it("past the limit, never loaded, or failing: STALE with the age and the failure", () => {
    expect(metricsStaleText(snap({ metricsAt: 1000, metricsMaxAgeMs: 60_000 }), 61_001)).toBe(
      "STALE 1m00s old",
    );
    expect(metricsStaleText(snap({ metricsAt: null, errors: [failing] }), 5000)).toBe(
      "STALE never loaded (metrics failing ×3: ThrottlingException)",
    );
    expect(metricsStaleText(snap({ metricsAt: 0, errors: [failing], metricsMaxAgeMs: 60_000 }), 5000)).toBe(
      "STALE 5s old (metrics failing ×3: ThrottlingException)",
    );
  });
});
