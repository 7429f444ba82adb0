/**
 * Green's targets crashing (the load balancer answers 502) or hanging (504), at every canary step
 * and at any moment of a CloudWatch period: the rollback trigger is raised within one settled
 * period of the fault, and with auto-rollback on AWS ends at 100 % blue (read from the sandbox).
 */
import { describe, expect, it } from "vitest";
import { metricKey } from "../../source/sandbox/world.js";
import { type EngineRig, engineOnSandbox } from "../helpers/engine.js";
import { recordChaos } from "./record.js";
import { weightsOnAws } from "./rig.js";

const PERIOD = 60_000;
const SETTLE = 60_000;
const POLL = 15_000;

/** What the load balancer (AWS) published for one of its ELB 5XX metrics since `from`. */
function elbCount(rig: EngineRig, name: string, from: number): number {
  const w = rig.sb.world;
  const key = metricKey("AWS/ApplicationELB", name, [
    { Name: "LoadBalancer", Value: w.alb.loadBalancer.dimension },
  ]);
  return [...w.cw.visiblePoints(key).entries()].filter(([t]) => t >= from).reduce((s, [, p]) => s + p.sum, 0);
}

describe("green's targets fail: the rollback trigger within one settled period", () => {
  for (const [fault, metric] of [
    ["crash", "HTTPCode_ELB_502_Count"],
    ["hang", "HTTPCode_ELB_504_Count"],
  ] as const) {
    it(`${fault} (${metric}) at 10/50/100 % and 0/20/45 s into a period`, async () => {
      let trials = 0;
      let survived = 0;
      let worstMs = 0;
      for (const step of [10, 50, 100]) {
        for (const offsetS of [0, 20, 45]) {
          trials++;
          const rig = await engineOnSandbox({
            config: (c) => ({ ...c, autoRollback: { enabled: true, consecutiveBreaches: 1 } }),
          });
          const { sb, engine, store } = rig;
          try {
            for (const s of [10, 50, 100].filter((x) => x <= step))
              expect((await engine.controller.promote({ greenPercent: s, by: "Ann" })).ok).toBe(true);
            // A few healthy minutes at the step, then the fault `offsetS` seconds into a period.
            sb.clock.set(Math.ceil((sb.clock.now() + 3 * PERIOD) / PERIOD) * PERIOD + offsetS * 1000);
            await engine.monitor.pollMetrics();
            expect(store.state.alerts.filter((a) => a.severity === "critical")).toEqual([]);
            const start = sb.clock.now();
            sb.applyFault({ type: fault, target: "green" });
            // The period the fault starts in, or at worst the next whole one, once settled.
            const deadline = Math.ceil(start / PERIOD) * PERIOD + PERIOD + SETTLE + POLL;
            let raisedAt: number | undefined;
            while (sb.clock.now() <= deadline && raisedAt === undefined) {
              sb.clock.advance(POLL);
              await engine.monitor.pollMetrics();
              if (store.state.alerts.some((a) => /ROLLBACK TRIGGER/.test(a.message)))
                raisedAt = sb.clock.now();
            }
            const seen = elbCount(rig, metric, start - PERIOD) > 0;
            const back = weightsOnAws(sb);
            const ok =
              raisedAt !== undefined &&
              seen &&
              back.blue === 100 &&
              back.green === 0 &&
              store.state.rollback?.by === "golive (auto-rollback)";
            if (raisedAt !== undefined) worstMs = Math.max(worstMs, raisedAt - start);
            expect(
              { raised: raisedAt !== undefined, elb5xxOnAws: seen, aws: back, ok },
              `step ${step} %, fault ${offsetS} s into the period`,
            ).toEqual({
              raised: true,
              elb5xxOnAws: true,
              aws: { blue: 100, green: 0 },
              ok: true,
            });
            survived++;
          } finally {
            await rig.stop();
          }
        }
      }
      recordChaos({
        area: "metrics",
        fault: `green targets ${fault === "crash" ? "crash (ELB 502)" : "hang (ELB 504)"} at 10/50/100 %, 0/20/45 s into a period`,
        trials,
        survived,
        lost: 0,
        checked: `rollback trigger raised within one settled period (worst ${Math.round(worstMs / 1000)} s after the fault); ${metric} on AWS; auto-rollback left AWS at blue 100 / green 0`,
      });
    });
  }
});
