/**
 * What a session acts on, and where each value comes from: the canary plan (steps and the dwell
 * at each) and the go / rollback thresholds. The runbook states them; the session's environment
 * config may override them; otherwise golive's defaults apply. One pure function each, so the
 * cockpit, `status`, `metrics`, `promote` and the record cannot disagree.
 */
import type { EnvConfig } from "./config.js";
import { validateEnvConfig } from "./config.js";
import type { SessionState } from "./events.js";
import { basename } from "./in-force-text.js";
import { type PlanStep, planInForce } from "./plan-in-force.js";
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
