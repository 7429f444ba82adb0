/**
 * engine/engine.ts with every port in memory (test/helpers/engine-rig.ts): the plan and dwell it
 * acts on, the gate with the checks other parts add, fresh evidence read before a decision (and
 * only what has got old), the promote dialog's plan and the listener's own reasons against it, a
 * plan sent or refused (pending change, a step already reached, a gate that says no without an
 * override, a bastion that does not lead), the Go decision recorded, rollback's reason, inSync.
 */
import { describe, expect, it } from "vitest";
import { ExitCode, UserError } from "../../source/domain/errors.js";
import { engineRig, manualCheck } from "../helpers/engine-rig.js";
import { crashing, podView, rolloutView } from "../helpers/rollout-view.js";
import { awsError, listener, RUNBOOK } from "../helpers/traffic-core.js";

/** A wait that never ends fails in seconds, not at the suite's minute (mutation runs meet many). */
const FAIL_FAST_MS = 5000;
const MIN = 60_000;

/** Blue's baseline: traffic in the periods before now, clean. */
function baseline(r: ReturnType<typeof engineRig>) {
  const t = Math.floor(r.clock.t / MIN) * MIN;
  r.series.blue.push(...[5, 4, 3].map((n) => ({ t: t - n * MIN, requests: 1000, errors: 0, p95Ms: 40 })));
}
const polls = (r: ReturnType<typeof engineRig>) => ({
  listener: r.aws.readCount,
  metrics: r.asked.filter((a) => a[0] === "series").length,
  probes: r.asked.filter((a) => a[0] === "probe").length,
});

describe("what it acts on", { timeout: FAIL_FAST_MS }, () => {
  it("the plan's steps and the dwell at the step it stands at", async () => {
    const r = engineRig();
    expect([r.engine.steps, r.engine.dwellMinutes]).toEqual([[10, 100], 10]);
    expect(r.engine.inForce.plan.map((s) => [s.green, s.dwellMinutes])).toEqual([
      [10, 10],
      [100, 10],
    ]);
    expect(r.engine.rollout).toBeUndefined();
  });

  it("the gate: what the monitor observed, the runbook's checks and those another part adds, until removed", async () => {
    const r = engineRig();
    baseline(r);
    await r.engine.refreshForGate();
    expect(r.engine.gate()).toMatchObject({
      allowed: true,
      reasons: [],
      isGoDecision: true,
      action: "promote",
    });
    const off = r.engine.addGateChecks("manual", () => [manualCheck(r.clock.t, "DBA sign-off")]);
    expect(r.engine.gate().reasons).toEqual(["manual check: DBA sign-off (not yet)"]);
    expect(r.engine.gate("scale-blue").action).toBe("scale-blue");
    off();
    expect(r.engine.gate().reasons).toEqual([]);
  });
});

describe("refreshForGate", { timeout: FAIL_FAST_MS }, () => {
  it("reads the listener always, metrics and probes only past half their max age; onlyIfOld the listener too", async () => {
    const r = engineRig();
    await r.engine.refreshForGate();
    expect(polls(r)).toEqual({ listener: 1, metrics: 1, probes: 2 });
    await r.engine.refreshForGate({ onlyIfOld: true });
    expect(polls(r)).toEqual({ listener: 1, metrics: 1, probes: 2 });
    await r.engine.refreshForGate();
    expect(polls(r)).toEqual({ listener: 2, metrics: 1, probes: 2 });
    const l = r.engine.monitor.limits;
    expect(l).toEqual({ listenerMaxAgeMs: 30_000, healthMaxAgeMs: 30_000, metricsMaxAgeMs: 5 * MIN });
    // Exactly half: still fresh enough; a millisecond more: read again.
    r.clock.t += 15_000;
    await r.engine.refreshForGate({ onlyIfOld: true });
    expect(polls(r)).toEqual({ listener: 2, metrics: 1, probes: 2 });
    r.clock.t += 1;
    await r.engine.refreshForGate({ onlyIfOld: true });
    expect(polls(r)).toEqual({ listener: 3, metrics: 1, probes: 4 });
    r.clock.t += 150_000 - 15_001;
    await r.engine.refreshForGate({ onlyIfOld: true });
    expect(polls(r).metrics).toBe(1);
    r.clock.t += 1;
    await r.engine.refreshForGate({ onlyIfOld: true });
    expect(polls(r).metrics).toBe(2);
  });

  it("probes only when a health URL is configured; the oldest probe decides", async () => {
    const none = engineRig({ config: { health: { timeoutMs: 700 } } });
    await none.engine.refreshForGate();
    expect(polls(none)).toEqual({ listener: 1, metrics: 1, probes: 0 });
    const one = engineRig({ config: { health: { green: "http://green/health", timeoutMs: 700 } } });
    await one.engine.refreshForGate();
    await one.engine.refreshForGate();
    expect(polls(one)).toEqual({ listener: 2, metrics: 1, probes: 1 });
    const r = engineRig();
    await r.engine.refreshForGate();
    r.clock.t += 10_000;
    r.engine.monitor.snapshot.probes.green!.at = r.clock.t;
    r.clock.t += 5_001;
    await r.engine.refreshForGate();
    expect(polls(r).probes).toBe(4);
  });
});

