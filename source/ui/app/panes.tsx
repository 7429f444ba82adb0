/** The cockpit's body: each pane at the size the layout gives it, arranged in the layout's columns. */
import { Box } from "ink";
import { useMemo } from "react";
import { NO_DATA } from "../../domain/metrics.js";
import { fleetText } from "../../engine/fleet-text.js";
import { metricsStaleText } from "../../engine/monitor.js";
import { Checklist } from "../components/Checklist.js";
import { EventLog } from "../components/EventLog.js";
import { KubePane } from "../components/KubePane.js";
import { MetricPane } from "../components/MetricPane.js";
import { MonitoringTable } from "../components/MonitoringTable.js";
import { Timeline } from "../components/Timeline.js";
import type { Theme } from "../theme.js";
import { paneAge } from "./freshness.js";
import type { CockpitModel } from "./model.js";
import { usePaneData } from "./pane-data.js";
import type { UiState } from "./reducer.js";
import type { CockpitView } from "./shape.js";

/**
 * What the metric panes say instead of numbers when they hold no reading they can show: stale or
 * failing metrics, or nothing asked yet. Before the first poll has answered (the engine loading,
 * its first poll on the wire, or no environment config to poll) that is no evidence, never
 * "CloudWatch has none", which only an answered poll without datapoints may say.
 */
export function paneStale(
  model: CockpitModel,
  v: Pick<CockpitView, "snap" | "s">,
  now: number,
): string | undefined {
  if (v.snap) {
    const stale = metricsStaleText(v.snap, now);
    return stale ?? (v.snap.metricsAt === null ? "not read yet: the first poll is under way" : undefined);
  }
  if (model.engineLoading?.()) return "not read yet: the engine is loading";
  return v.s.config ? undefined : "not read: no environment config (golive attach --config FILE)";
}

export function Panes(p: {
  v: CockpitView;
  ui: UiState;
  model: CockpitModel;
  now: number;
  height: number;
  theme: Theme;
}) {
  const { v, ui, model, theme } = p;
  const L = v.layout;
  const s = v.s;
  const data = usePaneData(model.runbook, s, model.events(), Math.max(0, L.events.height), p.now);
  // The timeline reads only the day of the clock: the same value all day lets its memo hold.
  const day = p.now - (((p.now % DAY_MS) + DAY_MS) % DAY_MS);
  const p99 = useMemo(
    () => ({ blue: p99For(model, v.snap, "blue"), green: p99For(model, v.snap, "green") }),
    [model, v.snap],
  );
  // Read at the clock's tick from the newest snapshot: a poll that only read the same again draws
  // no frame (monitor-news.ts), so only these leaves show that it answered.
  const age = useMemo(
    () => ({
      blue: { clock: model, text: (now: number) => paneAge(model.snapshot(), "blue", now) },
      green: { clock: model, text: (now: number) => paneAge(model.snapshot(), "green", now) },
    }),
    [model],
  );
  const panes = {
    timeline: (
      <Timeline
        key="timeline"
        views={v.views}
        selected={v.phaseIdx}
        focused={ui.focus === "timeline"}
        width={L.timeline.width}
        height={L.timeline.height}
        now={day}
        theme={theme}
      />
    ),
    checklist: (
      <Checklist
        key="checklist"
        title={v.view ? `${v.view.phase.section.number} ${v.view.phase.section.title}` : "Checklist"}
        rows={v.rows}
        selected={v.rowIdx}
        focused={ui.focus === "checklist"}
        width={L.checklist.width}
        height={L.checklist.height}
        theme={theme}
        commandHint={commandHint(model, v.selected)}
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
            metrics={v.snap?.[c].current ?? NO_DATA}
            series={v.snap?.[c].series ?? []}
            thresholds={model.thresholds}
            probe={v.snap?.probes[c]}
            stale={paneStale(model, v, p.now)}
            age={age[c]}
            fleet={v.snap?.fleet ? fleetText(v.snap.fleet[c]) : undefined}
            p99={p99[c]}
            source={v.snap?.source}
            width={L.metricPane.width}
            height={L.metricPane.height}
            theme={theme}
          />
        ))}
      </Box>
    ),
    monitoring: (
      <MonitoringTable
        key="monitoring"
        rows={data.rows}
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
    kube: (
      <KubePane
        key="kube"
        snapshot={model.rollout?.()}
        clock={model}
        width={L.kube.width}
        height={L.kube.height}
        theme={theme}
      />
    ),
    events: (
      <EventLog
        key="events"
        lines={data.lines}
        width={L.events.width}
        height={L.events.height}
        day={data.day}
        theme={theme}
      />
    ),
  };
  return (
    <Box flexDirection="row" width={L.columns} height={p.height} overflow="hidden">
      {L.columnsOf.map((col) => (
        <Box key={col.join("-")} flexDirection="column" overflow="hidden">
          {col.map((name) => panes[name])}
        </Box>
      ))}
    </Box>
  );
}

const DAY_MS = 86_400_000;

/** The arm's p99 as last read, with the runbook's p99 bounds (the first go and rollback it states). */
function p99For(model: CockpitModel, snap: CockpitView["snap"], c: "blue" | "green") {
  const r = snap?.percentiles?.p99;
  if (!r) return undefined;
  const p99 = (model.runbook.stated ?? []).filter(
    (t) => t.measure.by === "cloudwatch" && t.measure.stat === "p99",
  );
  const go = p99.find((t) => t.kind === "go");
  const rollback = p99.find((t) => t.kind === "rollback");
  return {
    value: r[c],
    go: go?.value,
    rollback: rollback?.value,
    from: go || rollback ? `runbook:${(go ?? rollback)!.line}` : undefined,
  };
}

function commandHint(model: CockpitModel, selected: CockpitView["selected"]): string | undefined {
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
