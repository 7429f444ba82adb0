/**
 * engine/k8s-rollback.ts with a Deployment in memory: the undo goes to the revision before (or to
 * the images this session's first rollback went to, never toggling back to the bad one), is
 * recorded before it is sent, tried three times, and is claimed only once the Deployment reads back
 * complete on those images; every way it is not done or not confirmed says why and what to run.
 */
import { describe, expect, it } from "vitest";
import type { RolloutPort } from "../../source/domain/rollout-port.js";
import type { RevisionView, RolloutView } from "../../source/domain/rollout-views.js";
import { type KubeRelease, KubeRollback } from "../../source/engine/k8s-rollback.js";
import { TrafficActor } from "../../source/engine/traffic-actor.js";
import { rolloutView } from "../helpers/rollout-view.js";

const NS = "shop";
const DEP = "api";
const GOOD = "api:2.0";
const BAD = "api:2.1-bad";
const rev = (revision: number, image: string, more: string[] = []): RevisionView => ({
  revision,
  replicaSet: `api-rs${revision}`,
  images: [image, ...more],
  desired: 2,
  ready: 2,
});
/** A Deployment on `revision`, its rollout complete unless told otherwise. */
const view = (
  revision: number | null,
  revisions: RevisionView[],
  o: Partial<RolloutView> = {},
): RolloutView =>
  rolloutView({
    namespace: NS,
    deployment: DEP,
    readAt: 0,
    generation: 1,
    observedGeneration: 1,
    revision,
    revisions,
    ...o,
  });
/** Released 2.1-bad over 2.0; after the undo, 2.0's template is revision 4. */
const BAD_ON_TOP = view(3, [rev(2, GOOD), rev(3, BAD)]);
const UNDONE = view(4, [rev(3, BAD), rev(4, GOOD)]);

function rig(
  o: { now?: RolloutView; recorded?: KubeRelease["recorded"]; timeoutMs?: number; frozen?: boolean } = {},
) {
  const clock = {
    t: 1_700_000_000_000,
    now: () => clock.t,
    slept: [] as number[],
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      // A frozen clock: only real time ends the read-back.
      if (o.frozen) await new Promise((r) => setImmediate(r));
      else clock.t += ms;
    },
  };
  const k8s = {
    now: o.now ?? BAD_ON_TOP,
    /** Reads (in order) that fail or answer otherwise than `now`. */
    reads: [] as (unknown | RolloutView)[],
    undoFails: [] as unknown[],
    undos: [] as { at: string; rs: string; resume?: boolean }[],
    afterUndo: UNDONE as RolloutView | undefined,
    readCount: 0,
  };
  const rollouts: RolloutPort = {
    read: async (ns, name) => {
      k8s.readCount++;
      const next = k8s.reads.length ? k8s.reads.shift() : k8s.now;
      if (!(next as RolloutView)?.revisions) throw next;
      return { ...(next as RolloutView), namespace: ns, deployment: name };
    },
    undo: async (ns, name, rs, opt) => {
      const fail = k8s.undoFails.shift();
      if (fail) throw fail;
      k8s.undos.push({ at: `${ns}/${name}`, rs, resume: opt?.resume });
      if (k8s.afterUndo) k8s.now = k8s.afterUndo;
    },
  };
  const records: { phase: string; detail: string; kubectl?: string; revision?: number; images?: string[] }[] =
    [];
  const rec = {
    record: async (type: string, data: Record<string, unknown>, by: string) => {
      expect([type, data.action, data.deployment, by]).toEqual([
        "k8s.action",
        "undo",
        `${NS}/${DEP}`,
        "lead",
      ]);
      const { action: _a, deployment: _d, ...rest } = data;
      records.push(rest as (typeof records)[number]);
    },
  };
  const release: KubeRelease = {
    rollouts,
    namespace: NS,
    deployment: DEP,
    kubectl: (args) => `kubectl -n ${NS} ${args.replace("DEPLOY", `deployment/${DEP}`)}`,
    timeoutMs: o.timeoutMs ?? 120_000,
    pollMs: 5000,
    ...(o.recorded ? { recorded: o.recorded } : {}),
  };
  const kr = new KubeRollback(release, { rec: rec as never, clock });
  const actor = new TrafficActor({ clock, writer: "me" });
  const run = () =>
    kr.run(actor, { kind: "rollback", fenced: () => false }, { by: "lead", reason: "error rate" });
  return { k8s, clock, records, run, phases: () => records.map((r) => r.phase) };
}

