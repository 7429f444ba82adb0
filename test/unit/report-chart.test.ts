/**
 * The record's chart (domain/report/chart.ts) drawn from series built here: each panel's scale
 * holds the data and the bounds in force, bands sit at the bounds, a period without a value is a
 * gap, markers never cover each other and link to their rows, the time axis reads in round steps,
 * and a long night drops the per-point symbols.
 */
import { describe, expect, it } from "vitest";
import {
  type ChartThresholds,
  chartLegend,
  type MeasurePanel,
  renderChart,
} from "../../source/domain/report/chart.js";
import type { ArmPoint, PeriodPoint, ReportSeries } from "../../source/domain/report/series.js";

const T0 = Date.parse("2026-12-04T21:00:00.000Z");
const MIN = 60_000;
const arm = (errorRate: number | null, p95: number | null = null, rpm: number | null = null): ArmPoint => ({
  errorRate,
  p95,
  rpm,
});
const pt = (
  m: number,
  blue: ArmPoint,
  green: ArmPoint,
  measures: PeriodPoint["measures"] = {},
): PeriodPoint => ({
  t: T0 + m * MIN,
  periodMs: MIN,
  blue,
  green,
  measures,
});
const series = (over: Partial<ReportSeries>): ReportSeries => ({
  from: T0,
  to: T0 + 30 * MIN,
  weight: [],
  periods: [],
  measures: [],
  markers: [],
  ...over,
});
const NONE: ChartThresholds = { errorRate: {}, latencyP95: {} };
/** Each panel's title and its three tick labels (bottom, middle, top). */
const scales = (svg: string) =>
  [
    ...svg.matchAll(
      /class="ptitle">([^<]+)<\/text>.*?>([^<]+)<\/text>.*?>([^<]+)<\/text>.*?>([^<]+)<\/text>/g,
    ),
  ].map((m) => [m[1], m[2], m[3], m[4]]);
const paths = (svg: string) =>
  [...svg.matchAll(/<path d="([^"]+)" class="line (\w+)"([^>]*)><title>([^<]+)<\/title>/g)].map((m) => ({
    d: m[1]!,
    cls: m[2]!,
    attrs: m[3]!,
    title: m[4]!,
  }));

describe("renderChart scales", () => {
  it("each panel reaches past its data and its rollback bound; the error rate stops at 100 %", () => {
    const s = series({
      periods: [pt(1, arm(2, 90, 300), arm(10, 400, 50)), pt(2, arm(0, 80, 200), arm(1, 50, 40))],
    });
    const th: ChartThresholds = {
      errorRate: { rollback: { op: ">", value: 20 } },
      latencyP95: { rollback: { op: ">", value: 300 } },
    };
    expect(scales(renderChart(s, th))).toEqual([
      ["Green weight (as AWS confirmed) (%)", "0", "50", "100"],
      // max(6, 20 × 1.3) = 26, above the data's 10; then 10 % headroom.
      ["Error rate per period (5xx + connection errors) (%)", "0", "14", "29"],
      // The data's 400 is above max(120, 300 × 1.3) = 390.
      ["Latency p95 per period (ms)", "0", "220", "440"],
      ["Throughput (req/min)", "0", "165", "330"],
    ]);
    const low = series({ periods: [pt(1, arm(0.5, 20, 0.2), arm(150, null, null))] });
    expect(scales(renderChart(low, NONE)).map((r) => r[3])).toEqual(["100", "100", "143", "1.1"]);
    // Without a rollback bound: 5 % and 100 ms are assumed, so a quiet night still has a scale.
    expect(scales(renderChart(series({ periods: [pt(1, arm(0), arm(0))] }), NONE)).map((r) => r[3])).toEqual([
      "100",
      "7.2",
      "143",
      "1.1",
    ]);
  });
});

