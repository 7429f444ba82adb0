/**
 * A go-live night as chained events built in memory, for the HTML record's unit tests
 * (domain/report/*): a promote with an override, measured periods (one with no green traffic),
 * a Go with every kind of criterion, an alert and its acknowledgement, checkpoints over two
 * attempts, a rollback, a sign-off with accepted points and an amendment. Text a runbook, a
 * person or AWS wrote carries HOSTILE, so every place the page shows it is checked for escaping.
 */
import type { EventMap, EventType, SessionEvent } from "../../source/domain/events.js";
import { reduce } from "../../source/domain/events.js";
import type { ReportInput } from "../../source/domain/report/html.js";
import { parseRunbook } from "../../source/runbook/parse.js";

/** Markup, a quote of each kind, an ampersand, an OSC 52 and a bidi override. */
export const HOSTILE = `<script>alert("x")</script><img src=x onerror='y'> & \u001b]52;c;cHduZWQ=\u0007 \u202e`;

export const NIGHT_TEXT = `# Checkout ${HOSTILE}

## Before (T-30 min)

- [ ] Feature flag created ${HOSTILE}
- [ ] On-call paged

## Rollout (T-0)

1. [ ] Shift 10% to green
2. [ ] Hold and watch
   * Roll back if p99 latency > 1200 ms
   * Roll back if the 5xx rate > 3%
   * Go if the 4xx rate is below 2%
   * Roll back if the 5xx count exceeds 40 per minute
3. [ ] Shift everything
`;

export const SHA = "0123456789abcdef".repeat(4);
export const at = (hhmmss: string) => `2026-12-04T${hhmmss}.000Z`;

/** Chained events (seq from 1, hashes stand-ins: the page never checks them). */
export function chainOf(
  parts: { type: EventType; data: unknown; at: string; by?: string; amendment?: { why: string } }[],
): SessionEvent[] {
  return parts.map(
    (p, i) =>
      ({
        seq: i + 1,
        at: p.at,
        by: p.by ?? "Ann",
        type: p.type,
        data: p.data,
        ...(p.amendment ? { amendment: p.amendment } : {}),
        prev: i ? `h${i}` : "",
        hash: `${"h".repeat(60)}${String(i + 1).padStart(4, "0")}`,
      }) as SessionEvent,
  );
}

export const created = (over: Partial<EventMap["session.created"]> = {}) => ({
  type: "session.created" as const,
  at: at("20:00:00"),
  by: `lead ${HOSTILE}`,
  data: {
    id: "s-night",
    runbook: { file: "checkout.md", sha256: SHA, title: `Checkout ${HOSTILE}`, text: NIGHT_TEXT },
    t0: at("21:00:00"),
    lead: `lead ${HOSTILE}`,
    version: `v3 ${HOSTILE}`,
    env: "prod",
    ...over,
  },
});

const counts = (requests: number, errors: number, p95Ms: number | null, connectionErrors = 0) => ({
  requests,
  errors,
  connectionErrors,
  p95Ms,
});

function period(hhmm: string, green: ReturnType<typeof counts> | null, measures?: object) {
  return {
    type: "metrics.period" as const,
    at: at(`${hhmm}:30`),
    by: "golive",
    data: {
      t: at(`${hhmm}:00`),
      periodMs: 60_000,
      weights: { blue: 90, green: 10 },
      blue: counts(1200, 6, 80),
      green,
      ...(measures ? { measures } : {}),
    },
  };
}

