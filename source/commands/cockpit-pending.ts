/**
 * The cockpit's model while its engine loads (the first frame is drawn before it: commands/cockpit.ts).
 * No key is lost and none acts unseen: an action taken now waits for the whole model and then runs
 * exactly as it would have (the App shows it busy meanwhile, and the header says what is loading);
 * a preview that needs the engine says it is loading. Quitting waits for a rollback asked for now.
 */
import type { CockpitModel } from "../ui/app/model.js";
import type { CockpitView } from "./cockpit-view.js";

/** What the header says until the engine is there. */
export const LOADING_NOTE = "loading the engine: keys that act wait for it";

type Actions = CockpitModel["actions"];

export function pendingModel(
  view: CockpitView,
  full: Promise<CockpitModel>,
  clockStatus?: () => string | undefined,
  /** Whether an engine is coming (the session has a config): keys that need it wait for it. */
  engine = true,
  /** `golive watch --approve`: `v` opens its dialog now, the request is read once the model is whole. */
  approver = false,
): CockpitModel {
  let ready: CockpitModel | undefined;
  void full.then(
    (m) => {
      ready = m;
    },
    () => {},
  );
  /** Each action as the whole model will take it, once it is there. */
  const later =
    <K extends keyof Actions>(k: K) =>
    async (...args: unknown[]) => {
      const m = await full;
      const act = m.actions[k] as ((...a: unknown[]) => Promise<unknown>) | undefined;
      if (!act) throw new Error(`${String(k)}: not available in this session`);
      return act(...args);
    };
  // A rollback asked for before the engine was ready is on its way: quitting waits for it too.
  const rollbacks = new Set<Promise<unknown>>();
  const actions: Actions = {
    setItem: later("setItem"),
    record: later("record"),
    planPromote: later("planPromote"),
    confirmPromote: later("confirmPromote"),
    rollback: (reason) => {
      const p = later("rollback")(reason);
      rollbacks.add(p);
      const settled = () => rollbacks.delete(p);
      void p.then(settled, settled);
      return p;
    },
    acknowledge: later("acknowledge"),
    acknowledgeAll: later("acknowledgeAll"),
    previewCheck: (ref) => {
      if (ready) return ready.actions.previewCheck(ref);
      throw new Error(`${LOADING_NOTE.split(":")[0]}…`);
    },
    runCheck: later("runCheck"),
    exportRecord: later("exportRecord"),
    confirmCheck: later("confirmCheck"),
    writeMessage: later("writeMessage"),
    sign: later("sign"),
    ...(approver ? { pendingApproval: later("pendingApproval"), approve: later("approve") } : {}),
  } as Actions;
  return {
    ...view,
    clipboardRoute: async () => (await full).clipboardRoute!(),
    engineLoading: () => engine && !ready,
    clockStatus: () =>
      [ready || !engine ? undefined : LOADING_NOTE, clockStatus?.()].filter(Boolean).join(" · ") || undefined,
    rollbackInFlight: () => {
      if (ready) return ready.rollbackInFlight();
      if (!rollbacks.size) return undefined;
      return Promise.allSettled([...rollbacks]).then(() => ready?.rollbackInFlight());
    },
    actions,
  };
}
