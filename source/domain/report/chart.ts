/**
 * The night at a glance, as SVG drawn here (no library, no script): green's weight, both arms'
 * error rate, p95 and throughput per period on one time axis, the thresholds in force as bands,
 * and a marker per decision or incident linked to its row in the event table. It reads without
 * colour: blue is a solid line with round points, green dashed with square points, the rollback
 * zone is hatched, and every marker carries a letter (the legend names them).
 */
import type { Threshold } from "../thresholds.js";
import { h, rowId } from "./escape.js";
import {
  type ArmPoint,
  MARKER_LETTER,
  MARKER_NAME,
  type MarkerKind,
  type PeriodPoint,
  type ReportSeries,
} from "./series.js";

const W = 1000;

const L = 70;

const R = 20;

const STRIP = 58;

const GAP = 18;

type Band = Pick<Threshold, "op" | "value">;

/** How one recorded measure (`p99`, `http4xxRate`, `custom:NAME`) is drawn: its own panel. */
export interface MeasurePanel {
  title: string;
  unit: string;
  /** The recorded value in the unit drawn (a count per period becomes per minute where the runbook says so). */
  value: (v: number, periodMs: number) => number;
  go?: Band;
  rollback?: Band;
}

export interface ChartThresholds {
  errorRate: { go?: Band; rollback?: Band };
  latencyP95: { go?: Band; rollback?: Band };
  /** One panel per measure the record holds (report/measures.ts); a measure without one is not drawn. */
  measures?: Record<string, MeasurePanel>;
}

interface Panel {
  title: string;
  unit: string;
  top: number;
  height: number;
  max: number;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 1 : 0));

export function renderChart(s: ReportSeries, th: ChartThresholds): string {
  const x = (t: number) => L + ((t - s.from) / (s.to - s.from)) * (W - L - R);
  const max = (key: keyof ArmPoint, floor: number) => {
    let m = floor;
    for (const p of s.periods)
      for (const a of [p.blue, p.green]) {
        const v = a[key];
        if (v !== null && v > m) m = v;
      }
    return m;
  };
  const errMax = Math.min(
    100,
    max("errorRate", Math.max(6, (th.errorRate.rollback?.value ?? 5) * 1.3)) * 1.1,
  );
  const p95Max = max("p95", Math.max(120, (th.latencyP95.rollback?.value ?? 100) * 1.3)) * 1.1;
  const rpmMax = max("rpm", 1) * 1.1;
  let top = STRIP;
  const panel = (title: string, unit: string, height: number, m: number): Panel => {
    const p = { title, unit, top, height, max: m };
    top += height + GAP;
    return p;
  };
  const wp = panel("Green weight (as AWS confirmed)", "%", 100, 100);
  const ep = panel("Error rate per period (5xx + connection errors)", "%", 140, errMax);
  const lp = panel("Latency p95 per period", "ms", 140, p95Max);
  const tp = panel("Throughput", "req/min", 100, rpmMax);
  const extra = s.measures.flatMap((k) => {
    const m = th.measures?.[k];
    if (!m) return [];
    const v = (q: PeriodPoint, a: "blue" | "green") => {
      const raw = q.measures[k]?.[a];
      return raw === null || raw === undefined ? null : m.value(raw, q.periodMs);
    };
    let hi = Math.max(1, (m.rollback?.value ?? m.go?.value ?? 0) * 1.3);
    for (const q of s.periods) for (const a of ["blue", "green"] as const) hi = Math.max(hi, v(q, a) ?? 0);
    return [{ m, v, p: panel(m.title, m.unit, 110, hi * 1.1) }];
  });
  const bottom = top - GAP;
  const height = bottom + 34;
  const y = (p: Panel, v: number) => p.top + p.height - (Math.min(v, p.max) / p.max) * p.height;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" role="img" aria-labelledby="chart-title chart-desc" class="chart">`,
    `<title id="chart-title">The go-live at a glance</title>`,
    `<desc id="chart-desc">Green's confirmed weight, blue and green error rate, p95 latency${extra.map((e) => `, ${h(e.m.title.toLowerCase())}`).join("")} and throughput per recorded period from ${h(new Date(s.from).toISOString())} to ${h(new Date(s.to).toISOString())}, with ${s.markers.length} event markers.</desc>`,
    `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" class="hatch"/></pattern>`,
    `<marker id="pt-blue" viewBox="0 0 6 6" refX="3" refY="3" markerWidth="5" markerHeight="5"><circle cx="3" cy="3" r="2.6" class="pt-blue"/></marker>`,
    `<marker id="pt-green" viewBox="0 0 6 6" refX="3" refY="3" markerWidth="5" markerHeight="5"><rect x="0.5" y="0.5" width="5" height="5" class="pt-green"/></marker></defs>`,
  );
  for (const p of [wp, ep, lp, tp, ...extra.map((e) => e.p)]) out.push(frame(p, x, s));
  out.push(bands(ep, th.errorRate, y, "%"), bands(lp, th.latencyP95, y, "ms"));
  for (const e of extra) out.push(bands(e.p, e.m, y, e.m.unit));
  out.push(weightLine(s, wp, x, y));
  const dense = s.periods.length > 150;
  const lines: [Panel, (q: PeriodPoint, a: "blue" | "green") => number | null][] = [
    [ep, (q, a) => q[a].errorRate],
    [lp, (q, a) => q[a].p95],
    [tp, (q, a) => q[a].rpm],
    ...extra.map((e) => [e.p, e.v] as [Panel, typeof e.v]),
  ];
  for (const [p, value] of lines) {
    for (const armName of ["blue", "green"] as const) {
      const d = path(
        s.periods,
        (q) => value(q, armName),
        (q) => x(q.t + q.periodMs / 2),
        (v) => y(p, v),
      );
      if (!d) continue;
      const pts = dense
        ? ""
        : ` marker-start="url(#pt-${armName})" marker-mid="url(#pt-${armName})" marker-end="url(#pt-${armName})"`;
      out.push(
        `<path d="${d}" class="line ${armName}"${pts}><title>${armName} ${h(p.title.toLowerCase())}</title></path>`,
      );
    }
  }
  out.push(axis(s, x, bottom));
  out.push(markers(s, x, bottom));
  out.push(`</svg>`);
  return out.join("\n");
}

