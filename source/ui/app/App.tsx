/**
 * The cockpit: wires keys (keys.ts) to actions on the model and draws what shape.ts derived:
 * header, alerts, the panes (panes.tsx) or a dialog (dialogs.tsx), the next-action line and the
 * keys. Below the minimum size it draws the small screen instead.
 */
import { Box, type Key, useApp } from "ink";
import { useRef, useState } from "react";
import { checkRecordedValue } from "../../domain/command-values.js";
import { nextDeadline } from "../../domain/timeline.js";
import { Alerts, byUrgency } from "../components/Alerts.js";
import { Header } from "../components/Header.js";
import { BottomLines } from "../components/HelpBar.js";
import { useTick } from "../hooks/clock.js";
import { useModelVersion, useTerminalSize } from "../hooks/useCockpit.js";
import { useKeys } from "../hooks/useKeys.js";
import type { Action } from "../keys/keymap.js";
import { bodyHeight } from "../layout.js";
import type { Theme } from "../theme.js";
import { performApproveAction, submitApproveDialog } from "./approve-keys.js";
import { DialogView } from "./dialogs.js";
import { trafficNote } from "./freshness.js";
import { helpTopMax } from "./help-dialog.js";
import { routeKey } from "./keys.js";
import { performKubeAction, submitKubeDialog } from "./kube-keys.js";
import type { CockpitModel } from "./model.js";
import { Panes } from "./panes.js";
import { promoteBlocked, shiftText } from "./promote-flow.js";
import { type Dialog as DialogState, initialUi, isTyping, type UiEvent, uiReducer } from "./reducer.js";
import { performRunbookAction, submitRunbookDialog } from "./runbook-keys.js";
import { SmallScreen } from "./SmallScreen.js";
import { shapeCockpit } from "./shape.js";
import { freshReadings, timeKey } from "./time-key.js";
import { useFollowRollout, usePromote, useReopenedRollback } from "./usePromote.js";
import { overallState } from "./view.js";

/** How the process outside (signals) asks the cockpit to quit: the same path as q. */
export interface QuitControl {
  request?: (why: "key" | "signal") => void;
}

