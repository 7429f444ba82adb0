/**
 * The verdict of the step the canary stands at, from the session's recorded periods
 * (metrics.period events): the periods that started after AWS confirmed the step's weights and were
 * recorded at those weights. No verdict before the first step (green has no traffic) nor at 100 %
 * (blue has none to compare with). Pure: the same record gives the same verdict, live and later.
 */
import type { EnvConfig } from "./config.js";
import type { SessionState, Weights } from "./events.js";
import type { GateCheck } from "./gate.js";
import type { PeriodPoint } from "./ports.js";
import { shareOver, type TrafficShare } from "./traffic-share.js";
import type { TrustLevel } from "./triggers.js";
import { trustEffects, trustInForce, trustLabel } from "./trust.js";
import {
  computeVerdict,
  DEFAULT_VERDICT,
  type Verdict,
  type VerdictOptions,
  verdictLine,
} from "./verdict.js";

/** The canary-verdict trigger's level (domain/trust.ts): what a FAIL does. */
export type VerdictTrust = TrustLevel;

export interface StepVerdict {
  /** Green's share at the step. */
  step: number;
  /** When AWS confirmed the step's weights (ISO): its periods count from here. */
  since: string;
  verdict: Verdict;
  /** End of the newest period behind it (ms); null = no period yet. */
  at: number | null;
  trust: VerdictTrust;
  /** Promotion needs PASS, not only "no FAIL" (config `canary.verdict.trust: "pause"`). */
  requirePass?: boolean;
  /** At a step's end (the record): green's received share over the step's periods. */
  share?: TrafficShare;
}

export function verdictOptions(
  config?: Partial<Pick<EnvConfig, "canary" | "metrics" | "triggers">>,
): VerdictOptions & { trust: VerdictTrust; requirePass: boolean } {
  const v = config?.canary?.verdict;
  return {
    errorMarginPoints: v?.errorMarginPoints ?? DEFAULT_VERDICT.errorMarginPoints,
    latencyMarginMs: v?.latencyMarginMs ?? DEFAULT_VERDICT.latencyMarginMs,
    periodMs: (config?.metrics?.periodSeconds ?? 60) * 1000,
    trust: trustInForce("canary-verdict", config).level,
    requirePass: v?.trust === "pause",
  };
}

const same = (a: Weights | null, b: Weights) => !!a && a.blue === b.blue && a.green === b.green;

/** The periods of one step as the statistics take them (per arm, only periods with traffic). */
export function stepPeriods(
  s: SessionState,
  weights: Weights,
  since: number,
): { blue: PeriodPoint[]; green: PeriodPoint[] } {
  const blue: PeriodPoint[] = [];
  const green: PeriodPoint[] = [];
  for (const p of s.periods ?? []) {
    const t = Date.parse(p.t);
    if (t < since || !same(p.weights, weights)) continue;
    for (const [arm, out] of [
      [p.blue, blue],
      [p.green, green],
    ] as const)
      if (arm && arm.requests > 0) out.push({ t, periodMs: p.periodMs, ...arm });
  }
  return { blue, green };
}

/** The current step's verdict; null when there is no step to judge. */
export function stepVerdict(
  s: SessionState,
  o: VerdictOptions & { trust?: VerdictTrust; requirePass?: boolean } = { ...DEFAULT_VERDICT },
): StepVerdict | null {
  const w = s.weights;
  const last = s.steps.at(-1);
  if (!w || w.green <= 0 || w.blue <= 0 || !last) return null;
  const sinceIso = s.weightsSince ?? last.confirmedAt;
  const since = Date.parse(sinceIso);
  const { blue, green } = stepPeriods(s, w, since);
  const verdict = computeVerdict(blue, green, o);
  const ends = [...blue, ...green].map((p) => p.t + (p.periodMs ?? o.periodMs ?? 60_000));
  return {
    step: w.green,
    since: sinceIso,
    verdict,
    at: ends.length ? Math.max(...ends) : null,
    trust: o.trust ?? "pause",
    requirePass: o.requirePass ?? false,
  };
}

/**
 * The verdict as a gate check: a FAIL closes the gate unless the trigger is advisory; with
 * `requirePass`, promotion from the second step on needs PASS (NOT ENOUGH EVIDENCE is no evidence).
 */
export function verdictGateChecks(v: StepVerdict | null): GateCheck[] {
  if (!v) return [];
  const r = v.verdict.result;
  const blocks = trustEffects(v.trust).blocksPromotion;
  if (!v.requirePass && !(blocks && r === "FAIL")) return [];
  return [
    {
      source: "canary-verdict",
      label: `green ${v.step} %: ${verdictLine(v.verdict)} (${trustLabel({ level: v.trust, from: "default" })})`,
      ok: r === "PASS" ? true : r === "FAIL" ? !blocks : null,
      at: v.at,
      actions: ["promote"],
      steps: "later",
    },
  ];
}

/** The verdict from the record alone (status, export): the session's own config gives the margins. */
export function recordedVerdict(s: SessionState): StepVerdict | null {
  const cfg = s.config?.value as Partial<Pick<EnvConfig, "canary" | "metrics" | "triggers">> | undefined;
  return stepVerdict(s, verdictOptions(cfg));
}

/**
 * Each canary step's verdict at its end (the next step or a rollback ends it; the current step ends
 * now), from the recorded periods: what the export shows. Steps at 100 % have no verdict.
 */
export function stepVerdicts(s: SessionState): StepVerdict[] {
  const cfg = s.config?.value as Partial<Pick<EnvConfig, "canary" | "metrics" | "triggers">> | undefined;
  const o = verdictOptions(cfg);
  const ends = [
    ...s.steps.map((x) => Date.parse(x.confirmedAt)),
    ...(s.rollback ? [Date.parse(s.rollback.startedAt)] : []),
  ].sort((a, b) => a - b);
  const out: StepVerdict[] = [];
  for (const st of s.steps) {
    if (st.step <= 0 || st.step >= 100) continue;
    const since = Date.parse(st.confirmedAt);
    const until = ends.find((t) => t > since) ?? Number.POSITIVE_INFINITY;
    const w = { blue: 100 - st.step, green: st.step };
    const { blue, green } = stepPeriods(s, w, since);
    const inStep = (p: PeriodPoint) => p.t < until;
    const b = blue.filter(inStep);
    const g = green.filter(inStep);
    const verdict = computeVerdict(b, g, o);
    const endsAt = [...b, ...g].map((p) => p.t + (p.periodMs ?? o.periodMs ?? 60_000));
    out.push({
      step: st.step,
      since: st.confirmedAt,
      verdict,
      at: endsAt.length ? Math.max(...endsAt) : null,
      trust: o.trust,
      requirePass: o.requirePass,
      share: shareOver(s, w, since, until),
    });
  }
  return out;
}
