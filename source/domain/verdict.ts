/**
 * A canary step's verdict with its evidence, pure: from the per-period counts of both arms since
 * the step's weights were confirmed, PASS / FAIL / NOT ENOUGH EVIDENCE.
 *
 * Error rates: each arm's rate gets an anytime-valid confidence sequence (verdict-stats.ts); the
 * green − blue difference is bounded by combining the arms' sequences (a union bound), and each
 * sequence is intersected over the step's looks (one look per period), so watching continuously
 * does not inflate false alarms.
 *   PASS needs the 95 % difference interval's upper end <= the margin (green not worse than blue
 *   by more than the margin, with confidence) and the latency test passing;
 *   FAIL is green worse than blue with confidence: the 99 % difference interval's lower end > 0,
 *   or the latency test failing. FAIL wins over PASS.
 * Latency: CloudWatch gives one p95 per arm per period; quantiles of different periods cannot be
 * pooled, but both arms are measured over the same period, so the periods are paired and a
 * sequential sign test (the same beta-binomial mixture on the count of periods where green's p95
 * exceeds blue's by more than the margin) judges whether the median paired difference is above the
 * margin (FAIL) or below it (PASS). It assumes nothing about how p95s are
 * distributed and is immune to load that changes from period to period (both arms see it).
 * False-FAIL budget per step over all looks: 1 % (errors 0.5 %, latency 0.5 %).
 */

import { betaBinomialCS } from "./confidence-sequence.js";
import { countText } from "./count-text.js";
import type { PeriodPoint } from "./ports.js";
import { type Interval, intersect, wilson } from "./verdict-stats.js";

export type VerdictResult = "PASS" | "FAIL" | "NOT ENOUGH EVIDENCE";

export interface VerdictOptions {
  /** How much worse green's error rate may be than blue's, in percentage points. */
  errorMarginPoints: number;
  /** How much higher green's per-period p95 may be than blue's (median), in ms. */
  latencyMarginMs: number;
  /** Confidence of the difference interval PASS uses (default 0.95). */
  passConfidence?: number;
  /** False-FAIL budget per step over every look (default 0.01). */
  failAlpha?: number;
  /** Period length when a point does not say (ms). */
  periodMs?: number;
}

export const DEFAULT_VERDICT: VerdictOptions = { errorMarginPoints: 0.5, latencyMarginMs: 10 };

export interface ArmEvidence {
  requests: number;
  /** Target 5XX + connection errors. */
  errors: number;
  /** errors / requests in %; null without requests. */
  rate: number | null;
  /** Wilson 95 % interval of the rate, in % (fixed-n, for reading; the verdict uses sequences). */
  interval: Interval | null;
  /** Paired periods' p95 (ms), newest last. */
  p95: (number | null)[];
}

export interface Verdict {
  result: VerdictResult;
  /** One line: why. */
  reason: string;
  blue: ArmEvidence;
  green: ArmEvidence;
  errors: {
    /** green − blue in percentage points; null without traffic in both arms. */
    difference: number | null;
    /** Anytime-valid 95 % interval of the difference (points). */
    interval: Interval | null;
    /** Anytime-valid 99 % lower end (points): above 0 is FAIL. */
    failLower: number | null;
    marginPoints: number;
    pass: boolean;
    fail: boolean;
  };
  latency: {
    test: "sequential sign test on paired per-period p95";
    /** Periods with a p95 in both arms. */
    periods: number;
    /** Of those, periods where green's p95 was higher than blue's. */
    greenHigher: number;
    /** Of those, periods where green's p95 was higher than blue's by more than the margin. */
    overMargin: number;
    /** Median of green − blue per-period p95 (ms); null without paired periods. */
    medianDifferenceMs: number | null;
    marginMs: number;
    pass: boolean;
    fail: boolean;
  };
  /** NOT ENOUGH EVIDENCE: about how many more requests (both arms) and how long at the current rate. */
  more: { requests: number; seconds: number } | null;
  /** Requests per second (both arms) over the step so far. */
  ratePerSecond: number | null;
  looks: number;
}

interface Look {
  t: number;
  end: number;
  blue: PeriodPoint | undefined;
  green: PeriodPoint | undefined;
}

const bad = (p: PeriodPoint | undefined) => (p ? p.errors + (p.connectionErrors ?? 0) : 0);

