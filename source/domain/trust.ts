/**
 * The trigger model: how far golive acts on each trigger when it fires. One place decides it, so
 * the monitor, the gate, the alerts, `status` and the export agree, and the record says why
 * something paused or rolled back.
 *
 *   advisory  an alert (warning) only
 *   pause     a critical alert, and promotion blocked while it fires
 *   rollback  a critical alert, and auto-rollback when `autoRollback.enabled`
 *
 * A level comes from (first that says) the environment config's `triggers`, the runbook's binding
 * (its decision matrix: `policyForMatrixAction`), else the default, which is what each trigger meant
 * before levels existed: the runbook's rollback thresholds roll back, a canary verdict FAIL pauses.
 */
import type { MatrixAction } from "./decision-matrix.js";
import { TRIGGERS, type TriggerName, type TrustLevel } from "./triggers.js";

/** How each level is shown at the start of an alert line. */
export const TRUST_PREFIX: Record<TrustLevel, string> = {
  rollback: "ROLLBACK TRIGGER",
  pause: "PAUSE TRIGGER",
  advisory: "ADVISORY",
};

/**
 * A trigger's policy. `persist` escalates: the trigger acts at `level` until it has fired in
 * `periods` settled periods in a row, then at `to` (the matrix's "rollback if it persists").
 */
export interface TriggerPolicy {
  level: TrustLevel;
  persist?: { periods: number; to: TrustLevel };
}

export type TriggerPolicies = Partial<Record<TriggerName, TrustLevel | TriggerPolicy>>;

/**
 * Triggers judged only when the config or the runbook names them: between the go and rollback
 * thresholds is a band the default model never alerted on, and a session without a matrix row
 * or a config entry for it keeps its old alerts.
 */
export const OPT_IN_TRIGGERS: readonly TriggerName[] = ["error-rate-elevated"];

/** Whether a trigger is judged in this session (every trigger but an opt-in one nobody named). */
export function triggerJudged(
  trigger: TriggerName,
  config?: Parameters<typeof trustInForce>[1],
  runbook?: TriggerPolicies,
): boolean {
  return !OPT_IN_TRIGGERS.includes(trigger) || trustInForce(trigger, config, runbook).from !== "default";
}

/** Where a level came from: shown beside it, so "why did it roll back" has an answer. */
export type TrustSource = "config" | "runbook" | "default";

export interface ResolvedTrust extends TriggerPolicy {
  trigger: TriggerName;
  from: TrustSource;
}

const policy = (p: TrustLevel | TriggerPolicy): TriggerPolicy => (typeof p === "string" ? { level: p } : p);

/** A trigger's policy: the config's, else the runbook's, else the default. */
export function resolveTrust(
  trigger: TriggerName,
  o: { config?: TriggerPolicies; runbook?: TriggerPolicies } = {},
): ResolvedTrust {
  const c = o.config?.[trigger];
  if (c !== undefined) return { trigger, from: "config", ...policy(c) };
  const r = o.runbook?.[trigger];
  if (r !== undefined) return { trigger, from: "runbook", ...policy(r) };
  return { trigger, from: "default", level: TRIGGERS[trigger].level };
}

/** The level in force after the trigger fired in `streak` settled periods in a row (≥ 1). */
export function levelAt(p: TriggerPolicy, streak: number): TrustLevel {
  return p.persist && streak >= p.persist.periods ? p.persist.to : p.level;
}

/** What a level does when its trigger fires. */
export function trustEffects(level: TrustLevel): {
  severity: "warning" | "critical";
  blocksPromotion: boolean;
  autoRollback: boolean;
} {
  return {
    severity: level === "advisory" ? "warning" : "critical",
    blocksPromotion: level !== "advisory",
    autoRollback: level === "rollback",
  };
}

/** "trust rollback (default)": how the level is shown beside a trigger. */
export function trustLabel(t: Pick<ResolvedTrust, "level" | "from" | "persist">): string {
  const esc = t.persist ? `, ${t.persist.to} after ${t.persist.periods} periods` : "";
  return `trust ${t.level}${esc}${t.from === "default" ? "" : ` (${t.from})`}`;
}

/**
 * The runbook decision matrix's actions as policies: "immediate rollback" rolls back, "rollback if
 * it persists" alerts and escalates to a rollback after `persistPeriods` periods, "fix in
 * place"/"continue" warn only.
 */
export function policyForMatrixAction(kind: MatrixAction, persistPeriods = 3): TriggerPolicy {
  switch (kind) {
    case "rollback":
      return { level: "rollback" };
    case "rollback-if-persists":
      return { level: "advisory", persist: { periods: persistPeriods, to: "rollback" } };
    case "fix-in-place":
    case "continue":
      return { level: "advisory" };
  }
}

/**
 * A trigger's policy in force for a session: `config.triggers`, then the runbook's, then the
 * default. The canary verdict also honours the older `canary.verdict.trust` when `triggers` does
 * not name it.
 */
export function trustInForce(
  trigger: TriggerName,
  config?: { triggers?: TriggerPolicies; canary?: { verdict?: { trust?: "advisory" | "pause" } } },
  runbook?: TriggerPolicies,
): ResolvedTrust {
  const legacy = trigger === "canary-verdict" ? config?.canary?.verdict?.trust : undefined;
  const fromConfig = config?.triggers?.[trigger] ?? legacy;
  return resolveTrust(trigger, {
    config: fromConfig === undefined ? undefined : { [trigger]: fromConfig },
    runbook,
  });
}
