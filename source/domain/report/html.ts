/**
 * `golive export --format html`: the sign-off record as one self-contained page for people who were
 * not on the call. Generated from the same chained events as the Markdown and JSON exports, it
 * carries the JSON export itself as inert data (so `golive verify` checks the page's chain), and
 * nothing it loads: no script runs (the page's CSP forbids it), no font, no image, no request.
 */
import { describeEvent, metricText, oneLine, weightsText } from "../describe.js";
import type { SessionEvent, SessionState } from "../events.js";
import { inForce, sessionConfig } from "../in-force.js";
import { stepsText, thresholdsText } from "../in-force-text.js";
import type { Runbook } from "../runbook.js";
import { isItemDone } from "../timeline.js";
import { shareCell } from "../traffic-share.js";
import { verdictLine } from "../verdict.js";
import { stepVerdicts } from "../verdict-step.js";
import { type ChartThresholds, chartLegend, renderChart } from "./chart.js";
import { h, jsonBlock, rowId } from "./escape.js";
import { measurePanels } from "./measures.js";
import { RECORD_BLOCK_ID } from "./record-block.js";
import { reportSeries } from "./series.js";
import { REPORT_CSS } from "./style.js";

export interface ReportInput {
  runbook: Runbook;
  state: SessionState;
  events: readonly SessionEvent[];
  /** The JSON export (format golive.export/…) embedded as the page's verifiable data. */
  record: { exportedAt: string } & Record<string, unknown>;
  /** "golive 0.9.0": `verify` re-renders only pages of its own version. */
  generator: string;
}

export function renderReportHtml({ runbook: rb, state: s, events, record, generator }: ReportInput): string {
  const series = reportSeries(events);
  const f = inForce(rb, s);
  const th: ChartThresholds = {
    errorRate: { go: f.thresholds.go.errorRate, rollback: f.thresholds.rollback.errorRate },
    latencyP95: { go: f.thresholds.go.latencyP95, rollback: f.thresholds.rollback.latencyP95 },
    measures: measurePanels(series.measures, rb.stated, sessionConfig(s)?.config.metrics.custom),
  };
  const title = `golive sign-off record — ${s.runbook.title}`;
  const body = [
    header(s, events.length),
    section("glance", "The night at a glance", [
      series.periods.length || series.markers.length
        ? renderChart(series, th)
        : `<p class="nodata">No traffic change, metric period or alert in the record yet.</p>`,
      chartLegend(series.markers.map((m) => m.kind)),
      `<p class="small">Plan in force: ${h(stepsText(f.plan))}. Thresholds: ${h(thresholdsText(f))}. Each marker links to its event below; periods without traffic are gaps, never zero.</p>`,
    ]),
    goDecision(events),
    steps(s),
    checkpoints(s),
    overrides(events),
    rollback(s),
    alerts(s),
    checklist(rb, s),
    signoff(s),
    notes(s),
    eventTable(events),
  ];
  return `<!DOCTYPE html>
<html lang="en" data-head="${h(s.head)}" data-events="${events.length}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${h(generator)}">
<title>${h(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body.filter(Boolean).join("\n")}
<footer><p>Chain head (SHA-256 of event #${s.lastSeq}): <code>${h(s.head)}</code>. This page embeds the JSON export of the session; check it with <code>golive verify &lt;this file&gt;</code>. Written ${h(record.exportedAt)} (outside the chain: exporting is a read).</p></footer>
<script type="application/json" id="${RECORD_BLOCK_ID}">${jsonBlock(record)}</script>
</body>
</html>
`;
}

function section(id: string, title: string, parts: string[]): string {
  return `<section id="${id}"><h2>${h(title)}</h2>\n${parts.join("\n")}\n</section>`;
}

