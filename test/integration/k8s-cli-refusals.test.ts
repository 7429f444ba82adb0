/**
 * `golive k8s` beyond the main path, against the sandbox's Kubernetes API and read back with the
 * real kubectl: bad words refused before anything is recorded or sent, resume confirmed by reading
 * spec.paused back, and rollout-status calling a paused rollout what it is (never complete).
 */
import { describe, expect, it } from "vitest";
import { k8sSuite } from "../helpers/k8s-suite.js";

const DEP = "nba-mcp-synthesis";
const k8s = k8sSuite();
const { g, k } = k8s;
const spec = async () =>
  JSON.parse((await k("get", `deployment/${DEP}`, "-n", "nba-mcp", "-o", "json")).stdout);
const k8sEvents = async () =>
  (
    JSON.parse((await g(["export", "--format", "json", "--out", "-"])).stdout).session.events as {
      type: string;
      data: Record<string, string>;
    }[]
  ).filter((e) => e.type === "k8s.action");

describe("golive k8s: refusals and read-backs", () => {
  it("a bad image reference or revision is refused with one line, exit 2; nothing recorded, nothing sent", async () => {
    const before = await spec();
    const bad = await g(["k8s", "set-image", "nba mcp:2.1", "--yes"]);
    expect([bad.code, bad.stderr]).toEqual([2, 'golive: "nba mcp:2.1" is not an image reference\n']);
    for (const rev of ["0", "two", "1.5"]) {
      const r = await g(["k8s", "undo", "--to-revision", rev, "--yes"]);
      expect([r.code, r.stderr]).toEqual([
        2,
        `golive: --to-revision must be a revision number, got "${rev}"\n`,
      ]);
    }
    expect(await k8sEvents()).toEqual([]);
    const after = await spec();
    expect(after.metadata.generation).toBe(before.metadata.generation);
  });

  it("resume after pause: spec.paused read back false, both recorded requested then confirmed", async () => {
    expect((await g(["k8s", "pause", "--yes"])).code).toBe(0);
    expect((await spec()).spec.paused).toBe(true);
    const r = await g(["k8s", "resume", "--yes"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("resume confirmed by the API: spec.paused=false");
    expect((await spec()).spec.paused).toBeFalsy();
    expect((await k8sEvents()).map((e) => `${e.data.action} ${e.data.phase}`)).toEqual([
      "pause requested",
      "pause confirmed",
      "resume requested",
      "resume confirmed",
    ]);
  });

  it("resume when not paused, pause when paused, the image it runs: nothing sent, nothing recorded", async () => {
    // The record claimed "resume confirmed" for a resume that changed nothing (spec.paused false → false).
    const before = await spec();
    const image = before.spec.template.spec.containers[0].image as string;
    for (const [args, why] of [
      [["k8s", "resume", "--yes"], "the rollout is not paused"],
      [["k8s", "set-image", image, "--yes"], `it already runs ${image}`],
    ] as const) {
      const r = await g([...args]);
      expect([r.code, r.stdout], r.stderr).toEqual([0, `nothing to send: ${why} (nba-mcp/${DEP})\n`]);
    }
    expect((await spec()).metadata.generation).toBe(before.metadata.generation);
    expect(await k8sEvents()).toEqual([]);
    expect((await g(["k8s", "pause", "--yes"])).code).toBe(0);
    const again = await g(["k8s", "pause", "--yes"]);
    expect(again.stdout).toBe(`nothing to send: the rollout is already paused (nba-mcp/${DEP})\n`);
    expect((await k8sEvents()).map((e) => `${e.data.action} ${e.data.phase}`)).toEqual([
      "pause requested",
      "pause confirmed",
    ]);
  });

  it("rollout-status: complete exits 0; a paused rollout is not complete (exit 7), as text and as JSON", async () => {
    const done = await g(["k8s", "rollout-status", "--timeout", "5"]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^complete: /);
    const doneJson = await g(["k8s", "rollout-status", "--json", "--timeout", "5"]);
    expect(JSON.parse(doneJson.stdout).verdict.state).toBe("complete");

    expect((await k("rollout", "pause", `deployment/${DEP}`, "-n", "nba-mcp")).code).toBe(0);
    const paused = await g(["k8s", "rollout-status", "--timeout", "5"]);
    expect(paused.code).toBe(7);
    expect(paused.stdout).toMatch(/^paused: /m);
    expect(paused.stdout).not.toMatch(/^complete/m);
    const pausedJson = await g(["k8s", "rollout-status", "--json", "--timeout", "5"]);
    expect(pausedJson.code).toBe(7);
    expect(JSON.parse(pausedJson.stdout)).toMatchObject({
      rollout: { paused: true },
      verdict: { state: "paused" },
    });
  });
});
