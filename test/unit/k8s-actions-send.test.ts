/**
 * engine/k8s-actions.ts, the send and what follows it: nothing sent to a Deployment that changed
 * since it was shown (with the new situation), after a rollback here or in another process, or by a
 * client that cannot write; a set-image followed until the rollout completes on the image, misses its
 * deadline, runs something else, is paused, rolled back, or time is up.
 */
import { describe, expect, it } from "vitest";
import { DeploymentChanged } from "../../source/domain/rollout-port.js";
import type { RolloutView } from "../../source/domain/rollout-views.js";
import { DEADLINE, done, rev, rig, rolling, view } from "../helpers/kube-actions-rig.js";
import { crashing } from "../helpers/rollout-view.js";

/** A wait that never ends fails in seconds, not at the suite's minute (mutation runs meet many). */
const FAIL_FAST_MS = 5000;

describe("nothing sent", { timeout: FAIL_FAST_MS }, () => {
  it("the Deployment changed since it was shown: the new generation, images and pause, and a new plan", async () => {
    const r = rig();
    const p = await r.k.plan("pause");
    const now = view({ generation: 9, paused: true, revisions: [rev(3, ["web:1.0", "envoy:2"])] });
    r.reads.push(now);
    await r.k.plan("pause");
    const res = await r.run(p);
    expect(res.text).toBe(
      "pause NOT sent: the Deployment changed since it was shown (generation 7 → 9: web:1.0, envoy:2, paused)",
    );
    expect(res).toMatchObject({
      ok: false,
      sent: false,
      changed: { was: p.from, replan: { from: { generation: 9 } } },
    });
    expect(res.kubectl).toBeUndefined();
    expect(r.writes).toEqual([]);
    expect(r.phases()).toEqual([
      ["requested", p.show],
      ["failed", res.text],
    ]);
    // Not paused: no ", paused"; the new read failing: the error instead of a plan.
    const q = rig();
    const pq = await q.k.plan("pause");
    q.reads.push(view({ generation: 8 }));
    await q.k.plan("pause");
    expect((await q.run(pq)).text).toBe(
      "pause NOT sent: the Deployment changed since it was shown (generation 7 → 8: web:1.0)",
    );
    const gone = rig();
    const pg = await gone.k.plan("pause");
    gone.reads.push(view({ generation: 8 }));
    await gone.k.plan("pause");
    gone.reads.push(new Error('deployments.apps "web" not found\nmore'));
    const g = await gone.run(pg);
    expect(g.text).toBe("pause NOT sent: the Deployment changed since it was shown (generation 7)");
    expect(g.changed).toEqual({ was: pg.from, error: 'deployments.apps "web" not found' });
  });

  it("a rollback in this process since the plan, or in another (the fence): the rollback writes last", async () => {
    const r = rig({ actor: true, fence: true });
    const p = await r.k.plan("pause");
    r.actor.rollbackEpoch = 1;
    expect(await r.run(p)).toEqual({
      ok: false,
      sent: false,
      text: "pause NOT sent: superseded by a rollback before anything was sent (the rollback writes last)",
    });
    const f = rig({ fence: true });
    const q = await f.k.plan("resume");
    f.fence.rollbacks = 1;
    expect((await f.run(q)).text).toBe(
      "resume NOT sent: superseded by a rollback in another process before anything was sent (the rollback writes last)",
    );
    expect([f.writes, f.fence.bumps]).toEqual([[], []]);
    // The same count of rollbacks is no rollback since: sent, the bump by this process.
    const same = rig({ fence: true });
    same.fence.rollbacks = 1;
    const s = await same.k.plan("pause");
    same.reads.push(view({ paused: true }));
    expect((await same.run(s)).ok).toBe(true);
    expect(same.fence.bumps).toEqual([["k8s-pause", `${process.pid}`]]);
  });

  it("a client that cannot write, or a write that fails: not done, with kubectl", async () => {
    for (const [verb, why] of [
      ["set-image", "this Kubernetes client cannot set an image"],
      ["pause", "this Kubernetes client cannot pause a rollout"],
    ] as const) {
      const r = rig({ noWrites: true });
      const res = await r.run(await r.k.plan(verb, "web:1.1"));
      expect(res).toEqual({
        ok: false,
        sent: false,
        text: `${verb} NOT done: ${why}`,
        kubectl: expect.any(String),
      });
      expect(r.phases().at(-1)).toEqual(["failed", res.text, res.kubectl]);
    }
    const r = rig({ writeFails: new Error("Forbidden: patch deployments\nat") });
    const p = await r.k.plan("resume");
    expect(await r.run(p)).toEqual({
      ok: false,
      sent: false,
      text: "resume NOT done: Forbidden: patch deployments",
      kubectl: "kubectl -n shop rollout resume deployment/web",
    });
    const changed = rig({ writeFails: new DeploymentChanged() });
    expect((await changed.run(await changed.k.plan("pause"))).text).toMatch(
      /^pause NOT sent: the Deployment changed/,
    );
  });
});