function frame(p: Panel, x: (t: number) => number, s: ReportSeries): string {
  const ticks = [0, p.max / 2, p.max].map((v) => {
    const yy = p.top + p.height - (v / p.max) * p.height;
    return `<line x1="${L}" x2="${W - R}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" class="grid"/><text x="${L - 6}" y="${(yy + 4).toFixed(1)}" class="tick" text-anchor="end">${fmt(Math.round(v * 10) / 10)}</text>`;
  });
  return `<g class="panel"><text x="${L}" y="${p.top - 5}" class="ptitle">${h(p.title)} (${h(p.unit)})</text><rect x="${L}" y="${p.top}" width="${W - L - R}" height="${p.height}" class="pframe"/>${ticks.join("")}<line x1="${x(s.from).toFixed(1)}" x2="${x(s.from).toFixed(1)}" y1="${p.top}" y2="${p.top + p.height}" class="grid"/></g>`;
}

function bands(
  p: Panel,
  t: { go?: Band; rollback?: Band },
  y: (p: Panel, v: number) => number,
  unit: string,
): string {
  const out: string[] = [];
  if (t.go) {
    const yy = y(p, t.go.value);
    out.push(
      `<rect x="${L}" y="${yy.toFixed(1)}" width="${W - L - R}" height="${(p.top + p.height - yy).toFixed(1)}" class="band-go"><title>go: ${h(t.go.op)} ${fmt(t.go.value)} ${unit}</title></rect>`,
      `<text x="${W - R - 4}" y="${(yy - 3).toFixed(1)}" class="blabel" text-anchor="end">go ${h(t.go.op)} ${fmt(t.go.value)} ${unit}</text>`,
    );
  }
  if (t.rollback && t.rollback.value < p.max) {
    const yy = y(p, t.rollback.value);
    out.push(
      `<rect x="${L}" y="${p.top}" width="${W - L - R}" height="${(yy - p.top).toFixed(1)}" fill="url(#hatch)" class="band-rollback"><title>rollback: ${h(t.rollback.op)} ${fmt(t.rollback.value)} ${unit}</title></rect>`,
      `<line x1="${L}" x2="${W - R}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" class="rollback-line"/>`,
      `<text x="${W - R - 4}" y="${(yy - 3).toFixed(1)}" class="blabel" text-anchor="end">rollback ${h(t.rollback.op)} ${fmt(t.rollback.value)} ${unit}</text>`,
    );
  }
  return out.join("");
}

