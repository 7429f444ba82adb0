/**
 * engine/k8s-actions.ts with the Deployment in memory: set-image, pause and resume planned from one
 * read (what the lead confirms), sent exactly or not at all (a changed Deployment, a rollback here or
 * in another process), recorded before the write, claimed only from read-backs, with the kubectl
 * command whenever golive could not do or confirm it.
 */
import { describe, expect, it } from "vitest";
import { planChangesNothing } from "../../source/engine/k8s-actions.js";
import { rev, rig, T, view } from "../helpers/kube-actions-rig.js";

/** A wait that never ends fails in seconds, not at the suite's minute (mutation runs meet many). */
const FAIL_FAST_MS = 5000;

const FROM = { generation: 7, revision: 3, images: ["web:1.0"], paused: false, readAt: T };

describe("planChangesNothing", { timeout: FAIL_FAST_MS }, () => {
  it("pause when paused, resume when not, the one image it already runs", () => {
    const paused = { ...FROM, paused: true };
    expect(planChangesNothing({ verb: "pause", from: paused })).toBe("the rollout is already paused");
    expect(planChangesNothing({ verb: "pause", from: FROM })).toBeUndefined();
    expect(planChangesNothing({ verb: "resume", from: FROM })).toBe("the rollout is not paused");
    expect(planChangesNothing({ verb: "resume", from: paused })).toBeUndefined();
    expect(planChangesNothing({ verb: "set-image", from: FROM, image: "web:1.0" })).toBe(
      "it already runs web:1.0",
    );
    expect(planChangesNothing({ verb: "set-image", from: FROM, image: "web:1.1" })).toBeUndefined();
    const two = { ...FROM, images: ["web:1.0", "side:1"] };
    expect(planChangesNothing({ verb: "set-image", from: two, image: "web:1.0" })).toBeUndefined();
    expect(
      planChangesNothing({ verb: "set-image", from: { ...FROM, paused: true }, image: "x" }),
    ).toBeUndefined();
    // The image is a set-image's only: a resume of a paused rollout running it changes something.
    expect(
      planChangesNothing({ verb: "resume", from: { ...FROM, paused: true }, image: "web:1.0" }),
    ).toBeUndefined();
  });
});

describe("plan", { timeout: FAIL_FAST_MS }, () => {
  it("set-image: from one read, the container by the deployment's name, the change and its kubectl", async () => {
    const r = rig({ fence: true, actor: true });
    r.fence.rollbacks = 2;
    r.actor.rollbackEpoch = 5;
    expect(await r.k.plan("set-image", "web:1.1")).toEqual({
      verb: "set-image",
      namespace: "shop",
      deployment: "web",
      from: FROM,
      fence: { token: 1, kind: "x", writer: "w", at: 0, rollbacks: 2 },
      epoch: 5,
      container: "web",
      image: "web:1.1",
      show: "set image of shop/web container web: web:1.0 → web:1.1",
      kubectl: "kubectl -n shop set image deployment/web web=web:1.1",
    });
  });

  it("set-image: the config's container; several containers need one; an image is needed", async () => {
    const two = view({ revisions: [rev(3, ["web:1.0", "envoy:1"])] });
    const named = rig({ container: "app" });
    named.reads.push(two);
    expect(await named.k.plan("set-image", "web:1.1")).toMatchObject({
      container: "app",
      show: "set image of shop/web container app: web:1.0, envoy:1 → web:1.1",
      kubectl: "kubectl -n shop set image deployment/web app=web:1.1",
      epoch: 0,
    });
    const r = rig();
    r.reads.push(two);
    await expect(r.k.plan("set-image", "web:1.1")).rejects.toThrow(
      "web has 2 containers: name one with kubernetes.container in the config",
    );
    await expect(rig().k.plan("set-image")).rejects.toThrow("set-image needs an image");
    // A revision golive cannot find: no images known.
    const lost = rig();
    lost.reads.push(view({ revision: 9 }));
    expect(await lost.k.plan("set-image", "web:1.1")).toMatchObject({
      from: { images: [], revision: 9 },
      show: "set image of shop/web container web: ? → web:1.1",
    });
  });

  it("pause and resume: spec.paused from what it reads; a fence that cannot be read is no token", async () => {
    const r = rig({ fence: true });
    r.fence.fail = true;
    const p = await r.k.plan("pause");
    expect(p).toEqual({
      verb: "pause",
      namespace: "shop",
      deployment: "web",
      from: FROM,
      fence: undefined,
      epoch: 0,
      show: "pause the rollout of shop/web: spec.paused false → true",
      kubectl: "kubectl -n shop rollout pause deployment/web",
    });
    r.reads.push(view({ paused: true }));
    expect((await r.k.plan("resume")).show).toBe("resume the rollout of shop/web: spec.paused true → false");
  });

  it("kubectlFor without reading: the container as given, the config's, or the deployment's name", () => {
    expect(rig().k.kubectlFor("set-image")).toBe("kubectl -n shop set image deployment/web web=IMAGE");
    expect(rig({ container: "app" }).k.kubectlFor("set-image", "web:2")).toBe(
      "kubectl -n shop set image deployment/web app=web:2",
    );
    expect(rig({ container: "app" }).k.kubectlFor("set-image", "web:2", "side")).toBe(
      "kubectl -n shop set image deployment/web side=web:2",
    );
    expect(rig().k.kubectlFor("resume")).toBe("kubectl -n shop rollout resume deployment/web");
  });
});

