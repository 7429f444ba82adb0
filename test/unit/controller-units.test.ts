/**
 * engine/controller.ts over TrafficCore's ports in memory (test/helpers/traffic-core.ts): what a poll
 * records of the listener (first sight, drift read twice after the settle window, one episode that
 * ends when the listener is put back), a pending change reconciled on reopen against two agreeing
 * reads, alert triggers at their trust level (and the auto-rollback at level rollback), and a
 * promote whose plan could not read the listener.
 */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import type { RevisionView } from "../../source/domain/rollout-views.js";
import { CanaryController, type ControllerDeps } from "../../source/engine/controller.js";
import type { KubeRelease } from "../../source/engine/k8s-rollback.js";
import { rev } from "../helpers/kube-actions-rig.js";
import { rolloutView } from "../helpers/rollout-view.js";
import { awsError, core, listener } from "../helpers/traffic-core.js";

/** A wait that never ends fails in seconds, not at the suite's minute (mutation runs meet many). */
const FAIL_FAST_MS = 5000;

const at = (t: number) => new Date(t).toISOString();
function rig(o: Parameters<typeof core>[0] & { config?: Record<string, unknown>; kube?: KubeRelease } = {}) {
  const k = core({ ...o, state: { alerts: [], ...o.state } as Partial<SessionState> });
  const d = k.c.d as unknown as ControllerDeps & { config: Record<string, unknown> };
  d.config = { ...d.config, autoRollback: { enabled: true }, ...o.config } as never;
  if (o.kube) d.kube = o.kube;
  const controller = new CanaryController(d);
  const alerts = () =>
    k.events
      .filter((e) => e.type === "alert.raised")
      .map((e) => [e.data.key, e.data.severity, e.data.message]);
  return { ...k, controller, alerts };
}
/** At 100/0 since long before the test's clock. */
const SETTLED = { weights: { blue: 100, green: 0 }, weightsSince: at(0) } as Partial<SessionState>;

describe("observe", { timeout: FAIL_FAST_MS }, () => {
  it("first sight of the listener is recorded as it is; a viewer records nothing", async () => {
    const r = rig();
    r.aws.now = listener(90, 10);
    expect(await r.controller.observe("ann", false)).toEqual(listener(90, 10));
    expect(r.events).toEqual([]);
    await r.controller.observe("ann");
    expect(r.events).toEqual([
      { type: "drift.detected", data: { expected: null, actual: { blue: 90, green: 10 } }, by: "ann" },
    ]);
  });

  it("drift: on the second agreeing read, one critical episode; further changes sightings; over when put back", async () => {
    const r = rig({ state: SETTLED });
    r.aws.now = listener(80, 20);
    await r.controller.observe();
    expect(r.events).toEqual([]);
    await r.controller.observe();
    expect(r.of("drift.detected")).toEqual([
      { expected: { blue: 100, green: 0 }, actual: { blue: 80, green: 20 } },
    ]);
    expect(r.alerts()).toEqual([
      [
        "listener:outside",
        "critical",
        "PAUSE TRIGGER: listener changed outside golive: blue 100 / green 0 → blue 80 / green 20 (read twice after the settle window)",
      ],
    ]);
    expect(r.controller.alerts.isOpen("listener:outside")).toBe(true);
    expect(r.events.map((e) => e.by)).toEqual(["golive", "golive"]);
    // The session now holds 80/20 (the drift recorded); someone moves it on, then back to 100/0.
    r.state.weights = { blue: 80, green: 20 };
    r.aws.now = listener(70, 30);
    await r.controller.observe();
    await r.controller.observe();
    expect(r.events.at(-1)?.type).toBe("alert.repeated");
    expect(r.controller.alerts.isOpen("listener:outside")).toBe(true);
    r.state.weights = { blue: 70, green: 30 };
    r.aws.now = listener(100, 0);
    await r.controller.observe();
    await r.controller.observe();
    expect(r.controller.alerts.isOpen("listener:outside")).toBe(false);
  });
});

