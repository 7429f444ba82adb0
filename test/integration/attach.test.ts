/**
 * A session started without --config says it is offline and how to attach; `golive attach` gives
 * it its environment once (never replaced), after which the engine commands act on AWS. The
 * release version reads as the team wrote it (`v2.0.0`, never `vv2.0.0`).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { versionText } from "../../source/domain/describe.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

let s: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  s = await startSandbox();
});
afterAll(async () => {
  await s.sb.stop();
});

it("new without --config is offline and says how to attach; attach once, then doctor reaches AWS", async () => {
  const sessions = tempDir();
  const g = (args: string[]) => golive(args, { sessions, clock: { now: () => s.sb.clock.now() } });
  const made = await g([
    "new",
    "--runbook",
    "checklists/deployment.md",
    "--t0",
    "now",
    "--version",
    "v2.0.0",
  ]);
  expect(made.code, made.stderr).toBe(0);
  expect(made.stdout).toContain(
    "  offline  no --config: golive cannot read or shift traffic, metrics or health for this session\n           attach an environment later with: golive attach --config FILE\n",
  );
  expect((await g(["status"])).stdout.split("\n")[0]).toMatch(/^Deployment Checklist v2\.0\.0 — session /);
  const offline = await g(["doctor"]);
  expect(offline.code).toBe(2);
  expect(offline.stderr).toContain("→ attach one with `golive attach --config FILE`");

  const attached = await g(["attach", "--config", s.files.config]);
  expect(attached.code, attached.stderr).toBe(0);
  expect(attached.stdout).toMatch(/now acts on .* listener …/);
  const doctor = await g(["doctor"]);
  expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  expect(doctor.stdout).toMatch(/✓ listener: .* forwards blue 100 \/ green 0/);

  const again = await g(["attach", "--config", s.files.config]);
  expect(again.code).toBe(7);
  expect(again.stderr).toMatch(/already acts on .*; an attached environment is never replaced/);
  const events = JSON.parse((await g(["export", "--format", "json", "--out", "-"])).stdout).session.events;
  expect(events.filter((e: { type: string }) => e.type === "config.attached")).toHaveLength(1);
});

it("versionText never doubles the v", () => {
  expect(versionText("2.0")).toBe("v2.0");
  expect(versionText("v2.0.0")).toBe("v2.0.0");
  expect(versionText("V3")).toBe("V3");
  expect(versionText("release-7")).toBe("release-7");
});
