/**
 * The cockpit's layout as a pure function of the terminal size. The root is never taller than
 * the terminal (taller roots make Ink redraw everything: the flicker in ink #450/#359).
 */
export type LayoutMode = "wide" | "medium" | "compact";

export interface Box {
  width: number;
  height: number;
}

export interface Layout {
  mode: LayoutMode;
  columns: number;
  rows: number;
  header: Box;
  alerts: Box;
  /** The "what now" line (issue 12, I9): in every layout, above the help bar. */
  next: Box;
  helpBar: Box;
  timeline: Box;
  checklist: Box;
  metrics: Box;
  /** Height of each of the two metric panes (blue, green). */
  metricPane: Box;
  monitoring: Box;
  events: Box;
  /** An EKS session's Kubernetes rollout (height 0 otherwise). */
  kube: Box;
  /** Panes laid out in columns (wide/medium) or stacked (compact). */
  columnsOf: ("timeline" | "checklist" | "metrics" | "monitoring" | "kube" | "events")[][];
}

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export function layout(columns: number, rows: number, alertCount = 0, kube = false): Layout {
  const cols = Math.max(columns, 1);
  const rws = Math.max(rows, 1);
  const mode: LayoutMode =
    cols >= 160 && rws >= 30 ? "wide" : cols >= 120 && rws >= 30 ? "medium" : "compact";
  const header: Box = { width: cols, height: mode === "compact" ? 2 : 3 };
  const alerts: Box = {
    width: cols,
    height: alertCount > 0 ? Math.min(alertCount, mode === "compact" ? 1 : 3) : 0,
  };
  const helpBar: Box = { width: cols, height: 1 };
  const next: Box = { width: cols, height: 1 };
  const body = Math.max(0, rws - header.height - alerts.height - next.height - helpBar.height);
  const common = { mode, columns: cols, rows: rws, header, alerts, next, helpBar };
  const kubeH = (room: number, max: number) => (kube ? Math.max(0, Math.min(max, room)) : 0);
  if (mode === "wide") {
    const left = Math.floor(cols * 0.36);
    const right = Math.floor(cols * 0.3);
    const middle = cols - left - right;
    const timelineH = Math.min(Math.max(8, Math.floor(body * 0.4)), body);
    const paneH = Math.min(8, Math.floor(body / 3));
    // Four checkpoint rows in ink-table take 11 lines, plus the title.
    const monitoringH = Math.min(12, body - 2 * paneH);
    return {
      ...common,
      timeline: { width: left, height: timelineH },
      checklist: { width: left, height: body - timelineH },
      metrics: { width: middle, height: 2 * paneH },
      metricPane: { width: middle, height: paneH },
      monitoring: { width: middle, height: Math.max(0, monitoringH) },
      // Revision, replicas and a few pods; the event log keeps the rest of the column.
      kube: { width: right, height: kubeH(Math.floor(body / 2), 10) },
      events: { width: right, height: body - kubeH(Math.floor(body / 2), 10) },
      columnsOf: [
        ["timeline", "checklist"],
        ["metrics", "monitoring"],
        ["kube", "events"],
      ],
    };
  }
  if (mode === "medium") {
    const left = Math.floor(cols / 2);
    const right = cols - left;
    const timelineH = Math.min(Math.max(6, Math.floor(body * 0.35)), body);
    const paneH = Math.min(7, Math.floor(body / 4));
    const monitoringH = Math.min(12, Math.floor(body / 3));
    return {
      ...common,
      timeline: { width: left, height: timelineH },
      checklist: { width: left, height: body - timelineH },
      metrics: { width: right, height: 2 * paneH },
      metricPane: { width: right, height: paneH },
      monitoring: { width: right, height: monitoringH },
      kube: { width: right, height: kubeH(Math.max(0, body - 2 * paneH - monitoringH), 6) },
      events: {
        width: right,
        height: Math.max(
          0,
          body - 2 * paneH - monitoringH - kubeH(Math.max(0, body - 2 * paneH - monitoringH), 6),
        ),
      },
      columnsOf: [
        ["timeline", "checklist"],
        ["metrics", "monitoring", "kube", "events"],
      ],
    };
  }
  // Compact (80×24): stacked and abbreviated. One line per color for metrics, a short timeline,
  // the checklist takes the rest; the monitoring table and event log give way.
  const metricsH = Math.min(2, body);
  const timelineH = Math.min(4, Math.max(0, body - metricsH));
  // Compact: the rollout in two lines (verdict and replicas, the pod in trouble), under the metrics.
  const kubeLines = kube ? Math.min(2, Math.max(0, body - metricsH - timelineH - 3)) : 0;
  const rest = Math.max(0, body - metricsH - timelineH - kubeLines);
  const monitoringH = rws >= 30 ? Math.min(6, Math.floor(rest / 3)) : 0;
  return {
    ...common,
    kube: { width: cols, height: kubeLines },
    timeline: { width: cols, height: timelineH },
    checklist: { width: cols, height: rest - monitoringH },
    metrics: { width: cols, height: metricsH },
    metricPane: { width: cols, height: 1 },
    monitoring: { width: cols, height: monitoringH },
    events: { width: cols, height: 0 },
    columnsOf: [["metrics", "kube", "timeline", "checklist", "monitoring"]],
  };
}

/** Rows between the header block and the bottom lines, where the panes (or a dialog) go. */
export function bodyHeight(l: Layout): number {
  return Math.max(0, l.rows - l.header.height - l.alerts.height - l.next.height - l.helpBar.height);
}

/** Height a column of panes takes; the layout tests hold every column to the body height. */
export function columnHeight(l: Layout, col: Layout["columnsOf"][number]): number {
  return col.reduce((s, p) => s + l[p].height, 0);
}
