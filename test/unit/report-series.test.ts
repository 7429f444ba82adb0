/**
 * What the HTML record's chart draws, read from the chained events (domain/report/series.ts), and
 * the panels of the other measures with the runbook's bounds (domain/report/measures.ts): which
 * event gets which marker, each arm's rate, p95 and throughput per period (no traffic is no value,
 * never zero), the time span, and each measure's title, unit and bands.
 */
import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../source/domain/events.js";
import { measurePanels } from "../../source/domain/report/measures.js";
import {
  MARKER_LETTER,
  MARKER_NAME,
  type MarkerKind,
  markerKind,
  measureOrder,
  reportSeries,
} from "../../source/domain/report/series.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { CUSTOM } from "../helpers/checkout.js";
import { at, chainOf } from "../helpers/report-night.js";

const w = (green: number) => ({ blue: 100 - green, green });
const one = (type: string, data: unknown) => chainOf([{ type, data, at: at("21:00:00") } as never])[0]!;

describe("markerKind", () => {
  it("marks each decision and incident, and nothing else", () => {
    const cases: [string, unknown, MarkerKind | null][] = [
      ["traffic.shift.requested", { kind: "promote", to: w(10) }, "promote"],
      ["traffic.shift.requested", { kind: "promote", to: w(10), overridden: [] }, "promote"],
      ["traffic.shift.requested", { kind: "promote", to: w(10), overridden: ["dwell"] }, "override"],
      ["traffic.shift.requested", { kind: "promote", to: w(10), override: "why" }, "override"],
      ["traffic.shift.requested", { kind: "rollback", to: w(0), override: "why" }, "rollback"],
      ["traffic.shift.requested", { kind: "auto-rollback", to: w(0) }, "rollback"],
      ["traffic.shift.confirmed", { kind: "promote", weights: w(10) }, "promote"],
      ["traffic.shift.confirmed", { kind: "auto-rollback", weights: w(0) }, "rollback"],
      ["traffic.shift.failed", { kind: "promote", to: w(10), error: "x" }, "failed"],
      ["traffic.shift.superseded", { kind: "promote", to: w(10), detail: "x" }, "rollback"],
      ["traffic.observed", { observation: "reconciled-other", detail: "x" }, "drift"],
      ["drift.detected", { expected: null, actual: w(5) }, "drift"],
      ["alert.raised", { alert: "a", severity: "warning", message: "m" }, "alert"],
      ["alert.acknowledged", { alert: "a" }, "ack"],
      ["decision.go", { criteria: [] }, "go"],
      ["decision.go", { criteria: [], override: "why" }, "override"],
      ["checkpoint.recorded", { offsetMinutes: 15 }, "checkpoint"],
      ["rollback.verified", { blueHealthy: true, detail: "" }, "rollback"],
      ["session.signed", { status: "success", signer: "s" }, "signed"],
      ["note.added", { text: "t" }, null],
      ["metrics.period", {}, null],
      ["alert.repeated", { alert: "a", count: 2 }, null],
    ];
    expect(cases.map(([type, data]) => markerKind(one(type, data)))).toEqual(cases.map((c) => c[2]));
  });

  it("every kind has its own capital letter and a name, so markers read without colour", () => {
    const kinds = Object.keys(MARKER_NAME) as MarkerKind[];
    expect(kinds).toHaveLength(10);
    expect(Object.keys(MARKER_LETTER).sort()).toEqual([...kinds].sort());
    for (const k of kinds) expect(MARKER_LETTER[k]).toMatch(/^[A-Z]$/);
    expect(new Set(Object.values(MARKER_LETTER)).size).toBe(10);
    expect(new Set(Object.values(MARKER_NAME).filter((n) => n.length > 3)).size).toBe(10);
  });
});

it("measureOrder: percentiles by number, then the ALB's 4xx/5xx, then custom metrics, then the rest, once each", () => {
  expect(
    measureOrder([
      "zeta",
      "custom:b",
      "http5xxCount",
      "p99",
      "p50",
      "custom:a",
      "http4xxRate",
      "p99.9",
      "p50",
      "alpha",
      "p100",
      "b1",
      "a2",
    ]),
  ).toEqual([
    "p50",
    "p99",
    "p99.9",
    "p100",
    "http4xxRate",
    "http5xxCount",
    "custom:a",
    "custom:b",
    "a2",
    "alpha",
    "b1",
    "zeta",
  ]);
  // Names of the rest that end in digits are still compared as names, not as percentiles.
  expect(measureOrder(["b1", "a2"])).toEqual(["a2", "b1"]);
  expect(measureOrder([])).toEqual([]);
});

