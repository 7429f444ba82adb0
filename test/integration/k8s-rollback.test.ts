import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kubectlFor } from "../../source/commands/kubectl.js";
import { Engine } from "../../source/engine/engine.js";
import { KubeRollouts } from "../../source/integrations/kubernetes/rollouts.js";
import { type EngineRig, engineOnSandbox } from "../helpers/engine.js";
import { runKubectl } from "../helpers/sandbox.js";

/**
 * R in an EKS session (kubernetes.release): the listener first, then the Deployment rolled back the
 * way `kubectl rollout undo` does it, through the traffic actor's rollback intent, and claimed only
 * once the Deployment reads back complete on the previous template. Read back with the real kubectl.
 */
let rig: EngineRig;
let engine: Engine;
const NS = "nba-mcp";
const DEP = "nba-mcp-synthesis";
const k = (...args: string[]) => runKubectl(rig.config.kubernetes!.kubeconfig!, args);

function eksEngine(timeoutMs = 120_000) {
  const kc = rig.config.kubernetes!;
  return new Engine({
    ...rig.engine.d,
    kube: {
      rollouts: new KubeRollouts({
        kubeconfig: kc.kubeconfig,
        context: kc.context,
        now: () => rig.sb.clock.now(),
      }),
      namespace: NS,
      deployment: DEP,
      kubectl: kubectlFor(kc, DEP),
      timeoutMs,
      pollMs: 1000,
    },
  });
}

/** The sandbox clock moves in 5 s steps while `p` runs (pods start, the rollout controller acts). */
async function whileClockMoves<T>(p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => {
    done = true;
  });
  for (let i = 0; i < 600 && !done; i++) {
    rig.sb.clock.advance(5_000);
    await new Promise((r) => setTimeout(r, 20));
  }
  return p;
}

const deployment = async () =>
  JSON.parse((await k("get", `deployment/${DEP}`, "-n", NS, "-o", "json")).stdout);

async function releaseBadImage() {
  const set = await k("set", "image", `deployment/${DEP}`, `${DEP}=${DEP}:2.1-bad`, "-n", NS);
  expect(set.code, set.stderr).toBe(0);
  for (let i = 0; i < 12; i++) rig.sb.clock.advance(10_000);
  const pods = (await k("get", "pods", "-n", NS, "-l", `app=${DEP}`)).stdout;
  expect(pods).toContain("CrashLoopBackOff");
}

beforeEach(async () => {
  rig = await engineOnSandbox({
    runbook: "checklists/go-live.md",
    config: (c) => ({ ...c, kubernetes: { ...c.kubernetes!, release: true } }),
  });
  engine = eksEngine();
});
afterEach(async () => {
  await rig.stop();
});

const undoRecords = () =>
  rig.store.events
    .filter((e) => e.type === "k8s.action")
    .map((e) => `${(e.data as { phase: string }).phase}`);

