import type { SessionState } from "./events.js";
import type { GateCheck } from "./gate.js";
import { clockedAfterT0, confirmation, type ManualCheck, stepConfirmation } from "./manual-checks.js";
import type { Runbook } from "./runbook.js";

/**
 * The gate's manual checks. The Go decision waits for every one a person can answer before the
 * first shift: each confirmed clear (cockpit `c`, or `golive confirm ID`), else "no evidence",
 * which closes the gate like an open Go criterion (an override with a reason records it as open).
 * Checks of phases timed after T-0 (a T+30 watch) cannot hold the first shift. A rollback condition
 * also holds each later step (`laterSteps`, green % of the plan after the first), counted only
 * when confirmed after the previous step's promote.
 */
export function manualGateChecks(
  checks: ManualCheck[],
  rb: Pick<Runbook, "sections">,
  s: Pick<SessionState, "confirmed" | "rollback" | "steps">,
  laterSteps: number[] = [],
): GateCheck[] {
  const go = checks
    .filter((c) => c.holds.go && !clockedAfterT0(rb, c.line))
    .map((c) => {
      const done = confirmation(c, s);
      return {
        source: "manual check",
        label: `${c.id} ${c.text} (line ${c.line})`,
        ok: done ? true : null,
        detail: done
          ? `confirmed clear by ${done.by} at ${done.at.slice(11, 16)}Z`
          : `not confirmed clear: c in the cockpit, or golive confirm ${c.id}`,
        steps: "first" as const,
      };
    });
  const later = checks
    .filter((c) => c.holds.laterSteps)
    .flatMap((c) =>
      laterSteps.map((green) => {
        const done = stepConfirmation(c, s);
        return {
          source: "manual check",
          label: `${c.id} ${c.text} (line ${c.line}), before ${green} %`,
          ok: done ? true : null,
          detail: done
            ? `confirmed clear by ${done.by} at ${done.at.slice(11, 16)}Z`
            : `not confirmed clear since the last step: c in the cockpit, or golive confirm ${c.id}`,
          steps: "later" as const,
          atStep: green,
        };
      }),
    );
  return [...go, ...later];
}

export type Seen = Pick<SessionState, "confirmed" | "rollback" | "steps" | "weights">;

/**
 * The confirmation that counts now: mid-canary (green between 0 and 100 %) a check that holds the
 * later steps needs one made after the latest step; otherwise the latest since any rollback.
 */
export function countingConfirmation(c: ManualCheck, s: Seen): ReturnType<typeof confirmation> {
  const g = s.weights?.green ?? 0;
  return c.holds.laterSteps && g > 0 && g < 100 ? stepConfirmation(c, s) : confirmation(c, s);
}
