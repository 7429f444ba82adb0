/** I1 against the session's own view of the listener, beside the actor's read-again (engine.ts). */

import { sameWeights } from "../domain/canary.js";
import type { Plan, Recorder, ShiftResult } from "./controller.js";
import type { PromotePlan } from "./engine.js";

/**
 * I1 against golive's own view: the session took other weights from AWS since `plan` was made (the
 * listener changed under the dialog just as surely as a fresh read would show). Recorded, nothing
 * sent, the new situation planned. A first read (no weights when planned) is first sight: the
 * actor's read-again compares it with the plan.
 */
export async function confirmedMoved(
  recorder: Recorder,
  planPromote: () => Promise<PromotePlan>,
  plan: Plan,
  by: string,
): Promise<(ShiftResult & { replan?: PromotePlan }) | undefined> {
  const was = plan.confirmed;
  const is = recorder.state.weights;
  // At the plan's own target, this plan (or its twin) was sent: the step check refuses it again.
  if (!was || !is || sameWeights(is, was) || sameWeights(is, plan.to)) return undefined;
  const replan = await planPromote().catch(() => undefined);
  const changed = replan?.plan?.from ?? { ...plan.from, weights: is };
  await recorder.append(
    "traffic.observed",
    {
      observation: "changed-since-dialog",
      weights: changed.weights,
      expected: plan.from.weights,
      detail: `planned from blue ${plan.from.weights.blue} / green ${plan.from.weights.green}; since then AWS showed blue ${is.blue} / green ${is.green} (taken as the listener's weights): nothing was sent`,
    },
    by,
  );
  return {
    ok: false,
    kind: "promote",
    to: plan.to,
    tookMs: 0,
    attempts: 0,
    changed,
    replan,
    error: "the listener changed since the dialog: nothing was sent",
  };
}
