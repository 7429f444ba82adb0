/**
 * Issue 13: each of ECS, the ALB and Kubernetes is optional in the environment config. golive
 * offers what the configured parts allow and says what is missing, with how to attach it: a
 * session whose config has no ALB refuses promote and rollback before anything reaches AWS (and
 * records nothing), doctor says the part is not configured, `golive ecs` without ECS says so, and
 * `golive attach --config` adds the missing part — never changing one the session already has.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { recorded } from "../helpers/demo.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

let rig: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  rig = await startSandbox();
});
afterAll(async () => {
  await rig?.sb.stop();
});

/** The sandbox's own config with `drop` left out (and `change` applied), as a file of its own. */
function configWithout(dir: string, drop: string[], change: Record<string, unknown> = {}): string {
  const raw = JSON.parse(readFileSync(rig.files.config, "utf8")) as Record<string, unknown>;
  for (const k of drop) delete raw[k];
  const file = join(
    dir,
    `config-${drop.join("-") || "full"}${Object.keys(change).length ? "-changed" : ""}.json`,
  );
  writeFileSync(file, JSON.stringify({ ...raw, ...change }));
  return file;
}

describe("optional config parts", () => {
  it("no ALB: new says what is off, promote and rollback refuse before AWS, attach adds the ALB", async () => {
    const sessions = tempDir("parts-");
    const g = (args: string[]) => golive(args, { sessions });
    const noAlb = configWithout(sessions, ["alb"]);
    const made = await g(["new", "--runbook", join(SEEDS, "deployment.md"), "--config", noAlb]);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(
      /config +\S+config-alb\.json \(sandbox: ECS \S+, Kubernetes \S+, metrics cloudwatch\)/,
    );
    expect(made.stdout).toContain(
      "no alb section: no traffic: p / R / promote / rollback, the listener read-back, target health and CloudWatch's ALB metrics (add it later: golive attach --config FILE)",
    );
    const writesBefore = rig.sb.world.log.filter((e) => e.operation === "ModifyListener").length;
    const promoted = await g(["promote", "--yes"]);
    expect(promoted.code).toBe(7);
    expect(promoted.stderr).toContain("promote: nothing was sent: this session's config");
    expect(promoted.stderr).toContain("has no alb section");
    expect(promoted.stderr).toContain("golive attach --config FILE");
    const rolled = await g(["rollback", "--yes", "--reason", "drill"]);
    expect(rolled.code).toBe(7);
    expect(rolled.stderr).toContain("rollback: nothing was sent: this session's config");
    expect(rig.sb.world.log.filter((e) => e.operation === "ModifyListener")).toHaveLength(writesBefore);
    expect((await recorded(sessions)).map((e) => e.type)).not.toContain("traffic.shift.requested");

    const doctor = await g(["doctor"]);
    expect(doctor.stdout).toMatch(/alb: not configured — no traffic: p \/ R/);
    expect(doctor.stdout).not.toMatch(/listener:/);

    // Attaching again may add the part, never change another: a different name is refused.
    const renamed = await g(["attach", "--config", configWithout(sessions, [], { name: "elsewhere" })]);
    expect(renamed.code).toBe(7);
    expect(renamed.stderr).toContain("an attached environment is never replaced (this config changes name)");
    const same = await g(["attach", "--config", noAlb]);
    expect(same.code).toBe(7);
    expect(same.stderr).toContain("this config adds no part the session lacks");
    const attached = await g(["attach", "--config", configWithout(sessions, [])]);
    expect(attached.code).toBe(0);
    expect(attached.stdout).toMatch(/now acts on sandbox: listener …\S+, ECS /);
    // The attached ALB is in use: the listener is read.
    expect((await g(["doctor"])).stdout).toMatch(/listener: .* forwards blue 100 \/ green 0/);
  }, 60_000);

  it("no ECS (an EKS-style go-live): golive ecs says ECS is not configured; traffic still works", async () => {
    const sessions = tempDir("parts-ecs-");
    const g = (args: string[]) => golive(args, { sessions });
    expect(
      (
        await g([
          "new",
          "--runbook",
          join(SEEDS, "deployment.md"),
          "--config",
          configWithout(sessions, ["ecs"]),
        ])
      ).code,
    ).toBe(0);
    const snap = await g(["ecs", "snapshot"]);
    expect(snap.code).toBe(7);
    expect(snap.stderr).toContain("ecs snapshot: this session's config");
    expect(snap.stderr).toContain("has no ecs section, so golive has no ECS: golive ecs, scale-blue");
    const doctor = await g(["doctor"]);
    expect(doctor.stdout).toMatch(/ecs: not configured — no ECS/);
    expect(doctor.stdout).toMatch(/listener: .* forwards blue 100 \/ green 0/);
  }, 60_000);
});
