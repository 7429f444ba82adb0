/**
 * The cockpit's first frame (issue 14: ≤ 300 ms after spawn in tmux, at 80×24 and 200×50, for
 * `golive open` on an existing session and `golive demo`). Each run spawns the command in a fresh
 * tmux pane and polls the screen until the first complete frame (header with its T-clock, the
 * timeline, both metric panes); the cockpit's own GOLIVE_PROFILE line says when, in its process's
 * uptime and CPU, Ink wrote that frame. Runs are interleaved (open/demo, both sizes, and with
 * `--base DIR` another build's bin/golive.js beside this one), so a noisy machine hits all alike.
 *
 *   npx tsx bench/first-frame.ts [--runs 7] [--base /path/to/other/checkout]
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import { freePortPair } from "../test/helpers/ports.js";
import { complete, profileOf, until } from "./cockpit.js";
import {
  BIN,
  benchSandbox,
  cockpitEnv,
  newSession,
  type Summary,
  summarize,
  TmuxSession,
  tempDir,
} from "./lib.js";

export interface FirstFrameRow {
  build: string;
  which: "open" | "demo";
  size: string;
  toScreenMs: Summary;
  uptimeMs: Summary;
  cpuMs: Summary;
  load: { min: number; max: number };
}

export async function benchFirstFrame(runs: number, builds: Record<string, string> = { this: BIN }) {
  const sizes = [
    { columns: 80, rows: 24 },
    { columns: 200, rows: 50 },
  ];
  const raw = new Map<string, { s: number[]; u: number[]; c: number[]; l: number[] }>();
  const { sb, files } = await benchSandbox();
  try {
    for (let i = 0; i < runs; i++)
      for (const [build, bin] of Object.entries(builds))
        for (const which of ["open", "demo"] as const)
          for (const size of sizes) {
            const sessions = tempDir();
            if (which === "open") await newSession(sessions, files.config, bin);
            const profile = join(tempDir(), "profile.jsonl");
            const command =
              which === "demo" ? `node ${bin} demo --port ${await freePortPair()}` : `node ${bin} open`;
            const l0 = loadavg()[0]!;
            const at = Date.now();
            const t = await TmuxSession.start(
              `ff-${which}-${size.columns}-${i}`,
              size,
              command,
              cockpitEnv(sessions, { GOLIVE_PROFILE: profile }),
            );
            try {
              await until(t, complete, `${which} first frame`, 60_000, 5);
              const ms = Date.now() - at;
              await t.keys("q");
              await until(t, (s) => s.includes("[exited"), "exit", 30_000);
              const first = profileOf(profile).find((l) => l.t === "frame") as
                | { uptimeMs: number; cpuUs?: number }
                | undefined;
              const key = `${build}|${which}|${size.columns}×${size.rows}`;
              const r = raw.get(key) ?? { s: [], u: [], c: [], l: [] };
              r.s.push(ms);
              if (first) r.u.push(first.uptimeMs);
              if (first?.cpuUs) r.c.push(first.cpuUs / 1000);
              r.l.push(l0, loadavg()[0]!);
              raw.set(key, r);
            } finally {
              t.kill();
            }
          }
  } finally {
    await sb.stop();
  }
  return [...raw].map(([key, r]): FirstFrameRow => {
    const [build, which, size] = key.split("|") as [string, "open" | "demo", string];
    return {
      build,
      which,
      size,
      toScreenMs: summarize(r.s),
      uptimeMs: summarize(r.u),
      cpuMs: summarize(r.c),
      load: { min: Math.min(...r.l), max: Math.max(...r.l) },
    };
  });
}

const range = (s: Summary) => `${s.p50.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;

export function firstFrameMarkdown(rows: FirstFrameRow[]): string {
  const lines = [
    "| build | command | size | spawn → screen, ms | process start → frame written, ms | CPU to the frame, ms | load | target ≤ 300 ms |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows)
    lines.push(
      `| ${r.build} | \`golive ${r.which}\` | ${r.size} | ${range(r.toScreenMs)} | ${range(r.uptimeMs)} | ${range(r.cpuMs)} | ${r.load.min.toFixed(1)}–${r.load.max.toFixed(1)} | ${r.toScreenMs.p50 <= 300 ? "**met**" : "**missed**"} |`,
    );
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The tmux control client does not hold the process open (bench/run.ts says why).
  setInterval(() => {}, 1 << 30);
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const base = arg("--base");
  const builds: Record<string, string> = base
    ? { base: join(base, "bin", "golive.js"), this: BIN }
    : { this: BIN };
  console.log(firstFrameMarkdown(await benchFirstFrame(Number(arg("--runs") ?? 7), builds)));
  process.exit(0);
}
