/** golive as a child process, measured: wall time from outside, CPU time and peak RSS from inside. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, ROOT, tempDir } from "./paths.js";

export interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

export function measuredGolive(args: string[], env: Record<string, string>, cwd = ROOT): Promise<Measured> {
  const out = join(tempDir("golive-measure-"), "usage.json");
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "test", "helpers", "measured.mjs"), BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env, GOLIVE_MEASURE_OUT: out },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const u = JSON.parse(readFileSync(out, "utf8")) as { cpuMs: number; maxRssKb: number };
      resolve({ code: code ?? -1, stdout, stderr, wallMs, cpuMs: u.cpuMs, maxRssMb: u.maxRssKb / 1024 });
    });
  });
}