describe("alerts and the Go criteria", { timeout: FAIL_FAST_MS }, () => {
  it("acknowledges the newest alert, or all of them, through the session's alert book", async () => {
    const r = engineRig();
    await r.engine.controller.alerts.breached("a", "critical", "first");
    await r.engine.controller.alerts.breached("b", "critical", "second");
    const ids = r.box.state.alerts.map((a) => a.id);
    expect(await r.engine.acknowledge("ann")).toBe(ids[1]);
    expect(await r.engine.acknowledgeAll("ann")).toEqual([ids[0]]);
    expect(await r.engine.acknowledge("ann")).toBeUndefined();
  });

  it("the Go dialog's criteria: a Go criterion by its label, a No-Go one prefixed", () => {
    const md = `${RUNBOOK}\n## Quick Reference\n\n**Go Criteria:**\n- Team on standby\n\n**No-Go Criteria:**\n- Missing on-call coverage\n`;
    const r = engineRig({ runbook: md });
    expect(r.engine.goCriteria().map((c) => [c.text, c.ok])).toEqual([
      ["Team on standby", null],
      ["No-Go: Missing on-call coverage", null],
    ]);
  });
});

describe("planPromote and the listener's own reasons", { timeout: FAIL_FAST_MS }, () => {
  it("the next step from what AWS shows now; a listener other than the confirmed weights and a rule above the default hold it", async () => {
    const r = engineRig();
    baseline(r);
    await r.engine.refreshForGate();
    const p = await r.engine.planPromote();
    expect(p.plan).toMatchObject({
      kind: "promote",
      step: 10,
      to: { blue: 90, green: 10 },
      confirmed: { blue: 100, green: 0 },
    });
    expect([p.listener, p.gate.allowed, p.gate.reasons]).toEqual([[], true, []]);
    r.aws.now = {
      ...listener(80, 20),
      rules: [{ priority: 5, conditions: "path /api/*", action: "green" }],
    } as never;
    const q = await r.engine.planPromote();
    const why = [
      "AWS shows blue 80 / green 20, not the confirmed blue 100 / green 0: wait for two fresh reads",
      "listener rule 5 (path /api/*) sends matching requests to green, not through this shift",
    ];
    expect([q.listener, q.gate.allowed, q.gate.reasons]).toEqual([why, false, why]);
    const fresh = engineRig();
    fresh.aws.now = listener(90, 10);
    expect((await fresh.engine.planPromote()).listener).toEqual([
      "AWS shows blue 90 / green 10, not the confirmed weights (none yet): wait for two fresh reads",
    ]);
  });

  it("at 100 % green: no plan, nothing read", async () => {
    const r = engineRig();
    r.aws.now = listener(0, 100);
    await r.engine.refreshForGate();
    await r.engine.refreshForGate();
    const before = r.aws.readCount;
    const p = await r.engine.planPromote();
    expect([p.plan, p.listener, r.aws.readCount]).toEqual([undefined, [], before]);
    await expect(r.engine.promote({ by: "ann" })).rejects.toThrow(
      "nothing to promote: green already takes 100 %",
    );
  });
});

