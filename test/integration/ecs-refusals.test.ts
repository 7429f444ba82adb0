/**
 * The headless ECS steps and one-shot engine commands where they must say no (commands/engine-ops.ts):
 * bad counts, an unreadable task definition, green that never becomes steady (recorded as a failed
 * step, exit 6), and `baseline` / `monitor --once` against a sandbox. AWS state is read back from
 * the sandbox's own state, never through golive. The sandbox's clock is manual: green's new tasks
 * only start when it is moved, so "never steady" is a property of the test, not of machine speed.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitCode } from "../../source/domain/errors.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

let s: Awaited<ReturnType<typeof startSandbox>>;
let sessions: string;
const g = (args: string[]) => golive(args, { sessions, clock: { now: () => s.sb.clock.now() } });

beforeEach(async () => {
  s = await startSandbox();
  sessions = tempDir("tests-ecs-");
  const created = await g(["new", "--runbook", "checklists/deployment.md", "--config", s.files.config]);
  expect(created.code, created.stderr).toBe(0);
});
afterEach(async () => s.sb.stop());

const ecsState = () => Object.fromEntries(s.sb.state().ecs.services.map((x) => [x.name, x]));

describe("golive ecs: refusals", () => {
  it("counts that are not whole numbers are usage errors, before AWS is touched", async () => {
    const calls = s.sb.world.log.length;
    for (const count of ["0", "-1", "2.5", "many"]) {
      const r = await g(["ecs", "deploy-green", "--task-definition", "x", "--count", count, "--yes"]);
      expect(r.code).toBe(ExitCode.usage);
      expect(r.stderr).toContain(`--count must be a positive whole number, got "${count}"`);
    }
    for (const count of ["-1", "1.5"]) {
      const r = await g(["ecs", "scale-blue", "--count", count, "--yes"]);
      expect(r.code).toBe(ExitCode.usage);
      expect(r.stderr).toContain(`--count must be a whole number, got "${count}"`);
    }
    expect(s.sb.world.log.length).toBe(calls);
  });

  it("a task definition file that cannot be read is an input error and registers nothing", async () => {
    const before = ecsState();
    const r = await g([
      "ecs",
      "deploy-green",
      "--file",
      join(sessions, "missing.json"),
      "--count",
      "2",
      "--yes",
    ]);
    expect(r.code).toBe(ExitCode.input);
    expect(r.stderr).toMatch(/missing\.json: cannot read task definition \(ENOENT/);
    expect(s.sb.world.log.some((e) => e.operation === "RegisterTaskDefinition")).toBe(false);
    expect(ecsState()).toEqual(before);
  });

  it("green not steady within --wait: exit 6 with its counts, and the failed step is in the record", async () => {
    const td = join(sessions, "td.json");
    writeFileSync(
      td,
      JSON.stringify({
        family: "nba-mcp-prod",
        containerDefinitions: [{ name: "nba-mcp-green", image: "nba-mcp:2.2", essential: true }],
      }),
    );
    const r = await g(["ecs", "deploy-green", "--file", td, "--count", "5", "--yes", "--wait", "1"]);
    expect(r.code, r.stderr).toBe(ExitCode.aws);
    expect(r.stderr).toMatch(/nba-mcp-green not steady after 1 s \(\d+\/5 running, rollout \w+\)/);
    expect(r.stdout).not.toContain("✓ green is steady");
    // AWS was asked for five tasks of the new definition (the sandbox's own state)…
    expect(ecsState()["nba-mcp-green"]).toMatchObject({ desired: 5 });
    // …and the record says the wait failed, after the steps that succeeded.
    const exported = (await g(["export", "--out", "-"])).stdout;
    expect(exported).toContain("ECS RegisterTaskDefinition: ok");
    expect(exported).toMatch(/ECS WaitSteady: FAILED — nba-mcp-green not steady after 1 s/);
  });
});

describe("baseline and monitor --once", () => {
  it("baseline records blue's last 15 minutes as CloudWatch holds them", async () => {
    s.sb.clock.advance(20 * 60_000);
    const r = await g(["baseline"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^baseline \(last 15 min\): error \d+\.\d\d % +p95 \d+ ms +throughput \d+\.\d req\/s/,
    );
  });

  it("monitor --once prints both arms; with CloudWatch failing it names the error and exits 6", async () => {
    s.sb.clock.advance(5 * 60_000);
    const ok = await g(["monitor", "--once"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^blue +error \d+\.\d\d %/m);
    expect(ok.stdout).toMatch(/^green +error/m);

    s.sb.stop();
    const down = await g(["monitor", "--once"]);
    expect(down.code).toBe(ExitCode.aws);
    expect(down.stderr).toMatch(/^golive: (listener|metrics|probes?|health)[^:]*: /m);
  });
});