const period = (hhmm: string, periodMs: number, blue: unknown, green: unknown, measures?: object) =>
  ({
    type: "metrics.period",
    at: at(`${hhmm}:59`),
    data: { t: at(`${hhmm}:00`), periodMs, weights: w(10), blue, green, ...(measures ? { measures } : {}) },
  }) as const;

describe("reportSeries", () => {
  it("each arm per period: error rate with connection errors, p95, requests per minute; no traffic is no value", () => {
    const s = reportSeries(
      chainOf([
        period("21:04", 120_000, { requests: 200, errors: 3, connectionErrors: 1, p95Ms: 80 }, null),
        period(
          "21:00",
          60_000,
          { requests: 0, errors: 0, connectionErrors: 0, p95Ms: 70 },
          { requests: -1, errors: 0, connectionErrors: 0, p95Ms: null },
          { p99: { blue: 1, green: null } },
        ),
      ] as never),
    );
    expect(s.periods.map((p) => [p.t, p.periodMs, p.blue, p.green, p.measures])).toEqual([
      [
        Date.parse(at("21:00:00")),
        60_000,
        { errorRate: null, p95: 70, rpm: 0 },
        { errorRate: null, p95: null, rpm: 0 },
        { p99: { blue: 1, green: null } },
      ],
      [
        Date.parse(at("21:04:00")),
        120_000,
        { errorRate: 2, p95: 80, rpm: 100 },
        { errorRate: null, p95: null, rpm: null },
        {},
      ],
    ]);
    expect(s.measures).toEqual(["p99"]);
    // From the first period's start to the last one's end; the periods' own events are not markers.
    expect([s.from, s.to, s.markers]).toEqual([Date.parse(at("21:00:00")), Date.parse(at("21:06:00")), []]);
  });

  it("green's weight as confirmed, drifted to or observed; each marker titled by its event", () => {
    const events = chainOf([
      { type: "note.added", at: at("20:00:00"), data: { text: "early" } },
      {
        type: "traffic.shift.confirmed",
        at: at("21:00:00"),
        data: { kind: "promote", weights: w(10), tookMs: 1, attempts: 1 },
      },
      { type: "drift.detected", at: at("21:01:00"), data: { expected: w(10), actual: w(30) } },
      {
        type: "traffic.observed",
        at: at("21:02:00"),
        data: { observation: "reconciled-other", weights: null, detail: "none" },
      },
      {
        type: "traffic.observed",
        at: at("21:03:00"),
        by: "Bo",
        data: { observation: "reconciled-other", weights: w(50), detail: "half" },
      },
    ] as never);
    const s = reportSeries(events);
    expect(s.weight).toEqual([
      { t: Date.parse(at("21:00:00")), green: 10, seq: 2 },
      { t: Date.parse(at("21:01:00")), green: 30, seq: 3 },
      { t: Date.parse(at("21:03:00")), green: 50, seq: 5 },
    ]);
    // Only the weight events move the weight; none of them is a period.
    expect(s.periods).toEqual([]);
    expect(s.markers.map((m) => [m.seq, m.kind])).toEqual([
      [2, "promote"],
      [3, "drift"],
      [4, "drift"],
      [5, "drift"],
    ]);
    expect(s.markers[3]!.title).toBe("#5 2026-12-04T21:03:00.000Z Bo: listener reconciled other: half");
    // The span is the marked action's, not the early note's.
    expect([s.from, s.to]).toEqual([Date.parse(at("21:00:00")), Date.parse(at("21:03:00"))]);
  });

  it("with nothing marked the span is the events'; one instant or none is a minute wide", () => {
    const notes = (...hhmm: string[]) =>
      chainOf(hhmm.map((t) => ({ type: "note.added", at: at(`${t}:00`), data: { text: "n" } }) as never));
    expect(reportSeries(notes("20:30", "20:00", "20:10"))).toMatchObject({
      from: Date.parse(at("20:00:00")),
      to: Date.parse(at("20:30:00")),
    });
    expect(reportSeries(notes("20:30"))).toMatchObject({
      from: Date.parse(at("20:30:00")),
      to: Date.parse(at("20:31:00")),
    });
    expect(reportSeries([] as SessionEvent[])).toEqual({
      from: 0,
      to: 60_000,
      weight: [],
      periods: [],
      measures: [],
      markers: [],
    });
  });
});

