/**
 * `x` in the lead's cockpit takes back a promote waiting for a second person's approval: the wait
 * ends with nothing sent, the request is voided on record, and the key says so. With nothing
 * waiting, `x` does nothing but say why.
 */
import { describe, expect, it } from "vitest";
import { wireApprovalWait } from "../../source/commands/approval-gate.js";
import { ApprovalWait } from "../../source/engine/approval-wait.js";
import type { Plan } from "../../source/engine/traffic-types.js";
import { App } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/1/2";

async function waiting() {
  const rig = await model();
  const wait = new ApprovalWait({
    steps: [100],
    expireSeconds: 600,
    listenerArn: ARN,
    identity: {
      whoAmI: async () => ({ arn: "arn:aws:iam::123456789012:user/ann", account: "1", userId: "A" }),
    },
    recorder: rig.store,
    now: () => Date.now(),
    share: async () => {},
    subscribe: (fn) => rig.store.onChange(fn),
  });
  wireApprovalWait(rig.m, wait, "Ann");
  return { ...rig, wait };
}

const plan = {
  step: 100,
  from: { weights: { blue: 50, green: 50 }, raw: [] },
  to: { blue: 0, green: 100 },
} as unknown as Plan;

describe("x withdraws the promote waiting for its approval", () => {
  it("while it waits: the request is voided on record, the wait ends with nothing sent, the key says so", async () => {
    const { m, store, wait } = await waiting();
    const size = { columns: 200, rows: 50 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((x) => x.includes("Timeline"), "cockpit");
    const result = wait.approve(plan, { by: "Ann", cancelled: () => undefined });
    await r.waitFor(
      (x) => x.includes("WAITING for a second person's approval of promote to 100 %"),
      "waiting",
    );
    await r.press("x");
    expect(await result).toEqual({ ok: false, error: "withdrawn by Ann: nothing was sent" });
    await r.waitFor(
      (x) => /✓ approval request r-\w+ withdrawn: the promote sends nothing/.test(x),
      "the toast",
    );
    const last = store.events.at(-1)!;
    expect(last).toMatchObject({ type: "approval.voided", by: "Ann", data: { why: "withdrawn by Ann" } });
    expect(store.state.approvals?.[(last.data as { request: string }).request]?.voided).toBeTruthy();
    await r.waitFor((x) => !x.includes("WAITING for a second person"), "the header without the wait");
  });

  it("with nothing waiting: x records nothing and says why", async () => {
    const { m, store } = await waiting();
    const size = { columns: 200, rows: 50 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((x) => x.includes("Timeline"), "cockpit");
    const before = store.events.length;
    await r.press("x");
    await r.waitFor((x) => x.includes("no promote is waiting for an approval"), "the reason");
    expect(store.events.length).toBe(before);
  });
});