describe("renderChart bands", () => {
  it("go is a band from the bottom up to its bound, rollback a hatched zone above its bound", () => {
    const th: ChartThresholds = {
      errorRate: { go: { op: "<", value: 1 }, rollback: { op: ">", value: 5 } },
      latencyP95: {},
    };
    const svg = renderChart(series({ periods: [pt(1, arm(0), arm(0))] }), th);
    // Error panel: top 176, height 140, max 7.15: 1 % at y 296.4, 5 % at y 218.1.
    expect(svg).toContain(
      '<rect x="70" y="296.4" width="910" height="19.6" class="band-go"><title>go: &lt; 1 %</title></rect><text x="976" y="293.4" class="blabel" text-anchor="end">go &lt; 1 %</text>',
    );
    expect(svg).toContain(
      '<rect x="70" y="176" width="910" height="42.1" fill="url(#hatch)" class="band-rollback"><title>rollback: &gt; 5 %</title></rect><line x1="70" x2="980" y1="218.1" y2="218.1" class="rollback-line"/><text x="976" y="215.1" class="blabel" text-anchor="end">rollback &gt; 5 %</text>',
    );
    expect(svg.match(/band-go|band-rollback/g)).toHaveLength(2);
  });

  it("a rollback bound at the top of the scale has no zone to draw", () => {
    const th: ChartThresholds = { errorRate: { rollback: { op: ">", value: 100 } }, latencyP95: {} };
    expect(renderChart(series({ periods: [pt(1, arm(0), arm(0))] }), th)).not.toContain("band-rollback");
  });

  it("a measure's own panel: its bounds, values in its unit, a title and desc naming it", () => {
    const s = series({
      periods: [
        pt(1, arm(0), arm(0), { p99: { blue: 100, green: null } }),
        pt(2, arm(0), arm(0), { p99: { blue: 300, green: 900 } }),
      ],
      measures: ["p99", "http4xxRate"],
    });
    const svg = renderChart(s, {
      ...NONE,
      measures: {
        p99: {
          title: "Latency p99 & more",
          unit: "ms",
          value: (v) => v / 2,
          rollback: { op: ">", value: 400 },
        },
      },
    });
    expect(scales(svg)[4]).toEqual(["Latency p99 &amp; more (ms)", "0", "286", "572"]);
    expect(svg).toContain("rollback &gt; 400 ms</text>");
    expect(svg).toContain(
      "p95 latency, latency p99 &amp; more and throughput per recorded period from 2026-12-04T21:00:00.000Z to 2026-12-04T21:30:00.000Z, with 0 event markers.</desc>",
    );
    const p99 = paths(svg).filter((p) => p.title.endsWith("latency p99 &amp; more"));
    expect(p99.map((p) => [p.cls, p.d])).toEqual([
      ["blue", "M115.5 710.4L145.8 691.2"],
      ["green", "M145.8 633.5"],
    ]);
  });
});

describe("renderChart's measure panels", () => {
  const p99: MeasurePanel = { title: "Latency p99", unit: "ms", value: (v) => v };

  it("a measure the thresholds give no panel is not drawn (and needs no measures at all)", () => {
    const s = series({ periods: [pt(1, arm(0), arm(0), { p99: { blue: 5, green: 5 } })], measures: ["p99"] });
    const svg = renderChart(s, NONE);
    expect(scales(svg).map((p) => p[0])).toEqual([
      "Green weight (as AWS confirmed) (%)",
      "Error rate per period (5xx + connection errors) (%)",
      "Latency p95 per period (ms)",
      "Throughput (req/min)",
    ]);
  });

  it("a measure without bounds, recorded in some periods only: its scale from its values, a gap where it is missing", () => {
    const s = series({
      periods: [
        pt(1, arm(0), arm(0)),
        pt(2, arm(0), arm(0), { p99: { blue: 40, green: 20 } }),
        pt(3, arm(0), arm(0), { p99: { blue: 10, green: null } }),
      ],
      measures: ["p99"],
    });
    const svg = renderChart(s, { ...NONE, measures: { p99 } });
    expect(scales(svg)[4]).toEqual(["Latency p99 (ms)", "0", "22", "44"]);
    expect(svg).not.toContain("band-");
    const lines = paths(svg).filter((p) => p.title.endsWith("latency p99"));
    expect(lines.map((p) => [p.cls, p.d.replace(/[\d.]+ [\d.]+/g, "_")])).toEqual([
      ["blue", "M_L_"],
      ["green", "M_"],
    ]);
  });

  it("a count bounded per minute, missing in a period: the scale from the periods that have it", () => {
    const s = series({
      periods: [
        pt(1, arm(0), arm(0), { http5xxCount: { blue: 30, green: 6 } }),
        { ...pt(2, arm(0), arm(0)), periodMs: 2 * MIN },
      ],
      measures: ["http5xxCount"],
    });
    const perMinute: MeasurePanel = {
      title: "5xx",
      unit: "per minute",
      value: (v, periodMs) => v / (periodMs / MIN),
      rollback: { op: ">", value: 10 },
    };
    expect(scales(renderChart(s, { ...NONE, measures: { http5xxCount: perMinute } }))[4]).toEqual([
      "5xx (per minute)",
      "0",
      "17",
      "33",
    ]);
  });
});