describe("pause and resume", { timeout: FAIL_FAST_MS }, () => {
  it("recorded first, sent guarded by the generation shown, confirmed from spec.paused read back", async () => {
    const r = rig({ fence: true, actor: true });
    const p = await r.k.plan("pause");
    r.reads.push(view(), view({ paused: true }));
    expect(await r.run(p)).toEqual({
      ok: true,
      sent: true,
      text: "pause confirmed by the API: spec.paused=true",
    });
    expect(r.writes).toEqual([["setPaused", "shop", "web", true, 7]]);
    expect(r.fence.bumps).toEqual([["k8s-pause", "w-1"]]);
    expect(r.actor.queued).toEqual(["k8s"]);
    expect(r.clock.slept).toEqual([2000]);
    expect(r.records[0]).toEqual([
      "k8s.action",
      { action: "pause", deployment: "shop/web", phase: "requested", detail: p.show },
      "ann",
    ]);
    expect(r.phases().map((x) => x[0])).toEqual(["requested", "confirmed"]);
  });

  it("not confirmed within the time (30 s at most): says what it read, offers kubectl", async () => {
    const r = rig();
    r.reads.push(view({ paused: true }));
    const p = await r.k.plan("resume");
    const res = await r.run(p, 120_000);
    expect(res).toEqual({
      ok: false,
      sent: true,
      text: "resume NOT confirmed: spec.paused=true",
      kubectl: "kubectl -n shop rollout resume deployment/web",
    });
    expect(r.writes).toEqual([["setPaused", "shop", "web", false, 7]]);
    expect(r.clock.slept).toEqual(Array(15).fill(2000));
    expect(r.phases().at(-1)).toEqual(["failed", res.text, res.kubectl]);
    const short = rig();
    const q = await short.k.plan("pause");
    // A read rejected with null in between: the wait goes on, and the last error is the one said.
    short.reads.push(view(), null, new Error("etcd timeout\nstack"));
    expect((await short.run(q, 3000)).text).toBe("pause NOT confirmed: could not read it back: etcd timeout");
    expect(short.clock.slept).toEqual([2000, 2000]);
  });

  it("a clock that stands still: the wait ends in real time, as long as asked (30 s at most)", async () => {
    const r = rig({ frozen: true });
    const p = await r.k.plan("pause");
    const started = performance.now();
    expect((await r.run(p, 30)).text).toBe("pause NOT confirmed: spec.paused=false");
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    expect(r.clock.slept.length).toBeGreaterThan(0);
  });
});
