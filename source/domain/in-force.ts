/**
 * What a session acts on, and where each value comes from: the canary plan (steps and the dwell
 * at each) and the go / rollback thresholds. The runbook states them; the session's environment
 * config may override them; otherwise golive's defaults apply. One pure function each, so the
 * cockpit, `status`, `metrics`, `promote` and the record cannot disagree.
 */
import type { EnvConfig } from "./config.js";
import { validateEnvConfig } from "./config.js";
import type { SessionState } from "./events.js";
import { type PlanStep, planInForce, type ValueSource } from "./plan-in-force.js";
import type { Runbook } from "./runbook.js";
import { effectiveThresholds } from "./threshold-defaults.js";
import type { MetricName, Threshold } from "./thresholds.js";

export type ThresholdsInForce = Record<"go" | "rollback", Record<MetricName, Threshold>>;

/** The first threshold of each kind the runbook states, unless the config sets that one. */
export function thresholdsInForce(all: Threshold[], config?: EnvConfig["thresholds"]): ThresholdsInForce {
  const th = effectiveThresholds(all);
  const with_ = (t: Threshold, v: number | undefined): Threshold =>
    v === undefined ? t : { ...t, value: v, source: "config", text: `${t.metric} ${t.op} ${v}`, line: 0 };
  return {
    go: {
      errorRate: with_(th.go.errorRate, config?.go?.errorRatePercent),
      latencyP95: with_(th.go.latencyP95, config?.go?.latencyP95Ms),
    },
    rollback: {
      errorRate: with_(th.rollback.errorRate, config?.rollback?.errorRatePercent),
      latencyP95: with_(th.rollback.latencyP95, config?.rollback?.latencyP95Ms),
    },
  };
}

/** The session's environment config if it has a valid one (what its engine would act on). */
export function sessionConfig(
  s: Pick<SessionState, "config">,
): { config: EnvConfig; file: string } | undefined {
  if (!s.config) return undefined;
  const v = validateEnvConfig(s.config.value);
  return v.ok ? { config: v.config, file: basename(s.config.file) } : undefined;
}

export interface InForce {
  plan: PlanStep[];
  thresholds: ThresholdsInForce;
  /** The runbook file the `line` of each runbook source refers to. */
  runbookFile: string;
  configFile?: string;
}

export function inForce(rb: Runbook, s: Pick<SessionState, "config">): InForce {
  const c = sessionConfig(s);
  return inForceWith(rb, c?.config, c?.file);
}

export function inForceWith(rb: Runbook, config: EnvConfig | undefined, configFile?: string): InForce {
  return {
    plan: planInForce(rb.canary, config?.canary, configFile),
    thresholds: thresholdsInForce(rb.thresholds, config?.thresholds),
    runbookFile: rb.file,
    configFile,
  };
}

/** `runbook deployment.md:174`, `config environment.json`, `default`. */
export function sourceText(s: ValueSource, runbookFile: string): string {
  if (s.from === "runbook") return `runbook ${basename(runbookFile)}:${s.line}`;
  if (s.from === "config") return `config ${s.file}`;
  return "default";
}

export function thresholdSourceText(t: Threshold, f: Pick<InForce, "runbookFile" | "configFile">): string {
  if (t.source === "runbook") return `runbook ${basename(f.runbookFile)}:${t.line}`;
  if (t.source === "config") return `config ${f.configFile ?? "config"}`;
  return "default";
}

/** For tight places (the cockpit's metric panes): `runbook:178`, `config`, `default`. */
export function shortSource(t: Threshold | ValueSource): string {
  const from = "from" in t ? t.from : t.source;
  if (from === "runbook") return `runbook:${"line" in t ? t.line : ""}`;
  return from;
}

/** `5 % → 25 % → 100 %`. */
export function stepsText(plan: PlanStep[]): string {
  return plan.map((s) => `${s.green} %`).join(" → ");
}

/**
 * One line per step: `25 %  dwell 15 min  (step: runbook x.md:12 · dwell: runbook x.md:14)`.
 * Sources are given once per distinct value so a uniform plan reads short.
 */
export function planLines(f: InForce): string[] {
  return f.plan.map((s, i) => {
    const last = i === f.plan.length - 1;
    const dwell = last ? `watch ${s.dwellMinutes} min` : `dwell ${s.dwellMinutes} min`;
    return `${String(s.green).padStart(3)} %  ${dwell.padEnd(15)} (step: ${sourceText(s.stepFrom, f.runbookFile)} · dwell: ${sourceText(s.dwellFrom, f.runbookFile)})`;
  });
}

/** `go: error rate < 1 % (runbook x.md:178), p95 < 50 ms (default) · rollback: …`. */
export function thresholdsText(f: InForce): string {
  const one = (t: Threshold, what: string) =>
    `${what} ${t.op} ${t.value} ${t.unit} (${thresholdSourceText(t, f)})`;
  const th = f.thresholds;
  return `go: ${one(th.go.errorRate, "error rate")}, ${one(th.go.latencyP95, "p95")} · rollback: ${one(th.rollback.errorRate, "error rate")}, ${one(th.rollback.latencyP95, "p95")}`;
}

/** The plan and thresholds as plain JSON for `status --json`, `metrics --json` and the record. */
export function inForceJson(f: InForce) {
  const src = (s: ValueSource) => ({ ...s, text: undefined, label: sourceText(s, f.runbookFile) });
  const th = (t: Threshold) => ({ ...t, label: thresholdSourceText(t, f) });
  return {
    canary: {
      steps: f.plan.map((s) => s.green),
      plan: f.plan.map((s) => ({
        green: s.green,
        dwellMinutes: s.dwellMinutes,
        step: src(s.stepFrom),
        dwell: src(s.dwellFrom),
      })),
    },
    thresholds: {
      go: { errorRate: th(f.thresholds.go.errorRate), latencyP95: th(f.thresholds.go.latencyP95) },
      rollback: {
        errorRate: th(f.thresholds.rollback.errorRate),
        latencyP95: th(f.thresholds.rollback.latencyP95),
      },
    },
  };
}

function basename(p: string): string {
  return p.split(/[\\/]/).at(-1) ?? p;
}
