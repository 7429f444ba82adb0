/**
 * engine/engine.ts's decisions a deployment lead relies on, in memory (test/helpers/engine-rig.ts):
 * the dwell of the step it stands at, a controller busy with another change, the refusal's words,
 * a check whose label mentions "the canary is complete" still holding, the Go decision's record,
 * team mode's approval wait, and promote's rollback epoch and fence.
 */
import { describe, expect, it } from "vitest";
import type { FenceToken } from "../../source/domain/ports.js";
import type { ApprovalWait } from "../../source/engine/approval-wait.js";
import type { Plan } from "../../source/engine/controller.js";
import { engineRig, manualCheck } from "../helpers/engine-rig.js";
import { awsError, listener, RUNBOOK } from "../helpers/traffic-core.js";

const FAIL_FAST_MS = 5000;
const MIN = 60_000;
type Rig = ReturnType<typeof engineRig>;
const HINT = "wait, or promote with an override reason (--override REASON), which is recorded";

/** Blue's baseline: traffic in the periods before now, clean (the gate's evidence). */
async function ready(r: Rig) {
  const t = Math.floor(r.clock.t / MIN) * MIN;
  r.series.blue.push(...[5, 4, 3].map((n) => ({ t: t - n * MIN, requests: 1000, errors: 0, p95Ms: 40 })));
  await r.engine.refreshForGate();
}

/** A check another part adds (a manual check), open. */
const openCheck = (r: Rig, label: string) =>
  r.engine.addGateChecks("manual", () => [manualCheck(r.clock.t, label)]);

async function refusal(p: Promise<unknown>) {
  const e = (await p.then(
    () => undefined,
    (x: unknown) => x,
  )) as { name: string; message: string; hint?: string } | undefined;
  return e && [e.name, e.message, e.hint];
}

describe("the dwell and a change in flight", { timeout: FAIL_FAST_MS }, () => {
  it("the dwell is the one stated for the step the canary stands at", () => {
    const md = RUNBOOK.replace(
      "- [ ] Route 100% traffic to green",
      "- [ ] Monitor for 5 minutes\n- [ ] Route 50% traffic to green\n- [ ] Monitor for 15 minutes\n- [ ] Route 100% traffic to green",
    );
    const r = engineRig({ runbook: md });
    expect([r.engine.steps, r.engine.dwellMinutes]).toEqual([[10, 50, 100], 5]);
    r.box.state = { ...r.box.state, weights: { blue: 50, green: 50 } };
    expect(r.engine.dwellMinutes).toBe(15);
  });

  it("while another change is in flight the gate says so (not inside that change) and promote refuses", async () => {
    const r = engineRig();
    await ready(r);
    let release = () => {};
    const held = r.engine.controller.actor.enqueue(
      "promote",
      () => new Promise<void>((ok) => (release = ok)),
    );
    expect(r.engine.gate().reasons).toEqual(["a traffic change is in flight"]);
    expect(r.engine.gate("promote", { withinIntent: true }).reasons).toEqual([]);
    expect(await refusal(r.engine.promote({ by: "ann" }))).toEqual([
      "UserError",
      "a traffic change is already in flight; wait for it",
      undefined,
    ]);
    release();
    await held;
    expect(r.engine.gate().reasons).toEqual([]);
    expect(r.aws.writes).toEqual([]);
  });
});

describe("at the first step", { timeout: FAIL_FAST_MS }, () => {
  it("the step's live verdict, and the runbook's go bounds judged on the percentiles read", async () => {
    const r = engineRig();
    await ready(r);
    expect(r.engine.verdict()).toBeNull();
    await r.engine.promote({ by: "ann" });
    expect(r.engine.verdict()).toMatchObject({
      step: 10,
      verdict: { result: "NOT ENOUGH EVIDENCE", reason: "green has had no traffic at this step yet" },
    });
    const p90 = { blue: 1, green: 250, periodStart: 0, at: r.clock.t, periodMs: MIN };
    r.engine.monitor.snapshot = { ...r.engine.monitor.snapshot, percentiles: { p90 } };
    const bound = { kind: "go", op: "<", value: 200, unit: "ms", text: "", line: 9, metric: "latencyP90" };
    const stated = [{ ...bound, label: "p90 latency", measure: { by: "cloudwatch", stat: "p90" } }] as never;
    r.engine.d.runbook = { ...r.engine.d.runbook, stated };
    expect(r.engine.gate().reasons).toContain(
      "runbook threshold: green p90 latency < 200 ms (line 9) (green p90 latency 250 ms)",
    );
  });
});