describe("reconcileOnOpen", { timeout: FAIL_FAST_MS }, () => {
  const shift = (to: { blue: number; green: number }) =>
    ({
      ...SETTLED,
      shift: { kind: "promote", to, since: at(0), seq: 3 },
    }) as unknown as Partial<SessionState>;

  it("nothing pending: an ordinary poll, a failed read ignored", async () => {
    const r = rig();
    expect(await r.controller.reconcileOnOpen()).toEqual({ rollbackPending: false });
    expect(r.events).toEqual([
      { type: "drift.detected", data: { expected: null, actual: { blue: 100, green: 0 } }, by: "golive" },
    ]);
    const down = rig();
    down.aws.reads.push(awsError("ExpiredToken", "expired"));
    expect(await down.controller.reconcileOnOpen()).toEqual({ rollbackPending: false });
  });

  it("a promote pending: completed, not applied, or something else (an outside change), on two agreeing reads", async () => {
    const cases = [
      [
        listener(90, 10),
        "reconciled-completed",
        "a promote to blue 90 / green 10 was pending and AWS shows it done: blue 90 / green 10",
      ],
      [
        listener(100, 0),
        "reconciled-not-applied",
        "a promote to blue 90 / green 10 was pending and AWS shows it was not applied: blue 100 / green 0",
      ],
      [
        listener(50, 50),
        "reconciled-other",
        "a promote to blue 90 / green 10 was pending and AWS shows something else: blue 50 / green 50",
      ],
    ] as const;
    for (const [now, observation, detail] of cases) {
      const r = rig({ state: shift({ blue: 90, green: 10 }) });
      r.aws.now = now;
      expect(await r.controller.reconcileOnOpen("ann")).toEqual({ rollbackPending: false });
      expect(r.of("traffic.observed")).toEqual([
        { observation, weights: now.weights, expected: { blue: 90, green: 10 }, detail },
      ]);
      expect(r.alerts()).toEqual(
        observation === "reconciled-other"
          ? [["listener:outside", "critical", `PAUSE TRIGGER: ${detail}`]]
          : [],
      );
    }
  });

  it("reads that fail or disagree decide nothing", async () => {
    const failed = rig({ state: shift({ blue: 90, green: 10 }) });
    failed.aws.reads.push(listener(90, 10), awsError("Throttling", "slow down"));
    expect(await failed.controller.reconcileOnOpen()).toEqual({ rollbackPending: false });
    const split = rig({ state: shift({ blue: 90, green: 10 }) });
    split.aws.reads.push(listener(90, 10), listener(100, 0));
    expect(await split.controller.reconcileOnOpen()).toEqual({ rollbackPending: false });
    expect([failed.events, split.events]).toEqual([[], []]);
  });

  it("a rollback never confirmed: observed on reopen when AWS shows 100/0, else still pending", async () => {
    const pending = {
      ...SETTLED,
      weights: { blue: 50, green: 50 },
      rollback: { startedAt: at(0) },
    } as Partial<SessionState>;
    const r = rig({ state: pending });
    expect(await r.controller.reconcileOnOpen("ann")).toEqual({ rollbackPending: false });
    expect(r.of("traffic.observed")).toEqual([
      {
        observation: "rollback-observed-on-reopen",
        weights: { blue: 100, green: 0 },
        expected: { blue: 100, green: 0 },
        detail:
          "the rollback was never confirmed; on reopen AWS shows blue 100 / green 0 (observed, not golive's read-back)",
      },
    ]);
    for (const reads of [
      [listener(50, 50)],
      [awsError("Throttling", "x")],
      [listener(50, 50), listener(0, 100)],
      [listener(0, 0), listener(0, 0)],
    ]) {
      const s = rig({ state: pending });
      s.aws.now = listener(50, 50);
      s.aws.reads.push(...reads);
      expect(await s.controller.reconcileOnOpen()).toEqual({ rollbackPending: true });
      expect(s.events).toEqual([]);
    }
    const both = rig({
      state: { ...pending, shift: { kind: "promote", to: { blue: 0, green: 100 }, since: at(0) } } as never,
    });
    both.aws.now = listener(0, 100);
    expect(await both.controller.reconcileOnOpen()).toEqual({ rollbackPending: true });
    expect(both.of("traffic.observed").map((x) => x.observation)).toEqual(["reconciled-completed"]);
  });
});

describe("a failed rollback that AWS shows done", { timeout: FAIL_FAST_MS }, () => {
  it("reconciled on the second agreeing read, in a rollback's words", async () => {
    const failed = {
      ...SETTLED,
      weights: { blue: 90, green: 10 },
      rollback: { startedAt: at(0), failed: "x" },
    };
    const r = rig({ state: failed as Partial<SessionState> });
    await r.controller.observe();
    await r.controller.observe();
    expect(r.of("traffic.observed")).toEqual([
      {
        observation: "reconciled-completed",
        weights: { blue: 100, green: 0 },
        expected: { blue: 100, green: 0 },
        detail: "a rollback was pending and AWS shows it done: blue 100 / green 0",
      },
    ]);
  });
});

