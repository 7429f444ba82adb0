import { afterEach, describe, expect, it } from "vitest";
import { kubectlFor } from "../../source/commands/kubectl.js";
import { Engine } from "../../source/engine/engine.js";
import { KubeRollouts } from "../../source/integrations/kubernetes/rollouts.js";
import { golive } from "../helpers/cli.js";
import { type EngineRig, engineOnSandbox } from "../helpers/engine.js";
import { runKubectl } from "../helpers/sandbox.js";

/**
 * Two golive processes on one session: a cockpit's engine holds it (the session lock) while
 * `golive k8s …` runs in another shell. set-image there is refused by the lock (exit 4, nothing
 * sent); `golive k8s undo` is a rollback and is never blocked — it acts, records to the fallback
 * file, and fences the cockpit: a set-image the cockpit planned before it sends nothing. Read back
 * with the real kubectl.
 */
let rig: EngineRig;
const NS = "nba-mcp";
const DEP = "nba-mcp-synthesis";
afterEach(async () => {
  await rig?.stop();
});

describe("golive k8s writes across processes", () => {
  it("set-image beside a cockpit is refused by the lock; undo is not, and fences the cockpit's plan", async () => {
    rig = await engineOnSandbox({
      runbook: "checklists/go-live.md",
      config: (c) => ({ ...c, kubernetes: { ...c.kubernetes!, release: true } }),
    });
    const kc = rig.config.kubernetes!;
    const k = (...a: string[]) => runKubectl(kc.kubeconfig!, a);
    const image = async () =>
      JSON.parse((await k("get", `deployment/${DEP}`, "-n", NS, "-o", "json")).stdout).spec.template.spec
        .containers[0].image;
    const engine = new Engine({
      ...rig.engine.d,
      kube: {
        rollouts: new KubeRollouts({ kubeconfig: kc.kubeconfig, context: kc.context }),
        namespace: NS,
        deployment: DEP,
        kubectl: kubectlFor(kc, DEP),
        timeoutMs: 60_000,
        pollMs: 1000,
      },
    });
    // A second revision to go back from.
    expect((await k("set", "image", `deployment/${DEP}`, `${DEP}=${DEP}:2.1`, "-n", NS)).code).toBe(0);
    for (let i = 0; i < 12; i++) rig.sb.clock.advance(10_000);
    const g = (...a: string[]) =>
      golive(["k8s", ...a, "--yes", "--timeout", "5"], {
        sessions: rig.dir,
        env: { GOLIVE_K8S_POLL_MS: "50" },
      });

    const locked = await g("set-image", `${DEP}:2.5`);
    expect(locked.code, locked.stderr).toBe(4);
    expect(await image()).toBe(`${DEP}:2.1`);

    // The cockpit's plan, read before the rollback in the other shell.
    const plan = await engine.controller.kubeActions!.plan("set-image", `${DEP}:2.2`);
    const undo = golive(["k8s", "undo", "--yes", "--reason", "crash", "--timeout", "20"], {
      sessions: rig.dir,
      env: { GOLIVE_K8S_POLL_MS: "50" },
    });
    let done = false;
    void undo.finally(() => {
      done = true;
    });
    for (let i = 0; i < 400 && !done; i++) {
      rig.sb.clock.advance(5_000);
      await new Promise((r) => setTimeout(r, 25));
    }
    const u = await undo;
    expect(u.code, u.stdout + u.stderr).toBe(0);
    expect(u.stdout).toMatch(/is being written by pid .*: recorded in \/.*fallback\.jsonl/);
    expect(await image()).toBe(`${DEP}:2.0`);

    const r = await engine.controller.kubeActions!.execute(plan, { by: "Ann", timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: false, sent: false });
    expect(r.text).toMatch(/superseded by a rollback in another process before anything was sent/);
    expect(await image()).toBe(`${DEP}:2.0`);
    engine.rollout?.stop();
  }, 120_000);
});
