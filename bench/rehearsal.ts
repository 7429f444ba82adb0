/**
 * The canary rehearsal (issue 16): many 10 % canary steps in the sandbox at compressed time (its
 * world on a manual clock: the traffic model, the ALB's weighted split and CloudWatch's per-period
 * store, the same data `GetMetricData` answers), green identical to blue and green worse by a
 * fault of known size, each judged after every settled period over a 10-minute dwell by:
 *   (a) the seed's fixed rollback thresholds (error rate > 5 %, p95 > 100 ms per period);
 *   (b) golive: those triggers (they still fire whatever the statistics say) or a verdict of FAIL,
 *       plus its early read of a period that has not settled (an error rate whose 99.9 % lower
 *       bound is past the threshold, or a p90 past the p95 threshold on enough requests, flagged
 *       one 15 s poll after the period ends);
 *   (c) a Kayenta-like judge: per-period values of both arms compared with Mann-Whitney at 98 %
 *       after every period (bench/mann-whitney.ts).
 * Reported: the false-rollback rate on identical arms (with its 95 % interval), and per fault size
 * the detection rate and the median time to detect (period end + the 60 s settle golive waits, or
 * + one poll for golive's early read).
 *
 * `node --import tsx bench/rehearsal.ts [--quick] [--write]`; `--write` replaces its section of
 * bench/RESULTS.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PeriodPoint } from "../source/domain/ports.js";
import type { Threshold } from "../source/domain/thresholds.js";
import { computeVerdict, DEFAULT_VERDICT } from "../source/domain/verdict.js";
import { wilson } from "../source/domain/verdict-stats.js";
import { judgePeriod } from "../source/engine/triggers.js";
import { judgeYoungPeriod } from "../source/engine/young-period.js";
import { createClock } from "../source/sandbox/clock.js";
import { scenarioSchema } from "../source/sandbox/scenario.js";
import { metricKey, PERIOD_MS, statistic, World } from "../source/sandbox/world.js";
import { mannWhitneyGreater } from "./mann-whitney.js";

export interface FaultSize {
  name: string;
  /** Green's error rate above blue's, in percentage points. */
  errorPoints?: number;
  /** Green's p95 above blue's, in ms. */
  p95Ms?: number;
}

export const FAULT_SIZES: FaultSize[] = [
  { name: "identical arms" },
  { name: "error rate +1 point", errorPoints: 1 },
  { name: "error rate +2 points", errorPoints: 2 },
  { name: "error rate +5 points", errorPoints: 5 },
  { name: "p95 +20 ms", p95Ms: 20 },
  { name: "p95 +50 ms", p95Ms: 50 },
  { name: "p95 +100 ms", p95Ms: 100 },
];

const LOOKS = 10; // the seed's 10-minute dwell, one look per settled 60 s period
const SETTLE_MS = 60_000;

const POLL_MS = 15_000; // golive's default metrics poll
const BASE = { errorRate: 0.002, latency: { medianMs: 18, p95Ms: 34 } };

const SEED_ROLLBACK = {
  errorRate: { op: ">", value: 5 } as Threshold,
  latencyP95: { op: ">", value: 100 } as Threshold,
};

const KAYENTA_ALPHA = 0.01; // 98 % two-sided, one side

type Judge = "fixed" | "golive" | "mannWhitney";

const JUDGES: Judge[] = ["fixed", "golive", "mannWhitney"];

export interface Cell {
  fault: string;
  rps: number;
  runs: number;
  /** Runs each judge flagged, and the time to detect (ms after the step began) of each flag. */
  flagged: Record<Judge, number>;
  ttd: Record<Judge, number[]>;
  /** golive only: runs its verdict ended PASS / NOT ENOUGH EVIDENCE at the dwell's end. */
  pass: number;
  notEnough: number;
  verdictFails: number;
}

function worldFor(rps: number, seed: number): World {
  const scenario = scenarioSchema.parse({ seed, traffic: { rps } });
  for (const tg of scenario.targetGroups)
    Object.assign(tg, { errorRate: BASE.errorRate, latency: BASE.latency });
  const start = Math.ceil(Date.parse("2026-11-23T12:00:00Z") / PERIOD_MS) * PERIOD_MS;
  return new World(scenario, createClock({ manual: true, start }));
}