function table(head: string[], rows: string[][], cls = ""): string {
  return `<table${cls ? ` class="${cls}"` : ""}><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

const link = (seq: number) => `<a href="#${rowId(seq)}">#${seq}</a>`;

function header(s: SessionState, count: number): string {
  const sign = s.signoff
    ? `<span class="status ${s.signoff.accepted ? "warn" : "ok"}">${h(s.signoff.status.toUpperCase())}</span> signed by ${h(s.signoff.signer)}${s.signoff.role ? ` as ${h(s.signoff.role)}` : ""} at ${h(s.signoff.at)}`
    : `<span class="status warn">NOT SIGNED</span>`;
  const banner = s.signoff?.accepted
    ? `<p class="banner">⚠ Signed ${h(s.signoff.status)} with ${s.signoff.accepted.open.length} open point(s) accepted by ${h(s.signoff.signer)} — reason: ${h(oneLine(s.signoff.accepted.reason))}. They are listed under Sign-off.</p>`
    : "";
  const rows: [string, string][] = [
    ["Session", `<code>${h(s.id)}</code>`],
    [
      "Runbook",
      `${h(s.runbook.title)} (<code>${h(s.runbook.file)}</code>, sha256 <code>${h(s.runbook.sha256.slice(0, 16))}…</code>)`,
    ],
    ["Version · environment · lead", `${h(s.version ?? "—")} · ${h(s.env ?? "—")} · ${h(s.lead)}`],
    ["T-0", h(new Date(s.t0).toISOString())],
    ["Status", sign],
    ["Traffic (as AWS last confirmed)", h(weightsText(s.weights))],
    ["Events", `${count}, chain head <code>${h(s.head.slice(0, 16))}…</code>`],
  ];
  return `<header><h1>golive sign-off record</h1><p class="sub">${h(s.runbook.title)}</p>${banner}<dl>${rows
    .map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`)
    .join("")}</dl></header>`;
}

const okText = (ok: boolean | null) =>
  ok === true
    ? `<span class="ok">✓ met</span>`
    : ok === false
      ? `<span class="bad">✗ open</span>`
      : `<span class="warn">? no evidence</span>`;

function goDecision(events: readonly SessionEvent[]): string {
  const gos = events.filter((e) => e.type === "decision.go");
  if (!gos.length)
    return section("go", "Go / No-Go decision", [`<p class="nodata">No Go decision recorded.</p>`]);
  return section(
    "go",
    "Go / No-Go decision",
    gos.map((e) => {
      const d = e.data;
      return `<div class="decision"><p>${link(e.seq)} Go given by <strong>${h(e.by)}</strong> at ${h(e.at)}${d.override ? ` — <strong class="bad">override</strong>: ${h(d.override)}` : ""}</p>${table(
        ["Go criterion", "At the decision"],
        d.criteria.map((c) => [h(c.text), okText(c.ok)]),
      )}${
        d.noGo?.length
          ? table(
              ["No-Go criterion", "Ruled out?"],
              d.noGo.map((c) => [h(c.text), okText(c.ok)]),
            )
          : ""
      }${
        d.open?.length
          ? `<p>Open when the Go was given:</p><ul>${d.open.map((o) => `<li>${h(o)}</li>`).join("")}</ul>`
          : ""
      }</div>`;
    }),
  );
}

const pct = (x: number | null | undefined) => (x == null ? "–" : `${x.toFixed(2)} %`);

function steps(s: SessionState): string {
  const rows = s.steps.map((st) => [`${h(st.step)} %`, h(st.confirmedAt)]);
  const vs = stepVerdicts(s);
  return section("steps", "Canary steps and verdicts", [
    rows.length
      ? table(["Green", "Confirmed by AWS at"], rows)
      : `<p class="nodata">No canary step confirmed.</p>`,
    vs.length
      ? table(
          [
            "Green",
            "From",
            "Verdict",
            "Green errors",
            "Blue errors",
            "Green − blue (95 %, anytime-valid)",
            "p95 periods (median Δ)",
            "Traffic share (green received vs listener weight)",
          ],
          vs.map((v) => {
            const e = v.verdict;
            const cls = e.result === "PASS" ? "ok" : e.result === "FAIL" ? "bad" : "warn";
            const r = v.share?.result;
            const shareCls = r === "CONSISTENT" ? "ok" : r === "MISMATCH" ? "bad" : "warn";
            return [
              `${h(v.step)} %`,
              h(v.since),
              `<span class="${cls}">${h(verdictLine(e))}</span>${h(` (trust ${v.trust})`)}`,
              `${e.green.errors}/${e.green.requests} (${pct(e.green.rate)})`,
              `${e.blue.errors}/${e.blue.requests} (${pct(e.blue.rate)})`,
              `${e.errors.difference === null ? "–" : e.errors.difference.toFixed(2)} (${e.errors.interval ? `${e.errors.interval.lower.toFixed(2)} to ${e.errors.interval.upper.toFixed(2)}` : "–"})`,
              `${e.latency.periods} (${e.latency.medianDifferenceMs === null ? "–" : `${e.latency.medianDifferenceMs.toFixed(0)} ms`})`,
              `<span class="${shareCls}">${h(shareCell(v.share))}</span>`,
            ];
          }),
        )
      : "",
  ]);
}

function checkpoints(s: SessionState): string {
  const attempts = [
    ...(s.earlierCheckpoints ?? []).map((a) => ({
      title: `Earlier attempt ${a.attempt} (ended by a rollback)`,
      rows: a.rows,
    })),
    {
      title: (s.live?.attempt ?? 1) > 1 ? `Attempt ${s.live!.attempt} (from ${s.live!.at})` : "",
      rows: Object.values(s.checkpoints),
    },
  ].filter((a) => a.rows.length);
  if (!attempts.length)
    return section("checkpoints", "T+15/30/45/60 monitoring", [
      `<p class="nodata">No checkpoint recorded (green never reached 100 %, or none was due yet).</p>`,
    ]);
  return section(
    "checkpoints",
    "T+15/30/45/60 monitoring",
    attempts.map(
      (a) =>
        `${a.title ? `<h3>${h(a.title)}</h3>` : ""}${table(
          ["Checkpoint", "Error rate", "Latency p95", "Status", "Recorded"],
          [...a.rows]
            .sort((x, y) => x.offsetMinutes - y.offsetMinutes)
            .map((c) => [
              `T+${h(c.offsetMinutes)}`,
              // Text where golive records a number (a hand-written session) is said as text, escaped.
              h(metricText(c.errorRate, "%", " ")),
              h(metricText(c.latencyP95, "ms", " ")),
              `<span class="${c.status === "OK" ? "ok" : c.status === "Issue" ? "bad" : "warn"}">${h(c.status)}</span>`,
              `${h(c.at)}${c.late ? " (late)" : ""}`,
            ]),
        )}`,
    ),
  );
}

function overrides(events: readonly SessionEvent[]): string {
  const rows: string[][] = [];
  for (const e of events) {
    if (
      e.type === "traffic.shift.requested" &&
      e.data.kind === "promote" &&
      (e.data.override || e.data.overridden?.length)
    )
      rows.push([
        link(e.seq),
        h(e.at),
        h(e.by),
        `promote to ${h(weightsText(e.data.to))}`,
        h(e.data.override ?? ""),
        h((e.data.overridden ?? []).join("; ")),
      ]);
    if (e.type === "decision.go" && e.data.override)
      rows.push([
        link(e.seq),
        h(e.at),
        h(e.by),
        "Go decision",
        h(e.data.override),
        h((e.data.open ?? []).join("; ")),
      ]);
  }
  if (!rows.length) return "";
  return section("overrides", `Overrides (${rows.length})`, [
    table(["Event", "When", "Who", "What", "Reason given", "Pressed through"], rows),
  ]);
}

function rollback(s: SessionState): string {
  const r = s.rollback;
  if (!r) return "";
  return section("rollback", "Rollback", [
    `<p>Decided by <strong>${h(r.by)}</strong>, initiated ${h(r.startedAt)}, completed ${r.completedAt ? h(r.completedAt) : `<strong class="bad">NOT CONFIRMED</strong>${r.failed ? ` (${h(r.failed)})` : ""}`}${r.reason ? `; reason: ${h(r.reason)}` : ""}${r.verified === undefined ? "" : `; blue ${r.verified ? "verified healthy" : "<strong>NOT verified healthy</strong>"}`}${r.observedOnReopen ? "; seen at 100/0 on reopen (not golive's own read-back)" : ""}.</p>`,
  ]);
}

function alerts(s: SessionState): string {
  if (!s.alerts.length) return "";
  return section("alerts", `Alerts (${s.alerts.length})`, [
    table(
      ["Raised", "Severity", "Message", "Seen", "Acknowledged"],
      s.alerts.map((a) => [
        h(a.at),
        `<span class="${a.severity === "critical" ? "bad" : "warn"}">${h(a.severity)}</span>${a.trust ? h(` (trust ${a.trust})`) : ""}`,
        h(a.message),
        `${h(a.count ?? 1)}× (last ${h(a.lastSeenAt)})`,
        a.acknowledged ? "yes" : "<strong>no</strong>",
      ]),
    ),
  ]);
}

function checklist(rb: Runbook, s: SessionState): string {
  if (!rb.items.length) return "";
  const done = rb.items.filter((i) => isItemDone(i, s)).length;
  return section("checklist", `Checklist (${done} of ${rb.items.length} done)`, [
    `<details><summary>Every item, with who and when</summary>${table(
      ["Item", "", "Text", "Who / when"],
      rb.items.map((i) => {
        const m = s.items[i.id];
        return [
          `<code>${h(i.id)}</code>`,
          isItemDone(i, s) ? `<span class="ok">✓</span>` : `<span class="warn">○</span>`,
          h(oneLine(i.text)),
          m
            ? `${m.checked ? "" : "unchecked by "}${h(m.by)} ${h(m.at)}${m.checked && m.note ? ` — ${h(m.note)}` : ""}`
            : "",
        ];
      }),
      "items",
    )}</details>`,
  ]);
}

function signoff(s: SessionState): string {
  const so = s.signoff;
  if (!so)
    return section("signoff", "Sign-off", [
      `<p class="bad"><strong>NOT SIGNED.</strong> This record is not a sign-off.</p>`,
    ]);
  return section("signoff", "Sign-off", [
    `<p><strong>${h(so.status.toUpperCase())}</strong> — signed by <strong>${h(so.signer)}</strong>${so.role ? ` as ${h(so.role)}` : ""} at ${h(so.at)}.</p>`,
    so.accepted
      ? `<div class="banner"><p>Accepted open at sign-off (${so.accepted.open.length}); reason: ${h(so.accepted.reason)}</p><ul>${so.accepted.open.map((o) => `<li>${h(o)}</li>`).join("")}</ul></div>`
      : "",
    s.amendments.length
      ? `<h3>Amendments after sign-off</h3><ul>${s.amendments.map((a) => `<li>${link(a.seq)} ${h(a.at)} ${h(a.by)}: ${h(a.type)} — ${h(oneLine(a.why))}</li>`).join("")}</ul>`
      : "",
  ]);
}

function notes(s: SessionState): string {
  if (!s.notes.length) return "";
  return section("notes", "Notes", [
    `<ul>${s.notes.map((n) => `<li>${h(n.at)} <strong>${h(n.by)}</strong>: ${h(n.text)}</li>`).join("")}</ul>`,
  ]);
}

function eventTable(events: readonly SessionEvent[]): string {
  const rows = events.map(
    (e) =>
      `<tr id="${rowId(e.seq)}"><td>${e.seq}</td><td>${h(e.at)}</td><td>${h(e.by)}</td><td>${h(describeEvent(e))}</td></tr>`,
  );
  return `<section id="events"><h2>Event log (${events.length})</h2><table class="events"><thead><tr><th>#</th><th>When (UTC)</th><th>Who</th><th>What</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}