function weightLine(
  s: ReportSeries,
  p: Panel,
  x: (t: number) => number,
  y: (p: Panel, v: number) => number,
): string {
  if (!s.weight.length)
    return `<text x="${L + 8}" y="${p.top + p.height / 2}" class="nodata">no confirmed traffic change in the record</text>`;
  let d = "";
  for (const [i, w] of s.weight.entries()) {
    const xx = x(Math.max(w.t, s.from)).toFixed(1);
    const yy = y(p, w.green).toFixed(1);
    d += i === 0 ? `M${xx} ${yy}` : `H${xx}V${yy}`;
  }
  d += `H${x(s.to).toFixed(1)}`;
  const labels = s.weight
    .map(
      (w) =>
        `<text x="${(x(Math.max(w.t, s.from)) + 3).toFixed(1)}" y="${(y(p, w.green) - 4).toFixed(1)}" class="wlabel">${h(w.green)} %</text>`,
    )
    .join("");
  return `<path d="${d}" class="line weight"><title>green weight</title></path>${labels}`;
}

/** A polyline broken where a period has no value (no data is a gap, never a zero). */
function path(
  ps: PeriodPoint[],
  v: (p: PeriodPoint) => number | null,
  x: (p: PeriodPoint) => number,
  y: (v: number) => number,
): string {
  let d = "";
  let pen = false;
  for (const p of ps) {
    const val = v(p);
    if (val === null || !Number.isFinite(val)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${x(p).toFixed(1)} ${y(val).toFixed(1)}`;
    pen = true;
  }
  return d;
}

const STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

function axis(s: ReportSeries, x: (t: number) => number, bottom: number): string {
  const spanMin = (s.to - s.from) / 60_000;
  const step = (STEPS_MIN.find((m) => spanMin / m <= 8) ?? 1440) * 60_000;
  const out: string[] = [];
  for (let t = Math.ceil(s.from / step) * step; t <= s.to; t += step) {
    const xx = x(t).toFixed(1);
    out.push(
      `<line x1="${xx}" x2="${xx}" y1="${STRIP}" y2="${bottom}" class="grid vgrid"/><text x="${xx}" y="${bottom + 16}" class="tick" text-anchor="middle">${new Date(t).toISOString().slice(11, 16)}</text>`,
    );
  }
  out.push(`<text x="${W - R}" y="${bottom + 30}" class="tick" text-anchor="end">time (UTC)</text>`);
  return `<g class="axis">${out.join("")}</g>`;
}

function markers(s: ReportSeries, x: (t: number) => number, bottom: number): string {
  const out: string[] = [];
  const lastInRow: number[] = [];
  for (const m of s.markers) {
    const xx = x(m.t);
    // Markers closer than a letter's width stack in rows of the strip rather than cover each other.
    let row = lastInRow.findIndex((last) => xx - last >= 13);
    if (row < 0) row = lastInRow.length < 3 ? lastInRow.length : 2;
    lastInRow[row] = xx;
    const yy = 10 + row * 13;
    out.push(
      `<a href="#${rowId(m.seq)}" class="marker m-${m.kind}" data-seq="${m.seq}"><title>${h(m.title)}</title><line x1="${xx.toFixed(1)}" x2="${xx.toFixed(1)}" y1="${yy + 6}" y2="${bottom}" class="mline"/><circle cx="${xx.toFixed(1)}" cy="${yy}" r="6" class="mdot"/><text x="${xx.toFixed(1)}" y="${yy + 3.5}" class="mletter" text-anchor="middle">${MARKER_LETTER[m.kind]}</text></a>`,
    );
  }
  return `<g class="markers">${out.join("")}</g>`;
}

/** The legend, as HTML beside the chart (text, so it reads in print and to a screen reader). */
export function chartLegend(kinds: MarkerKind[]): string {
  const seen = [...new Set(kinds)];
  return `<ul class="legend"><li><svg width="34" height="10" aria-hidden="true"><line x1="0" x2="34" y1="5" y2="5" class="line blue"/><circle cx="17" cy="5" r="3" class="pt-blue"/></svg> blue (solid, round points)</li><li><svg width="34" height="10" aria-hidden="true"><line x1="0" x2="34" y1="5" y2="5" class="line green"/><rect x="14" y="2" width="6" height="6" class="pt-green"/></svg> green (dashed, square points)</li><li><svg width="34" height="10" aria-hidden="true"><rect width="34" height="10" fill="url(#hatch)" class="band-rollback"/></svg> rollback zone (hatched)</li>${seen
    .map((k) => `<li><span class="mkey m-${k}">${MARKER_LETTER[k]}</span> ${h(MARKER_NAME[k])}</li>`)
    .join("")}</ul>`;
}