/** One period of one arm as CloudWatch answers it (null: no datapoint). */
function periodOf(w: World, key: string, t: number): PeriodPoint | null {
  const tg = w.alb.tgByKey(key);
  const dims = [
    { Name: "TargetGroup", Value: tg.dimension },
    { Name: "LoadBalancer", Value: w.alb.loadBalancer.dimension },
  ];
  const at = (name: string) => w.cw.visiblePoints(metricKey("AWS/ApplicationELB", name, dims)).get(t);
  const req = at("RequestCount");
  if (!req) return null;
  const p95 = at("TargetResponseTime");
  return {
    t,
    periodMs: PERIOD_MS,
    requests: statistic([req], "Sum") ?? 0,
    errors: statistic(at("HTTPCode_Target_5XX_Count") ? [at("HTTPCode_Target_5XX_Count")!] : [], "Sum") ?? 0,
    p95Ms: p95 ? (statistic([p95], "p95") ?? 0) * 1000 : null,
    // What golive's CloudWatch adapter also asks for: with the count, it proves a p95 breach early.
    p90Ms: p95 ? (statistic([p95], "p90") ?? 0) * 1000 : null,
  };
}

function stepTo(w: World, greenPercent: number): void {
  const blue = w.alb.tgByKey("blue").arn;
  const green = w.alb.tgByKey("green").arn;
  w.setListenerActions([
    {
      Type: "forward",
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: blue, Weight: 100 - greenPercent },
          { TargetGroupArn: green, Weight: greenPercent },
        ],
      },
    },
  ]);
}

export function rehearse(rps: number, fault: FaultSize, runs: number, seed: number): Cell {
  const w = worldFor(rps, seed);
  if (fault.errorPoints) w.setTrafficFault("green", { errorRate: BASE.errorRate + fault.errorPoints / 100 });
  if (fault.p95Ms)
    w.setTrafficFault("green", {
      latencyMultiplier: (BASE.latency.p95Ms + fault.p95Ms) / BASE.latency.p95Ms,
    });
  stepTo(w, 10);
  const cell: Cell = {
    fault: fault.name,
    rps,
    runs,
    flagged: { fixed: 0, golive: 0, mannWhitney: 0 },
    ttd: { fixed: [], golive: [], mannWhitney: [] },
    pass: 0,
    notEnough: 0,
    verdictFails: 0,
  };
  for (let run = 0; run < runs; run++) {
    // Each run is a fresh step of LOOKS periods at 10 %, the next slice of the same sandbox's traffic.
    const start = w.clock.now();
    const blue: PeriodPoint[] = [];
    const green: PeriodPoint[] = [];
    const at: Partial<Record<Judge, number>> = {};
    let last = "";
    for (let k = 0; k < LOOKS; k++) {
      const t = start + k * PERIOD_MS;
      w.clock.advance(PERIOD_MS);
      w.advance();
      const b = periodOf(w, "blue", t);
      const g = periodOf(w, "green", t);
      if (b) blue.push(b);
      if (g) green.push(g);
      const when = (k + 1) * PERIOD_MS + SETTLE_MS;
      // golive reads the period at the first poll after it ends, for proven breaches only.
      if (g && judgeYoungPeriod(t, { green: [g] }, SEED_ROLLBACK, PERIOD_MS).findings.length)
        at.golive ??= (k + 1) * PERIOD_MS + POLL_MS;
      const trig = g ? judgePeriod(t, { green: [g] }, SEED_ROLLBACK, PERIOD_MS).findings.length > 0 : false;
      if (trig) at.fixed ??= when;
      const v = computeVerdict(blue, green, DEFAULT_VERDICT);
      last = v.result;
      if (v.result === "FAIL" && at.golive === undefined) cell.verdictFails++;
      if (trig || v.result === "FAIL") at.golive ??= when;
      const rate = (p: PeriodPoint) => (p.errors + (p.connectionErrors ?? 0)) / p.requests;
      const p95s = (ps: PeriodPoint[]) => ps.filter((p) => p.p95Ms !== null).map((p) => p.p95Ms!);
      if (
        mannWhitneyGreater(green.map(rate), blue.map(rate)) < KAYENTA_ALPHA ||
        mannWhitneyGreater(p95s(green), p95s(blue)) < KAYENTA_ALPHA
      )
        at.mannWhitney ??= when;
    }
    if (last === "PASS") cell.pass++;
    if (last === "NOT ENOUGH EVIDENCE") cell.notEnough++;
    for (const j of JUDGES)
      if (at[j] !== undefined) {
        cell.flagged[j]++;
        cell.ttd[j].push(at[j]!);
      }
  }
  return cell;
}

const median = (xs: number[]) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const mmss = (ms: number) =>
  Number.isFinite(ms)
    ? `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}`
    : "–";

function rateText(x: number, n: number): string {
  const ci = wilson(x, n);
  return `${((100 * x) / n).toFixed(1)} % (${x}/${n}; 95 % ${(100 * ci.lower).toFixed(1)}–${(100 * ci.upper).toFixed(1)})`;
}