const UNDO_TO_2 = `kubectl -n ${NS} rollout undo deployment/${DEP} --to-revision=2`;
/** A rollback from revision 3 to 2 that did not finish: its words and the command offered. */
const unfinished = (text: string, kubectl: string) => ({
  ok: false,
  text,
  from: 3,
  to: 2,
  images: [GOOD],
  kubectl,
  tookMs: expect.any(Number),
});

describe("a Kubernetes rollback", () => {
  it("undoes to the revision before, recorded first, and is claimed on a complete read-back", async () => {
    const r = rig();
    const t0 = performance.now();
    const res = await r.run();
    const elapsed = performance.now() - t0;
    const text = `Kubernetes rollback confirmed: ${NS}/${DEP} rolled out revision 4 (${GOOD}), 2/2 available`;
    expect(res).toEqual({
      ok: true,
      text,
      from: 3,
      to: 4,
      images: [GOOD],
      nothingToUndo: false,
      tookMs: res.tookMs,
    });
    expect(res.tookMs).toBeGreaterThanOrEqual(0);
    expect(res.tookMs).toBeLessThanOrEqual(elapsed);
    expect(r.k8s.undos).toEqual([{ at: `${NS}/${DEP}`, rs: "api-rs2", resume: false }]);
    expect(r.records).toEqual([
      {
        phase: "requested",
        detail: `Roll back ${NS}/${DEP} from revision 3 (${BAD}) to revision 2 (${GOOD}); reason: error rate`,
        kubectl: UNDO_TO_2,
        revision: 2,
        images: [GOOD],
      },
      { phase: "confirmed", detail: text, revision: 4, images: [GOOD] },
    ]);
    expect(r.clock.slept).toEqual([]);
  });

  it("a second R goes back to the same images, never toggling to the bad revision", async () => {
    const r = rig();
    await r.run();
    // Already there: only read back (its one read), nothing sent.
    const reads = r.k8s.readCount;
    const again = await r.run();
    expect(r.k8s.readCount).toBe(reads + 1);
    expect(again).toMatchObject({ ok: true, from: 4, to: 4, images: [GOOD], nothingToUndo: true });
    expect(again.text).toBe(
      `Kubernetes ${NS}/${DEP}: nothing to undo, already on revision 4 (${GOOD}), rollout complete, 2/2 available`,
    );
    expect(r.k8s.undos).toHaveLength(1);
    // The bad image released again: back to the newest revision with the good images.
    r.k8s.now = view(5, [rev(2, GOOD), rev(4, GOOD), rev(5, BAD)]);
    r.k8s.afterUndo = view(6, [rev(5, BAD), rev(6, GOOD)]);
    expect(await r.run()).toMatchObject({ ok: true, from: 5, to: 6, nothingToUndo: false });
    expect(r.k8s.undos.at(-1)?.rs).toBe("api-rs4");
    // On those images but not rolled out by the deadline: not confirmed, on the revision it is on.
    r.k8s.now = view(6, [rev(5, BAD), rev(6, GOOD)], { available: 1 });
    const t0 = performance.now();
    const stuck = await r.run();
    const elapsed = performance.now() - t0;
    expect(stuck).toMatchObject({ ok: false, from: 6, to: 6, images: [GOOD] });
    expect(stuck.tookMs).toBeGreaterThanOrEqual(0);
    expect(stuck.tookMs).toBeLessThanOrEqual(elapsed);
  });

  it("one revision only and not rolled out: not confirmed, on that revision", async () => {
    const r = rig({ now: view(1, [rev(1, GOOD)], { available: 1 }), timeoutMs: 5000 });
    expect(await r.run()).toMatchObject({ ok: false, from: 1, to: 1, images: [GOOD] });
  });

  it("several containers: their images listed, comma-separated, wherever the words name them", async () => {
    const r = rig({ now: view(3, [rev(2, GOOD, ["proxy:1"]), rev(3, BAD, ["proxy:2"])]), timeoutMs: 5000 });
    r.k8s.afterUndo = view(4, [rev(3, BAD, ["proxy:2"]), rev(4, GOOD, ["proxy:1"])]);
    const res = await r.run();
    expect(r.records[0]?.detail).toBe(
      `Roll back ${NS}/${DEP} from revision 3 (${BAD}, proxy:2) to revision 2 (${GOOD}, proxy:1); reason: error rate`,
    );
    expect(res.text).toBe(
      `Kubernetes rollback confirmed: ${NS}/${DEP} rolled out revision 4 (${GOOD}, proxy:1), 2/2 available`,
    );
    expect((await r.run()).text).toBe(
      `Kubernetes ${NS}/${DEP}: nothing to undo, already on revision 4 (${GOOD}, proxy:1), rollout complete, 2/2 available`,
    );
    r.k8s.now = view(5, [rev(5, "api:2.2", ["proxy:3"])]);
    expect((await r.run()).text).toBe(
      `Kubernetes rollback of ${NS}/${DEP} NOT done: no revision runs ${GOOD}, proxy:1 any more (revisions 5)`,
    );
    const off = rig({ now: view(3, [rev(2, GOOD, ["proxy:1"]), rev(3, BAD)]), timeoutMs: 5000 });
    off.k8s.afterUndo = view(5, [rev(5, "api:2.2")]);
    expect((await off.run()).text).toBe(
      `Kubernetes rollback of ${NS}/${DEP} NOT confirmed: the Deployment runs api:2.2, not ${GOOD}, proxy:1`,
    );
  });

  it("a rollback the session recorded sets the target; one without images does not", async () => {
    const r = rig({
      now: view(5, [rev(2, GOOD), rev(4, "api:2.1"), rev(5, BAD)]),
      recorded: { revision: 2, images: [GOOD] },
    });
    await r.run();
    expect(r.k8s.undos.map((u) => u.rs)).toEqual(["api-rs2"]);
    for (const recorded of [{ images: [] }, { revision: 2 }]) {
      const none = rig({ now: view(5, [rev(2, GOOD), rev(4, "api:2.1"), rev(5, BAD)]), recorded });
      await none.run();
      expect(none.k8s.undos.map((u) => u.rs)).toEqual(["api-rs4"]);
    }
    // Its images alone are enough: already on them, nothing to undo.
    const there = rig({ now: UNDONE, recorded: { images: [GOOD] } });
    expect(await there.run()).toMatchObject({ ok: true, nothingToUndo: true, from: 4, to: 4 });
  });

  it("a paused Deployment is resumed by the same undo, and says so", async () => {
    const r = rig({ now: view(3, [rev(2, GOOD), rev(3, BAD)], { paused: true }) });
    await r.run();
    expect(r.k8s.undos[0]?.resume).toBe(true);
    expect(r.records[0]?.detail).toBe(
      `Roll back ${NS}/${DEP} from revision 3 (${BAD}) to revision 2 (${GOOD}), resuming it; reason: error rate`,
    );
  });

  it("a current revision the read does not list: its images unknown, said as ?", async () => {
    const r = rig({ now: view(9, [rev(2, GOOD)]) });
    await r.run();
    expect(r.records[0]?.detail).toBe(
      `Roll back ${NS}/${DEP} from revision 9 (?) to revision 2 (${GOOD}); reason: error rate`,
    );
  });

  it("one revision only: nothing to undo, the rollout read back as it stands", async () => {
    const r = rig({ now: view(1, [rev(1, GOOD)]) });
    const res = await r.run();
    expect(res).toMatchObject({ ok: true, nothingToUndo: true, from: 1, to: 1, images: [GOOD] });
    expect(r.k8s.undos).toEqual([]);
    expect(r.phases()).toEqual(["confirmed"]);
  });
});

