/**
 * A team session whose S3 does not answer (a closed port: no moto needed): every command keeps
 * working on this bastion's copy and says how much is not yet shared; status shows S3 unreachable;
 * a promote is refused saying nothing was sent and that rollback needs no S3; the rollback itself
 * works, read back from the sandbox's own state.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { setListener } from "../helpers/demo.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { startSandbox, weightsOnAws } from "../helpers/sandbox.js";

let s: Awaited<ReturnType<typeof startSandbox>>;
let cfg: string;
let s3: string;

beforeAll(async () => {
  s = await startSandbox();
  s3 = `http://127.0.0.1:${await freePortPair()}`;
  const raw = JSON.parse(readFileSync(s.files.config, "utf8"));
  raw.team = { s3: { bucket: "golive-team", endpoint: s3, region: "us-east-1" } };
  cfg = join(tempDir("team-offline-"), "environment.json");
  writeFileSync(cfg, JSON.stringify(raw));
});
afterAll(async () => {
  await s?.sb.stop();
});

const unreachable = (id: string) =>
  `could not list golive/${id}/events/ in s3://golive-team at ${s3}: S3 is unreachable (ECONNREFUSED: connect ECONNREFUSED ${s3.slice(7)})`;
const unshared = (n: number, id: string) =>
  `golive: ${n} event${n === 1 ? "" : "s"} of session ${id} not yet shared (${unreachable(id)}); kept here and shared the next time golive reaches S3 for this session\n`;

describe("team mode with S3 unreachable", () => {
  it("new, check, status, promote and rollback on this bastion's copy, each saying what is not shared", async () => {
    const sessions = tempDir();
    const g = (args: string[]) => golive(args, { sessions, env: { GOLIVE_USER: "ann" } });
    const made = await g([
      "new",
      "--runbook",
      join(SEEDS, "deployment.md"),
      "--config",
      cfg,
      "--t0",
      "now",
      "--json",
    ]);
    expect(made.code, made.stderr).toBe(0);
    const id = JSON.parse(made.stdout).id as string;
    expect(made.stderr).toBe(unshared(1, id));
    const text = await g(["new", "--runbook", join(SEEDS, "deployment.md"), "--config", cfg, "--t0", "now"]);
    expect(text.stdout).toMatch(
      /\n {2}team {5}NOT yet shared to s3:\/\/golive-team\/golive: could not list golive\//,
    );

    const checked = await g(["check", "i1", "--session", id]);
    expect([checked.code, checked.stderr]).toEqual([0, unshared(2, id)]);

    const status = await g(["status", "--session", id]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(
      `team (s3://golive-team/golive): S3 unreachable (${unreachable(id)}): this bastion's copy as it stands; 2 events here not yet shared (S3 never confirmed any from here); other bastions may be ahead`,
    );
    const json = JSON.parse((await g(["status", "--json", "--session", id])).stdout);
    expect(json.team).toEqual({ newer: 0, unshared: 2, diverged: 0, offline: unreachable(id) });

    // Promote: the fence is in S3; nothing is sent, and the lead is told rollback does not need S3.
    const promote = await g(["promote", "--yes", "--override", "drill", "--session", id]);
    expect(promote.code).toBe(6);
    const lines = promote.stderr.split("\n");
    expect(lines).toContain(
      `golive: promote: nothing was sent: could not read golive/${id}/fence.json in s3://golive-team at ${s3}: S3 is unreachable (ECONNREFUSED: connect ECONNREFUSED ${s3.slice(7)})`,
    );
    expect(lines).toContain(
      "  → check the bucket, the endpoint and the credentials (`aws s3api head-bucket --bucket …`); a rollback needs neither S3 nor the lease: `golive rollback` works without S3",
    );
    expect(weightsOnAws(s.sb)).toEqual({ blue: 100, green: 0 });

    // An engineer moved 10 % to green by hand (the aws CLI): the rollback still takes it back without S3.
    await setListener(Number(new URL(s.sb.awsUrl).port), 90, 10);
    expect(weightsOnAws(s.sb)).toEqual({ blue: 90, green: 10 });
    const rb = await g(["rollback", "--yes", "--reason", "S3 away", "--session", id]);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stdout).toContain("✓ rollback confirmed by AWS: blue 100 / green 0");
    expect(rb.stderr).toMatch(/^golive: \d+ events of session \S+ not yet shared \(could not list /m);
    expect(weightsOnAws(s.sb)).toEqual({ blue: 100, green: 0 });
    const after = JSON.parse((await g(["status", "--json", "--session", id])).stdout);
    expect(after.team.unshared).toBeGreaterThan(2);
    expect(after.team.offline).toBe(unreachable(id));
  });
});
