/**
 * `golive lead` and `golive join` refused before anything is read from or written to S3: words that
 * do not go together, a session that is not a team session, a config without a team. One line
 * each with the next step, exit 2, and the session's record unchanged.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { fixedClock, golive } from "../helpers/cli.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

let sessions: string;
const g = (args: string[]) => golive(args, { sessions, clock: fixedClock("2026-11-23T11:30:00.000Z") });
const eventCount = async () =>
  JSON.parse((await g(["export", "--format", "json", "--out", "-"])).stdout).session.events.length as number;

beforeEach(async () => {
  sessions = tempDir("lead-");
  const made = await g(["new", "--runbook", join(SEEDS, "go-live.md"), "--t0", "2026-11-23T12:00:00Z"]);
  expect(made.code, made.stderr).toBe(0);
});

describe("golive lead / join: refused with the next step, nothing recorded", () => {
  it("--force or --reason without --take", async () => {
    const before = await eventCount();
    for (const args of [["--force"], ["--reason", "ann is ill"], ["--force", "--reason", "x"]]) {
      const r = await g(["lead", ...args]);
      expect([r.code, r.stderr]).toEqual([2, "golive: --force and --reason go with --take\n"]);
    }
    expect(await eventCount()).toBe(before);
  });

  it("a session whose config has no team.s3: not a team session, and how to make one", async () => {
    const before = await eventCount();
    for (const args of [[], ["--take"]]) {
      const r = await g(["lead", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^golive: session \S+ is not a team session \(its config has no team\.s3\)\n/);
      expect(r.stderr).toContain(
        '→ add "team": { "s3": { "bucket": "…" } } to the environment config of a new session',
      );
    }
    expect(await eventCount()).toBe(before);
  });

  it("join with a config that has no team section", async () => {
    const s = await startSandbox();
    try {
      const cfg = join(tempDir("lead-cfg-"), "environment.json");
      writeFileSync(cfg, readConfigWithoutTeam(s.files.config));
      const r = await g(["join", "abc123", "--config", cfg]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `golive: ${cfg} has no team section\n  → add "team": { "s3": { "bucket": "…" } }\n`,
      );
    } finally {
      await s.sb.stop();
    }
  });
});

function readConfigWithoutTeam(file: string): string {
  const raw = JSON.parse(readFileSync(file, "utf8"));
  delete raw.team;
  return JSON.stringify(raw);
}
