/** What the benchmarks share: statistics, a sandbox whose API log can be awaited, a cockpit in tmux. */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { writeSandboxFiles } from "../source/commands/sandbox.js";
import { Sandbox } from "../source/sandbox/server.js";
import type { LogEntry } from "../source/sandbox/world.js";
import { TmuxSession, cockpitEnv as testCockpitEnv } from "../test/helpers/tmux.js";

export const exec = promisify(execFile);
export const ROOT = join(import.meta.dirname, "..");
export const BIN = join(ROOT, "bin", "golive.js");

const made: string[] = [];

/**
 * A temp dir removed when the bench exits: each run made ~20 of them and kept them all (263 dirs,
 * 25 MB in one day's /tmp). GOLIVE_BENCH_KEEP=1 keeps them, to look at a run's sessions after it.
 */
export function tempDir(prefix = "golive-bench-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!made.length && !process.env.GOLIVE_BENCH_KEEP)
    process.on("exit", () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  made.push(dir);
  return dir;
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  /** Interquartile range: the spread that a noisy neighbour moves least. */
  iqr: number;
}

export function summarize(xs: number[]): Summary {
  return {
    n: xs.length,
    p50: percentile(xs, 50),
    p95: percentile(xs, 95),
    p99: percentile(xs, 99),
    min: Math.min(...xs),
    max: Math.max(...xs),
    iqr: percentile(xs, 75) - percentile(xs, 25),
  };
}

export const ms = (x: number, digits = 1) => (Number.isFinite(x) ? `${x.toFixed(digits)} ms` : "–");

export function sleep(msec: number): Promise<void> {
  return new Promise((r) => setTimeout(r, msec));
}

/** A sandbox on free ports whose every logged API call can be awaited without polling. */
export async function benchSandbox(opts: Parameters<typeof Sandbox.start>[0] = {}) {
  const sb = await Sandbox.start({ port: 0, ...opts });
  const waiters: { pred: (e: LogEntry) => boolean; resolve: (e: LogEntry) => void }[] = [];
  const record = sb.world.record.bind(sb.world);
  sb.world.record = (entry) => {
    const e = record(entry);
    for (const w of [...waiters])
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    return e;
  };
  const dir = tempDir("golive-bench-sb-");
  const files = await writeSandboxFiles(sb, dir);
  return {
    sb,
    files,
    /** The next log entry matching `pred` (API call received, fault applied). */
    next(pred: (e: LogEntry) => boolean, timeoutMs = 60_000): Promise<LogEntry> {
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error("timed out waiting for the sandbox")), timeoutMs);
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(t);
            resolve(e);
          },
        });
      });
    },
  };
}

/** The cockpit's environment for the benchmarks: no colour, so screens compare as text. */
export function cockpitEnv(sessions: string, extra: Record<string, string> = {}): Record<string, string> {
  return testCockpitEnv(sessions, { GOLIVE_USER: "bench", NO_COLOR: "1", ...extra });
}

/**
 * `golive new` on the shipped checklist with the sandbox's environment; returns the session file. `bin`:
 * the build that will open it (what a build keeps beside its sessions is keyed by that build).
 */
export async function newSession(sessions: string, config: string, bin = BIN): Promise<string> {
  await exec(process.execPath, [bin, "new", "--runbook", "checklists/deployment.md", "--config", config], {
    cwd: ROOT,
    env: cockpitEnv(sessions),
  });
  return join(sessions, readdirSync(sessions).find((n) => n.endsWith(".json"))!);
}

export function sessionEvents(file: string): { type: string; at: string; data: Record<string, unknown> }[] {
  return JSON.parse(readFileSync(file, "utf8")).events;
}

export async function sendKey(t: TmuxSession, key: string): Promise<number> {
  const at = Date.now();
  await t.keys(key);
  return at;
}

export { TmuxSession };

export function machine(): string {
  const cpu = readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/)?.[1] ?? "unknown CPU";
  const cores = readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm)?.length ?? 0;
  const mem = Math.round(
    Number(readFileSync("/proc/meminfo", "utf8").match(/MemTotal:\s*(\d+)/)?.[1] ?? 0) / 1024 / 1024,
  );
  let disk = "";
  try {
    disk =
      execFileSync("df", ["-h", "--output=fstype,size", tmpdir()], { encoding: "utf8" })
        .split("\n")[1]
        ?.trim() ?? "";
  } catch {}
  return `${cpu}, ${cores} cores, ${mem} GiB RAM; temp dir on ${disk}`;
}

/** CPU seconds a process has used (utime + stime from /proc). */
export function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const parts = f.slice(f.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(parts[11]) + Number(parts[12]);
  return ticks / 100;
}

/** `golive sandbox` of the build measured, in its own process, answering once its files are written. */
export async function startSandboxProcess(
  bin: string,
  speed: number,
  port: number,
  dir: string,
  env: Record<string, string>,
): Promise<ChildProcess> {
  const [exe, ...flags] = (process.env.GOLIVE_BENCH_NODE ?? process.execPath).split(" ");
  const child = spawn(
    exe!,
    [...flags, bin, "sandbox", "--speed", String(speed), "--port", String(port), "--dir", dir],
    { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d;
  });
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(dir, "env.sh"))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`bench: golive sandbox did not start (exit ${child.exitCode}): ${stderr}`);
    }
    await sleep(50);
  }
  return child;
}

/** A process's resident set, MB (VmRSS from /proc). */
export function rssMbOf(pid: number): number {
  const kb = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s*(\d+)/)?.[1];
  return Number(kb ?? Number.NaN) / 1024;
}
