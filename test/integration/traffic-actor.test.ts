/**
 * Regression tests for issue 18's traffic findings and issue 12's engine invariants I1, I3, I4, I5,
 * I7: the one traffic actor, plan binding, the fence across processes, AWS as the source of truth.
 * AWS's state is read from the sandbox's own world, never through golive's adapter.
 */
import { describe, expect, it } from "vitest";
import { overallState } from "../../source/ui/app/view.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { hold } from "../helpers/hold.js";
import { forward, modifies, observed, of, onAws } from "../helpers/traffic.js";

describe("one traffic actor: rollback fences promotes", () => {
  it("R while a promote is between its pre-read and its write: nothing of the promote reaches AWS, it is recorded superseded", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.monitor.pollListener();
      const { plan } = await rig.engine.planPromote();
      const held = hold(rig.sb, "DescribeListeners", "request");
      const p = rig.engine.executePlan(plan!, { by: "Ann", override: "drill" });
      await held.reached;
      const rb = rig.engine.rollback({ by: "Bob", reason: "abort" });
      held.release();
      const [pr, rr] = await Promise.all([p, rb]);
      expect(rr.ok).toBe(true);
      expect(pr).toMatchObject({ ok: false, superseded: true });
      // I4: no manual command for a superseded promote; nothing of it on AWS.
      expect(pr.manualCommand).toBeUndefined();
      expect(onAws(rig)).toEqual({ blue: 100, green: 0 });
      expect(modifies(rig).map((e) => e.detail)).toEqual([{ weights: { blue: 100, green: 0 } }]);
      expect(of(rig, "traffic.shift.superseded")).toHaveLength(1);
      expect(of(rig, "traffic.shift.failed")).toHaveLength(0);
      expect(rig.store.state.shift).toBeUndefined();
    } finally {
      await rig.stop();
    }
  });

  it("R while a promote's write is on the wire: the rollback waits for it to return and writes last", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.monitor.pollListener();
      const { plan } = await rig.engine.planPromote();
      const wire = hold(rig.sb, "ModifyListener", "response");
      const p = rig.engine.executePlan(plan!, { by: "Ann", override: "drill" });
      await wire.reached;
      expect(onAws(rig)).toEqual({ blue: 90, green: 10 });
      const states: string[] = [];
      const rb = rig.engine.rollback({ by: "Bob", reason: "abort" });
      // I4: while both are in flight the header says ROLLING BACK, never PRE-FLIGHT.
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setImmediate(r));
        states.push(overallState(rig.store.state).text);
      }
      expect(modifies(rig)).toHaveLength(1);
      wire.release();
      const [pr, rr] = await Promise.all([p, rb]);
      states.push(overallState(rig.store.state).text);
      expect(rr).toMatchObject({ ok: true, weights: { blue: 100, green: 0 } });
      expect(pr).toMatchObject({ ok: false, superseded: true });
      expect(pr.manualCommand).toBeUndefined();
      expect(modifies(rig).map((e) => e.detail)).toEqual([
        { weights: { blue: 90, green: 10 } },
        { weights: { blue: 100, green: 0 } },
      ]);
      expect(onAws(rig)).toEqual({ blue: 100, green: 0 });
      expect(states).not.toContain("PRE-FLIGHT");
      expect(states.at(-1)).toBe("ROLLED BACK");
    } finally {
      await rig.stop();
    }
  });

  it("across processes: a promote whose write lands after another golive's rollback writes the rollback's weights back", async () => {
    const rig = await engineOnSandbox();
    const other = rig.engineWith(rig.config);
    try {
      await rig.engine.monitor.pollListener();
      await other.engine.monitor.pollListener();
      const { plan } = await rig.engine.planPromote();
      // The promote's ModifyListener is sent (fence bumped) but held before AWS applies it.
      const late = hold(rig.sb, "ModifyListener", "request");
      const p = rig.engine.executePlan(plan!, { by: "Ann", override: "drill" });
      await late.reached;
      const rb = await other.engine.controller.rollback({ by: "Bob", reason: "from the other terminal" });
      expect(rb.ok).toBe(true);
      late.release();
      const pr = await p;
      expect(pr).toMatchObject({ ok: false, superseded: true });
      expect(observed(rig)).toContain("fenced-write-back");
      expect(onAws(rig)).toEqual({ blue: 100, green: 0 });
    } finally {
      await rig.stop([other]);
    }
  });

  it("a rollback's read-back does not queue behind slow disk appends", async () => {
    const rig = await engineOnSandbox();
    try {
      expect((await rig.engine.promote({ by: "Ann", override: "drill" })).ok).toBe(true);
      const append = rig.store.append.bind(rig.store);
      let slow = 1;
      rig.store.append = (async (...a: Parameters<typeof append>) => {
        // The rollback's own request is the append that takes 1.5 s (a slow fsync).
        if (slow-- > 0) await new Promise((r) => setTimeout(r, 1500));
        return append(...a);
      }) as typeof rig.store.append;
      const from = rig.sb.world.log.at(-1)!.seq;
      const r = await rig.engine.rollback({ by: "Ann", reason: "slow disk" });
      expect(r.ok).toBe(true);
      const calls = rig.sb.world.log.filter((e) => e.seq > from && e.service === "elbv2");
      const write = calls.find((e) => e.operation === "ModifyListener")!;
      const readBack = calls.find((e) => e.seq > write.seq && e.operation === "DescribeListeners")!;
      expect(readBack.realAt - write.realAt).toBeLessThan(1000);
      expect(r.tookMs).toBeLessThan(1500);
      expect(rig.store.state.rollback?.completedAt).toBeDefined();
    } finally {
      await rig.stop();
    }
  });
});

describe("I1: the plan binds the change", () => {
  it("the listener changed while the dialog was open: nothing is sent, the change is recorded, the new situation returned", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.monitor.pollListener();
      expect((await rig.engine.promote({ by: "Ann", override: "drill" })).ok).toBe(true);
      minutes(rig.sb, 11);
      await rig.engine.monitor.pollMetrics();
      const { plan } = await rig.engine.planPromote();
      expect(plan).toMatchObject({ from: { weights: { blue: 90, green: 10 } }, to: { blue: 50, green: 50 } });
      rig.sb.world.setListenerActions([forward(rig, 40, 60)]);
      const before = modifies(rig).length;
      const r = await rig.engine.executePlan(plan!, { by: "Ann", override: "drill" });
      expect(r).toMatchObject({ ok: false, changed: { weights: { blue: 40, green: 60 } } });
      expect(modifies(rig)).toHaveLength(before);
      expect(onAws(rig)).toEqual({ blue: 40, green: 60 });
      expect(observed(rig)).toEqual(["changed-since-dialog"]);
      expect(r.replan?.plan?.from.weights).toEqual({ blue: 40, green: 60 });
      expect(r.replan?.gate.allowed).toBe(false);
    } finally {
      await rig.stop();
    }
  });

  it("the request is built from the plan: exactly its weights over the action list it was computed from", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.monitor.pollListener();
      const { plan } = await rig.engine.planPromote();
      const r = await rig.engine.executePlan(plan!, { by: "Ann", override: "drill" });
      expect(r.ok).toBe(true);
      expect(modifies(rig).map((e) => e.detail)).toEqual([{ weights: { blue: 90, green: 10 } }]);
      // Executing a plan twice never sends a second change.
      await expect(rig.engine.executePlan(plan!, { by: "Ann", override: "again" })).rejects.toThrow(
        /already at or past 10 %/,
      );
      expect(modifies(rig)).toHaveLength(1);
    } finally {
      await rig.stop();
    }
  });
});
