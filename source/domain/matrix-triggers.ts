/**
 * The Rollback Decision Matrix bound onto the trust model (trust.ts): each row either sets the
 * level of the trigger that measures its issue, or is a check by hand — never silently dropped.
 *
 * - performance degradation → `latency-p95` at the row's action;
 * - minor functionality (errors) → `error-rate-elevated`, green's error rate between the go and the
 *   rollback thresholds. The row never binds `error-rate` itself: "fix in place" for minor errors
 *   must not turn the rollback threshold into a warning;
 * - an application crash, monitoring issues, and any issue golive has no metric for: golive shows
 *   its alerts (health checks, crash-looping pods, failing polls) with the row, but does not act on
 *   the row's words, so the row is a manual criterion (manual-checks.ts).
 *
 * The environment config's `triggers` win over these (trustInForce).
 */
import { type DecisionMatrix, decisionMatrix, type MatrixRule, ruleText } from "./decision-matrix.js";
import type { Runbook } from "./runbook.js";
import {
  policyForMatrixAction,
  TRIGGERS,
  type TriggerName,
  type TriggerPolicies,
  type TriggerPolicy,
  trustInForce,
  trustLabel,
} from "./trust.js";

export interface RowBinding {
  rule: MatrixRule;
  /** The trigger the row sets, at `policy`; absent when the row is checked by hand (`byHand` says why). */
  trigger?: TriggerName;
  policy?: TriggerPolicy;
  byHand?: string;
}

const TRIGGER_OF: Partial<Record<NonNullable<MatrixRule["detector"]>, TriggerName>> = {
  latency: "latency-p95",
  "error-rate": "error-rate-elevated",
};

const BY_HAND: Record<NonNullable<MatrixRule["detector"]>, string> = {
  health:
    "golive alerts on failing health checks and crash-looping pods but does not act on this row by itself",
  latency: "",
  "error-rate": "",
  "metrics-silent": "golive warns when a metric poll fails but does not act on this row by itself",
};

/** Each row's binding, in the matrix's order. The first row for a trigger binds it. */
export function bindMatrix(m: DecisionMatrix | undefined): RowBinding[] {
  const taken = new Set<TriggerName>();
  return (m?.rules ?? []).map((rule) => {
    if (!rule.kind) return { rule, byHand: "its action is not one golive knows" };
    if (!rule.detector) return { rule, byHand: "golive has no metric for this issue" };
    const trigger = TRIGGER_OF[rule.detector];
    if (!trigger) return { rule, byHand: BY_HAND[rule.detector] };
    if (taken.has(trigger)) return { rule, byHand: `an earlier row already sets ${trigger}` };
    taken.add(trigger);
    return { rule, trigger, policy: policyForMatrixAction(rule.kind) };
  });
}

/** The levels the runbook's matrix sets, for trustInForce (below the config's `triggers`). */
export function runbookTriggers(rb: Pick<Runbook, "tables">): TriggerPolicies {
  const out: TriggerPolicies = {};
  for (const b of bindMatrix(decisionMatrix(rb))) if (b.trigger && b.policy) out[b.trigger] = b.policy;
  return out;
}

/** The row bound to a trigger, if any. */
export function rowForTrigger(bindings: RowBinding[], trigger: TriggerName): MatrixRule | undefined {
  return bindings.find((b) => b.trigger === trigger)?.rule;
}

/**
 * One line per row for status and the record: the trigger and level it sets (and when the config's
 * `triggers` wins over it), or that it is checked by hand and the manual check that stands for it.
 */
export function matrixLines(
  rb: Pick<Runbook, "tables">,
  config?: Parameters<typeof trustInForce>[1],
): string[] {
  const bindings = bindMatrix(decisionMatrix(rb));
  const policies = runbookTriggers(rb);
  return bindings.map((b) => {
    if (!b.trigger || !b.policy)
      return `${ruleText(b.rule)} — checked by hand (${b.byHand}): manual check m${b.rule.line}`;
    const own = trustLabel({ ...b.policy, from: "default" });
    const inForce = trustInForce(b.trigger, config, policies);
    const wins =
      inForce.from === "config" ? `; the config's triggers.${b.trigger} wins: ${trustLabel(inForce)}` : "";
    const keeps = b.trigger === "error-rate-elevated" ? "; the error-rate rollback trigger is unchanged" : "";
    return `${ruleText(b.rule)} — sets ${b.trigger} (${TRIGGERS[b.trigger].watches}): ${own}${wins}${keeps}`;
  });
}
