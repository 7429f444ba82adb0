/**
 * The traffic actor's last fence check, right before the send, on the whole engine against the
 * sandbox: a rollback requested while a promote is bumping the cross-process fence token (after the
 * promote's first check, before its write) leaves nothing of the promote on AWS. AWS's state is read
 * from the sandbox's own world, never through golive's adapter.
 */
import { describe, expect, it } from "vitest";
import type { FencePort } from "../../source/domain/ports.js";
import { engineOnSandbox } from "../helpers/engine.js";
import { latch } from "../helpers/hold.js";
import { modifies, of, onAws } from "../helpers/traffic.js";

describe("the fence is checked again with nothing between the check and the send", () => {
  it("R while the promote's fence bump is on the disk: the promote sends nothing, the rollback finishes first, AWS stays 100/0", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.monitor.pollListener();
      const { plan } = await rig.engine.planPromote();
      // The real fence file, with the promote's bump held before it reaches the disk.
      const fence = rig.engine.d.fence as FencePort;
      const bump = fence.bump.bind(fence);
      const held = latch();
      fence.bump = async (kind, writer) => {
        if (kind === "promote") {
          held.reached();
          await held.released;
        }
        return bump(kind, writer);
      };
      const p = rig.engine.executePlan(plan!, { by: "Ann", override: "drill" });
      await held.reachedP;
      const epoch = rig.engine.controller.actor.rollbackEpoch;
      const rb = rig.engine.rollback({ by: "Bob", reason: "abort" });
      // The rollback is never blocked by a promote that is not on the wire: it ends first.
      const rr = await rb;
      expect(rig.engine.controller.actor.rollbackEpoch).toBe(epoch + 1);
      expect(rr).toMatchObject({ ok: true, weights: { blue: 100, green: 0 } });
      held.release();
      const pr = await p;
      expect(pr).toMatchObject({ ok: false, superseded: true });
      expect(modifies(rig).map((e) => e.detail)).toEqual([{ weights: { blue: 100, green: 0 } }]);
      expect(onAws(rig)).toEqual({ blue: 100, green: 0 });
      expect(of(rig, "traffic.shift.superseded")).toHaveLength(1);
      expect(of(rig, "traffic.shift.failed")).toHaveLength(0);
    } finally {
      await rig.stop();
    }
  });
});