describe("fireTrigger", { timeout: FAIL_FAST_MS }, () => {
  it("an alert at the trigger's trust level; the level's source named when not golive's default", async () => {
    const r = rig({ state: SETTLED, config: { triggers: { "health-probe": "advisory" } } });
    await r.controller.fireTrigger("health-probe", "probe:blue", "blue down");
    await r.controller.fireTrigger("listener-drift", "x", "moved");
    expect(r.alerts()).toEqual([
      ["probe:blue", "warning", "ADVISORY (trust advisory (config)): blue down"],
      ["x", "critical", "PAUSE TRIGGER: moved"],
    ]);
  });

  it("at level rollback, green serving and auto-rollback on: a rollback once, not for a repeat", async () => {
    const serving = { ...SETTLED, weights: { blue: 90, green: 10 } } as Partial<SessionState>;
    const r = rig({ state: serving, config: { triggers: { "health-probe": "rollback" } } });
    r.aws.now = listener(90, 10);
    await r.controller.fireTrigger("health-probe", "probe:green", "green down");
    expect(r.alerts()).toEqual([
      ["probe:green", "critical", "ROLLBACK TRIGGER (trust rollback (config)): green down"],
    ]);
    expect(await r.controller.autoRollback).toMatchObject({ ok: true, kind: "auto-rollback" });
    expect(r.aws.writes.map((w) => w.to)).toEqual([{ blue: 100, green: 0 }]);
    expect(r.events.find((e) => e.type === "traffic.shift.requested")?.by).toBe("golive (auto-rollback)");
    expect(r.of("traffic.shift.requested")[0]).toMatchObject({
      kind: "auto-rollback",
      override: "auto-rollback (health-probe, trust rollback): green down",
    });
    const first = r.controller.autoRollback;
    await r.controller.fireTrigger("health-probe", "probe:green", "green down");
    expect(r.controller.autoRollback).toBe(first);
    for (const o of [
      { about: false, state: serving, enabled: true },
      { about: true, state: SETTLED, enabled: true },
      { about: true, state: serving, enabled: false },
      { about: true, state: { ...serving, weights: null } as Partial<SessionState>, enabled: true },
    ]) {
      const n = rig({
        state: o.state,
        config: { triggers: { "health-probe": "rollback" }, autoRollback: { enabled: o.enabled } },
      });
      await n.controller.fireTrigger("health-probe", "probe:blue", "down", o.about);
      expect([n.controller.autoRollback, n.aws.writes]).toEqual([undefined, []]);
    }
  });
});

