/**
 * The HTML sign-off record (domain/report/html.ts) rendered in memory from chains built here
 * (milliseconds a page). `golive verify` re-renders a page from its embedded record and refuses one
 * that differs by a byte, so the page's bytes are a contract: the full night is pinned as a file.
 * Around it, what a reader relies on is asserted on its own: hostile text from the runbook, a
 * person or AWS is shown as text everywhere (no tag, attribute, script or terminal control from
 * data), and the empty sections say so rather than vanish.
 */
import { describe, expect, it } from "vitest";
import { renderReportHtml } from "../../source/domain/report/html.js";
import { REPORT_CSS } from "../../source/domain/report/style.js";
import { at, chainOf, created, HOSTILE, nightEvents, pageInput } from "../helpers/report-night.js";

/** HOSTILE as the page shows it. */
const ESCAPED =
  "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt; &amp; \\e]52;c;cHduZWQ=\\a \\u202e";
const page = (events = nightEvents()) => renderReportHtml(pageInput(events));
/** The page without its inert JSON data block (the only place raw data may appear). */
const shown = (html: string) => html.replace(/<script type="application\/json"[^>]*>[\s\S]*?<\/script>/, "");

describe("the HTML record of a whole night", () => {
  it("is the pinned page, byte for byte", async () => {
    const html = page();
    // The head is asserted below (a copy of it and of the style sheet in the file would only repeat
    // the source); the body, from the first heading to the data block, is pinned as a file.
    expect(html.slice(0, html.indexOf("<body>"))).toBe(`<!DOCTYPE html>
<html lang="en" data-head="${"h".repeat(60)}0032" data-events="32">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="golive 9.9.9 ${ESCAPED}">
<title>golive sign-off record — Checkout ${ESCAPED}</title>
<style>${REPORT_CSS}</style>
</head>
`);
    await expect(html.slice(html.indexOf("<body>"))).toMatchFileSnapshot(
      "../fixtures/report/night-body.html",
    );
  });

  it("carries its style for dark mode and print, and lets nothing load or run", () => {
    expect(REPORT_CSS).toContain("@media (prefers-color-scheme:dark){");
    expect(REPORT_CSS).toContain("@media print{");
    const html = page();
    expect(html).toContain(`<style>${REPORT_CSS}</style>`);
    expect(html).not.toMatch(/<link|<img|src=["']?http|<script(?! type="application\/json")/);
  });

  it("shows hostile text as text: no tag, attribute, quote or control character from data", () => {
    const html = page();
    const visible = shown(html);
    expect(visible).not.toMatch(/<script|<img|onerror=['"=]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    // Every place it appears, it is the escaped form (the checklist shows the item's plain text).
    expect(visible.split(ESCAPED).length - 1).toBeGreaterThan(40);
    expect(visible.replaceAll(ESCAPED, "")).not.toMatch(/alert\(&quot;x&quot;\)&lt;\/script/);
    // The data block still parses to the record as given, and nothing in it closes the block.
    const block = html.slice(html.indexOf('id="golive-record">') + 19, html.lastIndexOf("</script>"));
    expect(block).not.toContain("<");
    expect(JSON.parse(block).note).toBe(HOSTILE);
  });

  it("every marker and link points at a row of the event table", () => {
    const html = page();
    const rows = new Set([...html.matchAll(/<tr id="(e-\d+)">/g)].map((m) => m[1]));
    expect(rows.size).toBe(nightEvents().length);
    const hrefs = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(20);
    for (const r of hrefs) expect(rows.has(r)).toBe(true);
  });
});

describe("a session with nothing in it yet", () => {
  const bare = () => chainOf([created({ version: undefined, env: undefined })]);

  it("its sections in order, the empty ones saying so, nothing in between", () => {
    const html = page(bare());
    const body = html.slice(html.indexOf("<body>"), html.indexOf("<footer>"));
    // Every line is one whole section: no blank line where a section has nothing to show.
    const lines = body.split("\n").map((l) => {
      const sec = /^<section id="(\w+)"><h2>([^<]*)<\/h2>/.exec(l);
      return sec ? `${sec[1]}: ${sec[2]}` : l.slice(0, 12);
    });
    expect(lines).toEqual([
      "<body>",
      "<header><h1>",
      "glance: The night at a glance",
      '<p class="no',
      '<ul class="l',
      '<p class="sm',
      "</section>",
      "go: Go / No-Go decision",
      '<p class="no',
      "</section>",
      "steps: Canary steps and verdicts",
      '<p class="no',
      "", // no verdict table
      "</section>",
      "checkpoints: T+15/30/45/60 monitoring",
      '<p class="no',
      "</section>",
      "checklist: Checklist (0 of 5 done)",
      "<details><su",
      "</section>",
      "signoff: Sign-off",
      '<p class="ba',
      "</section>",
      "events: Event log (1)",
      "",
    ]);
  });

  it("says what is missing, and that it is not signed", () => {
    const html = page(bare());
    for (const says of [
      "No traffic change, metric period or alert in the record yet.",
      "No Go decision recorded.",
      "No canary step confirmed.",
      "No checkpoint recorded (green never reached 100 %, or none was due yet).",
      '<span class="status warn">NOT SIGNED</span>',
      '<p class="bad"><strong>NOT SIGNED.</strong> This record is not a sign-off.</p>',
      "<dt>Version · environment · lead</dt><dd>— · — · lead",
      "<h2>Checklist (0 of 5 done)</h2>",
      "<h2>Event log (1)</h2>",
    ])
      expect(html).toContain(says);
    for (const absent of [
      'id="overrides"',
      'id="rollback"',
      'id="alerts"',
      'id="notes"',
      "<svg xmlns",
      'class="banner"',
    ])
      expect(html).not.toContain(absent);
  });
});

describe("the rest of the branches", () => {
  it("a completed, verified rollback seen on reopen, a plain success sign-off", () => {
    const back = { blue: 100, green: 0 };
    const html = page(
      chainOf([
        created(),
        { type: "traffic.shift.requested", at: at("21:00:00"), data: { kind: "rollback", to: back } },
        {
          type: "traffic.shift.failed",
          at: at("21:00:10"),
          data: { kind: "rollback", to: back, error: "x" },
        },
        {
          type: "traffic.observed",
          at: at("21:00:20"),
          data: { observation: "rollback-observed-on-reopen", weights: back, detail: "seen" },
        },
        { type: "rollback.verified", at: at("21:01:00"), data: { blueHealthy: true, detail: "200" } },
        { type: "session.signed", at: at("21:10:00"), by: "Sue", data: { status: "success", signer: "Sue" } },
      ]),
    );
    expect(html).toContain(
      "<p>Decided by <strong>Ann</strong>, initiated 2026-12-04T21:00:00.000Z, completed 2026-12-04T21:00:20.000Z; blue verified healthy; seen at 100/0 on reopen (not golive's own read-back).</p>",
    );
    expect(html).toContain(
      '<span class="status ok">SUCCESS</span> signed by Sue at 2026-12-04T21:10:00.000Z</dd>',
    );
    expect(html).toContain(
      "<p><strong>SUCCESS</strong> — signed by <strong>Sue</strong> at 2026-12-04T21:10:00.000Z.</p>\n\n\n</section>",
    );
    expect(html).not.toContain('class="banner"');
  });

  it("a rollback still in flight with no failure and no reason; no verification yet", () => {
    const html = page(
      chainOf([
        created(),
        {
          type: "traffic.shift.requested",
          at: at("21:00:00"),
          data: { kind: "auto-rollback", to: { blue: 100, green: 0 } },
        },
      ]),
    );
    expect(html).toContain(
      '<p>Decided by <strong>Ann</strong>, initiated 2026-12-04T21:00:00.000Z, completed <strong class="bad">NOT CONFIRMED</strong>.</p>',
    );
  });
});

describe("a record whose numbers are not numbers", () => {
  // An event's data is checked for shape only down to its keys: a session file written by hand (or
  // by anyone with write access to the sessions directory) can hold markup where golive writes a
  // number. Every such value still reaches the page as text.
  const X = "<img src=x onerror=alert(1)>";
  const forged = () =>
    chainOf([
      created(),
      {
        type: "traffic.shift.requested",
        at: at("21:00:00"),
        data: { kind: "promote", to: { blue: 90, green: X }, step: X },
      },
      {
        type: "traffic.shift.confirmed",
        at: at("21:00:10"),
        data: { kind: "promote", weights: { blue: 90, green: X }, tookMs: 1, attempts: 1 },
      },
      { type: "alert.raised", at: at("21:02:00"), data: { alert: "a", severity: "warning", message: "m" } },
      { type: "alert.repeated", at: at("21:02:10"), data: { alert: "a", count: X } },
      {
        type: "checkpoint.recorded",
        at: at("21:03:00"),
        data: { offsetMinutes: X, errorRate: null, latencyP95: null, status: "OK", late: false },
      },
    ]);

  it("a step, a weight, an alert's count and a checkpoint's offset are escaped like any text", () => {
    const visible = shown(page(forged()));
    expect(visible).not.toContain("<img");
    const esc = "&lt;img src=x onerror=alert(1)&gt;";
    for (const cell of [
      `<td>${esc} %</td><td>2026-12-04T21:00:10.000Z</td>`,
      `<td>T+${esc}</td>`,
      `<td>${esc}× (last 2026-12-04T21:02:10.000Z)</td>`,
      `class="wlabel">${esc} %</text>`,
    ])
      expect(visible).toContain(cell);
  });

  it("a checkpoint's error rate and p95 written as text: the page is written, the text shown inert", () => {
    const events = chainOf([
      created(),
      {
        type: "checkpoint.recorded",
        at: at("21:03:00"),
        data: { offsetMinutes: 15, errorRate: X, latencyP95: "fast", status: "OK", late: false },
      },
    ]);
    const visible = shown(page(events));
    expect(visible).not.toContain("<img");
    // The only attempt (no rollback before it): its table under the section's heading, none of its own.
    expect(visible).toContain("<h2>T+15/30/45/60 monitoring</h2>\n<table><thead>");
    expect(visible).toContain(
      '<td>T+15</td><td>&lt;img src=x onerror=alert(1)&gt;</td><td>fast</td><td><span class="ok">OK</span></td>',
    );
  });
});
