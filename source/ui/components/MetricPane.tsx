import { Box, Text } from "ink";
import { memo, useMemo } from "react";
import type { ColorMetrics } from "../../domain/metrics.js";
import type { PeriodPoint, ProbeResult } from "../../domain/ports.js";
import type { Thresholds } from "../app/model.js";
import { ms, pct, rps, sparkline } from "../format/text.js";
import type { Clocked } from "../hooks/clock.js";
import type { Theme } from "../theme.js";
import { ClockText } from "./ClockText.js";

export type Verdict = { symbol: string; word: string; tone: string };

/** State by symbol and word as well as colour, so it reads on any screen and with NO_COLOR. */
export function verdict(value: number | null, go: number, rollback: number): Verdict {
  if (value === null) return { symbol: "·", word: "NO DATA", tone: "gray" };
  if (value > rollback) return { symbol: "✖", word: "ROLLBACK", tone: "red" };
  if (value >= go) return { symbol: "▲", word: "WARN", tone: "yellow" };
  return { symbol: "✓", word: "OK", tone: "green" };
}

/**
 * Memoised: its numbers and series are the poll's (the same objects until the next poll), so a clock
 * tick redraws it only for its age line.
 */
export const MetricPane = memo(function MetricPane(p: {
  color: "blue" | "green";
  weight: number | null;
  metrics: ColorMetrics;
  series: PeriodPoint[];
  thresholds: Thresholds;
  probe?: ProbeResult;
  /** Set when the numbers are not current (the poll failed or is late): shown instead of verdicts. */
  stale?: string;
  /**
   * "data 1m20s old · probe 3s ago" (freshness.ts) at the clock's time: how current the numbers are,
   * drawn by the clock's tick alone (the same object across frames, or the memo is lost).
   */
  age?: { clock: Clocked; text: (now: number) => string | undefined };
  /** Where the numbers come from (CloudWatch, Prometheus): named when it has none. */
  source?: string;
  /** The arm's targets by state and ECS task counts, as AWS last showed them (engine/fleet.ts). */
  fleet?: string;
  /**
   * p99 over the latest settled period (CloudWatch's own p99, never derived from p95), with the
   * runbook's p99 bounds where it states them; undefined until the first read.
   */
  p99?: { value: number | null; go?: number; rollback?: number; from?: string };
  width: number;
  height: number;
  theme: Theme;
}) {
  const m = p.metrics;
  // Old numbers are never judged as current: no evidence, whatever they say.
  const staleVerdict: Verdict = { symbol: "?", word: "STALE", tone: "yellow" };
  const err = p.stale
    ? staleVerdict
    : verdict(m.errorRate, p.thresholds.go.errorRate, p.thresholds.rollback.errorRate);
  const lat = p.stale
    ? staleVerdict
    : verdict(m.latencyP95, p.thresholds.go.latencyP95, p.thresholds.rollback.latencyP95);
  const title = `${p.color.toUpperCase()} ${p.weight === null ? "" : `${p.weight} %`}`;
  const probe = p.probe
    ? p.probe.ok
      ? `health ✓ ${p.probe.status}`
      : `health ✖ ${p.probe.status ?? p.probe.error}`
    : "health –";
  const sparkW = Math.max(0, Math.min(30, p.width - 44));
  // Once per poll's series, not once per frame.
  const spark = useMemo(() => sparklines(p.series, sparkW), [p.series, sparkW]);
  // The age is a leaf of its own: the clock's tick redraws its cells, not the pane.
  const age = p.age;
  const header = (
    <Box height={1}>
      <Text wrap="truncate">
        <Text bold color={p.theme.c(p.color)} inverse={p.theme.color}>{` ${title} `}</Text>{" "}
        <Text color={p.theme.c(p.probe?.ok === false ? "red" : "gray")}>{probe}</Text>
        {p.source && p.source !== "CloudWatch" ? <Text color={p.theme.c("gray")}> · {p.source}</Text> : null}
      </Text>
      {age && !p.stale ? (
        <ClockText
          clock={age.clock}
          text={(now) => {
            const a = age.text(now);
            return a ? ` · ${a}` : "";
          }}
          color={p.theme.c("gray")}
          truncate
        />
      ) : null}
    </Box>
  );
  // Its own line: the source stopped answering, so the age and the reason are the news (no
  // evidence either way, not "no datapoints"), never cut off behind the title.
  const staleLine = p.stale ? (
    <Text wrap="truncate" color={p.theme.c("yellow")} bold>
      ? {p.stale}
    </Text>
  ) : undefined;
  // Nothing at all: said once, not once per number (no datapoints is not zero, and not three facts).
  const empty = m.errorRate === null && m.latencyP95 === null && m.throughput === null;
  if (empty && p.height <= 1) {
    return (
      <Text wrap="truncate">
        <Text bold color={p.theme.c(p.color)}>
          {title.padEnd(10)}
        </Text>{" "}
        {p.stale ? (
          <Text color={p.theme.c("yellow")}>? {p.stale}</Text>
        ) : (
          <Text color={p.theme.c("gray")}>· no data ({p.source ?? "CloudWatch"} has none)</Text>
        )}
        {"      "}
        {probe}
      </Text>
    );
  }
  if (empty) {
    return (
      <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
        {header}
        {staleLine ?? (
          <Text wrap="truncate" color={p.theme.c("gray")} bold>
            · no data: no {p.source ?? "CloudWatch"} datapoints for {p.color} in the last periods
          </Text>
        )}
        <Text wrap="truncate" color={p.theme.c("gray")}>
          error rate go {"<"} {p.thresholds.go.errorRate} %{from(p.thresholds.from?.go.errorRate)} · rollback{" "}
          {">"} {p.thresholds.rollback.errorRate} %{from(p.thresholds.from?.rollback.errorRate)}
        </Text>
        <Text wrap="truncate" color={p.theme.c("gray")}>
          p95{"        "}go {"<"} {p.thresholds.go.latencyP95} ms{from(p.thresholds.from?.go.latencyP95)} ·
          rollback {">"} {p.thresholds.rollback.latencyP95} ms{from(p.thresholds.from?.rollback.latencyP95)}
        </Text>
        {fleetLine(p)}
      </Box>
    );
  }
  if (p.height <= 1) {
    return (
      <Text wrap="truncate">
        <Text bold color={p.theme.c(p.color)}>
          {title.padEnd(10)}
        </Text>{" "}
        {/* One line: the age and the reason first, or they are what the width cuts. */}
        {p.stale ? <Text color={p.theme.c("yellow")}>? {p.stale} </Text> : null}
        err{" "}
        <Text color={p.theme.c(err.tone)}>
          {err.symbol} {pct(m.errorRate).padEnd(8)}
        </Text>{" "}
        p95{" "}
        <Text color={p.theme.c(lat.tone)}>
          {lat.symbol} {ms(m.latencyP95).padEnd(7)}
        </Text>{" "}
        {rps(m.throughput).padEnd(11)} {probe}
      </Text>
    );
  }
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      {header}
      {staleLine}
      <Text wrap="truncate">
        error rate{" "}
        <Text
          color={p.theme.c(err.tone)}
          bold
        >{`${err.symbol} ${pct(m.errorRate).padEnd(8)} ${err.word.padEnd(8)}`}</Text>{" "}
        {spark.err}
      </Text>
      <Text wrap="truncate" color={p.theme.c("gray")}>
        {"           "}go {"<"} {p.thresholds.go.errorRate} %{from(p.thresholds.from?.go.errorRate)} ·
        rollback {">"} {p.thresholds.rollback.errorRate} %{from(p.thresholds.from?.rollback.errorRate)}
      </Text>
      <Text wrap="truncate">
        p95{" "}
        <Text
          color={p.theme.c(lat.tone)}
          bold
        >{`${lat.symbol} ${ms(m.latencyP95).padEnd(8)} ${lat.word.padEnd(8)}`}</Text>{" "}
        {spark.lat}
      </Text>
      <Text wrap="truncate" color={p.theme.c("gray")}>
        {"           "}go {"<"} {p.thresholds.go.latencyP95} ms{from(p.thresholds.from?.go.latencyP95)} ·
        rollback {">"} {p.thresholds.rollback.latencyP95} ms{from(p.thresholds.from?.rollback.latencyP95)}
      </Text>
      <Text wrap="truncate">
        throughput {rps(m.throughput).padEnd(11)}
        {p99Text(p)}
      </Text>
      {fleetLine(p)}
    </Box>
  );
});