describe("renderChart lines", () => {
  it("a period without a value breaks the line; each arm is one path with its point symbols", () => {
    const s = series({
      periods: [
        pt(0, arm(1), arm(null)),
        pt(1, arm(2), arm(Number.NaN)),
        pt(2, arm(null), arm(3)),
        pt(3, arm(4), arm(Infinity)),
      ],
    });
    const err = paths(renderChart(s, NONE)).filter((p) => p.title.includes("error rate"));
    expect(err.map((p) => [p.cls, p.d.replace(/[\d.]+ [\d.]+/g, "_")])).toEqual([
      ["blue", "M_L_M_"],
      ["green", "M_"],
    ]);
    expect(err[0]!.attrs).toBe(
      ' marker-start="url(#pt-blue)" marker-mid="url(#pt-blue)" marker-end="url(#pt-blue)"',
    );
    expect(err[1]!.attrs).toBe(
      ' marker-start="url(#pt-green)" marker-mid="url(#pt-green)" marker-end="url(#pt-green)"',
    );
    expect(err[0]!.title).toBe("blue error rate per period (5xx + connection errors)");
    // No arm has any p95 or throughput: no path at all for them (not even an empty one).
    expect(renderChart(s, NONE).match(/<path d="[^"]*" class="line (blue|green)"/g)).toHaveLength(2);
  });

  it("more than 150 periods: lines without point symbols", () => {
    const many = (n: number) =>
      series({ to: T0 + n * MIN, periods: Array.from({ length: n }, (_, i) => pt(i, arm(1), arm(1))) });
    expect(paths(renderChart(many(150), NONE)).map((p) => p.attrs.length > 0)).toEqual([true, true]);
    expect(paths(renderChart(many(151), NONE)).map((p) => p.attrs)).toEqual(["", ""]);
  });

  it("green's weight as steps from the start, its labels, and 'no change' when there is none", () => {
    const s = series({
      weight: [
        { t: T0 - 5 * MIN, green: 10, seq: 1 },
        { t: T0 + 15 * MIN, green: 50, seq: 2 },
      ],
    });
    expect(renderChart(s, NONE)).toContain(
      '<path d="M70.0 148.0H525.0V108.0H980.0" class="line weight"><title>green weight</title></path><text x="73.0" y="144.0" class="wlabel">10 %</text><text x="528.0" y="104.0" class="wlabel">50 %</text>',
    );
    expect(renderChart(series({}), NONE)).toContain(
      '<text x="78" y="108" class="nodata">no confirmed traffic change in the record</text>',
    );
  });
});

describe("renderChart axis and markers", () => {
  const ticks = (svg: string) =>
    [...svg.matchAll(/text-anchor="middle">(\d\d:\d\d)<\/text>/g)].map((m) => m[1]);

  it("time ticks in the smallest round step that gives at most eight", () => {
    expect(ticks(renderChart(series({ to: T0 + 30 * MIN }), NONE))).toEqual([
      "21:00",
      "21:05",
      "21:10",
      "21:15",
      "21:20",
      "21:25",
      "21:30",
    ]);
    expect(ticks(renderChart(series({ from: T0 + 30_000, to: T0 + 8 * MIN }), NONE))).toEqual([
      "21:01",
      "21:02",
      "21:03",
      "21:04",
      "21:05",
      "21:06",
      "21:07",
      "21:08",
    ]);
    // Exactly eight steps of a minute still take the minute.
    expect(ticks(renderChart(series({ to: T0 + 8 * MIN }), NONE))).toHaveLength(9);
    expect(ticks(renderChart(series({ to: T0 + 20 * 24 * 60 * MIN }), NONE))).toHaveLength(20);
    expect(renderChart(series({}), NONE)).toContain(
      '<text x="980" y="622" class="tick" text-anchor="end">time (UTC)</text>',
    );
  });

  it("markers closer than a letter stack in up to three rows, each linked to its event's row", () => {
    const at = (m: number) => T0 + m * MIN;
    const s = series({
      markers: [at(1), at(1), at(1.2), at(1.2), at(5)].map((t, i) => ({
        seq: i + 1,
        t,
        kind: "alert" as const,
        title: `#${i + 1} <b>`,
      })),
    });
    const svg = renderChart(s, NONE);
    const ms = [
      ...svg.matchAll(
        /<a href="#(e-\d+)" class="marker m-alert" data-seq="(\d+)"><title>([^<]+)<\/title><line x1="([\d.]+)"[^>]*y1="([\d.]+)" y2="592"[^>]*\/><circle cx="[\d.]+" cy="(\d+)"[^>]*\/><text[^>]*y="([\d.]+)"[^>]*>A<\/text><\/a>/g,
      ),
    ];
    expect(ms.map((m) => [m[1], m[2], m[3], m[4], m[6]])).toEqual([
      ["e-1", "1", "#1 &lt;b&gt;", "100.3", "10"],
      ["e-2", "2", "#2 &lt;b&gt;", "100.3", "23"],
      ["e-3", "3", "#3 &lt;b&gt;", "106.4", "36"],
      ["e-4", "4", "#4 &lt;b&gt;", "106.4", "36"],
      ["e-5", "5", "#5 &lt;b&gt;", "221.7", "10"],
    ]);
    expect(ms.map((m) => [m[5], m[7]])[1]).toEqual(["29", "26.5"]);
  });
});

it("chartLegend: the line keys, then each kind present once, by letter and name", () => {
  const legend = chartLegend(["alert", "go", "alert"]);
  expect(legend).toContain("blue (solid, round points)</li>");
  expect(legend).toContain("green (dashed, square points)</li>");
  expect(legend).toContain("rollback zone (hatched)</li>");
  expect(
    legend.endsWith(
      '<li><span class="mkey m-alert">A</span> alert raised</li><li><span class="mkey m-go">G</span> Go decision</li></ul>',
    ),
  ).toBe(true);
  expect(chartLegend([])).not.toContain("mkey");
});