export function App(p: {
  model: CockpitModel;
  theme: Theme;
  copy: (text: string) => void;
  size?: { columns: number; rows: number };
  quit?: QuitControl;
}) {
  const { model, theme } = p;
  const { exit } = useApp();
  useModelVersion(model);
  // Read at each render; a tick renders the App again only when what it draws from the time changed
  // (time-key.ts): the clock and the ages tick as leaves of their own.
  const now = model.now();
  const term = useTerminalSize();
  const { columns, rows } = p.size ?? term;
  // The UI state as of the last key, not the last render: a key that arrives before React has
  // rendered the previous one (a loaded machine, a paste then Enter) still sees what it did.
  const [ui, setUi] = useState(initialUi);
  const uiNow = useRef(ui);
  const dispatch = (e: UiEvent) => {
    uiNow.current = uiReducer(uiNow.current, e);
    setUi(uiNow.current);
  };
  const inflight = useRef(0);
  const quitting = useRef(false);
  // Alerts acknowledged by this cockpit whose record has not come back yet: a burst of `a` must
  // acknowledge the next alert each time, never the same one twice.
  const acking = useRef(new Set<string>());
  const v = shapeCockpit(model, ui, now, { columns, rows });
  const { s, gate } = v;
  const drawn = timeKey(model, v, ui, v, now);
  useTick(model, () => timeKey(model, v, ui, freshReadings(model), model.now()) !== drawn);
  const toast = (text: string, tone: "ok" | "bad" | "info") =>
    dispatch({ type: "toast", text, tone, at: model.now() });

  const run = async (
    what: string,
    fn: () => Promise<{ text: string; tone: "ok" | "bad" | "info" } | undefined>,
  ) => {
    inflight.current++;
    dispatch({ type: "busy", what });
    try {
      const r = await fn();
      if (r) toast(r.text, r.tone);
    } catch (e) {
      toast(`${what}: ${(e as Error).message}`, "bad");
    } finally {
      inflight.current--;
      dispatch({ type: "busy", what: inflight.current > 0 ? what : null });
    }
  };

  const rollback = (reason: string) =>
    run("rollback", async () => shiftText(await model.actions.rollback(reason)));

  const { openPromote, sendPromote } = usePromote(model, dispatch, uiNow, run);
  useReopenedRollback(model, dispatch, uiNow);
  useFollowRollout(model, s, v.views, dispatch);

  /** q, Ctrl-C, SIGTERM, SIGHUP: a rollback on the wire finishes first (issue 12, I3). */
  const quit = (why: "key" | "signal") => {
    if (quitting.current) return;
    const rollback = model.rollbackInFlight();
    if (rollback) {
      quitting.current = true;
      dispatch({ type: "open", dialog: { kind: "finishing" } });
      void rollback.finally(() => exit());
      return;
    }
    // A signal has nobody to answer a question; a key does.
    if (why === "key" && inflight.current > 0) dispatch({ type: "overlay", dialog: { kind: "quit" } });
    else exit();
  };
  if (p.quit) p.quit.request = quit;

  const own = {
    model,
    dispatch,
    run,
    toast,
    copy: p.copy,
    shown: () => [uiNow.current.dialog, uiNow.current.hidden],
    // As DialogView lays a dialog out: at most 140 wide, a border and padding each side.
    dialogBox: { width: Math.min(columns - 4, 140) - 4, height: bodyHeight(v.layout) },
  };
  const perform = (action: Action) => {
    const b = v.bindings.find((x) => x.action === action);
    if (!b) return;
    const why = b.disabledReason(v.keyCtx);
    if (why) {
      toast(`${b.label}: ${why}`, "info");
      return;
    }
    if (
      performRunbookAction(action, own) ||
      performKubeAction(action, own) ||
      performApproveAction(action, own)
    )
      return;
    const sel = v.selected;
    switch (action) {
      case "up":
      case "down":
        dispatch({
          type: "move",
          delta: action === "up" ? -1 : 1,
          phases: v.views.length,
          rows: v.rows.length,
          currentPhase: v.currentPhase,
        });
        return;
      case "focus":
        dispatch({ type: "focus" });
        return;
      case "tick":
        if (sel?.kind === "item")
          void run("tick", async () => {
            await model.actions.setItem(sel.id, !sel.done);
            return undefined;
          });
        return;
      case "fill":
        if (sel?.kind === "field")
          dispatch({ type: "open", dialog: { kind: "fill", fieldId: sel.id, value: sel.value ?? "" } });
        return;
      case "run":
        if (sel?.kind === "item") dispatch({ type: "open", dialog: { kind: "run", ref: sel.id } });
        return;
      case "promote":
        openPromote();
        return;
      case "rollback": {
        const last = v.unacked.filter((a) => a.severity === "critical").at(-1);
        dispatch({
          type: "open",
          dialog: {
            kind: "rollback",
            reason: last ? `alert: ${last.message}` : `manual rollback by ${model.user}`,
            editing: false,
          },
        });
        return;
      }
      case "ack": {
        const next = v.unacked.filter((a) => !acking.current.has(a.id)).at(-1);
        if (!next) return;
        acking.current.add(next.id);
        void run("ack", async () => {
          await model.actions.acknowledge(next.id);
          return undefined;
        });
        return;
      }
      case "ackAll": {
        const ids = v.unacked.filter((a) => !acking.current.has(a.id)).map((a) => a.id);
        if (!ids.length) return;
        for (const id of ids) acking.current.add(id);
        void run("ack", async () => {
          const n = await model.actions.acknowledgeAll(ids);
          if (!n)
            return { text: "nothing acknowledged: those alerts were acknowledged already", tone: "info" };
          return {
            text: `✓ ${n} alert${n === 1 ? "" : "s"} acknowledged (one event)`,
            tone: "ok",
          };
        });
        return;
      }
      case "export":
        void run("export", async () => ({
          text: `sign-off record written: ${await model.actions.exportRecord()}`,
          tone: "ok",
        }));
        return;
      case "help":
        dispatch({ type: "open", dialog: { kind: "help" } });
        return;
      case "quit":
        quit("key");
        return;
    }
  };

  const submit = (d: DialogState) => {
    if (submitRunbookDialog(d, own) || submitKubeDialog(d, own) || submitApproveDialog(d, own)) return;
    switch (d.kind) {
      case "fill": {
        const field = model.runbook.fields.find((f) => f.id === d.fieldId)!;
        // The same check as `golive record`: the field's format, and plain data if a command uses it.
        const value = checkRecordedValue(model.runbook, field, d.value);
        if (!value.ok) {
          dispatch({ type: "fieldError", error: value.error });
          return;
        }
        dispatch({ type: "close" });
        void run("record", async () => {
          await model.actions.record(field.id, value.value);
          return { text: `${field.id} ${field.label} = ${value.value}`, tone: "ok" as const };
        });
        return;
      }
      case "promote": {
        if (!d.proposal?.plan || d.sending) return;
        if (d.override !== null && !d.override.trim()) return;
        const blocked = promoteBlocked(gate, d.proposal, s.weights);
        if (d.override === null && blocked.length) {
          // The gate closed between drawing "gate open" and y (a probe failed, data went stale): say so.
          toast(`✖ not promoted: the gate is closed — ${blocked[0]}`, "bad");
          return;
        }
        sendPromote(d, d.override ?? undefined);
        return;
      }
      case "rollback":
        if (d.editing) {
          dispatch({ type: "open", dialog: { ...d, editing: false } });
          return;
        }
        dispatch({ type: "close" });
        void rollback(d.reason);
        return;
      case "run":
        dispatch({ type: "close" });
        void run("run", async () => {
          const r = await model.actions.runCheck(d.ref);
          return {
            text: `${r.ok ? "PASS" : "FAIL"} ${d.ref}: ${r.evidence.split("\n")[0]}`,
            tone: r.ok ? "ok" : "bad",
          };
        });
        return;
      case "quit":
        exit();
        return;
      case "finishing":
        return;
      default:
        dispatch({ type: "close" });
    }
  };

  useKeys(
    (input: string, key: Key) => {
      const intent = routeKey(input, key, {
        dialog: uiNow.current.dialog,
        readOnly: model.readOnly,
        small: v.small,
        bindings: v.bindings,
      });
      if (intent.kind === "action") perform(intent.action);
      else if (intent.kind === "ui") {
        const e = intent.event;
        // The help's scroll stops at its last line on this screen, so k moves back at once.
        const help = e.type === "scroll" && uiNow.current.dialog?.kind === "help";
        const max = help ? helpTopMax(v, model.readOnly, columns - 4, bodyHeight(v.layout)) : undefined;
        dispatch(help ? { ...e, max } : e);
      } else if (intent.kind === "submit") submit(intent.dialog);
      else if (intent.kind === "refused") toast(intent.why, "info");
    },
    () => isTyping(uiNow.current.dialog),
  );

  // A toast older than an unacknowledged alert is history: the alert (and the next-action line) lead.
  const newestAlert = v.unacked.at(-1);
  const shownToast =
    ui.toast && !(newestAlert && ui.toast.at !== undefined && Date.parse(newestAlert.at) > ui.toast.at)
      ? ui.toast
      : null;

  if (v.small)
    return (
      <SmallScreen
        v={v}
        ui={{ ...ui, toast: shownToast }}
        model={model}
        columns={columns}
        rows={rows}
        theme={theme}
      />
    );

  const L = v.layout;
  const overall = overallState(s);
  const body = bodyHeight(L);
  return (
    <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
      <Header
        title={model.runbook.title}
        env={s.env}
        version={s.version}
        lead={s.lead}
        clock={model}
        t0={s.t0}
        weights={s.weights}
        overall={overall.text}
        overallTone={overall.tone}
        deadline={nextDeadline(v.views, now)}
        readOnly={model.readOnly}
        clockNote={model.clockStatus?.()}
        trafficNote={trafficNote(
          v.snap,
          s.weights,
          now,
          s.weightsSince ? Date.parse(s.weightsSince) : undefined,
        )}
        width={columns}
        compact={L.mode === "compact"}
        theme={theme}
      />
      <Alerts alerts={byUrgency(v.unacked)} width={columns} height={L.alerts.height} theme={theme} />
      {ui.dialog ? (
        <Box width={columns} height={body} justifyContent="center" alignItems="center" overflow="hidden">
          <DialogView
            d={ui.dialog}
            model={model}
            width={columns - 4}
            maxHeight={body}
            theme={theme}
            bindings={v.bindings}
            keyCtx={v.keyCtx}
          />
        </Box>
      ) : (
        <Panes v={v} ui={ui} model={model} now={now} height={body} theme={theme} />
      )}
      <BottomLines
        next={v.next}
        bindings={v.bindings}
        ctx={v.keyCtx}
        width={columns}
        theme={theme}
        toast={shownToast ?? (ui.busy ? { text: `${ui.busy}…`, tone: "info" } : null)}
      />
    </Box>
  );
}
