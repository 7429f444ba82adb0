/**
 * The HTML sign-off record of a 24-hour go-live (issue 22: ≤ 2 MB, rendering ≤ 1 s): a session on
 * the sandbox promoted 10 → 50 → 100 %, polled every sandbox minute for 24 hours (one recorded
 * period per minute, the T+ checkpoints, a green fault every 4 hours with its alerts), then
 * `export --format html` timed in-process, several times, on the finished session.
 */
import { cpSync, statSync } from "node:fs";
import { join } from "node:path";
import { golive } from "../test/helpers/cli.js";
import { engineOnSandbox, minutes } from "../test/helpers/engine.js";
import { type Summary, summarize } from "./lib.js";

export interface ReportResult {
  hours: number;
  events: number;
  periods: number;
  bytes: number;
  renderMs: Summary;
}

export async function benchReport(hours = 24, runs = 7): Promise<ReportResult> {
  const rig = await engineOnSandbox();
  const { engine, sb, store } = rig;
  try {
    for (const step of [10, 50, 100]) {
      await engine.controller.promote({ greenPercent: step, by: "bench", override: "bench" });
      for (let m = 0; m < 12; m++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
    }
    for (let m = 0; m < hours * 60; m++) {
      if (m % 240 === 120) sb.applyFault({ type: "error-rate", target: "green", value: 0.03 });
      if (m % 240 === 130) sb.applyFault({ type: "clear" });
      minutes(sb, 1);
      await engine.monitor.pollMetrics();
      if (m % 5 === 0) await engine.monitor.pollListener();
    }
    await store.close();
    const out = join(store.file, "..", "bench.html");
    // GOLIVE_BENCH_KEEP=dir keeps the session to profile the export on (node --cpu-prof).
    if (process.env.GOLIVE_BENCH_KEEP)
      cpSync(join(store.file, ".."), process.env.GOLIVE_BENCH_KEEP, { recursive: true });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      // CPU time of this process, not wall time: the machine is shared, and a wall clock measures the neighbours.
      const c0 = process.cpuUsage();
      const r = await golive([
        "export",
        "--session",
        store.file,
        "--format",
        "html",
        "--out",
        out,
        "--force",
      ]);
      const c = process.cpuUsage(c0);
      times.push((c.user + c.system) / 1000);
      if (r.code !== 0) throw new Error(`export --format html: exit ${r.code}: ${r.stderr}`);
    }
    const events = store.events;
    return {
      hours,
      events: events.length,
      periods: events.filter((e) => e.type === "metrics.period").length,
      bytes: statSync(out).size,
      renderMs: summarize(times),
    };
  } finally {
    await rig.stop();
  }
}

export function reportMarkdown(r: ReportResult): string[] {
  return [
    "",
    "## HTML sign-off record (issue 22)",
    "",
    `A ${r.hours}-hour session on the sandbox (${r.events} events, ${r.periods} recorded periods), exported with \`golive export --format html\` in-process (open, verify-on-load, render, atomic write), ${r.renderMs.n} runs.`,
    "",
    "| measure | result | target |",
    "|---|---|---|",
    `| page size | ${(r.bytes / 1_000_000).toFixed(2)} MB | ≤ 2 MB |`,
    `| export CPU time (median, min–max) | ${r.renderMs.p50.toFixed(0)} ms (${r.renderMs.min.toFixed(0)}–${r.renderMs.max.toFixed(0)}) | ≤ 1 s |`,
  ];
}