describe("executePlan and promote", { timeout: FAIL_FAST_MS }, () => {
  it("a Go decision sent: recorded with its criteria, then the shift; the next plan returned", async () => {
    const r = engineRig();
    baseline(r);
    await r.engine.refreshForGate();
    const { plan } = await r.engine.planPromote();
    const res = await r.engine.executePlan(plan!, { by: "ann" });
    expect(res).toMatchObject({ ok: true, kind: "promote", to: { blue: 90, green: 10 } });
    expect(res.replan).toBeUndefined();
    expect(r.types().filter((t) => t !== "metrics.period")).toEqual([
      "drift.detected",
      "decision.go",
      "traffic.shift.requested",
      "traffic.shift.confirmed",
      "item.checked",
    ]);
    expect(r.events.find((e) => e.type === "decision.go")).toEqual({
      type: "decision.go",
      data: { criteria: [], noGo: [], override: undefined, open: undefined },
      by: "ann",
    });
    // Sent once: the same plan again is at the step already.
    await expect(r.engine.executePlan(plan!, { by: "ann" })).rejects.toThrow(
      "promotion to 10 % refused: the session is already at or past 10 %",
    );
  });

  it("the listener changed since the plan was shown: nothing sent, the new situation returned", async () => {
    const r = engineRig();
    baseline(r);
    await r.engine.refreshForGate();
    const { plan } = await r.engine.planPromote();
    r.aws.now = listener(95, 5);
    const res = await r.engine.executePlan(plan!, { by: "ann" });
    expect(res).toMatchObject({ ok: false, changed: { weights: { blue: 95, green: 5 } } });
    expect(res.replan?.listener).toEqual([
      "AWS shows blue 95 / green 5, not the confirmed blue 100 / green 0: wait for two fresh reads",
    ]);
    expect(r.aws.writes).toEqual([]);
  });

  it("refused without an override while the gate says no; with one, sent with what it pressed through", async () => {
    const r = engineRig();
    await r.engine.refreshForGate();
    const { plan, gate } = await r.engine.planPromote();
    expect(gate.reasons).toHaveLength(1);
    await expect(r.engine.executePlan(plan!, { by: "ann", override: "  " })).rejects.toThrow(
      `promotion to 10 % refused: ${gate.reasons[0]}`,
    );
    await expect(r.engine.promote({ by: "ann" })).rejects.toThrow(
      `promotion to 10 % refused: ${gate.reasons[0]}`,
    );
    expect(r.types()).toEqual(["drift.detected"]);
    const res = await r.engine.promote({ by: "ann", override: "baseline known empty" });
    expect(res.ok).toBe(true);
    expect(r.events.find((e) => e.type === "decision.go")?.data).toEqual({
      criteria: [],
      noGo: [],
      override: "baseline known empty",
      open: gate.reasons,
    });
    expect(r.events.find((e) => e.type === "traffic.shift.requested")?.data).toMatchObject({
      override: "baseline known empty",
      overridden: gate.reasons,
    });
  });

  it("refused while a change is pending, or when this bastion does not lead (nothing sent)", async () => {
    const r = engineRig();
    baseline(r);
    await r.engine.refreshForGate();
    const { plan } = await r.engine.planPromote();
    await r.recorder.append(
      "traffic.shift.requested",
      { kind: "promote", to: { blue: 90, green: 10 } },
      "bob",
    );
    await expect(r.engine.executePlan(plan!, { by: "ann" })).rejects.toThrow(
      "a traffic change is already pending; wait for it to be reconciled with AWS",
    );
    const led = engineRig({
      deps: {
        mayLead: async () => {
          throw new Error("not the lead");
        },
      },
    });
    await expect(led.engine.executePlan(plan!, { by: "ann" })).rejects.toThrow("not the lead");
    expect(led.aws.writes).toEqual([]);
  });

  it("rollback needs a reason; inSync compares what AWS shows with the confirmed weights", async () => {
    const r = engineRig();
    await expect(r.engine.rollback({ by: "ann", reason: " " })).rejects.toThrow(
      "a rollback needs a reason (it goes in the record)",
    );
    expect(await r.engine.inSync()).toBe(false);
    await r.engine.refreshForGate();
    await r.engine.refreshForGate();
    expect(await r.engine.inSync()).toBe(true);
    expect(await r.engine.reconcileOnOpen()).toEqual({ rollbackPending: false });
    const fresh = engineRig();
    await fresh.engine.reconcileOnOpen();
    expect(fresh.events.map((e) => [e.type, e.by])).toEqual([["drift.detected", "golive"]]);
    const res = await r.engine.rollback({ by: "bob", reason: "errors" });
    expect(res).toMatchObject({ ok: true, kind: "rollback", to: { blue: 100, green: 0 } });
    // Green already at 0: nothing to move, said with the reason and by whom.
    expect(r.events.at(-1)).toMatchObject({
      type: "traffic.observed",
      by: "bob",
      data: { observation: "nothing-to-move", detail: expect.stringContaining("rollback asked (errors)") },
    });
  });
});

