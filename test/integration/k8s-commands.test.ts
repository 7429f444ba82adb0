import { describe, expect, it } from "vitest";
import { k8sSuite } from "../helpers/k8s-suite.js";
import { startSandbox } from "../helpers/sandbox.js";

/**
 * golive k8s against the sandbox's Kubernetes API, read back with the real kubectl: what golive
 * says about a rollout is what kubectl says, set-image and undo are recorded as requested before
 * the call and confirmed only when the rollout completes on the expected image.
 */
const k8s = k8sSuite();
const { g, k, whileClockMoves } = k8s;

const events = async () =>
  JSON.parse((await g(["export", "--format", "json", "--out", "-"])).stdout).session.events as
    | { type: string; data: Record<string, string> }[]
    | undefined;

describe("golive k8s", () => {
  it("status says what kubectl says: revision, replicas, conditions, pods", async () => {
    const r = await g(["k8s", "status", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const { rollout, verdict } = JSON.parse(r.stdout);
    const kd = JSON.parse(
      (await k("get", "deployment/nba-mcp-synthesis", "-n", "nba-mcp", "-o", "json")).stdout,
    );
    expect(rollout.revision).toBe(Number(kd.metadata.annotations["deployment.kubernetes.io/revision"]));
    expect([rollout.desired, rollout.updated, rollout.available]).toEqual([
      kd.spec.replicas,
      kd.status.updatedReplicas,
      kd.status.availableReplicas,
    ]);
    const kpods = (await k("get", "pods", "-n", "nba-mcp", "-l", "app=nba-mcp-synthesis", "-o", "name"))
      .stdout;
    expect(rollout.pods.map((p: { name: string }) => `pod/${p.name}`).sort()).toEqual(
      kpods.trim().split("\n").sort(),
    );
    expect(verdict.state).toBe("complete");
  });

  it("a crash-looping image is never claimed rolled out; undo goes back and is confirmed on the old image", async () => {
    const set = await whileClockMoves(
      g(["k8s", "set-image", "nba-mcp-synthesis:2.1-bad", "--yes", "--timeout", "2"]),
    );
    expect(set.code, set.stdout + set.stderr).toBe(7);
    expect(set.stdout).toContain("set-image NOT confirmed");
    expect(set.stdout).toMatch(/CrashLoopBackOff/);
    const pods = (await k("get", "pods", "-n", "nba-mcp", "-l", "app=nba-mcp-synthesis")).stdout;
    expect(pods).toContain("CrashLoopBackOff");

    const undo = await whileClockMoves(g(["k8s", "undo", "--yes", "--reason", "crash loop"]));
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect(undo.stdout).toContain(
      "from revision 2 (nba-mcp-synthesis:2.1-bad) to revision 1 (nba-mcp-synthesis:2.0)",
    );
    const kd = JSON.parse(
      (await k("get", "deployment/nba-mcp-synthesis", "-n", "nba-mcp", "-o", "json")).stdout,
    );
    expect(kd.spec.template.spec.containers[0].image).toBe("nba-mcp-synthesis:2.0");
    expect(kd.status.availableReplicas).toBe(3);
    const status = await k(
      "rollout",
      "status",
      "deployment/nba-mcp-synthesis",
      "-n",
      "nba-mcp",
      "--timeout=5s",
    );
    expect(status.stdout).toContain("successfully rolled out");

    const recorded = (await events())!
      .filter((e) => e.type === "k8s.action")
      .map((e) => `${e.data.action} ${e.data.phase}`);
    expect(recorded).toEqual(["set-image requested", "set-image failed", "undo requested", "undo confirmed"]);

    // A second undo never toggles forward to the bad revision (kubectl rollout undo would): the
    // session recorded the target, the Deployment already runs it, so nothing is sent or recorded.
    const again = await g(["k8s", "undo", "--yes"]);
    expect(again.code, again.stdout + again.stderr).toBe(7);
    expect(again.stderr).toContain(
      "already runs nba-mcp-synthesis:2.0, the rollback target this session recorded: nothing to undo",
    );
    expect(
      (await k("get", "deployment/nba-mcp-synthesis", "-n", "nba-mcp", "-o", "jsonpath={..image}")).stdout,
    ).toBe("nba-mcp-synthesis:2.0");
    expect((await events())!.filter((e) => e.type === "k8s.action")).toHaveLength(4);
  });

  it("pause is confirmed by reading spec.paused back; undo refuses a paused Deployment", async () => {
    const p = await g(["k8s", "pause", "--yes"]);
    expect(p.code, p.stderr).toBe(0);
    expect(
      JSON.parse((await k("get", "deployment/nba-mcp-synthesis", "-n", "nba-mcp", "-o", "json")).stdout).spec
        .paused,
    ).toBe(true);
    const u = await g(["k8s", "undo", "--yes"]);
    expect(u.code).toBe(7);
  });

  it("an unreachable API is one line, exit 6, and nothing is recorded as requested", async () => {
    await k8s.sb.stop();
    const r = await g(["k8s", "undo", "--yes"]);
    expect(r.code).toBe(6);
    expect(r.stderr.split("\n")[0]).toMatch(
      /^golive: Kubernetes API http:\/\/127\.0\.0\.1:\d+ refused the connection/,
    );
    expect((await events())!.some((e) => e.type === "k8s.action")).toBe(false);
    k8s.sb = (await startSandbox()).sb; // afterEach stops it
  });
});
