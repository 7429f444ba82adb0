/** The cockpit: header, alerts, timeline, checklist, metric panes, monitoring table, event log, keys. */
import { Box, type Key, Text, useApp, useInput } from "ink";
import { useEffect, useReducer, useRef } from "react";
import { formatLeft } from "../../domain/canary.js";
import { normalizeFieldValue } from "../../domain/fields.js";
import { sourceText, stepsText } from "../../domain/in-force.js";
import { NO_DATA } from "../../domain/metrics.js";
import { nextDeadline, timeline } from "../../domain/timeline.js";
import { metricsStaleText } from "../../engine/monitor.js";
import { Alerts } from "../components/Alerts.js";
import { Checklist } from "../components/Checklist.js";
import { Dialog } from "../components/Dialog.js";
import { EventLog } from "../components/EventLog.js";
import { Header } from "../components/Header.js";
import { HelpBar } from "../components/HelpBar.js";
import { MetricPane } from "../components/MetricPane.js";
import { MonitoringTable } from "../components/MonitoringTable.js";
import { Timeline } from "../components/Timeline.js";
import { useModelVersion, useNow, useTerminalSize } from "../hooks/useCockpit.js";
import { type Action, bindingsFor, type KeyContext, resolveKey } from "../keys/keymap.js";
import { layout, MIN_COLUMNS, MIN_ROWS } from "../layout.js";
import type { Theme } from "../theme.js";
import type { CockpitModel } from "./model.js";
import { type Dialog as DialogState, initialUi, isTyping, uiReducer } from "./reducer.js";
import {
  checklistRows,
  checkpointRows,
  defaultPhase,
  eventLines,
  overallState,
  statusMessage,
} from "./view.js";