describe("set-image, followed", { timeout: FAIL_FAST_MS }, () => {
  it("confirmed once the rollout completes on the image, each read heard", async () => {
    const r = rig();
    const p = await r.k.plan("set-image", "web:1.1");
    r.reads.push(rolling, done);
    expect(await r.run(p)).toEqual({
      ok: true,
      sent: true,
      text: "set-image confirmed: rollout complete on revision 4 (web:1.1), 2/2 available",
    });
    expect(r.writes).toEqual([["setImage", "shop", "web", "web", "web:1.1", 7]]);
    expect(r.progress).toEqual([4, 4]);
    expect(r.clock.slept).toEqual([2000]);
    expect(r.phases().map((x) => x[0])).toEqual(["requested", "confirmed"]);
  });

  it("the current revision's images, all of them; no one listening to the reads", async () => {
    const r = rig();
    const p = await r.k.plan("set-image", "web:1.1");
    const both = { ...done, revisions: [rev(3, ["web:1.0"]), rev(4, ["web:1.1", "envoy:1"])] };
    r.reads.push(rolling, both);
    expect((await r.run(p, 60_000, false)).text).toBe(
      "set-image confirmed: rollout complete on revision 4 (web:1.1, envoy:1), 2/2 available",
    );
    const other = rig();
    const q = await other.k.plan("set-image", "web:1.1");
    other.reads.push({ ...done, revisions: [rev(4, ["web:1.2", "envoy:1"])] });
    expect((await other.run(q)).text).toBe(
      "set-image NOT confirmed: the Deployment now runs web:1.2, envoy:1, not web:1.1 (image web:1.1)",
    );
  });

  it("a clock that stands still: the rollout followed for the real time asked", async () => {
    const r = rig({ frozen: true });
    const p = await r.k.plan("set-image", "web:1.1");
    r.reads.push(rolling);
    const started = performance.now();
    expect((await r.run(p, 30)).text).toBe(
      `set-image NOT confirmed: not complete after 0 s (progressing: deployment "web": 1 of 2 new replicas updated…) (image web:1.1)`,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
  });

  it("fails on a missed deadline (with the pods' causes), another image, a pause; each says so", async () => {
    const crash = crashing("web-x", 3, "CrashLoopBackOff", 4);
    const cases: [RolloutView, string][] = [
      [
        {
          ...rolling,
          conditions: DEADLINE,
          pods: [crash, { ...crash, name: "web-y" }, { ...crash, name: "web-z" }],
        },
        "its progress deadline passed (ProgressDeadlineExceeded) — web-x: CrashLoopBackOff (3 restarts); web-y: CrashLoopBackOff (3 restarts)",
      ],
      [{ ...rolling, conditions: DEADLINE }, "its progress deadline passed (ProgressDeadlineExceeded)"],
      [{ ...done, revisions: [rev(4, ["web:1.2"])] }, "the Deployment now runs web:1.2, not web:1.1"],
      [{ ...done, revisions: [] }, "the Deployment now runs ?, not web:1.1"],
      [{ ...rolling, paused: true }, "the rollout was paused before it completed"],
      [
        { ...rolling, paused: true, pods: [crash] },
        "the rollout was paused before it completed — web-x: CrashLoopBackOff (3 restarts)",
      ],
    ];
    for (const [v, why] of cases) {
      const r = rig();
      const p = await r.k.plan("set-image", "web:1.1");
      r.reads.push(v);
      const res = await r.run(p);
      expect(res).toEqual({ ok: false, sent: true, text: `set-image NOT confirmed: ${why} (image web:1.1)` });
      expect(r.phases().at(-1)).toEqual(["failed", res.text]);
    }
  });

  it("a rollback asked for here or in another process while it ran ends the watch", async () => {
    const r = rig({ actor: true, fence: true });
    const p = await r.k.plan("set-image", "web:1.1");
    r.reads.push(rolling);
    let reads = 0;
    r.progress.push = (...a: (number | null)[]) => {
      if (++reads === 2) r.actor.rollbackEpoch = 1;
      return Array.prototype.push.apply(r.progress, a);
    };
    expect((await r.run(p)).text).toBe(
      "set-image NOT confirmed: a rollback was asked for while the rollout ran (image web:1.1)",
    );
    const f = rig({ fence: true });
    const q = await f.k.plan("set-image", "web:1.1");
    f.reads.push(rolling, rolling);
    f.progress.push = (...a: (number | null)[]) => {
      f.fence.rollbacks = 1;
      return a.length;
    };
    expect((await f.run(q)).text).toBe(
      "set-image NOT confirmed: a rollback in another process came while the rollout ran (image web:1.1)",
    );
    // The fence unreadable while following: no evidence of a rollback, followed on.
    const u = rig({ fence: true });
    const pu = await u.k.plan("set-image", "web:1.1");
    u.reads.push(rolling, done);
    u.progress.push = (...a: (number | null)[]) => {
      u.fence.fail = true;
      return a.length;
    };
    expect((await u.run(pu)).ok).toBe(true);
  });

  it("not complete in time: the last state or read error, and `kubectl rollout status`", async () => {
    const r = rig();
    const p = await r.k.plan("set-image", "web:1.1");
    r.reads.push(rolling, rolling, new Error("i/o timeout\nx"));
    const res = await r.run(p, 3600);
    expect(res).toEqual({
      ok: false,
      sent: true,
      text: "set-image NOT confirmed: not complete after 4 s (i/o timeout) (image web:1.1)",
      kubectl: "kubectl -n shop rollout status deployment/web --timeout=4s",
    });
    expect(r.clock.slept).toEqual([2000, 2000]);
    expect(r.phases().at(-1)).toEqual(["failed", res.text, res.kubectl]);
    const s = rig();
    const q = await s.k.plan("set-image", "web:1.1");
    s.reads.push(rolling);
    const timedOut = await s.run(q, 2000);
    // Time is up at the deadline itself: one poll, not one more after it.
    expect(s.clock.slept).toEqual([2000]);
    expect(timedOut.text).toBe(
      `set-image NOT confirmed: not complete after 2 s (progressing: deployment "web": 1 of 2 new replicas updated…) (image web:1.1)`,
    );
  });
});
