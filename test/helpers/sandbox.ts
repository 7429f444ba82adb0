import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { writeSandboxFiles } from "../../source/commands/sandbox.js";
import { type FullEnvConfig, validateEnvConfig } from "../../source/domain/config.js";
import { Sandbox } from "../../source/sandbox/server.js";
import { runAwsCli } from "./aws-batch.js";
import { awsEnv } from "./aws-clis.js";

const exec = promisify(execFile);

export const T0 = Date.parse("2026-11-23T12:00:00Z");

/** A sandbox on free loopback ports with a clock that moves only when the test moves it. */
export async function startSandbox(opts: Parameters<typeof Sandbox.start>[0] = {}) {
  const sb = await Sandbox.start({ port: 0, manualClock: true, start: T0, ...opts });
  const dir = mkdtempSync(join(tmpdir(), "golive-sb-"));
  const files = await writeSandboxFiles(sb, dir);
  const raw = JSON.parse((await import("node:fs")).readFileSync(files.config, "utf8"));
  const v = validateEnvConfig(raw);
  if (!v.ok) throw new Error(`sandbox wrote an invalid config: ${v.problems.join("; ")}`);
  return { sb, files, config: v.config as FullEnvConfig };
}

export { awsEnv, findAwsClis } from "./aws-clis.js";

export async function runAws(cli: string, endpoint: string, args: string[]) {
  return runAwsCli(cli, ["--endpoint-url", endpoint, "--output", "json", ...args], awsEnv(endpoint));
}

export async function runKubectl(kubeconfig: string, args: string[]) {
  try {
    const r = await exec("kubectl", args, {
      env: { PATH: process.env.PATH, KUBECONFIG: kubeconfig, HOME: tmpdir() },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Moves a running sandbox's clock forward through its admin API (the demo's session clock too). */
export async function advanceSandboxClock(port: number, ms: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/_sandbox/clock`, {
    method: "POST",
    body: JSON.stringify({ advanceMs: ms }),
    headers: { "content-type": "application/json" },
  });
  if (!res.ok) throw new Error(`sandbox clock: HTTP ${res.status} ${await res.text()}`);
}

/** A running sandbox's clock now (ms), through its admin API. */
export async function sandboxNow(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/_sandbox/clock`);
  if (!res.ok) throw new Error(`sandbox clock: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { now: number }).now;
}

/** The listener's weights as the sandbox itself holds them (never read through golive's adapters). */
export function weightsOnAws(sb: Pick<import("../../source/sandbox/server.js").Sandbox, "state">) {
  const w = sb.state().weights as Record<string, number | undefined>;
  return { blue: w.blue ?? 0, green: w.green ?? 0 };
}
