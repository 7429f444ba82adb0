import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../source/sandbox/server.js";
import { runKubectl, startSandbox } from "../helpers/sandbox.js";

/**
 * The sandbox's rollout controller held to the real kubectl: set image, rollout status (a watch that
 * must see every wave), history, undo (kubectl's own client-side undo: a JSON patch of the old
 * ReplicaSet's template), pause/resume, scale (the scale subresource), and pods whose behaviour
 * follows their image. The sandbox clock moves only when the test moves it.
 */
let sb: Sandbox;
let kubeconfig: string;
const DEP = "deployment/nba-mcp-synthesis";
const k = (...args: string[]) => runKubectl(kubeconfig, args);

beforeEach(async () => {
  const s = await startSandbox();
  sb = s.sb;
  kubeconfig = s.files.kubeconfig;
});
afterEach(async () => {
  await sb.stop();
});

/**
 * Move the sandbox clock in small steps until `done` holds (a rollout's waves each need the clock).
 * Between steps real time passes briefly, so a watching kubectl gets the waves as they happen; how
 * many steps that takes changes what is printed on the way, never the result.
 */
async function advanceUntil(
  done: () => Promise<boolean> | boolean,
  stepMs = 5_000,
  maxSteps = 200,
): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    if (await done()) return;
    sb.clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`still not done after ${(stepMs * maxSteps) / 1000} sandbox seconds`);
}

const watches = () =>
  sb.world.log.filter((l) => l.kind === "kube" && /deployments.*watch=(true|1)/.test(String(l.operation)))
    .length;

async function rolloutStatus(): Promise<{ code: number; stdout: string; stderr: string }> {
  let result: { code: number; stdout: string; stderr: string } | undefined;
  const watchesBefore = watches();
  const p = k("rollout", "status", DEP, "--timeout=60s").then((r) => {
    result = r;
    return r;
  });
  // The clock moves only once kubectl is watching (or has already finished), so it sees every wave.
  for (let i = 0; i < 500 && watches() === watchesBefore && result === undefined; i++)
    await new Promise((r) => setTimeout(r, 20));
  await advanceUntil(() => result !== undefined, 2_000, 400);
  return p;
}

const rows = (out: string) =>
  out
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.trim().split(/\s+/));