describe("refusals", { timeout: FAIL_FAST_MS }, () => {
  it("every reason, joined, and the way on: from the dialog's plan and from promote", async () => {
    const r = engineRig();
    await ready(r);
    r.aws.now = {
      ...listener(80, 20),
      rules: [{ priority: 5, conditions: "path /api/*", action: "green" }],
    } as never;
    const { plan } = await r.engine.planPromote();
    const listenerSays =
      "AWS shows blue 80 / green 20, not the confirmed blue 100 / green 0: wait for two fresh reads; listener rule 5 (path /api/*) sends matching requests to green, not through this shift";
    expect(await refusal(r.engine.executePlan(plan!, { by: "ann" }))).toEqual([
      "UserError",
      `promotion to 10 % refused: ${listenerSays}`,
      HINT,
    ]);
    // promote reads the listener first: the monitor's observation is one more reason.
    expect(await refusal(r.engine.promote({ by: "ann" }))).toEqual([
      "UserError",
      `promotion to 10 % refused: the listener shows blue 80 / green 20, not the confirmed blue 100 / green 0; ${listenerSays}`,
      HINT,
    ]);
    expect(r.aws.writes).toEqual([]);
  });

  it("promote refuses what the gate holds (a blank override is none) before it asks S3 for the team lease", async () => {
    let asked = 0;
    const r = engineRig({ deps: { mayLead: async () => void asked++ } });
    await ready(r);
    openCheck(r, "DBA sign-off");
    const why = "promotion to 10 % refused: manual check: DBA sign-off (not yet)";
    for (const override of [undefined, "  "])
      expect(await refusal(r.engine.promote({ by: "ann", override }))).toEqual(["UserError", why, HINT]);
    expect(asked).toBe(0);
  });

  it("a check that mentions 'the canary is complete' still holds the promote; a plain open promote goes", async () => {
    const r = engineRig();
    await ready(r);
    const off = openCheck(r, "the canary is complete on staging");
    const { plan } = await r.engine.planPromote();
    expect(await refusal(r.engine.executePlan(plan!, { by: "ann" }))).toEqual([
      "UserError",
      "promotion to 10 % refused: manual check: the canary is complete on staging (not yet)",
      HINT,
    ]);
    off();
    expect(await r.engine.promote({ by: "ann" })).toMatchObject({ ok: true, to: { blue: 90, green: 10 } });
  });

  it("no listener read and no override: refused as the gate says (no confirmed weights yet)", async () => {
    const r = engineRig();
    const { plan } = await r.engine.planPromote();
    r.aws.reads.push(awsError("ExpiredToken", "expired"));
    const e = await refusal(r.engine.executePlan(plan!, { by: "ann" }));
    expect([e?.[0], e?.[1]?.startsWith("promotion to 10 % refused: "), r.box.state.weights]).toEqual([
      "UserError",
      true,
      null,
    ]);
    expect(r.aws.writes).toEqual([]);
  });

  it("the session took other weights since the dialog: nothing sent, recorded, the new plan returned", async () => {
    const r = engineRig();
    await ready(r);
    const { plan } = await r.engine.planPromote();
    r.box.state = { ...r.box.state, weights: { blue: 95, green: 5 } };
    r.aws.now = listener(95, 5);
    const res = await r.engine.executePlan(plan!, { by: "ann" });
    expect([res.ok, res.error, res.replan?.plan?.from.weights]).toEqual([
      false,
      "the listener changed since the dialog: nothing was sent",
      { blue: 95, green: 5 },
    ]);
    expect(r.aws.writes).toEqual([]);
  });
});

describe("the Go decision's record", { timeout: FAIL_FAST_MS }, () => {
  it("keeps the Go criteria and the No-Go ones apart, and is made at the first step only", async () => {
    const md = `${RUNBOOK}\n## Quick Reference\n\n**Go Criteria:**\n- Team on standby\n\n**No-Go Criteria:**\n- Missing on-call coverage\n`;
    const r = engineRig({ runbook: md });
    await ready(r);
    expect((await r.engine.promote({ by: "ann", override: "standby by phone" })).ok).toBe(true);
    const go = r.events.filter((e) => e.type === "decision.go").map((e) => e.data);
    expect(go).toEqual([
      {
        criteria: [{ text: "Team on standby", ok: null }],
        noGo: [{ text: "Missing on-call coverage", ok: null }],
        override: "standby by phone",
        open: expect.any(Array),
      },
    ]);
    expect((await r.engine.promote({ by: "ann", override: "short dwell" })).ok).toBe(true);
    expect(r.types().filter((t) => t === "decision.go")).toHaveLength(1);
    expect(r.aws.now.weights).toEqual({ blue: 0, green: 100 });
  });
});

/**
 * Team mode's approval wait, answered by `answer` (which may change the world meanwhile): a promote
 * to 10 % planned and confirmed; what the wait was asked (and `cancelled` when asked), the result.
 */