/** ` · p99 ✓ 812 ms (go < 900 ms, runbook:18)`: judged only against bounds the runbook states. */
function p99Text(p: {
  p99?: { value: number | null; go?: number; rollback?: number; from?: string };
  stale?: string;
  theme: Theme;
}) {
  const q = p.p99;
  if (!q) return null;
  const bounded = q.go !== undefined || q.rollback !== undefined;
  const v: Verdict = p.stale
    ? { symbol: "?", word: "STALE", tone: "yellow" }
    : q.value === null
      ? { symbol: "·", word: "NO DATA", tone: "gray" }
      : bounded
        ? verdict(q.value, q.go ?? Number.POSITIVE_INFINITY, q.rollback ?? Number.POSITIVE_INFINITY)
        : { symbol: " ", word: "", tone: "gray" };
  const bounds = [
    q.go !== undefined ? `go < ${q.go} ms` : "",
    q.rollback !== undefined ? `rollback > ${q.rollback} ms` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <>
      {" · p99 "}
      <Text
        color={p.theme.c(v.tone)}
        bold={bounded}
      >{`${v.symbol} ${ms(q.value)}${bounded && v.word ? ` ${v.word}` : ""}`}</Text>
      <Text color={p.theme.c("gray")}>{bounds ? ` (${bounds}${q.from ? `, ${q.from}` : ""})` : ""}</Text>
    </>
  );
}

/** 30 one-minute periods; a minute with no traffic is a gap, not a zero. */
function sparklines(series: PeriodPoint[], width: number): { err: string; lat: string } {
  const now = series.at(-1)?.t ?? 0;
  const byT = new Map(series.map((s) => [s.t, s]));
  const last30 = Array.from({ length: 30 }, (_, i) => byT.get(now - (29 - i) * 60_000));
  return {
    err: sparkline(
      last30.map((s) => (s && s.requests > 0 ? (100 * s.errors) / s.requests : null)),
      width,
    ),
    lat: sparkline(
      last30.map((s) => (s && s.requests > 0 ? s.p95Ms : null)),
      width,
    ),
  };
}

/** Targets draining are what a scale-down is made of: shown in yellow while any drain. */
function fleetLine(p: { fleet?: string; theme: Theme }) {
  if (!p.fleet) return null;
  return (
    <Text wrap="truncate" color={p.theme.c(/draining|unhealthy|failed/.test(p.fleet) ? "yellow" : "gray")}>
      {p.fleet}
    </Text>
  );
}

/** Where a threshold comes from, after its value: ` (runbook:178)`, ` (default)`. */
function from(label: string | undefined): string {
  return label ? ` (${label})` : "";
}
