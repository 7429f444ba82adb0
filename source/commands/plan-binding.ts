/**
 * I1 in the cockpit: the session's weights when each promote plan was shown. If golive itself took
 * new weights from AWS while the dialog was open (drift on two agreeing reads), the listener changed
 * under the dialog just as surely: nothing is sent, that is recorded, and the new situation planned.
 */
import { sameWeights } from "../domain/canary.js";
import type { Weights } from "../domain/events.js";
import type { Plan } from "../engine/controller.js";
import type { Engine } from "../engine/engine.js";
import type { SessionStore } from "../session/store.js";
import type { PromoteOutcome } from "../ui/app/model.js";

export function planBinding(store: SessionStore, user: string, engine: () => Engine) {
  const atPlan = new WeakMap<Plan, Weights | null>();
  return {
    shown(plan: Plan): void {
      atPlan.set(plan, store.state.weights);
    },
    async moved(plan: Plan): Promise<PromoteOutcome | undefined> {
      const was = atPlan.get(plan);
      const is = store.state.weights;
      // A first read of the listener (none before the plan) is first sight, not a change: the
      // engine's own read-again compares it with the plan.
      if (!was || !is || sameWeights(is, was)) return undefined;
      const replan = await engine()
        .planPromote()
        .catch(() => undefined);
      const now = replan?.plan?.from.weights ?? is;
      await store.append(
        "traffic.observed",
        {
          observation: "changed-since-dialog",
          weights: now,
          expected: plan.from.weights,
          detail: `planned from blue ${plan.from.weights.blue} / green ${plan.from.weights.green}; since then AWS showed blue ${is.blue} / green ${is.green} (taken as the listener's weights): nothing was sent`,
        },
        user,
      );
      return {
        ok: false,
        text: "the listener changed since the dialog: nothing was sent",
        changed: now,
        replan,
      };
    },
  };
}
