/**
 * Runs a runbook command with bash, after the person confirmed that exact command. Values golive
 * provides (listener ARN, target groups, recorded fields) arrive as environment variables, never
 * spliced into the command text, so no recorded value can inject shell syntax.
 */
import { spawn } from "node:child_process";
import type { ShellPort, ShellResult } from "../domain/ports.js";
import { redact } from "../domain/redact.js";

const MAX_OUTPUT = 64 * 1024;

export class BashShell implements ShellPort {
  run(
    command: string,
    opts: { env: Record<string, string>; timeoutMs: number; cwd?: string },
  ): Promise<ShellResult> {
    const started = performance.now();
    return new Promise((resolve) => {
      const child = spawn("bash", ["-c", command], {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...opts.env },
        cwd: opts.cwd,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let output = "";
      let truncated = false;
      const take = (d: Buffer) => {
        if (output.length < MAX_OUTPUT) output += d.toString("utf8");
        else truncated = true;
      };
      child.stdout.on("data", take);
      child.stderr.on("data", take);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }, opts.timeoutMs);
      const finish = (code: number | null) => {
        clearTimeout(timer);
        const text = output.slice(0, MAX_OUTPUT) + (truncated ? "\n[output truncated]" : "");
        resolve({ exitCode: code, output: redact(text), timedOut, ms: performance.now() - started });
      };
      child.on("error", (e) => {
        output += String(e.message);
        finish(null);
      });
      child.on("close", (code) => finish(timedOut ? null : code));
    });
  }
}
