/** The step verdict for headless output (metrics, status, export): JSON and text lines, pure. */

import type { SessionState } from "./events.js";
import { shareCell, shareJson } from "./traffic-share.js";
import { verdictLine } from "./verdict.js";
import { type StepVerdict, stepVerdicts } from "./verdict-step.js";

export function verdictJson(v: StepVerdict | null): Record<string, unknown> | null {
  if (!v) return null;
  return {
    step: v.step,
    since: v.since,
    trust: v.trust,
    requirePass: v.requirePass ?? false,
    at: v.at === null ? null : new Date(v.at).toISOString(),
    ...v.verdict,
    ...(v.share ? { trafficShare: shareJson(v.share) } : {}),
  };
}

/**
 * Each canary step's verdict and traffic share at its end, for the JSON export and `status --json`:
 * derived from the recorded periods, so `golive verify` recomputes it from the chain.
 */
export function stepsJson(s: SessionState): Record<string, unknown>[] {
  return stepVerdicts(s).map((v) => verdictJson(v)!);
}

const pct = (x: number | null | undefined, d = 2) => (x == null ? "–" : x.toFixed(d));

/** "verdict at green 10 %: PASS" and its evidence, one line each; none before the first step. */
export function verdictLines(v: StepVerdict | null): string[] {
  if (!v) return ["verdict: none (no canary step with both arms serving)"];
  const e = v.verdict;
  const arm = (name: string, a: typeof e.blue) =>
    // Without an interval its two missing ends and the range's own dash ran together as "–––".
    `  ${name.padEnd(6)} ${a.errors}/${a.requests} errors = ${pct(a.rate)} % (95 % ${a.interval ? `${pct(a.interval.lower)}–${pct(a.interval.upper)}` : "– to –"})`;
  return [
    `verdict at green ${v.step} % (trust ${v.trust}${v.requirePass ? ", needs PASS" : ""}): ${verdictLine(e)}`,
    arm("blue", e.blue),
    arm("green", e.green),
    `  green − blue ${pct(e.errors.difference)} points (anytime-valid 95 % ${pct(e.errors.interval?.lower)} to ${pct(e.errors.interval?.upper)}; margin ${e.errors.marginPoints})`,
    `  p95 paired over ${e.latency.periods} periods: median green − blue ${e.latency.medianDifferenceMs === null ? "–" : `${e.latency.medianDifferenceMs.toFixed(0)} ms`} (margin ${e.latency.marginMs} ms; sequential sign test)`,
  ];
}

/** The record's table of step verdicts (Markdown; `esc` is the record's escaper). */
export function verdictRecordLines(vs: StepVerdict[]): string[] {
  if (!vs.length) return [];
  const lines = [
    "",
    "### Canary verdicts (at each step's end, from the recorded periods)",
    "",
    "| Green | From | Verdict | Trust | Green errors | Blue errors | Green − blue (95 %, anytime-valid) | p95 periods (median Δ) | Traffic share (green received vs listener weight) |",
    "|---:|---|---|---|---|---|---|---|---|",
  ];
  for (const v of vs) {
    const e = v.verdict;
    const arm = (a: typeof e.blue) => `${a.errors}/${a.requests} (${pct(a.rate)} %)`;
    lines.push(
      `| ${v.step} % | ${v.since} | ${verdictLine(e)} | ${v.trust} | ${arm(e.green)} | ${arm(e.blue)} | ${pct(e.errors.difference)} (${pct(e.errors.interval?.lower)} to ${pct(e.errors.interval?.upper)}) | ${e.latency.periods} (${e.latency.medianDifferenceMs === null ? "–" : `${e.latency.medianDifferenceMs.toFixed(0)} ms`}) | ${shareCell(v.share)} |`,
    );
  }
  return lines;
}
