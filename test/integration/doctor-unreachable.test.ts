/**
 * `golive doctor` when nothing answers at the environment's AWS endpoint (the sandbox stopped, a
 * proxy or VPC endpoint down): each AWS check fails with the socket's error, and its fix points at
 * the endpoint and the network — not at the listener ARN or IAM, which a check's own fix names when
 * AWS answered and refused. Exit 6.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

it("AWS endpoint not answering: every AWS check ✗ with the endpoint to check, exit 6", async () => {
  const s = await startSandbox();
  const sessions = tempDir();
  const g = (args: string[]) => golive(args, { sessions, env: { GOLIVE_USER: "ann" } });
  const raw = JSON.parse(readFileSync(s.files.config, "utf8"));
  // One attempt each: the test is about the words, not the SDK's retries.
  raw.aws = { ...raw.aws, maxAttempts: 1, timeoutMs: 2000 };
  delete raw.kubernetes;
  // Only blue's health URL: green's is optional, said as a warning with what it would add.
  delete raw.health.green;
  const cfg = join(tempDir("doctor-down-"), "environment.json");
  writeFileSync(cfg, JSON.stringify(raw));
  const endpoint = raw.aws.endpoint as string;
  try {
    const made = await g(["new", "--runbook", join(SEEDS, "deployment.md"), "--config", cfg, "--t0", "now"]);
    expect(made.code, made.stderr).toBe(0);
  } finally {
    await s.sb.stop();
  }
  const r = await g(["doctor"]);
  expect(r.code, r.stderr).toBe(6);
  const lines = r.stdout.split("\n").filter((l) => /^[✓!✗] /.test(l));
  const refused = `connection refused (connect ECONNREFUSED ${endpoint.slice(7)})`;
  const fix = `  → nothing answers at ${endpoint}: check aws.endpoint and this host's network`;
  expect(lines).toEqual([
    "✓ credentials: fixed sandbox credentials",
    `✗ listener: ${refused}${fix}`,
    `✗ target groups: ${refused}${fix}`,
    `✗ blue targets: ${refused}${fix}`,
    `! green targets: ${refused}${fix}`,
    `✗ ECS cluster: ${refused}${fix}`,
    `✗ ECS services: ${refused}${fix}`,
    `✗ CloudWatch: ${refused}${fix}`,
    expect.stringMatching(
      new RegExp(
        `^✗ blue health ${endpoint}/health/blue: ECONNREFUSED in \\d+ ms {2}→ check ${endpoint}/health/blue from this host$`,
      ),
    ),
    "! green health URL: not configured  → set health.green for faster signals than 60 s metrics",
  ]);
  // The least-privilege policy is still printed: it is read from the config, not from AWS.
  expect(r.stdout).toContain('"elasticloadbalancing:ModifyListener"');
});
