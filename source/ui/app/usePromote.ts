/**
 * The cockpit's promote flow and what it does on its own when the session moves: pure wiring over
 * the model and the UI reducer, kept out of App so each part reads on its own.
 */
import { type RefObject, useEffect, useRef } from "react";
import type { SessionState } from "../../domain/events.js";
import type { PhaseView } from "../../domain/timeline.js";
import { stepSelection } from "./follow.js";
import type { CockpitModel } from "./model.js";
import { promoteOutcomeText, unconfirmedRollbackReason } from "./promote-flow.js";
import type { PromoteDialog, UiEvent, UiState } from "./reducer.js";

type Dispatch = (e: UiEvent) => void;
type Run = (
  what: string,
  fn: () => Promise<{ text: string; tone: "ok" | "bad" | "info" } | undefined>,
) => Promise<void>;

/** I1: `p` opens a dialog bound to one plan the engine computed from the listener as AWS shows it. */
export function usePromote(model: CockpitModel, dispatch: Dispatch, uiNow: RefObject<UiState>, run: Run) {
  const promoteIds = useRef(0);
  const openPromote = () => {
    const id = ++promoteIds.current;
    dispatch({ type: "open", dialog: { kind: "promote", override: null, id } });
    model.actions.planPromote().then(
      (proposal) =>
        dispatch({ type: "promotePlan", id, dialog: { kind: "promote", override: null, id, proposal } }),
      (e: Error) =>
        dispatch({
          type: "promotePlan",
          id,
          dialog: { kind: "promote", override: null, id, error: e.message },
        }),
    );
  };
  const isShown = (id: number) => {
    const u = uiNow.current;
    return [u.dialog, u.hidden].some((d) => d?.kind === "promote" && d.id === id);
  };
  /** `y`: exactly the plan the dialog shows, or nothing; a changed listener replaces the dialog. */
  const sendPromote = (d: PromoteDialog, override: string | undefined) => {
    const plan = d.proposal!.plan!;
    dispatch({ type: "promotePlan", id: d.id, dialog: { ...d, sending: true } });
    void run("promote", async () => {
      const r = await model.actions.confirmPromote(plan, override);
      if (r.changed) {
        const next: PromoteDialog = {
          kind: "promote",
          override: null,
          id: d.id,
          proposal: r.replan,
          error: r.replan ? undefined : "the listener could not be planned from again",
          changed: { was: plan.from.weights, now: r.changed },
        };
        // Never silently closed: the new situation takes the dialog's place (or opens, if it was closed).
        if (isShown(d.id)) dispatch({ type: "promotePlan", id: d.id, dialog: next });
        else if (!uiNow.current.dialog) dispatch({ type: "open", dialog: next });
      } else dispatch({ type: "promotePlan", id: d.id, dialog: null });
      return promoteOutcomeText(r);
    });
  };
  return { openPromote, sendPromote };
}

/** I3 on reopen: a rollback requested but never confirmed, and AWS not at 100/0: offered again. */
export function useReopenedRollback(model: CockpitModel, dispatch: Dispatch, uiNow: RefObject<UiState>) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per model; dispatch and uiNow are stable in effect
  useEffect(() => {
    let mounted = true;
    void model.reopened?.then((r) => {
      const d = uiNow.current.dialog;
      if (
        !mounted ||
        !r.rollbackPending ||
        model.readOnly ||
        d?.kind === "rollback" ||
        d?.kind === "finishing"
      )
        return;
      const reason = unconfirmedRollbackReason(model.state());
      dispatch({ type: "open", dialog: { kind: "rollback", reason, editing: false } });
    });
    return () => {
      mounted = false;
    };
  }, [model]);
}

/** The checklist follows the rollout: a newly confirmed canary step selects its runbook item. */
export function useFollowRollout(
  model: CockpitModel,
  s: SessionState,
  views: PhaseView[],
  dispatch: Dispatch,
) {
  const stepsSeen = useRef(s.steps.length);
  useEffect(() => {
    if (s.steps.length <= stepsSeen.current) {
      stepsSeen.current = s.steps.length;
      return;
    }
    stepsSeen.current = s.steps.length;
    const at = stepSelection(model.runbook, s, views, s.steps.at(-1)!.step);
    if (at) dispatch({ type: "select", ...at });
  });
}