/** The whole night, every section of the page filled. */
export function nightEvents(): SessionEvent[] {
  const to10 = { blue: 90, green: 10 };
  const to100 = { blue: 0, green: 100 };
  const back = { blue: 100, green: 0 };
  return chainOf([
    created(),
    { type: "item.checked", at: at("20:10:00"), data: { item: "i1", note: `done ${HOSTILE}` } },
    { type: "item.checked", at: at("20:11:00"), data: { item: "i2" } },
    { type: "item.unchecked", at: at("20:12:00"), data: { item: "i2", reason: "wrong" } },
    { type: "note.added", at: at("20:20:00"), by: `Bob ${HOSTILE}`, data: { text: `note ${HOSTILE}` } },
    {
      type: "decision.go",
      at: at("21:00:00"),
      data: {
        criteria: [
          { text: `met ${HOSTILE}`, ok: true },
          { text: "open one", ok: false },
          { text: "unknown one", ok: null },
        ],
        noGo: [{ text: `no-go ${HOSTILE}`, ok: true }],
        override: `go anyway ${HOSTILE}`,
        open: [`open point ${HOSTILE}`, "second point"],
      },
    },
    {
      type: "traffic.shift.requested",
      at: at("21:01:00"),
      data: {
        kind: "promote",
        from: back,
        to: to10,
        step: 10,
        override: `dwell ${HOSTILE}`,
        overridden: ["gate a", "gate b"],
      },
    },
    {
      type: "traffic.shift.confirmed",
      at: at("21:01:20"),
      data: { kind: "promote", weights: to10, tookMs: 20_000, attempts: 1 },
    },
    period("21:02", null, { p99: { blue: 150, green: null }, http5xxCount: { blue: 2, green: null } }),
    period("21:03", counts(130, 1, 95, 1), {
      p99: { blue: 160, green: 210.5 },
      http5xxCount: { blue: 4, green: 60 },
      http4xxRate: { blue: 1, green: 3 },
    }),
    period("21:04", counts(0, 0, null)),
    period("21:05", counts(140, 14, 300)),
    {
      type: "alert.raised",
      at: at("21:05:40"),
      by: "golive",
      data: { alert: "a1", severity: "critical", message: `green 5xx ${HOSTILE}`, trust: "high" },
    },
    {
      type: "alert.raised",
      at: at("21:05:50"),
      by: "golive",
      data: { alert: "a2", severity: "warning", message: "slow" },
    },
    { type: "alert.repeated", at: at("21:06:10"), by: "golive", data: { alert: "a1", count: 3 } },
    { type: "alert.acknowledged", at: at("21:06:20"), data: { alert: "a1" } },
    {
      type: "traffic.shift.requested",
      at: at("21:07:00"),
      data: { kind: "promote", from: to10, to: to100, step: 100 },
    },
    {
      type: "traffic.shift.confirmed",
      at: at("21:07:10"),
      data: { kind: "promote", weights: to100, tookMs: 10_000, attempts: 1 },
    },
    {
      type: "checkpoint.recorded",
      at: at("21:22:10"),
      by: "golive",
      data: { offsetMinutes: 15, errorRate: 0.5, latencyP95: 120.4, status: "OK", late: false, attempt: 1 },
    },
    {
      type: "drift.detected",
      at: at("21:23:00"),
      by: "golive",
      data: { expected: to100, actual: { blue: 20, green: 80 } },
    },
    {
      type: "traffic.shift.confirmed",
      at: at("21:24:00"),
      data: { kind: "promote", weights: to100, tookMs: 1_000, attempts: 2 },
    },
    {
      type: "checkpoint.recorded",
      at: at("21:54:00"),
      by: "golive",
      data: {
        offsetMinutes: 30,
        errorRate: null,
        latencyP95: null,
        status: "no data",
        late: true,
        attempt: 2,
      },
    },
    {
      type: "checkpoint.recorded",
      at: at("21:39:00"),
      by: "golive",
      data: { offsetMinutes: 15, errorRate: 4.25, latencyP95: 480, status: "Issue", late: false, attempt: 2 },
    },
    {
      type: "traffic.shift.requested",
      at: at("21:55:00"),
      data: { kind: "rollback", from: to100, to: back, override: `5xx ${HOSTILE}` },
    },
    {
      type: "traffic.shift.failed",
      at: at("21:55:30"),
      by: "golive",
      data: { kind: "rollback", to: back, error: `denied ${HOSTILE}` },
    },
    {
      type: "traffic.shift.superseded",
      at: at("21:55:40"),
      by: "golive",
      data: { kind: "rollback", to: back, detail: "again" },
    },
    {
      type: "traffic.observed",
      at: at("21:56:00"),
      by: "golive",
      data: { observation: "reconciled-other", weights: { blue: 50, green: 50 }, detail: "half" },
    },
    {
      type: "traffic.observed",
      at: at("21:56:30"),
      by: "golive",
      data: { observation: "reconciled-other", weights: null, detail: "none" },
    },
    {
      type: "rollback.verified",
      at: at("21:57:00"),
      by: "golive",
      data: { blueHealthy: false, detail: "503" },
    },
    {
      type: "session.signed",
      at: at("22:10:00"),
      by: `Sue ${HOSTILE}`,
      data: {
        status: "rolled-back",
        signer: `Sue ${HOSTILE}`,
        role: `SRE ${HOSTILE}`,
        accepted: { reason: `late ${HOSTILE}`, open: [`open ${HOSTILE}`, "two"] },
      },
    },
    {
      type: "note.added",
      at: at("22:20:00"),
      data: { text: "after" },
      amendment: { why: `typo ${HOSTILE}` },
    },
    {
      type: "field.recorded",
      at: at("22:21:00"),
      data: { field: "Version", value: "v3" },
      amendment: { why: "forgot" },
    },
  ]);
}

/** The page's input for a chain, as `golive export --format html` builds it. */
export function pageInput(events: SessionEvent[], text = NIGHT_TEXT): ReportInput {
  return {
    runbook: parseRunbook("checkout.md", text, SHA),
    state: reduce(events),
    events,
    record: { exportedAt: at("23:00:00"), format: "golive.export/1", note: HOSTILE },
    generator: `golive 9.9.9 ${HOSTILE}`,
  };
}