describe("the edges", { timeout: FAIL_FAST_MS }, () => {
  it("AWS does not answer the plan's read: a clear refusal, nothing sent, the failure recorded", async () => {
    const r = engineRig();
    r.aws.reads.push(awsError("ExpiredToken", "expired"), awsError("ExpiredToken", "expired"));
    const res = await r.engine.promote({ by: "ann" });
    expect(res).toMatchObject({
      ok: false,
      kind: "promote",
      to: { blue: 90, green: 10 },
      error: "could not read the listener from AWS, so nothing was sent: ExpiredToken: expired (HTTP 500)",
    });
    // The listener poll before it failed too: its warning, then the refusal.
    expect(r.types()).toEqual(["alert.raised", "traffic.shift.failed"]);
    expect(r.aws.writes).toEqual([]);
  });

  it("a refusal in the user's words from the plan's read is passed on as is, not taken for AWS not answering", async () => {
    const r = engineRig();
    r.aws.reads.push(
      listener(100, 0),
      new UserError("the listener forwards to a third target group", ExitCode.input),
    );
    await expect(r.engine.promote({ by: "ann" })).rejects.toThrow(
      "the listener forwards to a third target group",
    );
    expect(r.types()).not.toContain("traffic.shift.failed");
  });

  it("an EKS session's Deployment is watched, stale after three polls (at the rehearsal's speed) and 5 s", () => {
    const kube = { rollouts: { read: async () => ({}) }, namespace: "shop", deployment: "web" } as never;
    const r = engineRig({ deps: { kube } });
    expect(r.engine.rollout?.snapshot).toEqual({
      namespace: "shop",
      deployment: "web",
      at: null,
      failures: 0,
      maxAgeMs: 185_000,
    });
    const fast = engineRig({ deps: { kube, clockRate: 60 } });
    expect(fast.engine.rollout?.snapshot.maxAgeMs).toBe(3 * 60_000 * 60 + 5000);
  });

  it("a crashing pod is an alert at the k8s-crash trigger's trust level (the controller fires it)", async () => {
    const v = rolloutView({
      readAt: 1_700_000_000_000,
      generation: 2,
      observedGeneration: 2,
      available: 1,
      pods: [podView("web-a"), crashing("web-b", 1, "CrashLoopBackOff")],
    });
    const kube = { rollouts: { read: async () => v }, namespace: "shop", deployment: "web" } as never;
    const r = engineRig({ deps: { kube } });
    await r.engine.rollout!.poll();
    expect(r.events.map((e) => [e.type, e.data.message, e.data.trust])).toEqual([
      ["alert.raised", "PAUSE TRIGGER: web rev 3: 1 pod CrashLoopBackOff (1 restart)", "pause"],
    ]);
  });
});
