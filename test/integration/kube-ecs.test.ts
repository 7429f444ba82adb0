import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { planCheck, runCheck } from "../../source/engine/checks.js";
import { EcsServices } from "../../source/integrations/aws/ecs.js";
import { KubeChecks } from "../../source/integrations/kubernetes/kube.js";
import { BashShell } from "../../source/integrations/shell.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { golive } from "../helpers/cli.js";
import { type EngineRig, engineOnSandbox } from "../helpers/engine.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

describe("Kubernetes checks through @kubernetes/client-node against the sandbox", () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = await engineOnSandbox();
  });
  afterEach(async () => rig.stop());

  it("API, nodes, deployments, pods and warning events, and a NotReady node fails the check", async () => {
    const k = new KubeChecks({
      kubeconfig: rig.config.kubernetes!.kubeconfig,
      context: rig.config.kubernetes!.context,
      now: () => rig.sb.clock.now(),
    });
    expect(await k.apiReachable()).toMatchObject({
      ok: true,
      summary: expect.stringMatching(/Kubernetes v1\.32\.0/),
    });
    expect(await k.nodesReady()).toMatchObject({ ok: true, summary: "3/3 nodes Ready" });
    expect(await k.deploymentsAvailable("nba-mcp")).toMatchObject({
      ok: true,
      summary: "2/2 deployments available in nba-mcp",
    });
    expect(await k.podsReady("nba-mcp", "app=nba-mcp-synthesis")).toMatchObject({
      ok: true,
      summary: "3/3 pods ready in nba-mcp (app=nba-mcp-synthesis)",
    });
    expect((await k.warningEvents("nba-mcp", 15)).ok).toBe(true);
    rig.sb.applyFault({ type: "node", ready: false });
    onTestFinished(() => {
      rig.sb.applyFault({ type: "clear" });
    });
    const nodes = await k.nodesReady();
    expect(nodes).toMatchObject({ ok: false, summary: "2/3 nodes Ready" });
    expect(nodes.details[0]).toMatch(/NotReady/);
    expect((await k.podsReady("nba-mcp")).ok).toBe(false);
    expect((await k.warningEvents("nba-mcp", 15)).details[0]).toMatch(/NodeNotReady/);
    rig.sb.applyFault({ type: "clear" });
  });

  it("runs annotated checks of a runbook and records their evidence", async () => {
    const rb = parseRunbook(
      "k8s.md",
      [
        "# Go-live",
        "## T-2 Hours: Infrastructure",
        "- [ ] Nodes ready <!-- golive check k8s-nodes -->",
        "- [ ] App pods ready <!-- golive check k8s-pods selector=app=nba-mcp-synthesis -->",
        "- [ ] Green stable <!-- golive check ecs-service service=green -->",
        `- [ ] Green health <!-- golive check http url="${rig.config.health.green}" expect=200 -->`,
        "- [ ] Listener on blue <!-- golive check listener green=0 -->",
        "",
      ].join("\n"),
      "x",
    );
    const k = new KubeChecks({
      kubeconfig: rig.config.kubernetes!.kubeconfig,
      context: rig.config.kubernetes!.context,
      now: () => rig.sb.clock.now(),
    });
    const deps = {
      probe: rig.engine.d.probe,
      health: rig.engine.d.health,
      traffic: rig.engine.d.traffic,
      ecs: new EcsServices(rig.aws.ecs, rig.config.ecs.cluster),
      kube: k,
      shell: new BashShell(),
      monitor: rig.engine.monitor,
      config: rig.config,
    };
    const results = [];
    for (const item of rb.items)
      results.push(await runCheck(planCheck(rb, item, rig.store.state, rig.config), deps, "Ann"));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
    expect(results[2]!.evidence).toMatch(/nba-mcp-green: 3\/3 running, 0 pending, rollout COMPLETED/);
    expect(results[3]!.evidence).toMatch(/→ 200/);
  });
});

describe("ECS steps from the command line", () => {
  let s: Awaited<ReturnType<typeof startSandbox>>;
  let sessions: string;
  beforeAll(async () => {
    s = await startSandbox({ manualClock: false, speed: 200 });
    sessions = tempDir();
  });
  afterAll(async () => s.sb.stop());
  const g = (args: string[]) => golive(args, { sessions, clock: { now: () => s.sb.clock.now() } });

  it("records the pre-deploy state, registers and deploys green until steady, and gates scaling blue to 0", async () => {
    expect((await g(["new", "--runbook", "checklists/deployment.md", "--config", s.files.config])).code).toBe(
      0,
    );
    const snap = await g(["ecs", "snapshot"]);
    expect(snap.stdout).toMatch(/nba-mcp-blue: 3\/3 running/);
    const td = join(tempDir(), "task-def-v2.1.json");
    writeFileSync(
      td,
      JSON.stringify({
        family: "nba-mcp-prod",
        containerDefinitions: [{ name: "nba-mcp-green", image: "nba-mcp:2.1", essential: true }],
      }),
    );
    const deploy = await g(["ecs", "deploy-green", "--file", td, "--count", "4", "--yes", "--wait", "60"]);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(
      /registered arn:aws:ecs:us-east-1:123456789012:task-definition\/nba-mcp-prod:21/,
    );
    expect(deploy.stdout).toMatch(/✓ green is steady/);
    const refused = await g(["ecs", "scale-blue", "--yes"]);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(
      /scaling blue to 0 refused: blue still takes traffic: AWS shows blue 100 \/ green 0 now/,
    );
    const forced = await g(["ecs", "scale-blue", "--yes", "--override", "decommission drill"]);
    expect(forced.code, forced.stderr).toBe(0);
    // What AWS holds, read from the sandbox's own state (not through golive): blue asked down to 0,
    // green at the four tasks of the new task definition.
    const ecs = Object.fromEntries(s.sb.state().ecs.services.map((x) => [x.name, x]));
    expect(ecs["nba-mcp-blue"]).toMatchObject({ desired: 0 });
    expect(ecs["nba-mcp-green"]).toMatchObject({
      desired: 4,
      taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/nba-mcp-prod:21",
    });
    const exported = (await g(["export", "--out", "-"])).stdout;
    expect(exported).toContain("ECS RegisterTaskDefinition: ok");
    expect(exported).toContain("ECS ScaleBlue: ok — nba-mcp-blue desired 0; override: decommission drill");
  });
});
