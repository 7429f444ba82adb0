/**
 * CLI start-up (issue 14): CPU of `golive --help` and `golive status` side by side with the runtime's
 * own floor (`node -e 0`) and the tools a lead already uses, interleaved in one run so a noisy
 * machine moves them together. CPU is user+sys of the whole process, from bash's `times`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { SessionStore } from "../source/session/store.js";
import { BIN, cockpitEnv, ROOT, type Summary, summarize, tempDir } from "./lib.js";

export interface CliRow {
  command: string;
  cpuMs: Summary;
  /** Median CPU over `node -e 0`'s median. */
  ratio: number;
  target?: number;
}
export interface CliResult {
  rows: CliRow[];
  runs: number;
  load: [number, number];
}

/**
 * A session of the shipped blue/green runbook with 1,000 events: 333 checks, the rest notes. The
 * last one is noted by the built golive, as every session golive writes is: its writer leaves the
 * kept state (session/state-cache.ts) that `status` reads. `warm: false` stops before it, as a
 * session looks to the first golive of a new build (the events were appended by this bench's
 * source store, a build of its own).
 */
async function thousandEventSession(warm: boolean): Promise<string> {
  const sessions = tempDir();
  execFileSync(process.execPath, [BIN, "new", "--runbook", "checklists/go-live.md"], {
    cwd: ROOT,
    env: cockpitEnv(sessions),
    stdio: "ignore",
  });
  const file = join(sessions, readdirSync(sessions).find((n) => n.endsWith(".json"))!);
  const store = await SessionStore.open(file, { write: true, command: "bench" });
  try {
    for (let n = 1; store.events.length < (warm ? 999 : 1000); n++) {
      if (n <= 333) await store.append("item.checked", { item: `i${n}` }, "bench");
      else await store.append("note.added", { text: `note ${n}` }, "bench");
    }
  } finally {
    await store.close();
  }
  if (warm)
    execFileSync(process.execPath, [BIN, "note", "the 1,000th event"], {
      cwd: ROOT,
      env: cockpitEnv(sessions),
      stdio: "ignore",
    });
  return sessions;
}

/** CPU milliseconds (user+sys) of one run of `argv`, its output discarded. */
function cpuMs(argv: string[], env: NodeJS.ProcessEnv): number {
  const r = spawnSync("bash", ["-c", '"$@" >/dev/null 2>&1; times', "_", ...argv], { env, encoding: "utf8" });
  const children = r.stdout.trim().split("\n").at(-1) ?? "";
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (secs.length !== 2) throw new Error(`bench: no times for ${argv.join(" ")}: ${r.stdout}${r.stderr}`);
  return (secs[0]! + secs[1]!) * 1000;
}

const has = (cmd: string) => spawnSync("bash", ["-c", `command -v ${cmd}`]).status === 0;
const loadavg = () => Number(execFileSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).split(" ")[0]);

export async function benchCli(runs: number): Promise<CliResult> {
  const sessions = await thousandEventSession(true);
  const cold = await thousandEventSession(false);
  const env = { ...process.env, ...cockpitEnv(sessions), NODE_ENV: "production" };
  const node = process.execPath;
  const commands: { command: string; argv: string[]; target?: number }[] = [
    { command: "`node -e 0`", argv: [node, "-e", "0"] },
    ...(has("kubectl")
      ? [{ command: "`kubectl version --client`", argv: ["kubectl", "version", "--client"] }]
      : []),
    ...(has("aws") ? [{ command: "`aws --version`", argv: ["aws", "--version"] }] : []),
    { command: "`golive --help`", argv: [node, BIN, "--help"], target: 1.3 },
    {
      command: "`golive status` (blue/green runbook, 1,000 events)",
      argv: [node, BIN, "status"],
      target: 1.6,
    },
    {
      command: "`golive status`, same session before any golive of this build wrote it (no kept state)",
      argv: [node, BIN, "status", "--sessions", cold],
    },
  ];
  const samples = commands.map(() => [] as number[]);
  const loads = [loadavg()];
  for (let i = 0; i < runs; i++)
    for (const [j, c] of commands.entries()) samples[j]!.push(cpuMs(c.argv, env));
  loads.push(loadavg());
  const floor = summarize(samples[0]!).p50;
  return {
    runs,
    load: [Math.min(...loads), Math.max(...loads)],
    rows: commands.map((c, j) => {
      const s = summarize(samples[j]!);
      return { command: c.command, cpuMs: s, ratio: s.p50 / floor, target: c.target };
    }),
  };
}

export function cliMarkdown(r: CliResult, verdict: (ok: boolean) => string): string[] {
  const out = [
    "## 3a. CLI start-up",
    "",
    `CPU (user+sys) of the whole process, ${r.runs} runs of each, interleaved; median (min–max). Load average ${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)} on this machine during the runs.`,
    "",
    "| command | CPU | ÷ `node -e 0` | target |",
    "|---|---|---|---|",
  ];
  for (const x of r.rows)
    out.push(
      `| ${x.command} | ${x.cpuMs.p50.toFixed(0)} ms (${x.cpuMs.min.toFixed(0)}–${x.cpuMs.max.toFixed(0)}) | ${x.ratio.toFixed(2)}× | ${x.target ? `≤ ${x.target}×: ${verdict(x.ratio <= x.target)}` : ""} |`,
    );
  out.push("");
  return out;
}
