/**
 * `y` is judged on evidence read when it is pressed: a promote dialog left open past the listener
 * read's freshness re-reads AWS rather than refusing, and when that read fails nothing is sent.
 */
import { describe, expect, it } from "vitest";
import { engineOnSandbox, GO_ITEMS, minutes } from "../helpers/engine.js";
import { modifies, onAws } from "../helpers/traffic.js";

async function openDialog() {
  const rig = await engineOnSandbox();
  for (const item of GO_ITEMS) await rig.store.append("item.checked", { item }, "Ann");
  await rig.engine.refreshForGate();
  const p = await rig.engine.planPromote();
  expect(p.gate.reasons).toEqual([]);
  // The lead talks it over: two minutes pass with the dialog open and no poll running.
  minutes(rig.sb, 2);
  expect(rig.engine.gate().reasons.join("\n")).toMatch(/the listener read is stale/);
  return { rig, plan: p.plan! };
}

describe("the promote dialog's y", () => {
  it("re-reads the listener when its last read went stale in the dialog, and sends the plan", async () => {
    const { rig, plan } = await openDialog();
    try {
      const r = await rig.engine.executePlan(plan, { by: "Ann" });
      expect(r.ok, r.error).toBe(true);
      expect(onAws(rig)).toEqual({ blue: 90, green: 10 });
    } finally {
      await rig.stop();
    }
  });

  it("refuses and sends nothing when that read fails", async () => {
    const { rig, plan } = await openDialog();
    try {
      rig.sb.applyFault({ type: "api", operation: "DescribeListeners", kind: "access-denied", count: 50 });
      await expect(rig.engine.executePlan(plan, { by: "Ann" })).rejects.toThrow(
        /promotion to 10 % refused: .*the listener read is stale: last success 2m00s ago \(failing since/,
      );
      expect(modifies(rig)).toEqual([]);
      expect(onAws(rig)).toEqual({ blue: 100, green: 0 });
    } finally {
      await rig.stop();
    }
  });
});
