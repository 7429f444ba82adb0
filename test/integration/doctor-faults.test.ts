/**
 * `golive doctor` when the environment is not all there, against the sandbox over its sockets:
 * what only weakens the signals (green not deployed yet, green without targets or failing its
 * health check) is a warning with its fix and exit 0; what breaks the go-live (blue without
 * targets, blue's health check failing, AWS refusing ECS or CloudWatch) is a failure with its fix
 * and exit 6 (ExitCode.aws). The lines are what the lead reads before T-0.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

let rig: Awaited<ReturnType<typeof startSandbox>>;
let sessions: string;
const g = (args: string[]) => golive(args, { sessions, clock: { now: () => rig.sb.clock.now() } });

beforeEach(async () => {
  rig = await startSandbox();
  sessions = tempDir("doctor-");
});
afterEach(async () => {
  await rig.sb.stop();
});

/** A session on the sandbox's config, with `ecs` fields changed. */
async function session(ecs: Record<string, string> = {}) {
  const raw = JSON.parse(readFileSync(rig.files.config, "utf8"));
  const file = join(sessions, "env.json");
  writeFileSync(file, JSON.stringify({ ...raw, ecs: { ...raw.ecs, ...ecs } }));
  const made = await g(["new", "--runbook", "checklists/deployment.md", "--config", file, "--t0", "now"]);
  expect(made.code, made.stderr).toBe(0);
}

const lines = (stdout: string) => stdout.split("\n").filter((l) => /^[✓!✗] /.test(l));

describe("golive doctor on a partly broken environment", () => {
  it("green not deployed, without targets and failing its health check: warnings with their fixes, exit 0", async () => {
    await session({ greenService: "checkout-green-not-yet" });
    rig.sb.world.setTrafficFault("green", { unregistered: true });
    const d = await g(["doctor"]);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    const out = lines(d.stdout);
    expect(out).toContain(
      "! ECS checkout-green-not-yet: MISSING  → green is not deployed yet: golive ecs deploy-green",
    );
    // A plain Error is golive's own words: shown without "Error: " before it.
    expect(out.find((l) => l.includes("green targets"))).toMatch(
      /^! green targets: no registered targets {2}→ check the green service's tasks$/,
    );
    const health = out.find((l) => l.includes("green health http"));
    expect(health).toMatch(
      /^! green health http\S+\/health\/green: 503 in \d+ ms {2}→ check http\S+ from this host$/,
    );
    // Blue is whole: its lines pass, and nothing is a failure.
    expect(out.find((l) => l.includes("blue targets"))).toMatch(/^✓ blue targets: \d+\/\d+ healthy$/);
    expect(out.filter((l) => l.startsWith("✗"))).toEqual([]);
  });

  it("blue without targets, AWS refusing ECS and CloudWatch: failures with their fixes, exit 6", async () => {
    await session();
    rig.sb.world.setTrafficFault("blue", { unregistered: true });
    rig.sb.world.faults.addApi("DescribeClusters", "access-denied", 1);
    rig.sb.world.faults.addApi("GetMetricData", "access-denied", 1);
    const d = await g(["doctor"]);
    expect(d.code, d.stdout + d.stderr).toBe(6);
    const failed = lines(d.stdout).filter((l) => l.startsWith("✗"));
    expect(failed).toHaveLength(4);
    expect(failed[0]).toMatch(/^✗ blue targets: no registered targets {2}→ check the blue service's tasks$/);
    expect(failed[1]).toMatch(/^✗ ECS cluster: .*AccessDenied.* {2}→ check ecs\.cluster$/);
    expect(failed[2]).toMatch(/^✗ CloudWatch: .*AccessDenied.* {2}→ allow cloudwatch:GetMetricData$/);
    expect(failed[3]).toMatch(
      /^✗ blue health http\S+\/health\/blue: 503 in \d+ ms {2}→ check http\S+ from this host$/,
    );
    // The policy that would have allowed it is still printed, for the lead to hand on.
    expect(d.stdout).toContain('"cloudwatch:GetMetricData"');
  });

  it("blue's ECS service missing is a failure, not a warning", async () => {
    await session({ blueService: "checkout-blue-typo" });
    const d = await g(["doctor"]);
    expect(d.code).toBe(6);
    expect(lines(d.stdout)).toContain("✗ ECS checkout-blue-typo: MISSING  → check ecs.blueService");
  });
});