describe("plans and promotes", { timeout: FAIL_FAST_MS }, () => {
  it("a plan from a fresh read with its rules; unreadPromote records why nothing was sent, with the command", async () => {
    const r = rig({ state: { ...SETTLED, weights: { blue: 90, green: 10 } } as Partial<SessionState> });
    r.aws.now = listener(90, 10);
    const { plan } = await r.controller.plan(50);
    expect(plan).toMatchObject({
      kind: "promote",
      from: listener(90, 10),
      to: { blue: 50, green: 50 },
      step: 50,
      confirmed: { blue: 90, green: 10 },
      epoch: 0,
    });
    const e = awsError("AccessDenied", "no elasticloadbalancing:DescribeListeners", 3);
    const res = await r.controller.unreadPromote(50, e, "ann");
    const error =
      "could not read the listener from AWS, so nothing was sent: AccessDenied: no elasticloadbalancing:DescribeListeners (HTTP 500, 3 attempts)";
    expect(res).toEqual({
      ok: false,
      kind: "promote",
      to: { blue: 50, green: 50 },
      tookMs: 0,
      attempts: 3,
      error,
      manualCommand: "aws elbv2 modify-listener 50/50",
    });
    expect(r.events.at(-1)).toEqual({
      type: "traffic.shift.failed",
      data: {
        kind: "promote",
        to: { blue: 50, green: 50 },
        error,
        manualCommand: "aws elbv2 modify-listener 50/50",
      },
      by: "ann",
    });
    await expect(r.controller.unreadPromote(undefined, e, "ann")).rejects.toThrow(
      "nothing to promote: green already takes 100 %",
    );
    const pending = rig({
      state: { ...SETTLED, shift: { kind: "promote", to: { blue: 50, green: 50 }, since: at(0) } } as never,
    });
    const p = await pending.controller.unreadPromote(10, new Error("x"), "ann");
    expect([p.manualCommand, pending.events]).toEqual([
      "aws elbv2 modify-listener 90/10 (actions unknown)",
      [],
    ]);
  });

  it("the runbook's trust levels as given; a plan reads the listener's rules; each intent's kind", async () => {
    const bumps: string[] = [];
    const token = { token: 1, kind: "x", writer: "w", at: 0, rollbacks: 0 };
    const fence = {
      read: async () => token,
      bump: async (kind: string) => {
        bumps.push(kind);
        return token;
      },
    };
    const r = rig({ state: SETTLED, fence });
    (r.controller.d as { runbookTriggers?: unknown }).runbookTriggers = { "health-probe": "advisory" };
    await r.controller.fireTrigger("health-probe", "probe:blue", "down");
    expect(r.alerts()[0]?.[1]).toBe("warning");
    const opts: unknown[] = [];
    const traffic = r.c.d.traffic as { read: (o?: { rules?: boolean }) => Promise<unknown> };
    const read = traffic.read;
    traffic.read = (o) => {
      opts.push(o);
      return read(o);
    };
    await r.controller.plan(10);
    expect(opts).toEqual([{ rules: true }]);
    await r.controller.promote({ greenPercent: 10, by: "ann" });
    await r.controller.rollback({ by: "ann", reason: "r" });
    // The rollback bumps again while another writer seems to hold the token (this fake never moves it).
    expect([...new Set(bumps)]).toEqual(["promote", "rollback"]);
    expect(r.of("traffic.shift.requested").map((x) => x.kind)).toEqual(["promote", "rollback"]);
  });

  it("a promote that fails leaves the outside episode open", async () => {
    const r = rig({ state: SETTLED });
    r.aws.now = listener(80, 20);
    await r.controller.observe();
    await r.controller.observe();
    const denied = () => awsError("AccessDenied", "no");
    r.aws.writeFails.push(denied(), denied(), denied());
    expect((await r.controller.promote({ greenPercent: 50, by: "ann" })).ok).toBe(false);
    expect(r.controller.alerts.isOpen("listener:outside")).toBe(true);
  });

  it("a confirmed promote or rollback ends the outside episode; scale-blue acts on a fresh read in the queue", async () => {
    const r = rig({ state: SETTLED });
    r.aws.now = listener(80, 20);
    await r.controller.observe();
    await r.controller.observe();
    expect(r.controller.alerts.isOpen("listener:outside")).toBe(true);
    expect((await r.controller.rollback({ by: "ann", reason: "drift" })).ok).toBe(true);
    expect(r.controller.alerts.isOpen("listener:outside")).toBe(false);
    expect(r.controller.busy).toBe(false);
    const seen = await r.controller.scaleBlue(async (l, send) => [l.weights, await send(async () => "sent")]);
    expect(seen).toEqual([{ blue: 100, green: 0 }, "sent"]);
    r.aws.now = listener(100, 0);
    expect((await r.controller.promote({ greenPercent: 10, by: "ann" })).ok).toBe(true);
    expect(r.aws.writes.map((w) => w.to)).toEqual([
      { blue: 100, green: 0 },
      { blue: 90, green: 10 },
    ]);
  });
});

describe("an EKS session's rollback", { timeout: FAIL_FAST_MS }, () => {
  it("the Deployment is undone after the listener is back, in the same rollback, and the result says so", async () => {
    const at = (revision: number, revisions: RevisionView[]) =>
      rolloutView({
        namespace: "shop",
        deployment: "api",
        readAt: 0,
        generation: 1,
        observedGeneration: 1,
        revision,
        revisions,
      });
    let now = at(3, [rev(2, ["api:2.0"]), rev(3, ["api:2.1"])]);
    const kube = {
      rollouts: {
        read: async () => now,
        undo: async () => {
          // The listener's 100/0 went out first.
          undoneAfter.push(r.aws.writes.map((w) => w.to));
          now = at(4, [rev(3, ["api:2.1"]), rev(4, ["api:2.0"])]);
        },
      },
      namespace: "shop",
      deployment: "api",
      kubectl: (a: string) => `kubectl ${a}`,
      timeoutMs: 60_000,
      pollMs: 1000,
    } as unknown as KubeRelease;
    const undoneAfter: unknown[] = [];
    const r = rig({ state: { ...SETTLED, weights: { blue: 50, green: 50 } }, kube });
    r.aws.now = listener(50, 50);
    const res = await r.controller.rollback({ by: "ann", reason: "crashing" });
    expect(res).toMatchObject({ ok: true, kube: { ok: true, from: 3, to: 4, images: ["api:2.0"] } });
    expect(undoneAfter).toEqual([[{ blue: 100, green: 0 }]]);
    // The cockpit's Deployment actions are fenced by this controller's rollbacks (one so far).
    expect((await r.controller.kubeActions!.plan("pause")).epoch).toBe(1);
    // Without a Deployment: the listener's result alone.
    const alb = rig({ state: { ...SETTLED, weights: { blue: 50, green: 50 } } });
    alb.aws.now = listener(50, 50);
    expect(await alb.controller.rollback({ by: "ann", reason: "x" })).not.toHaveProperty("kube");
  });
});