describe("measurePanels", () => {
  const stated = (...lines: string[]) =>
    parseRunbook(
      "rb.md",
      `# R\n\n## Rollout (T-0)\n\n- [ ] Watch\n${lines.map((l) => `  * ${l}\n`).join("")}`,
      "a".repeat(64),
    ).stated;

  it("titles and units per measure; no band where the runbook states none", () => {
    const p = measurePanels(
      ["p99", "http4xxRate", "http4xxCount", "http5xxCount", "custom:CheckoutErrors", "custom:Other"],
      undefined,
      [{ ...CUSTOM, metric: undefined }],
    );
    expect(
      Object.fromEntries(
        Object.entries(p).map(([k, v]) => [k, [v.title, v.unit, v.go, v.rollback, v.value(120, 120_000)]]),
      ),
    ).toEqual({
      p99: ["Latency p99 per period", "ms", undefined, undefined, 120],
      http4xxRate: [
        "4xx rate (HTTPCode_Target_4XX_Count / RequestCount) per period",
        "%",
        undefined,
        undefined,
        120,
      ],
      http4xxCount: [
        "4xx count (HTTPCode_Target_4XX_Count) per period",
        "per period",
        undefined,
        undefined,
        120,
      ],
      http5xxCount: [
        "5xx count (HTTPCode_Target_5XX_Count) per period",
        "per period",
        undefined,
        undefined,
        120,
      ],
      "custom:CheckoutErrors": [
        "CheckoutErrors (Payments/Checkout CheckoutErrors, Sum) per period",
        "Sum per period",
        undefined,
        undefined,
        120,
      ],
      "custom:Other": ["Other (custom metric) per period", "as read", undefined, undefined, 120],
    });
  });

  it("a bound on a custom metric the config does not name is checked by hand: listed, not drawn", () => {
    const th = stated("Roll back if OrderErrors > 5 per minute");
    expect([th?.[0]?.metric, th?.[0]?.measure.by]).toEqual(["custom:OrderErrors", "manual"]);
    const p = measurePanels(["custom:OrderErrors"], th);
    expect(p["custom:OrderErrors"]).toMatchObject({
      title: "OrderErrors (custom metric) per period",
      unit: "as read",
    });
    expect([
      p["custom:OrderErrors"]!.go,
      p["custom:OrderErrors"]!.rollback,
      p["custom:OrderErrors"]!.value(50, 300_000),
    ]).toEqual([undefined, undefined, 50]);
  });

  it("the runbook's bounds as bands, the rollback's unit first; a count bounded per minute drawn per minute", () => {
    const th = stated(
      "Roll back if the 5xx count exceeds 40 per minute",
      "Go if the 5xx count is below 10 per minute",
      "Go if the 4xx rate is below 2%",
      "Roll back if CheckoutErrors > 25 per minute",
      "Roll back if p99 latency > 1200 ms",
    );
    const p = measurePanels(["http5xxCount", "http4xxRate", "custom:CheckoutErrors", "p99"], th, [CUSTOM]);
    expect(p.http5xxCount).toMatchObject({
      unit: "per minute",
      go: { op: "<", value: 10 },
      rollback: { op: ">", value: 40 },
    });
    expect(p.http5xxCount!.value(60, 120_000)).toBe(30);
    expect(p.http4xxRate).toMatchObject({ unit: "%", go: { op: "<", value: 2 } });
    expect(p.http4xxRate!.rollback).toBeUndefined();
    expect(p.http4xxRate!.value(3, 120_000)).toBe(3);
    expect(p["custom:CheckoutErrors"]).toMatchObject({
      unit: "per minute",
      rollback: { op: ">", value: 25 },
    });
    expect(p["custom:CheckoutErrors"]!.value(50, 300_000)).toBe(10);
    expect(p.p99).toMatchObject({ unit: "ms", rollback: { op: ">", value: 1200 } });
    expect(p.p99!.value(1300, 120_000)).toBe(1300);
  });
});