/** The step's looks: one per period in which either arm had traffic, oldest first. */
function looksOf(blue: PeriodPoint[], green: PeriodPoint[], periodMs: number): Look[] {
  const byT = new Map<number, Look>();
  for (const [arm, pts] of [
    ["blue", blue],
    ["green", green],
  ] as const)
    for (const p of pts) {
      if (p.requests <= 0) continue;
      const l = byT.get(p.t) ?? { t: p.t, end: p.t, blue: undefined, green: undefined };
      l[arm] = p;
      l.end = Math.max(l.end, p.t + (p.periodMs ?? periodMs));
      byT.set(p.t, l);
    }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

interface Levels {
  passArm: number;
  failArm: number;
  latPass: number;
  latFail: number;
}

function levels(o: VerdictOptions): Levels {
  const pass = 1 - (o.passConfidence ?? 0.95);
  const fail = o.failAlpha ?? 0.01;
  return { passArm: pass / 2, failArm: fail / 4, latPass: pass, latFail: fail / 2 };
}

/** The error part at one look from cumulative counts (scaled by k for "how much more"). */
function errorBounds(
  g: { x: number; n: number },
  b: { x: number; n: number },
  lv: Levels,
  k = 1,
): { pass: Interval; fail: Interval; gPass: Interval; bPass: Interval; gFail: Interval; bFail: Interval } {
  const gPass = betaBinomialCS(g.x * k, g.n * k, lv.passArm);
  const bPass = betaBinomialCS(b.x * k, b.n * k, lv.passArm);
  const gFail = betaBinomialCS(g.x * k, g.n * k, lv.failArm);
  const bFail = betaBinomialCS(b.x * k, b.n * k, lv.failArm);
  return {
    gPass,
    bPass,
    gFail,
    bFail,
    pass: { lower: gPass.lower - bPass.upper, upper: gPass.upper - bPass.lower },
    fail: { lower: gFail.lower - bFail.upper, upper: gFail.upper - bFail.lower },
  };
}

function signBounds(x: number, n: number, alpha: number): Interval {
  return betaBinomialCS(x, n, alpha);
}

export function computeVerdict(
  blue: PeriodPoint[],
  green: PeriodPoint[],
  o: VerdictOptions = DEFAULT_VERDICT,
): Verdict {
  const periodMs = o.periodMs ?? 60_000;
  const lv = levels(o);
  const looks = looksOf(blue, green, periodMs);
  const cum = { g: { x: 0, n: 0 }, b: { x: 0, n: 0 } };
  let gPass: Interval | null = null;
  let bPass: Interval | null = null;
  let gFail: Interval | null = null;
  let bFail: Interval | null = null;
  let higher = 0;
  let overMargin = 0;
  let paired = 0;
  let latFailCS: Interval | null = null;
  let latPassCS: Interval | null = null;
  const diffs: number[] = [];
  for (const l of looks) {
    cum.g.x += bad(l.green);
    cum.g.n += l.green?.requests ?? 0;
    cum.b.x += bad(l.blue);
    cum.b.n += l.blue?.requests ?? 0;
    const e = errorBounds(cum.g, cum.b, lv);
    gPass = intersect(gPass, e.gPass);
    bPass = intersect(bPass, e.bPass);
    gFail = intersect(gFail, e.gFail);
    bFail = intersect(bFail, e.bFail);
    const gp = l.green?.p95Ms;
    const bp = l.blue?.p95Ms;
    if (gp != null && bp != null) {
      const d = gp - bp;
      diffs.push(d);
      paired++;
      if (d > 0) higher++;
      if (d > o.latencyMarginMs) overMargin++;
      latFailCS = intersect(latFailCS, signBounds(overMargin, paired, lv.latFail));
      latPassCS = intersect(latPassCS, signBounds(overMargin, paired, lv.latPass));
    }
  }
  const m = o.errorMarginPoints / 100;
  const passDiff =
    gPass && bPass ? { lower: gPass.lower - bPass.upper, upper: gPass.upper - bPass.lower } : null;
  const failLower = gFail && bFail ? gFail.lower - bFail.upper : null;
  const haveBoth = cum.g.n > 0 && cum.b.n > 0;
  const errPass = haveBoth && passDiff !== null && passDiff.upper <= m;
  const errFail = haveBoth && failLower !== null && failLower > 0;
  const latFail = latFailCS !== null && latFailCS.lower > 0.5;
  const latPass = latPassCS !== null && latPassCS.upper < 0.5;
  const result: VerdictResult =
    errFail || latFail ? "FAIL" : errPass && latPass ? "PASS" : "NOT ENOUGH EVIDENCE";

  const span = looks.length ? looks.at(-1)!.end - looks[0]!.t : 0;
  const ratePerSecond = span > 0 ? (cum.g.n + cum.b.n) / (span / 1000) : null;
  const more =
    result === "NOT ENOUGH EVIDENCE"
      ? moreNeeded(
          cum.g,
          cum.b,
          lv,
          m,
          errPass,
          { paired, overMargin, latPass },
          ratePerSecond,
          span,
          looks.length,
        )
      : null;
  const median = diffs.length ? medianOf(diffs) : null;
  const armOf = (c: { x: number; n: number }, arm: "blue" | "green"): ArmEvidence => {
    const w = c.n > 0 ? wilson(c.x, c.n) : null;
    return {
      requests: c.n,
      errors: c.x,
      rate: c.n > 0 ? (100 * c.x) / c.n : null,
      interval: w ? { lower: 100 * w.lower, upper: 100 * w.upper } : null,
      p95: looks.filter((l) => l.blue?.p95Ms != null && l.green?.p95Ms != null).map((l) => l[arm]!.p95Ms),
    };
  };
  const v: Verdict = {
    result,
    reason: "",
    blue: armOf(cum.b, "blue"),
    green: armOf(cum.g, "green"),
    errors: {
      difference: haveBoth ? 100 * (cum.g.x / cum.g.n - cum.b.x / cum.b.n) : null,
      interval: haveBoth && passDiff ? { lower: 100 * passDiff.lower, upper: 100 * passDiff.upper } : null,
      failLower: haveBoth && failLower !== null ? 100 * failLower : null,
      marginPoints: o.errorMarginPoints,
      pass: errPass,
      fail: errFail,
    },
    latency: {
      test: "sequential sign test on paired per-period p95",
      periods: paired,
      greenHigher: higher,
      overMargin,
      medianDifferenceMs: median,
      marginMs: o.latencyMarginMs,
      pass: latPass,
      fail: latFail,
    },
    more,
    ratePerSecond,
    looks: looks.length,
  };
  v.reason = reasonOf(v);
  return v;
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/**
 * If the rates seen so far held, how much more traffic until the verdict decides: the smallest
 * scale of today's counts at which the error test decides (doubling, then bisection), and for
 * latency the number of further periods the sign test needs at today's share over the margin.
 * null = not expected to decide at the current rates (e.g. green sits right on the margin).
 */
function moreNeeded(
  g: { x: number; n: number },
  b: { x: number; n: number },
  lv: Levels,
  m: number,
  errPass: boolean,
  lat: { paired: number; overMargin: number; latPass: boolean },
  rate: number | null,
  spanMs: number,
  looks: number,
): { requests: number; seconds: number } | null {
  if (g.n <= 0 || b.n <= 0 || rate === null || rate <= 0) return null;
  const decided = (k: number) => {
    const e = errorBounds(g, b, lv, k);
    return e.pass.upper <= m || e.fail.lower > 0;
  };
  let errSeconds = 0;
  if (!errPass) {
    let hi = 2;
    while (!decided(hi) && hi < 4096) hi *= 2;
    if (!decided(hi)) return null;
    let lo = hi / 2;
    for (let i = 0; i < 30; i++) {
      const mid = (lo + hi) / 2;
      if (decided(mid)) hi = mid;
      else lo = mid;
    }
    errSeconds = ((hi - 1) * (g.n + b.n)) / rate;
  }
  let latSeconds = 0;
  if (!lat.latPass) {
    const share = lat.paired > 0 ? lat.overMargin / lat.paired : 0;
    if (share >= 0.5) return null;
    let n = Math.max(lat.paired, 1);
    while (n < 10_000 && betaBinomialCS(share * n, n, lv.latPass).upper >= 0.5) n++;
    if (n >= 10_000) return null;
    const periodSeconds = looks > 0 ? spanMs / 1000 / looks : 60;
    latSeconds = (n - lat.paired) * periodSeconds;
  }
  const seconds = Math.max(errSeconds, latSeconds);
  return { requests: Math.ceil(seconds * rate), seconds: Math.ceil(seconds) };
}

/** m:ss (or h:mm:ss) for "≈ m:ss at the current rate". */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(mm).padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

function reasonOf(v: Verdict): string {
  const e = v.errors;
  if (v.green.requests === 0) return "green has had no traffic at this step yet";
  if (v.result === "FAIL") {
    if (e.fail)
      return `green's error rate is higher than blue's with 99 % confidence (difference ≥ ${e.failLower!.toFixed(2)} points)`;
    return `green's p95 is more than ${v.latency.marginMs} ms above blue's in ${v.latency.overMargin} of ${v.latency.periods} periods (median +${v.latency.medianDifferenceMs!.toFixed(0)} ms)`;
  }
  if (v.result === "PASS")
    return `green is not worse than blue by more than ${e.marginPoints} points (95 % interval up to ${e.interval!.upper.toFixed(2)}) nor ${v.latency.marginMs} ms at p95 (${v.latency.periods} periods)`;
  if (!v.more) return "no conclusion expected at the current rates (green is close to the margin)";
  return `about ${countText(v.more.requests)} more requests, ≈ ${clockText(v.more.seconds)} at the current rate`;
}

/** The one-line form for screens: "PASS", "FAIL: …", "NOT ENOUGH EVIDENCE — about …". */
export function verdictLine(v: Verdict): string {
  if (v.result === "PASS") return "PASS";
  if (v.result === "FAIL") return `FAIL: ${v.reason}`;
  return `NOT ENOUGH EVIDENCE — ${v.reason}`;
}
