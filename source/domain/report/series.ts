/**
 * What the report's chart draws, read only from the chained events (so the picture verifies like
 * the rest of the record): green's confirmed weight as a step line, each arm's error rate, p95 and
 * throughput per recorded period, and one marker per decision or incident event.
 */
import { describeEvent } from "../describe.js";
import type { PeriodCounts, SessionEvent } from "../events.js";

export type MarkerKind =
  | "promote"
  | "rollback"
  | "failed"
  | "drift"
  | "alert"
  | "ack"
  | "override"
  | "go"
  | "checkpoint"
  | "signed";

/** One letter per kind: markers read without colour (and in print). */
export const MARKER_LETTER: Record<MarkerKind, string> = {
  promote: "P",
  rollback: "R",
  failed: "F",
  drift: "D",
  alert: "A",
  ack: "K",
  override: "O",
  go: "G",
  checkpoint: "C",
  signed: "S",
};

export const MARKER_NAME: Record<MarkerKind, string> = {
  promote: "promote",
  rollback: "rollback",
  failed: "traffic change failed",
  drift: "drift / listener not as confirmed",
  alert: "alert raised",
  ack: "alert acknowledged",
  override: "override (gate pressed through)",
  go: "Go decision",
  checkpoint: "T+ checkpoint",
  signed: "sign-off",
};

/** The marker an event gets on the chart, or null for events the chart does not mark. */
export function markerKind(e: SessionEvent): MarkerKind | null {
  switch (e.type) {
    case "traffic.shift.requested":
      if (e.data.kind !== "promote") return "rollback";
      return e.data.override || e.data.overridden?.length ? "override" : "promote";
    case "traffic.shift.confirmed":
      return e.data.kind === "promote" ? "promote" : "rollback";
    case "traffic.shift.failed":
      return "failed";
    case "traffic.shift.superseded":
      return "rollback";
    case "traffic.observed":
    case "drift.detected":
      return "drift";
    case "alert.raised":
      return "alert";
    case "alert.acknowledged":
      return "ack";
    case "decision.go":
      return e.data.override ? "override" : "go";
    case "checkpoint.recorded":
      return "checkpoint";
    case "rollback.verified":
      return "rollback";
    case "session.signed":
      return "signed";
    default:
      return null;
  }
}

export interface Marker {
  seq: number;
  t: number;
  kind: MarkerKind;
  title: string;
}

export interface ArmPoint {
  /** Error rate in %, p95 in ms, requests per minute; null = no traffic/no data in the period. */
  errorRate: number | null;
  p95: number | null;
  rpm: number | null;
}

export interface PeriodPoint {
  t: number;
  periodMs: number;
  blue: ArmPoint;
  green: ArmPoint;
  /** The other measures recorded for the period (`p99`, `http4xxRate`, `custom:NAME`), as read. */
  measures: Record<string, { blue: number | null; green: number | null }>;
}

export interface ReportSeries {
  from: number;
  to: number;
  /** Green's weight as AWS confirmed (or was seen at), from `t` on. */
  weight: { t: number; green: number; seq: number }[];
  periods: PeriodPoint[];
  /** The measures any period recorded, in a stable order: percentiles, 4xx/5xx, the team's own. */
  measures: string[];
  markers: Marker[];
}

/** Percentiles by their number, then the ALB's 4xx/5xx measures, then custom metrics by name. */
export function measureOrder(keys: Iterable<string>): string[] {
  const rank = (k: string) =>
    /^p\d/.test(k) ? 0 : k.startsWith("http") ? 1 : k.startsWith("custom:") ? 2 : 3;
  return [...new Set(keys)].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) === 0 ? Number(a.slice(1)) - Number(b.slice(1)) : 0) ||
      a.localeCompare(b),
  );
}

function arm(c: PeriodCounts | null, periodMs: number): ArmPoint {
  if (!c || c.requests <= 0) return { errorRate: null, p95: c?.p95Ms ?? null, rpm: c ? 0 : null };
  return {
    errorRate: (100 * (c.errors + c.connectionErrors)) / c.requests,
    p95: c.p95Ms,
    rpm: c.requests / (periodMs / 60_000),
  };
}

export function reportSeries(events: readonly SessionEvent[]): ReportSeries {
  const weight: ReportSeries["weight"] = [];
  const periods: PeriodPoint[] = [];
  const markers: Marker[] = [];
  const measureKeys = new Set<string>();
  for (const e of events) {
    const t = Date.parse(e.at);
    if (e.type === "traffic.shift.confirmed") weight.push({ t, green: e.data.weights.green, seq: e.seq });
    else if (e.type === "drift.detected") weight.push({ t, green: e.data.actual.green, seq: e.seq });
    else if (e.type === "traffic.observed" && e.data.weights)
      weight.push({ t, green: e.data.weights.green, seq: e.seq });
    else if (e.type === "metrics.period") {
      const p = e.data;
      periods.push({
        t: Date.parse(p.t),
        periodMs: p.periodMs,
        blue: arm(p.blue, p.periodMs),
        green: arm(p.green, p.periodMs),
        measures: p.measures ?? {},
      });
      for (const k of Object.keys(p.measures ?? {})) measureKeys.add(k);
    }
    const kind = markerKind(e);
    if (kind) markers.push({ seq: e.seq, t, kind, title: `#${e.seq} ${e.at} ${e.by}: ${describeEvent(e)}` });
  }
  periods.sort((a, b) => a.t - b.t);
  // The picture spans the night's action (periods and marked events), not the whole T-24h…T+24h
  // of item ticks, so a ten-minute canary step is not a sliver.
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  const span = (a: number, b = a) => {
    if (a < from) from = a;
    if (b > to) to = b;
  };
  for (const p of periods) span(p.t, p.t + p.periodMs);
  for (const m of markers) span(m.t);
  if (from === Number.POSITIVE_INFINITY) for (const e of events) span(Date.parse(e.at));
  if (from === Number.POSITIVE_INFINITY) from = to = 0;
  return {
    from,
    to: to > from ? to : from + 60_000,
    weight,
    periods,
    measures: measureOrder(measureKeys),
    markers,
  };
}