export function rehearsalMarkdown(cells: Cell[], o: { seconds: number; quick: boolean }): string[] {
  const lines = [
    "## 9. Canary rehearsal: false rollbacks and detection",
    "",
    `\`node --import tsx bench/rehearsal.ts${o.quick ? " --quick" : ""} --write\` — ${new Date().toISOString()}, ${o.seconds.toFixed(0)} s. A 10 % step held for the seed's 10-minute dwell, judged after each settled 60 s period, in the sandbox at compressed time (its traffic model, weighted split and per-period CloudWatch store on a manual clock). Blue: ${(BASE.errorRate * 100).toFixed(1)} % errors, p95 ${BASE.latency.p95Ms} ms; green identical, or worse by the fault. (a) the seed's fixed rollback thresholds (> 5 %, > 100 ms per period); (b) golive: those triggers (read early too: a period whose error rate is proven past 5 %, or whose p90 is past 100 ms on enough requests to prove p95 > 100 ms, at 99.9 %, flags at the first 15 s poll after it ends, before it settles) or a verdict of FAIL (defaults: margin ${DEFAULT_VERDICT.errorMarginPoints} points / ${DEFAULT_VERDICT.latencyMarginMs} ms, false-FAIL budget 1 % per step over every look); (c) Kayenta-like: Mann-Whitney at 98 % on per-period error rate and p95, after every period.`,
    "",
    "False rollbacks (identical arms: a trigger fired or the verdict was FAIL), goal ≤ 1 % at the default settings:",
    "",
    "| traffic (total) | runs | (a) fixed thresholds | (b) golive | (c) Mann-Whitney | golive verdict at the dwell's end |",
    "|---:|---:|---|---|---|---|",
  ];
  for (const c of cells.filter((x) => x.fault === "identical arms"))
    lines.push(
      `| ${c.rps} req/s | ${c.runs} | ${rateText(c.flagged.fixed, c.runs)} | ${rateText(c.flagged.golive, c.runs)} | ${rateText(c.flagged.mannWhitney, c.runs)} | PASS ${c.pass}, NOT ENOUGH EVIDENCE ${c.notEnough} |`,
    );
  const same = cells.filter((x) => x.fault === "identical arms");
  if (same.length > 1) {
    const runs = same.reduce((a, c) => a + c.runs, 0);
    const sum = (j: Judge) => same.reduce((a, c) => a + c.flagged[j], 0);
    lines.push(
      `| both | ${runs} | ${rateText(sum("fixed"), runs)} | ${rateText(sum("golive"), runs)} | ${rateText(sum("mannWhitney"), runs)} | PASS ${same.reduce((a, c) => a + c.pass, 0)} |`,
    );
  }
  lines.push(
    "",
    "Detection (runs flagged within the dwell) and median time to detect (m:ss after the step, settle included):",
    "",
    "| fault | traffic | runs | (a) fixed thresholds | (b) golive | (c) Mann-Whitney |",
    "|---|---:|---:|---|---|---|",
  );
  for (const c of cells.filter((x) => x.fault !== "identical arms"))
    lines.push(
      `| ${c.fault} | ${c.rps} req/s | ${c.runs} | ${JUDGES.map((j) => `${((100 * c.flagged[j]) / c.runs).toFixed(0)} %, ${mmss(median(c.ttd[j]))}`).join(" | ")} |`,
    );
  lines.push("");
  return lines;
}

/** Replaces (or appends) this bench's section of RESULTS.md, leaving every other section as it was. */
export function writeSection(file: string, section: string[]): void {
  const text = readFileSync(file, "utf8");
  const head = "## 9. Canary rehearsal";
  const a = text.indexOf(head);
  const body = section.join("\n");
  if (a < 0) return writeFileSync(file, `${text.trimEnd()}\n\n${body}\n`);
  const next = text.indexOf("\n## ", a + head.length);
  writeFileSync(file, `${text.slice(0, a)}${body}${next < 0 ? "\n" : text.slice(next)}`);
}

export function benchRehearsal(quick: boolean): Cell[] {
  // 500 identical-arm runs per traffic level: 1,000 back the false-rollback figure (zero false
  // alarms in 1,000 bound the rate at 0.4 % with 95 % confidence; 200 would only bound it at 1.8 %).
  const identical = quick ? 100 : 500;
  const perFault = quick ? 30 : 200;
  const cells: Cell[] = [];
  for (const [i, rps] of [50, 500].entries())
    for (const [j, f] of FAULT_SIZES.entries()) {
      const runs = f.errorPoints || f.p95Ms ? perFault : identical;
      cells.push(rehearse(rps, f, runs, 1600 + 100 * i + j));
      process.stderr.write(".");
    }
  process.stderr.write("\n");
  return cells;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes("--quick");
  const t = Date.now();
  const cells = benchRehearsal(quick);
  const md = rehearsalMarkdown(cells, { seconds: (Date.now() - t) / 1000, quick });
  process.stdout.write(`${md.join("\n")}\n`);
  if (process.argv.includes("--write")) writeSection(join(import.meta.dirname, "RESULTS.md"), md);
}