export function App(p: {
  model: CockpitModel;
  theme: Theme;
  copy: (text: string) => void;
  size?: { columns: number; rows: number };
}) {
  const { model, theme } = p;
  const { exit } = useApp();
  useModelVersion(model);
  const now = useNow(model);
  const term = useTerminalSize();
  const { columns, rows } = p.size ?? term;
  const [ui, dispatch] = useReducer(uiReducer, initialUi);
  const inflight = useRef(0);

  const s = model.state();
  const rb = model.runbook;
  const views = timeline(rb, s, now);
  const currentPhase = defaultPhase(views);
  const phaseIdx = Math.min(ui.phase ?? currentPhase, Math.max(0, views.length - 1));
  const view = views[phaseIdx];
  const rowsList = checklistRows(rb, s, view);
  const rowIdx = Math.min(ui.row, Math.max(0, rowsList.length - 1));
  const selected = rowsList[rowIdx];
  const snap = model.snapshot();
  const gate = model.gate();
  const unacked = s.alerts.filter((a) => !a.acknowledged);
  const L = layout(columns, rows, unacked.length);
  const bindings = bindingsFor(model.readOnly);
  const keyCtx: KeyContext = {
    readOnly: model.readOnly,
    state: s,
    gate,
    hasEngine: !!snap,
    selection: {
      kind: ui.focus === "checklist" && selected ? selected.kind : "none",
      runnable: selected?.kind === "item" && selected.runnable,
    },
    unacknowledged: unacked.length,
    busy: ui.busy,
  };

  const run = async (
    what: string,
    fn: () => Promise<{ text: string; tone: "ok" | "bad" | "info" } | undefined>,
  ) => {
    inflight.current++;
    dispatch({ type: "busy", what });
    try {
      const r = await fn();
      if (r) dispatch({ type: "toast", ...r });
    } catch (e) {
      dispatch({ type: "toast", text: `${what}: ${(e as Error).message}`, tone: "bad" });
    } finally {
      inflight.current--;
      dispatch({ type: "busy", what: inflight.current > 0 ? what : null });
    }
  };

  const shift = (kind: "promote" | "rollback", arg?: string) =>
    run(kind, async () => {
      const r =
        kind === "promote" ? await model.actions.promote(arg) : await model.actions.rollback(arg ?? "");
      return {
        text: r.ok ? `✓ ${r.text}` : `✖ ${r.text}${r.manualCommand ? `  → by hand: ${r.manualCommand}` : ""}`,
        tone: r.ok ? "ok" : "bad",
      };
    });

  const trigger = (action: Action) => {
    const b = bindings.find((x) => x.action === action);
    if (!b) return;
    const why = b.disabledReason(keyCtx);
    if (why) {
      dispatch({ type: "toast", text: `${b.label}: ${why}`, tone: "info" });
      return;
    }
    switch (action) {
      case "up":
      case "down":
        dispatch({
          type: "move",
          delta: action === "up" ? -1 : 1,
          phases: views.length,
          rows: rowsList.length,
          currentPhase,
        });
        return;
      case "focus":
        dispatch({ type: "focus" });
        return;
      case "tick":
        if (selected?.kind === "item") {
          void run("tick", async () => {
            await model.actions.setItem(selected.id, !selected.done);
            return undefined;
          });
        }
        return;
      case "fill":
        if (selected?.kind === "field")
          dispatch({
            type: "open",
            dialog: { kind: "fill", fieldId: selected.id, value: selected.value ?? "" },
          });
        return;
      case "run":
        if (selected?.kind === "item") dispatch({ type: "open", dialog: { kind: "run", ref: selected.id } });
        return;
      case "promote":
        dispatch({ type: "open", dialog: { kind: "promote", override: null } });
        return;
      case "rollback": {
        const last = unacked.filter((a) => a.severity === "critical").at(-1);
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
      case "ack":
        if (unacked.length) {
          void run("ack", async () => {
            await model.actions.acknowledge(unacked.at(-1)!.id);
            return undefined;
          });
        }
        return;
      case "message": {
        const text = statusMessage(rb, s, views, now, model.user);
        p.copy(text);
        dispatch({ type: "open", dialog: { kind: "message", text } });
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
        if (inflight.current > 0) dispatch({ type: "open", dialog: { kind: "quit" } });
        else exit();
        return;
    }
  };

  // Ink re-subscribes useInput in an effect, so a key that arrives right after a render would see the
  // previous render's state (Esc closes a dialog, the next key still finds it open). Keys go through a
  // ref that every render updates instead.
  const onKey = useRef<(input: string, key: Key) => void>(() => {});
  // Ink hands over keys typed faster than it reads them (a fast typist, a laggy SSH link) as one
  // string, like a paste; as one string they match no binding and were silently dropped, "R" then "y"
  // included. Outside a text field a burst is split into keys, each handled after the previous one has
  // rendered, so "y" sees the dialog "R" opened. Inside a text field it stays a paste.
  const queued = useRef<[string, Key][]>([]);
  const [, drainKeys] = useReducer((n: number) => n + 1, 0);
  const typingNow = useRef(false);
  typingNow.current = isTyping(ui.dialog);
  useInput((input, key) => {
    const burst = [...input].length > 1 && !key.ctrl && !key.meta && !typingNow.current;
    if (!burst && queued.current.length === 0) {
      onKey.current(input, key);
      return;
    }
    queued.current.push(
      ...(burst ? [...input].map((ch) => keyOf(ch, key)) : [[input, key] as [string, Key]]),
    );
    drainKeys();
  });
  useEffect(() => {
    const next = queued.current.shift();
    if (!next) return;
    onKey.current(...next);
    if (queued.current.length) drainKeys();
  });
  onKey.current = (input, key) => {
    const d = ui.dialog;
    // Rollback is reachable from anywhere, dialogs included (Ctrl-R while typing text).
    if (!model.readOnly && ((input === "R" && !isTyping(d)) || (key.ctrl && input === "r"))) {
      trigger("rollback");
      return;
    }
    if (!d) {
      const b = resolveKey(input, key, bindings);
      if (b) trigger(b.action);
      return;
    }
    if (isTyping(d)) {
      if (key.escape) {
        if (d.kind === "rollback") dispatch({ type: "open", dialog: { ...d, editing: false } });
        else if (d.kind === "promote") dispatch({ type: "open", dialog: { ...d, override: null } });
        else dispatch({ type: "close" });
      } else if (key.return) submit(d);
      else if (key.backspace || key.delete) dispatch({ type: "edit", key: "backspace" });
      else if (input && !key.ctrl && !key.meta) dispatch({ type: "edit", key: "char", char: input });
      return;
    }
    if (key.escape || input === "n") {
      dispatch({ type: "close" });
      return;
    }
    if (d.kind === "help" || d.kind === "message") {
      dispatch({ type: "close" });
      return;
    }
    if (d.kind === "promote" && input === "o") {
      dispatch({ type: "open", dialog: { ...d, override: "" } });
      return;
    }
    if (d.kind === "rollback" && input === "e") {
      dispatch({ type: "open", dialog: { ...d, editing: true } });
      return;
    }
    if (input === "y") submit(d);
  };

  const submit = (d: DialogState) => {
    switch (d.kind) {
      case "fill": {
        const field = rb.fields.find((f) => f.id === d.fieldId)!;
        const v = normalizeFieldValue(field, d.value);
        if (!v.ok) {
          dispatch({ type: "fieldError", error: v.error });
          return;
        }
        dispatch({ type: "close" });
        void run("record", async () => {
          await model.actions.record(field.id, v.value);
          return { text: `${field.id} ${field.label} = ${v.value}`, tone: "ok" as const };
        });
        return;
      }
      case "promote":
        if (d.override !== null && !d.override.trim()) return;
        if (d.override === null && gate && !gate.allowed) return;
        dispatch({ type: "close" });
        void shift("promote", d.override ?? undefined);
        return;
      case "rollback":
        if (d.editing) {
          dispatch({ type: "open", dialog: { ...d, editing: false } });
          return;
        }
        dispatch({ type: "close" });
        void shift("rollback", d.reason);
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
      default:
        dispatch({ type: "close" });
    }
  };

  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return (
      <Box width={columns} height={Math.max(1, Math.min(rows, 3))} flexDirection="column">
        <Text wrap="truncate">
          golive needs at least {MIN_COLUMNS}×{MIN_ROWS}; this terminal is {columns}×{rows}.
        </Text>
        <Text wrap="truncate">Enlarge it (the session keeps running), or use `golive status`.</Text>
      </Box>
    );
  }

  const overall = overallState(s);
  const deadline = nextDeadline(views, now);
  const compact = L.mode === "compact";
  const th = model.thresholds;
  const panes = {
    timeline: (
      <Timeline
        key="timeline"
        views={views}
        selected={phaseIdx}
        focused={ui.focus === "timeline"}
        width={L.timeline.width}
        height={L.timeline.height}
        theme={theme}
      />
    ),
    checklist: (
      <Checklist
        key="checklist"
        title={view ? `${view.phase.section.number} ${view.phase.section.title}` : "Checklist"}
        rows={rowsList}
        selected={rowIdx}
        focused={ui.focus === "checklist"}
        width={L.checklist.width}
        height={L.checklist.height}
        theme={theme}
        commandHint={commandHint(model, selected)}
      />
    ),
    metrics: (
      <Box
        key="metrics"
        flexDirection="column"
        width={L.metrics.width}
        height={L.metrics.height}
        overflow="hidden"
      >
        {(["blue", "green"] as const).map((c) => (
          <MetricPane
            key={c}
            color={c}
            weight={s.weights ? s.weights[c] : null}
            metrics={snap?.[c].current ?? NO_DATA}
            series={snap?.[c].series ?? []}
            thresholds={th}
            probe={snap?.probes[c]}
            stale={snap ? metricsStaleText(snap, now) : undefined}
            width={L.metricPane.width}
            height={L.metricPane.height}
            theme={theme}
          />
        ))}
        {compact && L.metrics.height > 2 ? (
          <GateLine gate={gate} theme={theme} width={L.metrics.width} />
        ) : null}
      </Box>
    ),
    monitoring: (
      <MonitoringTable
        key="monitoring"
        rows={checkpointRows(rb, s)}
        anchor={
          s.live && !s.live.endedAt
            ? `T+ from ${s.live.at.slice(11, 16)}Z (green 100 %${s.live.attempt > 1 ? `, attempt ${s.live.attempt}` : ""})`
            : "starts when green reaches 100 %"
        }
        width={L.monitoring.width}
        height={L.monitoring.height}
        theme={theme}
      />
    ),
    events: (
      <EventLog
        key="events"
        lines={eventLines(model.events(), Math.max(0, L.events.height))}
        width={L.events.width}
        height={L.events.height}
        theme={theme}
      />
    ),
  };

  return (
    <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
      <Header
        title={rb.title}
        env={s.env}
        version={s.version}
        lead={s.lead}
        now={now}
        t0={s.t0}
        weights={s.weights}
        overall={overall.text}
        overallTone={overall.tone}
        deadline={deadline}
        readOnly={model.readOnly}
        width={columns}
        compact={compact}
        theme={theme}
      />
      <Alerts alerts={[...unacked].reverse()} width={columns} height={L.alerts.height} theme={theme} />
      {ui.dialog ? (
        <Box
          width={columns}
          height={rows - L.header.height - L.alerts.height - L.helpBar.height}
          justifyContent="center"
          alignItems="center"
          overflow="hidden"
        >
          <DialogView
            d={ui.dialog}
            model={model}
            gate={gate}
            width={columns - 4}
            maxHeight={rows - L.header.height - L.alerts.height - L.helpBar.height}
            theme={theme}
            bindings={bindings}
            keyCtx={keyCtx}
          />
        </Box>
      ) : (
        <Box
          flexDirection="row"
          width={columns}
          height={rows - L.header.height - L.alerts.height - L.helpBar.height}
          overflow="hidden"
        >
          {L.columnsOf.map((col) => (
            <Box key={col.join("-")} flexDirection="column" overflow="hidden">
              {col.map((name) => panes[name])}
            </Box>
          ))}
        </Box>
      )}
      <HelpBar
        bindings={bindings}
        ctx={keyCtx}
        width={columns}
        theme={theme}
        toast={ui.toast ?? (ui.busy ? { text: `${ui.busy}…`, tone: "info" } : null)}
      />
    </Box>
  );
}

/** One character of a burst as Ink would have reported it on its own. */
export function keyOf(ch: string, plain: Key): [string, Key] {
  const none: Key = { ...plain, shift: false, ctrl: false, meta: false };
  if (ch === "\r" || ch === "\n") return ["", { ...none, return: true }];
  if (ch === "\t") return ["", { ...none, tab: true }];
  if (ch === "\x7f" || ch === "\b") return ["", { ...none, backspace: true }];
  const code = ch.codePointAt(0)!;
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...none, ctrl: true }];
  return [ch, { ...none, shift: /^[A-Z]$/.test(ch) }];
}