describe("rollback in an EKS session", () => {
  it("undoes the bad rollout after the listener, confirmed only by a complete read-back; a second R never toggles", async () => {
    await releaseBadImage();
    expect((await deployment()).metadata.annotations["deployment.kubernetes.io/revision"]).toBe("2");
    const r = await whileClockMoves(engine.rollback({ by: "Ann", reason: "crash loop" }));
    expect(r.ok, r.error).toBe(true);
    expect(r.kube?.ok, r.kube?.text).toBe(true);
    expect(r.kube).toMatchObject({ from: 2, to: 3, images: [`${DEP}:2.0`] });
    // kubectl agrees: the previous template, as a new revision, rolled out.
    const d = await deployment();
    expect(d.spec.template.spec.containers[0].image).toBe(`${DEP}:2.0`);
    expect(d.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");
    expect(d.status.availableReplicas).toBe(d.spec.replicas);
    expect(d.status.updatedReplicas).toBe(d.spec.replicas);
    const status = await k("rollout", "status", `deployment/${DEP}`, "-n", NS, "--timeout=5s");
    expect(status.stdout).toContain("successfully rolled out");
    expect(undoRecords()).toEqual(["requested", "confirmed"]);
    // The listener went first: its confirmation precedes the Kubernetes request in the record.
    const types = rig.store.events.map((e) => e.type);
    expect(types.indexOf("traffic.shift.confirmed")).toBeLessThan(types.indexOf("k8s.action"));

    // R again (a second `kubectl rollout undo` would go back to the bad image): only read back.
    const again = await whileClockMoves(engine.rollback({ by: "Ann", reason: "again" }));
    expect(again.kube?.ok, again.kube?.text).toBe(true);
    expect(again.kube?.nothingToUndo).toBe(true);
    expect((await deployment()).spec.template.spec.containers[0].image).toBe(`${DEP}:2.0`);
    // A new engine on the session (golive restarted) keeps the same target from the record.
    const kc = rig.config.kubernetes!;
    const fromRecord = new Engine({
      ...rig.engine.d,
      kube: {
        rollouts: new KubeRollouts({ kubeconfig: kc.kubeconfig, context: kc.context }),
        namespace: NS,
        deployment: DEP,
        kubectl: kubectlFor(kc, DEP),
        timeoutMs: 60_000,
        pollMs: 1000,
        recorded: { revision: 1, images: [`${DEP}:2.0`] },
      },
    });
    const third = await whileClockMoves(fromRecord.rollback({ by: "Ann", reason: "after restart" }));
    expect(third.kube?.nothingToUndo).toBe(true);
    expect((await deployment()).spec.template.spec.containers[0].image).toBe(`${DEP}:2.0`);
  });

  it("a rollback that never completes is not claimed: failed with the exact kubectl command", async () => {
    engine = eksEngine(30_000);
    await releaseBadImage();
    // Every node goes NotReady: the old pods stop being ready, so the undo is written but never completes.
    for (const n of rig.sb.kube.nodeNames()) rig.sb.world.faults.setNodeReady(n, false);
    const r = await whileClockMoves(engine.rollback({ by: "Ann", reason: "crash loop" }));
    expect(r.ok).toBe(true); // the listener is back
    expect(r.kube?.ok).toBe(false);
    expect(r.kube?.text).toMatch(/NOT confirmed/);
    expect(r.kube?.kubectl).toMatch(/^kubectl .* rollout status 'deployment\/nba-mcp-synthesis'/);
    expect(undoRecords()).toEqual(["requested", "failed"]);
    expect((await deployment()).spec.template.spec.containers[0].image).toBe(`${DEP}:2.0`);
  });

  it("an API server that keeps failing: nothing claimed, the undo command offered, the listener still rolled back", async () => {
    await releaseBadImage();
    rig.sb.world.faults.addApi("kubernetes", "503", 1000);
    const r = await whileClockMoves(engine.rollback({ by: "Ann", reason: "crash loop" }));
    expect(r.ok).toBe(true);
    expect(r.kube?.ok).toBe(false);
    expect(r.kube?.text).toMatch(/could not read the Deployment .*503/);
    expect(r.kube?.kubectl).toMatch(/rollout undo 'deployment\/nba-mcp-synthesis'$/);
    expect(undoRecords()).toEqual(["failed"]);
  });

  it("an API server that hangs: the listener is confirmed first, then the undo says precisely why not, after 3 bounded attempts", async () => {
    const kc = rig.config.kubernetes!;
    const rollouts = new KubeRollouts({ kubeconfig: kc.kubeconfig, context: kc.context, timeoutMs: 500 });
    engine = new Engine({ ...rig.engine.d, kube: { ...engine.d.kube!, rollouts } });
    await releaseBadImage();
    // Every Kubernetes call hangs (answered, late, after a minute).
    rig.sb.world.faults.addApi("kubernetes", "timeout", 1000, 60_000);
    const started = performance.now();
    const r = await whileClockMoves(engine.rollback({ by: "Ann", reason: "crash loop" }));
    expect(r.ok).toBe(true);
    expect(r.kube?.ok).toBe(false);
    expect(r.kube?.text).toMatch(
      /^Kubernetes rollback of nba-mcp\/nba-mcp-synthesis NOT done: could not read the Deployment in 3 attempts \(Kubernetes API http:\/\/127\.0\.0\.1:\d+ did not answer .* within 0\.5 s\)$/,
    );
    expect(r.kube?.kubectl).toMatch(/rollout undo 'deployment\/nba-mcp-synthesis'$/);
    // Bounded: three half-second attempts and their back-off, not the API's minute.
    expect(performance.now() - started).toBeLessThan(20_000);
    // The listener was never held up by it: its confirmation is recorded before the Kubernetes failure.
    const types = rig.store.events.map((e) => e.type);
    expect(types.indexOf("traffic.shift.confirmed")).toBeGreaterThan(-1);
    expect(types.indexOf("traffic.shift.confirmed")).toBeLessThan(types.lastIndexOf("k8s.action"));
    expect(undoRecords()).toEqual(["failed"]);
  });

  it("the watch reads what kubectl shows and raises the runbook's Application Crash row once per episode", async () => {
    const watch = engine.rollout!;
    await watch.poll();
    expect(watch.snapshot.verdict?.state).toBe("complete");
    await releaseBadImage();
    await watch.poll();
    const v = watch.snapshot.view!;
    expect(watch.snapshot.verdict?.state).toBe("stalled");
    // kubectl agrees on every pod, its restarts and its reason.
    const kpods = JSON.parse((await k("get", "pods", "-n", NS, "-l", `app=${DEP}`, "-o", "json")).stdout)
      .items as {
      metadata: { name: string };
      status: { containerStatuses: { restartCount: number; state: { waiting?: { reason: string } } }[] };
    }[];
    expect(v.pods.map((p) => [p.name, p.restarts, p.reason]).sort()).toEqual(
      kpods
        .map((p) => [
          p.metadata.name,
          p.status.containerStatuses[0]!.restartCount,
          p.status.containerStatuses[0]!.state.waiting?.reason ?? null,
        ])
        .sort(),
    );
    const alerts = () => rig.store.state.alerts.filter((a) => a.key === "k8s:crash");
    expect(alerts()).toHaveLength(1);
    // go-live.md's "Application Crash → Immediate rollback" row sets k8s-crash to rollback.
    expect(alerts()[0]).toMatchObject({ severity: "critical", trust: "rollback" });
    expect(alerts()[0]!.message).toMatch(
      /^ROLLBACK TRIGGER \(trust rollback \(runbook\)\): nba-mcp-synthesis rev 2: \d pods? CrashLoopBackOff \(\d+ restarts?\)/,
    );
    expect(alerts()[0]!.message).toMatch(
      /runbook matrix: Application Crash \/ Critical → Immediate rollback/,
    );
    // Polling again with the same pods in trouble is not a new sighting.
    const before = rig.store.events.length;
    await watch.poll();
    expect(rig.store.events.length).toBe(before);
    await whileClockMoves(engine.rollback({ by: "Ann", reason: "crash loop" }));
    await watch.poll();
    expect(watch.snapshot.verdict?.state).toBe("complete");
    // The episode ended: a new crash is a new alert.
    expect(
      (engine.controller.alerts as unknown as { open: Map<string, unknown> }).open.has("k8s:crash"),
    ).toBe(false);
  });

  it("a failing API leaves the last view with its age and the error: no evidence, never the old verdict as now", async () => {
    const watch = engine.rollout!;
    await watch.poll();
    const at = watch.snapshot.at;
    rig.sb.world.faults.addApi("kubernetes", "503", 1000);
    await watch.poll();
    expect(watch.snapshot.at).toBe(at);
    expect(watch.snapshot.failures).toBe(1);
    expect(watch.snapshot.error).toMatch(/HTTP 503/);
  });

  it("a rollout past its progress deadline: one alert per revision at the k8s-deadline trigger's level (config advisory here)", async () => {
    await rig.stop();
    rig = await engineOnSandbox({
      runbook: "checklists/go-live.md",
      config: (c) => ({
        ...c,
        kubernetes: { ...c.kubernetes!, release: true },
        triggers: { "k8s-deadline": "advisory" },
      }),
    });
    engine = eksEngine();
    const watch = engine.rollout!;
    rig.sb.applyFault({ type: "image", image: `${DEP}:2.1`, behaviour: "pull" });
    expect((await k("set", "image", `deployment/${DEP}`, `${DEP}=${DEP}:2.1`, "-n", NS)).code).toBe(0);
    rig.sb.clock.advance(30_000);
    await watch.poll();
    const deadline = () => rig.store.state.alerts.filter((a) => a.key === "k8s:deadline");
    expect(deadline()).toEqual([]);
    rig.sb.clock.advance(601_000);
    await watch.poll();
    expect(watch.snapshot.verdict?.state).toBe("failed");
    expect(deadline()).toHaveLength(1);
    expect(deadline()[0]).toMatchObject({ severity: "warning", trust: "advisory" });
    expect(deadline()[0]!.message).toMatch(
      /^ADVISORY \(trust advisory \(config\)\): deployment "nba-mcp-synthesis" exceeded its progress deadline: ImagePullBackOff \(rev 2, ProgressDeadlineExceeded\)/,
    );
    // Polling again while it stays past its deadline is not a new sighting.
    const before = rig.store.events.length;
    await watch.poll();
    expect(rig.store.events.length).toBe(before);
  });
});
