/**
 * The Rollback Decision Matrix bound onto the trust model (trust.ts): each row either sets the
 * level of the trigger that measures its issue, or is a check by hand — never silently dropped.
 *
 * - performance degradation → `latency-p95` at the row's action;
 * - minor functionality (errors) → `error-rate-elevated`, green's error rate between the go and the
 *   rollback thresholds. The row never binds `error-rate` itself: "fix in place" for minor errors
 *   must not turn the rollback threshold into a warning;
 * - an application crash → `health-probe` (an arm's health checks failing while it serves) and
 *   `k8s-crash` (new pods crash-looping, OOM-killed, not pulling or unschedulable);
 * - monitoring issues → `metrics-silent` (the metric source failing golive's polls);
 * - any issue golive has no detector for, or an action it does not know: a manual criterion
 *   (manual-checks.ts), shown and confirmed by hand.
 *
 * The environment config's `triggers` win over these (trustInForce).
 */
import { type DecisionMatrix, decisionMatrix, type MatrixRule } from "./decision-matrix.js";
import { ruleText } from "./matrix-alerts.js";
import type { Runbook } from "./runbook.js";
import { TRIGGERS, type TriggerName } from "./triggers.js";
import {
  policyForMatrixAction,
  type TriggerPolicies,
  type TriggerPolicy,
  trustInForce,
  trustLabel,
} from "./trust.js";

export interface RowBinding {
  rule: MatrixRule;
  /**
   * The triggers the row sets, at `policy` (an application crash is seen by probes and by
   * Kubernetes); absent when the row is checked by hand (`byHand` says why).
   */
  triggers?: TriggerName[];
  policy?: TriggerPolicy;
  byHand?: string;
}

const TRIGGERS_OF: Record<NonNullable<MatrixRule["detector"]>, TriggerName[]> = {
  health: ["health-probe", "k8s-crash"],
  latency: ["latency-p95"],
  "error-rate": ["error-rate-elevated"],
  "metrics-silent": ["metrics-silent"],
};

/** Each row's binding, in the matrix's order. The first row for a trigger binds it. */
export function bindMatrix(m: DecisionMatrix | undefined): RowBinding[] {
  const taken = new Set<TriggerName>();
  return (m?.rules ?? []).map((rule) => {
    if (!rule.kind) return { rule, byHand: "its action is not one golive knows" };
    if (!rule.detector) return { rule, byHand: "golive has no metric for this issue" };
    const triggers = TRIGGERS_OF[rule.detector].filter((t) => !taken.has(t));
    if (!triggers.length)
      return { rule, byHand: `an earlier row already sets ${TRIGGERS_OF[rule.detector].join(" and ")}` };
    for (const t of triggers) taken.add(t);
    return { rule, triggers, policy: policyForMatrixAction(rule.kind) };
  });
}

/** The levels the runbook's matrix sets, for trustInForce (below the config's `triggers`). */
export function runbookTriggers(rb: Pick<Runbook, "tables">): TriggerPolicies {
  const out: TriggerPolicies = {};
  for (const b of bindMatrix(decisionMatrix(rb)))
    if (b.policy) for (const t of b.triggers ?? []) out[t] = b.policy;
  return out;
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
    if (!b.triggers || !b.policy)
      return `${ruleText(b.rule)} — checked by hand (${b.byHand}): manual check m${b.rule.line}`;
    const own = trustLabel({ ...b.policy, from: "default" });
    const sets = (b.triggers ?? []).map((t) => `${t} (${TRIGGERS[t].watches})`);
    const wins = (b.triggers ?? []).flatMap((t) => {
      const inForce = trustInForce(t, config, policies);
      return inForce.from === "config" ? [`; the config's triggers.${t} wins: ${trustLabel(inForce)}`] : [];
    });
    const keeps =
      b.triggers[0] === "error-rate-elevated" ? "; the error-rate rollback trigger is unchanged" : "";
    return `${ruleText(b.rule)} — sets ${sets.join(" and ")}: ${own}${wins.join("")}${keeps}`;
  });
}
