/**
 * Data-plane read-back: did green receive the share of requests the listener says it gets? Over the
 * dwell (the recorded periods since AWS confirmed the weights, at those weights), green's requests
 * out of both arms' (per-target-group RequestCount) against green's weight, with a Wilson score
 * interval at 99.9 %: it is re-read after every period, so each look spends little of the
 * false-alarm budget. The listener's weights are what ALB aims at, not an exact split, so the
 * share must fall within a tolerance band around the weight:
 *
 *   the interval lies inside the band   → consistent
 *   the interval lies outside the band  → MISMATCH ("listener says 50/50 but green received 3 %")
 *   otherwise (few requests)            → NOT ENOUGH EVIDENCE, never "fine"
 *
 * A higher-priority listener rule, stickiness, a second listener or an unregistered target all send
 * green less (or more) than its weight; the listener read alone cannot see any of them. Pure.
 */

import { countText } from "./count-text.js";
import type { SessionState, Weights } from "./events.js";
import type { GateCheck } from "./gate.js";
import type { TrustLevel } from "./triggers.js";
import { type TriggerPolicies, trustEffects, trustInForce } from "./trust.js";
import { type Interval, wilson } from "./verdict-stats.js";

export const SHARE_CONFIDENCE = 0.999;
/** How far (percentage points) the received share may sit from the weight and still be consistent. */
export const SHARE_TOLERANCE_POINTS = 2;

export type ShareResult = "CONSISTENT" | "MISMATCH" | "NOT ENOUGH EVIDENCE";

export interface TrafficShare {
  weights: Weights;
  /** Requests each arm's target group counted over the dwell. */
  blue: number;
  green: number;
  /** Green's share of both, percent; null without requests. */
  sharePercent: number | null;
  /** Its interval, percent. */
  interval: Interval;
  band: Interval;
  result: ShareResult;
  /** Settled periods behind it, and the end of the newest (ms). */
  periods: number;
  at: number | null;
}

/** Green's received share against its weight, from the requests each arm counted. */
export function judgeShare(
  weights: Weights,
  blue: number,
  green: number,
  tolerancePoints = SHARE_TOLERANCE_POINTS,
): Pick<TrafficShare, "sharePercent" | "interval" | "band" | "result"> {
  const n = blue + green;
  const w = (100 * weights.green) / (weights.blue + weights.green);
  const band = { lower: Math.max(0, w - tolerancePoints), upper: Math.min(100, w + tolerancePoints) };
  const ci = wilson(green, n, SHARE_CONFIDENCE);
  const interval = { lower: 100 * ci.lower, upper: 100 * ci.upper };
  const result: ShareResult =
    n > 0 && (interval.upper < band.lower || interval.lower > band.upper)
      ? "MISMATCH"
      : n > 0 && interval.lower >= band.lower && interval.upper <= band.upper
        ? "CONSISTENT"
        : "NOT ENOUGH EVIDENCE";
  return { sharePercent: n > 0 ? (100 * green) / n : null, interval, band, result };
}

/**
 * The share over the current step's dwell, from the record: null when there is no split to check
 * (before the first step, at 0 or 100 %).
 */
export function trafficShare(s: SessionState, tolerancePoints = SHARE_TOLERANCE_POINTS): TrafficShare | null {
  const w = s.weights;
  if (!w || w.green <= 0 || w.blue <= 0 || !s.weightsSince) return null;
  return shareOver(s, w, Date.parse(s.weightsSince), Number.POSITIVE_INFINITY, tolerancePoints);
}

/**
 * Green's share over the recorded periods that started in [since, until) at exactly these weights:
 * one step's dwell, live or after the step ended. Only counts the record holds; none → no evidence.
 */
export function shareOver(
  s: SessionState,
  w: Weights,
  since: number,
  until: number,
  tolerancePoints = SHARE_TOLERANCE_POINTS,
): TrafficShare {
  let blue = 0;
  let green = 0;
  let periods = 0;
  let at: number | null = null;
  for (const p of s.periods ?? []) {
    const t = Date.parse(p.t);
    if (t < since || t >= until || !p.weights || p.weights.blue !== w.blue || p.weights.green !== w.green)
      continue;
    blue += p.blue?.requests ?? 0;
    green += p.green?.requests ?? 0;
    periods++;
    at = t + p.periodMs;
  }
  return { weights: w, blue, green, periods, at, ...judgeShare(w, blue, green, tolerancePoints) };
}

const pct = (x: number | null) => (x === null ? "–" : `${x.toFixed(x < 10 ? 1 : 0)} %`);

/** "listener says 90/10 but green received 0.3 % (99.9 % 0.1–0.6 %, of 5,400 requests)". */
export function shareLine(t: TrafficShare): string {
  const n = t.blue + t.green;
  const says = `listener says ${t.weights.blue}/${t.weights.green}`;
  const of = `of ${countText(n)} requests over ${t.periods} period${t.periods === 1 ? "" : "s"}`;
  const ci = `99.9 % ${t.interval.lower.toFixed(1)}–${t.interval.upper.toFixed(1)} %`;
  switch (t.result) {
    case "MISMATCH":
      return `${says} but green received ${pct(t.sharePercent)} (${ci}, ${of})`;
    case "CONSISTENT":
      return `${says}, green received ${pct(t.sharePercent)} (${ci}, ${of}): consistent`;
    default:
      return n === 0
        ? `${says}: no evidence yet (no requests counted at these weights)`
        : `${says}, green received ${pct(t.sharePercent)}: not enough evidence (${ci}, ${of})`;
  }
}

/**
 * The share in a table cell (the record's per-step verdicts): the result, and what was counted.
 * With no request counted it says so; a share is never given that was not measured.
 */
export function shareCell(t: TrafficShare | null | undefined): string {
  if (!t) return "–";
  const n = t.blue + t.green;
  const w = `weight ${t.weights.blue}/${t.weights.green}`;
  if (n === 0) return `not measured (no requests counted at ${w})`;
  const ci = `99.9 % ${t.interval.lower.toFixed(1)}–${t.interval.upper.toFixed(1)} %`;
  return `${t.result}: green ${pct(t.sharePercent)} of ${countText(n)} (${ci}; ${w})`;
}

/** The share as `status --json` and `metrics --json` give it. */
export function shareJson(t: TrafficShare | null): Record<string, unknown> | null {
  return t && { ...t, requests: t.blue + t.green, line: shareLine(t) };
}

/** The session's gate check: its share over the dwell at the trigger's level in force. */
export function shareGateChecksFor(
  s: SessionState,
  config?: Parameters<typeof trustInForce>[1],
  runbook?: TriggerPolicies,
): GateCheck[] {
  return shareGateChecks(trafficShare(s), trustInForce("traffic-share", config, runbook).level);
}

/** A mismatch closes the gate unless the trigger is advisory; anything else adds nothing. */
export function shareGateChecks(t: TrafficShare | null, trust: TrustLevel): GateCheck[] {
  if (t?.result !== "MISMATCH" || !trustEffects(trust).blocksPromotion) return [];
  return [
    {
      source: "traffic-share",
      label: `${shareLine(t)} (trust ${trust})`,
      ok: false,
      at: t.at,
      actions: ["promote"],
      steps: "later",
    },
  ];
}