describe("not done", () => {
  it("a Deployment with no ReplicaSet: refused at once, nothing sent, the history to look at", async () => {
    for (const recorded of [undefined, { revision: 2, images: [GOOD] }]) {
      const r = rig({ now: view(7, []), ...(recorded ? { recorded } : {}) });
      const res = await r.run();
      const text = `Kubernetes rollback of ${NS}/${DEP} NOT done: the Deployment (revision 7) has no ReplicaSet, so there is no earlier template to go back to`;
      expect(res).toMatchObject({
        ok: false,
        text,
        kubectl: `kubectl -n ${NS} rollout history deployment/${DEP}`,
      });
      expect([r.k8s.undos, r.k8s.readCount, r.clock.slept, r.phases()]).toEqual([[], 1, [], ["failed"]]);
    }
    const none = rig({ now: view(null, []) });
    expect((await none.run()).text).toContain("(revision none) has no ReplicaSet");
  });

  it("the Deployment unreadable three times: nothing sent, the first line of the error, the undo to run", async () => {
    const r = rig();
    // The last error says why, its first line only; a thrown non-Error is said as it is, and a
    // rejection with nothing at all (null) is one more failed read, not a rollback that throws.
    r.k8s.reads = [new Error("EOF\nstack"), null, "connect ECONNREFUSED"];
    const t0 = performance.now();
    const res = await r.run();
    const elapsed = performance.now() - t0;
    expect(res.tookMs).toBeGreaterThanOrEqual(0);
    expect(res.tookMs).toBeLessThanOrEqual(elapsed);
    const text = `Kubernetes rollback of ${NS}/${DEP} NOT done: could not read the Deployment in 3 attempts (connect ECONNREFUSED)`;
    const kubectl = `kubectl -n ${NS} rollout undo deployment/${DEP}`;
    expect(res).toEqual({ ok: false, text, kubectl, tookMs: res.tookMs });
    expect(r.records).toEqual([{ phase: "failed", detail: text, kubectl }]);
    expect(r.clock.slept).toEqual([500, 1000]);
    expect(r.k8s.undos).toEqual([]);
    // A read that answers on the third try goes on.
    const late = rig();
    late.k8s.reads = [new Error("a"), new Error("b")];
    expect((await late.run()).ok).toBe(true);
  });

  it("unreadable with a target known: the undo to that revision; a target without one, plain undo", async () => {
    const r = rig({ recorded: { revision: 2, images: [GOOD] } });
    r.k8s.reads = [new Error("a"), new Error("b"), new Error("c")];
    expect((await r.run()).kubectl).toBe(UNDO_TO_2);
    const no = rig({ recorded: { images: [GOOD] } });
    no.k8s.reads = [new Error("a"), new Error("b"), new Error("c")];
    expect((await no.run()).kubectl).toBe(`kubectl -n ${NS} rollout undo deployment/${DEP}`);
  });

  it("no revision runs the recorded images any more: refused, with the revisions there are", async () => {
    const r = rig({
      now: view(7, [rev(6, "api:2.2"), rev(7, BAD)]),
      recorded: { revision: 2, images: [GOOD] },
    });
    const res = await r.run();
    const text = `Kubernetes rollback of ${NS}/${DEP} NOT done: no revision runs ${GOOD} any more (revisions 6, 7)`;
    expect(res).toEqual({ ok: false, text, kubectl: UNDO_TO_2, tookMs: res.tookMs });
    expect(r.records).toEqual([{ phase: "failed", detail: text, kubectl: UNDO_TO_2 }]);
    expect(r.k8s.undos).toEqual([]);
  });

  it("the undo refused three times: requested, then failed with the last error", async () => {
    const r = rig();
    r.k8s.undoFails = [new Error("conflict"), new Error("conflict"), new Error("forbidden\nby RBAC")];
    const res = await r.run();
    const text = `Kubernetes rollback of ${NS}/${DEP} NOT done: the undo was not accepted in 3 attempts (forbidden)`;
    expect(res).toEqual(unfinished(text, UNDO_TO_2));
    expect(r.phases()).toEqual(["requested", "failed"]);
    expect(r.records[1]).toEqual({ phase: "failed", detail: text, kubectl: UNDO_TO_2 });
    expect(r.clock.slept).toEqual([500, 1000]);
    // Accepted on the third try: confirmed.
    const third = rig();
    third.k8s.undoFails = [new Error("conflict"), new Error("conflict")];
    expect((await third.run()).ok).toBe(true);
  });
});