async function team(answer: (r: Rig, cancelled: () => string | undefined) => Promise<unknown>) {
  const asked: unknown[] = [];
  const box: { r?: Rig } = {};
  const approval = {
    needed: (step: number) => step === 10,
    approve: async (plan: Plan, o: { by: string; cancelled: () => string | undefined }) => {
      asked.push([plan.step, o.by, o.cancelled()]);
      return answer(box.r!, o.cancelled);
    },
  } as unknown as ApprovalWait;
  const r = engineRig({ deps: { approval } });
  box.r = r;
  await ready(r);
  const { plan } = await r.engine.planPromote();
  return { r, asked, res: await r.engine.executePlan(plan!, { by: "ann" }) };
}

describe("team mode: a step that waits for a second person's approval", { timeout: FAIL_FAST_MS }, () => {
  it("approved: sent with the request on record, the request not voided", async () => {
    const { r, asked, res } = await team(async () => ({ ok: true, request: "r-1", approver: "bob" }));
    expect([res.ok, asked]).toEqual([true, [[10, "ann", undefined]]]);
    expect(r.events.find((e) => e.type === "traffic.shift.requested")?.data).toMatchObject({
      approval: "r-1",
    });
    expect(r.types()).not.toContain("approval.voided");
  });

  it("a rollback requested while waiting ends it: nothing sent, refused with the reason", async () => {
    let cancelledThen: string | undefined;
    const { r, asked, res } = await team(async (r, cancelled) => {
      await r.engine.rollback({ by: "bob", reason: "errors" });
      cancelledThen = cancelled();
      return { ok: false, error: `${cancelledThen}: nothing was sent` };
    });
    expect(res).toEqual({
      ok: false,
      refused: true,
      kind: "promote",
      to: { blue: 90, green: 10 },
      tookMs: 0,
      attempts: 0,
      error: "a rollback was requested meanwhile: nothing was sent",
    });
    // The rollback's own write (blue 100 / green 0), none of the promote's.
    expect([asked, cancelledThen, r.aws.writes.map((w) => w.to)]).toEqual([
      [[10, "ann", undefined]],
      "a rollback was requested meanwhile",
      [{ blue: 100, green: 0 }],
    ]);
  });

  it("the gate closed while waiting: refused, even by a check that mentions 'the canary is complete'", async () => {
    for (const label of ["DBA sign-off", "the canary is complete on staging"]) {
      const { r, res } = await team(async (r) => {
        openCheck(r, label);
        return { ok: true, request: "r-2", approver: "bob" };
      });
      expect([res.refused, res.error, r.aws.writes]).toEqual([
        true,
        `the gate closed while waiting for the approval (manual check: ${label} (not yet)): nothing was sent`,
        [],
      ]);
    }
  });

  it("the listener changed between the approval and the send: nothing sent, the approval voided", async () => {
    const { r, res } = await team(async (r) => {
      r.aws.now = listener(95, 5);
      return { ok: true, request: "r-3", approver: "bob" };
    });
    expect([res.ok, res.changed?.weights, r.aws.writes]).toEqual([false, { blue: 95, green: 5 }, []]);
    expect(r.events.find((e) => e.type === "approval.voided")).toEqual({
      type: "approval.voided",
      data: { request: "r-3", why: "the listener changed between the request and the send" },
      by: "ann",
    });
  });
});

describe("promote: a rollback asked for while it reads", { timeout: FAIL_FAST_MS }, () => {
  it("in this golive (its epoch): the promote is superseded, nothing of it sent", async () => {
    const r = engineRig();
    await ready(r);
    const read = r.engine.d.traffic.read;
    let rolled: Promise<unknown> | undefined;
    r.engine.d.traffic.read = async () => {
      if (!rolled) {
        rolled = r.engine.rollback({ by: "bob", reason: "errors" });
        await rolled;
      }
      return read();
    };
    const res = await r.engine.promote({ by: "ann", override: "after the rollback" });
    expect([res.ok, res.error]).toEqual([
      false,
      "a rollback was requested after this promote was planned: nothing sent",
    ]);
    expect(r.aws.writes.map((w) => w.to)).toEqual([{ blue: 100, green: 0 }]);
  });

  it("in another golive (the fence read when it was asked): nothing sent", async () => {
    const token = (rollbacks: number): FenceToken =>
      ({ rollbacks, token: rollbacks, writer: "other" }) as never;
    const reads = [token(0), token(1)];
    const fence = {
      read: async () => reads.shift() ?? token(1),
      bump: async () => token(1),
    };
    const r = engineRig({ fence });
    await ready(r);
    const res = await r.engine.promote({ by: "ann" });
    expect([res.ok, res.error]).toEqual([
      false,
      "superseded: superseded by a rollback in another process before anything was sent",
    ]);
    expect(r.aws.writes).toEqual([]);
  });
});
