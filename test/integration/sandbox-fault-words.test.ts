/**
 * `golive sandbox fault|state|clock` as a person types them into a second terminal: each fault's
 * words reach the running sandbox as the fault it names (read back from the sandbox's own state,
 * not from what golive printed), and words that do not make a fault are refused with the usage line
 * before anything is sent — the sandbox's state is the same afterwards.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultScenario } from "../../source/sandbox/scenario.js";
import type { Sandbox } from "../../source/sandbox/server.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

let sb: Sandbox;
let port: string;

beforeAll(async () => {
  const scenario = defaultScenario();
  scenario.kubernetes.ingress = { name: "nba-mcp-synthesis", action: "blue-green", delaySeconds: 10 };
  ({ sb } = await startSandbox({ scenario }));
  port = new URL(sb.awsUrl).port;
});
afterAll(async () => {
  await sb?.stop();
});

const fault = (...words: string[]) => golive(["sandbox", "fault", "--port", port, ...words]);
const stateOf = () => JSON.parse(JSON.stringify(sb.state())) as ReturnType<Sandbox["state"]>;
const greenFault = () => stateOf().targetGroups.find((t) => t.key === "green")!.fault;

async function cleared() {
  expect((await fault("clear")).code).toBe(0);
  expect(greenFault()).toBeNull();
}

describe("golive sandbox fault: the words a person types become that fault in the sandbox", () => {
  it("traffic faults on a colour: rates as % or fractions, shares defaulting to all, latency as 3x", async () => {
    await cleared();
    for (const [words, want] of [
      [["client-error-rate", "green", "4%"], { clientErrorRate: 0.04 }],
      [["crash", "green", "0.25"], { clientErrorRate: 0.04, crashed: 0.25 }],
      [["hang", "green"], { clientErrorRate: 0.04, crashed: 0.25, hung: 1 }],
      [["latency", "green", "3x"], { clientErrorRate: 0.04, crashed: 0.25, hung: 1, latencyMultiplier: 3 }],
    ] as const) {
      const r = await fault(...words);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      expect(r.stdout).toMatch(/^fault applied: \{"type":/);
      expect(greenFault()).toEqual(want);
    }
    await cleared();
  });

  it("Kubernetes faults: a node not ready and back, the ingress controller's mode and delay, api faults counted", async () => {
    await cleared();
    const node = stateOf().eks.nodes[1]!;
    expect((await fault("node-not-ready", node)).code).toBe(0);
    expect(stateOf().eks.notReady).toEqual([node]);
    expect((await fault("node-ready", node)).code).toBe(0);
    expect(stateOf().eks.notReady).toEqual([]);

    expect((await fault("ingress-controller", "slow", "25s")).code).toBe(0);
    expect(stateOf().eks.ingressController).toEqual({ fault: "slow", delaySeconds: 25 });
    expect((await fault("ingress-controller", "wrong")).code).toBe(0);
    expect(stateOf().eks.ingressController?.fault).toBe("wrong");

    const api = await fault("api", "DescribeListeners", "throttle", "2", "150");
    expect(api.code, api.stderr).toBe(0);
    expect(stateOf().apiFaults).toEqual([
      expect.objectContaining({
        operation: "DescribeListeners",
        kind: "throttle",
        remaining: 2,
        delayMs: 150,
      }),
    ]);
    expect((await fault("api", "ModifyListener", "throttle")).code).toBe(0);
    expect(stateOf().apiFaults.find((f) => f.operation === "ModifyListener")?.remaining).toBe(1);
    await cleared();
    expect(stateOf().apiFaults).toEqual([]);
  });

  it("rbac takes a permission away and rbac-allow gives it back; an image's pods fail; the listener goes and comes back", async () => {
    await cleared();
    const denied = await fault("rbac", "patch", "deployments");
    expect(denied.stdout).toBe(
      'fault applied: {"type":"rbac","verb":"patch","resource":"deployments","denied":true}\n',
    );
    expect([...sb.world.faults.kubeDenied]).toEqual(["patch deployments"]);
    expect((await fault("rbac-allow", "patch", "deployments")).stdout).toContain('"denied":false');
    expect([...sb.world.faults.kubeDenied]).toEqual([]);

    expect((await fault("image", "nba-mcp-synthesis:2.1", "oom")).code).toBe(0);
    expect(sb.kube.cluster.imageFaults.get("nba-mcp-synthesis:2.1")).toBe("oom");
    expect((await fault("image", "nba-mcp-synthesis:2.1", "ok")).code).toBe(0);
    expect(sb.kube.cluster.imageFaults.has("nba-mcp-synthesis:2.1")).toBe(false);

    expect((await fault("listener-deleted")).stdout).toContain('"deleted":true');
    expect(sb.world.faults.listenerDeleted).toBe(true);
    expect((await fault("listener-restored")).stdout).toContain('"deleted":false');
    expect(sb.world.faults.listenerDeleted).toBe(false);
    await cleared();
  });

  it.each([
    [["error-rate", "green", "120%"], "usage: golive sandbox fault error-rate TARGET RATE (e.g. green 8%)"],
    [
      ["client-error-rate", "green"],
      "usage: golive sandbox fault client-error-rate TARGET RATE (e.g. green 8%)",
    ],
    [["latency", "green", "0x"], "usage: golive sandbox fault latency TARGET MULTIPLIER (e.g. green 3x)"],
    [["crash"], "usage: golive sandbox fault crash TARGET [SHARE] (e.g. crash green 100%)"],
    [["hang", "green", "2"], "usage: golive sandbox fault hang TARGET [SHARE] (e.g. hang green 100%)"],
    [["sticky", "0%"], "usage: golive sandbox fault sticky [SHARE] [TARGET] (e.g. sticky 90% blue)"],
    [["unregistered"], "usage: golive sandbox fault unregistered TARGET"],
    [["unhealthy", "green", "two"], "usage: golive sandbox fault unhealthy TARGET COUNT"],
    [
      ["ingress-controller", "slow", "soon"],
      "usage: golive sandbox fault ingress-controller ok|slow|never|wrong|reject [DELAY_SECONDS]",
    ],
    [["api", "DescribeListeners"], "usage: golive sandbox fault api OPERATION KIND [COUNT] [DELAY_MS]"],
    [
      ["image", "nba-mcp-synthesis:2.1"],
      "usage: golive sandbox fault image IMAGE ok|crash|pull|oom|unschedulable (pods started from IMAGE from now on)",
    ],
    [
      ["rbac", "patch"],
      "usage: golive sandbox fault rbac VERB RESOURCE (e.g. rbac patch deployments): golive's service account loses that permission",
    ],
    [
      ["rbac-allow", "patch"],
      "usage: golive sandbox fault rbac-allow VERB RESOURCE (e.g. rbac-allow patch deployments): golive's service account gets back that permission",
    ],
    [["meteor", "green"], 'unknown fault "meteor"'],
  ])("refuses %j with its usage line, and sends nothing", async (words, line) => {
    await cleared();
    const before = stateOf();
    const r = await fault(...words);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(`golive: ${line}`);
    expect(r.stdout).toBe("");
    expect(stateOf()).toEqual(before);
  });

  it("a fault the sandbox itself refuses exits 2 with the sandbox's reason", async () => {
    const r = await fault("api", "DescribeListeners", "meltdown");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^golive: sandbox refused: api fault kind must be one of /);
    expect(stateOf().apiFaults).toEqual([]);
  });
});

describe("golive sandbox clock and state", () => {
  it("moves the clock by +90s, 2m or 0.5h, and refuses anything else", async () => {
    const t0 = Date.parse(stateOf().now);
    for (const [by, ms] of [
      ["+90s", 90_000],
      ["2m", 120_000],
      ["0.5h", 1_800_000],
    ] as const) {
      const before = Date.parse(stateOf().now);
      const r = await golive(["sandbox", "clock", by, "--port", port]);
      expect(r.stdout).toBe(`sandbox clock now ${new Date(before + ms).toISOString()}\n`);
      expect(Date.parse(stateOf().now)).toBe(before + ms);
    }
    const bad = await golive(["sandbox", "clock", "10 minutes", "--port", port]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('golive: usage: golive sandbox clock +10m (got "10 minutes")\n');
    expect(Date.parse(stateOf().now)).toBe(t0 + 90_000 + 120_000 + 1_800_000);
  });

  it("state prints the sandbox's own document", async () => {
    const r = await golive(["sandbox", "state", "--port", port]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.listener).toBe(stateOf().listener);
    expect(doc.weights).toEqual(stateOf().weights);
    expect(doc.weights.blue).toBe(100);
  });

  it("with no sandbox on the port: one line naming the port, exit 6, for fault, state and clock", async () => {
    const closed = String(Number(port) + 2);
    for (const args of [
      ["sandbox", "state", "--port", closed],
      ["sandbox", "clock", "+1m", "--port", closed],
      ["sandbox", "fault", "clear", "--port", closed],
    ]) {
      const r = await golive(args);
      expect([r.code, r.stderr]).toEqual([
        6,
        `golive: no sandbox answers on 127.0.0.1:${closed}\n  → start one with \`golive sandbox\`, or pass --port\n`,
      ]);
    }
    const badPort = await golive(["sandbox", "state", "--port", "65535"]);
    expect([badPort.code, badPort.stderr]).toEqual([2, 'golive: --port must be 1-65534, got "65535"\n']);
  });
});

describe("golive sandbox (run): bad options refused before anything listens", () => {
  it.each([
    [["--speed", "0"], 2, 'golive: --speed must be a number from 0.1 to 10000, got "0"'],
    [["--speed", "fast"], 2, 'golive: --speed must be a number from 0.1 to 10000, got "fast"'],
    [["--port", "0"], 2, 'golive: --port must be 1-65534, got "0"'],
  ])("%j", async (args, code, line) => {
    const r = await golive(["sandbox", ...args]);
    expect([r.code, r.stderr.split("\n")[0]]).toEqual([code, line]);
  });

  it("a scenario that is not JSON: exit 3 naming the file, with what a scenario is", async () => {
    const file = join(tempDir(), "scenario.json");
    writeFileSync(file, "targetGroups: [blue, green]\n");
    const r = await golive(["sandbox", "--port", "4999", "--scenario", file]);
    expect(r.code).toBe(3);
    const [line, hint] = r.stderr.split("\n");
    expect(line).toMatch(
      new RegExp(`^golive: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot read scenario \\(`),
    );
    expect(hint).toBe("  → a scenario is a JSON file; see `golive sandbox --help`");
    const missing = await golive(["sandbox", "--port", "4999", "--scenario", join(tempDir(), "none.json")]);
    expect([missing.code, missing.stderr]).toEqual([
      3,
      expect.stringContaining("cannot read scenario (ENOENT"),
    ]);
  });
});