describe("Kubernetes rollouts in the sandbox, driven by the real kubectl", () => {
  it("set image rolls out in waves: rollout status follows it to the end; history has two revisions", async () => {
    const set = await k("set", "image", DEP, "nba-mcp-synthesis=nba-mcp-synthesis:2.1");
    expect(set.stdout.trim()).toBe("deployment.apps/nba-mcp-synthesis image updated");
    const status = await rolloutStatus();
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain("out of 3 new replicas have been updated");
    expect(status.stdout).toContain('deployment "nba-mcp-synthesis" successfully rolled out');
    const history = rows((await k("rollout", "history", DEP)).stdout.split("\n").slice(1).join("\n"));
    expect(history.map((r) => r[0])).toEqual(["1", "2"]);
    const rs = rows((await k("get", "rs", "-l", "app=nba-mcp-synthesis")).stdout);
    expect(rs.map((r) => r.slice(1, 4))).toEqual(
      expect.arrayContaining([
        ["0", "0", "0"],
        ["3", "3", "3"],
      ]),
    );
    const pods = JSON.parse((await k("get", "pods", "-l", "app=nba-mcp-synthesis", "-o", "json")).stdout);
    expect(
      pods.items.map((p: { spec: { containers: { image: string }[] } }) => p.spec.containers[0]!.image),
    ).toEqual(["nba-mcp-synthesis:2.1", "nba-mcp-synthesis:2.1", "nba-mcp-synthesis:2.1"]);
  });

  it("a bad image crash-loops, keeps the old pods serving, and undo goes back to the previous revision", async () => {
    await k("set", "image", DEP, "nba-mcp-synthesis=nba-mcp-synthesis:2.1-bad");
    sb.clock.advance(60_000);
    const pods = rows((await k("get", "pods", "-l", "app=nba-mcp-synthesis")).stdout);
    const crashing = pods.filter((p) => p[2] === "CrashLoopBackOff");
    expect(crashing).toHaveLength(1); // maxSurge 25 % of 3 = 1 new pod at a time
    expect(Number(crashing[0]![3])).toBeGreaterThan(0);
    expect(pods.filter((p) => p[1] === "1/1" && p[2] === "Running")).toHaveLength(3); // maxUnavailable 0
    const events = await k("get", "events", "--field-selector", "type=Warning");
    expect(events.stdout).toMatch(
      /BackOff\s+pod\/nba-mcp-synthesis-\w+-\w+\s+Back-off restarting failed container/,
    );

    const undo = await k("rollout", "undo", DEP);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout.trim()).toBe("deployment.apps/nba-mcp-synthesis rolled back");
    const status = await rolloutStatus();
    expect(status.code, status.stderr).toBe(0);
    const dep = JSON.parse((await k("get", DEP, "-o", "json")).stdout);
    expect(dep.spec.template.spec.containers[0].image).toBe("nba-mcp-synthesis:2.0");
    // Undo reuses revision 1's ReplicaSet under a new revision number, as the controller does.
    expect(dep.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");
    const history = (await k("rollout", "history", DEP)).stdout;
    expect(rows(history.split("\n").slice(1).join("\n")).map((r) => r[0])).toEqual(["2", "3"]);
    expect(rows((await k("get", "rs", "-l", "app=nba-mcp-synthesis")).stdout)).toHaveLength(2);
  });

  it("a rollout that cannot progress ends in ProgressDeadlineExceeded, and rollout status says so", async () => {
    sb.applyFault({ type: "image", image: "nba-mcp-synthesis:2.1", behaviour: "pull" });
    await k("set", "image", DEP, "nba-mcp-synthesis=nba-mcp-synthesis:2.1");
    sb.clock.advance(30_000);
    expect(rows((await k("get", "pods", "-l", "app=nba-mcp-synthesis")).stdout).map((p) => p[2])).toContain(
      "ImagePullBackOff",
    );
    sb.clock.advance(601_000);
    const dep = JSON.parse((await k("get", DEP, "-o", "json")).stdout);
    expect(dep.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }),
      ]),
    );
    const status = await k("rollout", "status", DEP, "--timeout=10s");
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('deployment "nba-mcp-synthesis" exceeded its progress deadline');
  });

  it("scale uses the scale subresource; pause stops a rollout and undo refuses a paused deployment", async () => {
    const scale = await k("scale", DEP, "--replicas=5");
    expect(scale.code, scale.stderr).toBe(0);
    await advanceUntil(async () => /5\/5/.test((await k("get", DEP)).stdout));
    await k("set", "image", DEP, "nba-mcp-synthesis=nba-mcp-synthesis:2.1");
    expect((await rolloutStatus()).code).toBe(0);
    expect(await k("rollout", "pause", DEP)).toMatchObject({ code: 0 });
    await k("set", "image", DEP, "nba-mcp-synthesis=nba-mcp-synthesis:2.2");
    sb.clock.advance(120_000);
    const paused = JSON.parse((await k("get", DEP, "-o", "json")).stdout);
    expect(paused.spec.paused).toBe(true);
    expect(paused.status.updatedReplicas).toBe(0); // no pod of 2.2 was started while paused
    const undo = await k("rollout", "undo", DEP);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain("you cannot rollback a paused deployment");
    expect(await k("rollout", "resume", DEP)).toMatchObject({ code: 0 });
    const status = await rolloutStatus();
    expect(status.code, status.stderr).toBe(0);
    expect((await k("get", DEP)).stdout).toMatch(/nba-mcp-synthesis\s+5\/5\s+5\s+5/);
  });

  it("refuses what the API server refuses: an empty image, a changed selector, an unknown patch type", async () => {
    const empty = await k("set", "image", DEP, "nba-mcp-synthesis=");
    expect(empty.code).toBe(1);
    const selector = await k(
      "patch",
      DEP,
      "--type=merge",
      "-p",
      '{"spec":{"selector":{"matchLabels":{"app":"x"}}}}',
    );
    expect(selector.code).toBe(1);
    expect(selector.stderr).toContain("field is immutable");
    const json = await k(
      "patch",
      DEP,
      "--type=json",
      "-p",
      '[{"op":"replace","path":"/spec/replicas","value":4}]',
    );
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse((await k("get", DEP, "-o", "json")).stdout).spec.replicas).toBe(4);
  });
});