describe("not confirmed", () => {
  const STATUS = `kubectl -n ${NS} rollout status deployment/${DEP} --timeout=120s`;

  it("read back until complete on the target, a poll apart", async () => {
    const r = rig();
    r.k8s.afterUndo = undefined;
    const progressing = view(4, [rev(3, BAD), rev(4, GOOD)], { updated: 1 });
    r.k8s.reads = [BAD_ON_TOP, progressing, new Error("blip"), progressing];
    r.k8s.now = UNDONE;
    const res = await r.run();
    expect(res.ok).toBe(true);
    // The first read is before the undo; three more polls before it is complete.
    expect(r.clock.slept).toEqual([5000, 5000, 5000]);
  });

  it("past its progress deadline: not confirmed at once, with its pods' reasons", async () => {
    const r = rig();
    const pods = ["a", "b", "c"].map((n) => ({
      name: `api-${n}`,
      revision: 4,
      phase: "Running",
      ready: false,
      restarts: 3,
      reason: "CrashLoopBackOff",
      node: null,
    }));
    const failed = view(4, [rev(3, BAD), rev(4, GOOD)], {
      available: 0,
      pods,
      conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "" }],
    });
    r.k8s.afterUndo = failed;
    const res = await r.run();
    const why = `failed: deployment "${DEP}" exceeded its progress deadline: CrashLoopBackOff (api-a: CrashLoopBackOff (3 restarts); api-b: CrashLoopBackOff (3 restarts))`;
    const text = `Kubernetes rollback of ${NS}/${DEP} NOT confirmed: ${why}`;
    expect(res).toEqual(unfinished(text, STATUS));
    expect(r.records.at(-1)).toEqual({
      phase: "failed",
      detail: text,
      kubectl: STATUS,
      revision: 2,
      images: [GOOD],
    });
    expect(r.clock.slept).toEqual([]);
    // Without a pod in trouble, no reasons in brackets.
    const bare = rig();
    bare.k8s.afterUndo = { ...failed, pods: [] };
    expect((await bare.run()).text).toBe(
      `Kubernetes rollback of ${NS}/${DEP} NOT confirmed: failed: deployment "${DEP}" exceeded its progress deadline`,
    );
  });

  it("still on other images at the deadline: says what it runs", async () => {
    const r = rig({ timeoutMs: 20_000 });
    r.k8s.afterUndo = view(5, [rev(2, GOOD), rev(5, "api:2.2", ["sidecar:1"])]);
    const res = await r.run();
    expect(res.text).toBe(
      `Kubernetes rollback of ${NS}/${DEP} NOT confirmed: the Deployment runs api:2.2, sidecar:1, not ${GOOD}`,
    );
    expect(res.kubectl).toBe(`kubectl -n ${NS} rollout status deployment/${DEP} --timeout=20s`);
    expect(r.clock.slept).toEqual([5000, 5000, 5000, 5000]);
    // On a revision the view does not list: "?".
    const q = rig({ timeoutMs: 5000 });
    q.k8s.afterUndo = view(9, [rev(2, GOOD)]);
    expect((await q.run()).text).toContain(`the Deployment runs ?, not ${GOOD}`);
  });

  it("on the target but still rolling out at the deadline: its state and why", async () => {
    const r = rig({ timeoutMs: 10_000 });
    r.k8s.afterUndo = view(4, [rev(3, BAD), rev(4, GOOD)], { available: 1, updated: 2 });
    const res = await r.run();
    expect(res.text).toBe(
      `Kubernetes rollback of ${NS}/${DEP} NOT confirmed: progressing: deployment "${DEP}": 1 of 2 updated replicas available…`,
    );
  });

  it("unreadable after the undo until the deadline: says it could not read it back", async () => {
    const r = rig({ timeoutMs: 10_000 });
    r.k8s.afterUndo = undefined;
    r.k8s.reads = [BAD_ON_TOP, ...Array.from({ length: 10 }, () => new Error("timeout\nx"))];
    const res = await r.run();
    expect(res.text).toBe(
      `Kubernetes rollback of ${NS}/${DEP} NOT confirmed: could not read it back: timeout`,
    );
    expect(res.ok).toBe(false);
  });

  it("the engine clock standing still: real time ends the read-back", async () => {
    const r = rig({ timeoutMs: 30, frozen: true });
    r.k8s.afterUndo = view(4, [rev(3, BAD), rev(4, GOOD)], { updated: 1 });
    const res = await r.run();
    expect(res.ok).toBe(false);
    expect(res.text).toContain("NOT confirmed: progressing");
    expect(res.kubectl).toBe(`kubectl -n ${NS} rollout status deployment/${DEP} --timeout=0s`);
  });
});