function commandHint(
  model: CockpitModel,
  selected: ReturnType<typeof checklistRows>[number] | undefined,
): string | undefined {
  if (selected?.kind !== "item" || !selected.runnable) return undefined;
  const id = selected.block ? `${selected.block} ` : "";
  try {
    const pv = model.actions.previewCheck(selected.id);
    return `⌘ ${id}r runs: ${pv.shows.replace(/\n/g, " ⏎ ").slice(0, 200)}`;
  } catch (e) {
    // A refused block says why and what to use instead, right where the lead looks.
    return `⌘ ${id}${(e as Error).message.slice(0, 200)}`;
  }
}

function GateLine(p: { gate: ReturnType<CockpitModel["gate"]>; theme: Theme; width: number }) {
  if (!p.gate) return null;
  const g = p.gate;
  const text =
    g.nextIndex < 0
      ? "canary complete"
      : g.allowed
        ? `gate open: p promotes to ${g.next?.green} %`
        : `gate: ${g.reasons[0] ?? "closed"}`;
  return (
    <Text wrap="truncate" color={p.theme.c(g.allowed ? "green" : "yellow")}>
      {text}
    </Text>
  );
}

function DialogView(p: {
  d: DialogState;
  model: CockpitModel;
  gate: ReturnType<CockpitModel["gate"]>;
  width: number;
  maxHeight: number;
  theme: Theme;
  bindings: ReturnType<typeof bindingsFor>;
  keyCtx: KeyContext;
}) {
  const { d, model, gate } = p;
  const common = { width: p.width, maxHeight: p.maxHeight, theme: p.theme };
  const s = model.state();
  switch (d.kind) {
    case "help":
      return (
        <Dialog
          {...common}
          title="Keys"
          tone="info"
          lines={p.bindings.map((b) => {
            const why = b.disabledReason(p.keyCtx);
            return `${b.label.padEnd(6)} ${b.dangerous ? "⚠ " : "  "}${b.description}${why ? `  [now: ${why}]` : ""}`;
          })}
          footer={
            model.readOnly
              ? "read-only viewer: keys that change traffic or the session are absent · any key closes"
              : "R (or Ctrl-R while typing) rolls back from anywhere · any key closes"
          }
        />
      );
    case "message":
      return (
        <Dialog
          {...common}
          title="Status update (copied to the clipboard with OSC 52)"
          tone="info"
          lines={d.text.split("\n")}
          footer="any key closes"
        />
      );
    case "quit":
      return (
        <Dialog
          {...common}
          title="An action is in flight"
          tone="danger"
          lines={[
            "Quit anyway? The session is on disk; what AWS confirms after you quit is seen on the next open (drift).",
          ]}
          footer="y quits · n / Esc stays"
        />
      );
    case "fill": {
      const f = model.runbook.fields.find((x) => x.id === d.fieldId)!;
      return (
        <Dialog
          {...common}
          title={`Fill ${f.id}: ${f.label}`}
          tone="info"
          lines={[
            f.options
              ? `one of: ${f.options.join(" / ")}`
              : `${f.unit ? `unit: ${f.unit}` : "free text"}${f.target ? ` · target ${f.target}` : ""}`,
          ]}
          input={{ label: "value", value: d.value, error: d.error }}
          footer="Enter records · Esc cancels"
        />
      );
    }
    case "run": {
      let lines: string[];
      let dangerous = false;
      try {
        const pv = model.actions.previewCheck(d.ref);
        lines = [pv.label, "", "This runs exactly:", ...pv.shows.split("\n")];
        dangerous = pv.dangerous;
      } catch (e) {
        lines = [(e as Error).message];
      }
      return (
        <Dialog
          {...common}
          title={`Run ${d.ref}`}
          tone={dangerous ? "danger" : "info"}
          lines={lines}
          footer="y runs · n / Esc cancels"
        />
      );
    }
    case "promote": {
      const w = s.weights;
      const lines: string[] = [];
      if (!gate) lines.push("no engine");
      else if (gate.next) {
        lines.push(
          `Listener: blue ${w?.blue ?? "?"} / green ${w?.green ?? "?"}  →  blue ${gate.next.blue} / green ${gate.next.green}`,
        );
        lines.push(...planLinesFor(model, gate.nextIndex));
        lines.push(
          `Dwell: ${gate.dwellLeftMs > 0 ? `${formatLeft(gate.dwellLeftMs)} left` : "elapsed"} · go: error < ${model.thresholds.go.errorRate} %${from(model.thresholds.from?.go.errorRate)}, p95 < ${model.thresholds.go.latencyP95} ms${from(model.thresholds.from?.go.latencyP95)}`,
        );
        // Go / No-Go reasons are listed once, with the criteria below.
        for (const r of gate.reasons)
          if (!gate.isGoDecision || !/^(no evidence: )?(Go criterion not met|No-Go not ruled out):/.test(r))
            lines.push(`✖ ${r}`);
        if (gate.allowed) lines.push("✓ gate open");
        if (gate.isGoDecision) {
          lines.push("", "GO DECISION — the runbook's Go / No-Go criteria (✓ met, or No-Go ruled out):");
          for (const c of model.goCriteria())
            lines.push(`${c.ok === true ? "✓" : c.ok === false ? "✖" : "?"} ${c.text} — ${c.why}`);
        }
      } else lines.push("green already takes 100 %");
      const footer =
        d.override !== null
          ? "type the reason · Enter promotes with the override · Esc back"
          : gate?.allowed
            ? "y promotes · n / Esc cancels"
            : "o overrides with a reason (recorded) · n / Esc cancels";
      return (
        <Dialog
          {...common}
          title={`Promote to ${gate?.next?.green ?? "—"} % green`}
          tone="danger"
          lines={lines}
          input={d.override !== null ? { label: "override reason", value: d.override } : undefined}
          footer={footer}
        />
      );
    }
    case "rollback": {
      const w = s.weights;
      return (
        <Dialog
          {...common}
          title="ROLL BACK to 100 % blue"
          tone="danger"
          lines={[
            "ModifyListener",
            // Wrapped, not cut: the confirmation must show exactly which listener changes.
            ...chunk(model.listenerArn ?? "", Math.max(20, Math.min(p.width, 140) - 8)).map((c) => `  ${c}`),
            `  blue ${w?.blue ?? "?"} / green ${w?.green ?? "?"}  →  blue 100 / green 0`,
            "then read back until AWS confirms, check blue's targets and health URL, record the rollback checklist.",
          ]}
          input={{ label: "reason", value: d.reason }}
          footer={
            d.editing
              ? "typing the reason · Enter or Esc to finish"
              : "y rolls back now · e edits the reason · n / Esc cancels"
          }
        />
      );
    }
  }
}

function chunk(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out.length ? out : [""];
}

/** The plan the promotion follows and where it comes from: the runbook's line, the config or the default. */
function planLinesFor(model: CockpitModel, next: number): string[] {
  const f = model.inForce;
  const step = f.plan[next];
  if (!step) return [];
  const after = next === f.plan.length - 1 ? "then watch" : "then dwell";
  return [
    `Plan: ${stepsText(f.plan)} (${sourceText(step.stepFrom, f.runbookFile)})`,
    `Step ${next + 1} of ${f.plan.length}: ${step.green} % green, ${after} ${step.dwellMinutes} min (${sourceText(step.dwellFrom, f.runbookFile)})`,
  ];
}

function from(label: string | undefined): string {
  return label ? ` (${label})` : "";
}
