/**
 * The HTML record's sections in the states the whole night (report-html-page.test.ts) does not
 * reach: a clean step that passes, a step with no data yet, a plain Go, a promote pressed through
 * without a reason, checkpoints of a single attempt, an item ticked without a note, a runbook
 * without a checklist. Each asserts the cells a reader goes by.
 */
import { describe, expect, it } from "vitest";
import { renderReportHtml } from "../../source/domain/report/html.js";
import { at, chainOf, created, pageInput } from "../helpers/report-night.js";

const w = (green: number) => ({ blue: 100 - green, green });
const counts = (requests: number, errors: number, p95Ms: number) => ({
  requests,
  errors,
  connectionErrors: 0,
  p95Ms,
});
const page = (parts: Parameters<typeof chainOf>[0], text?: string) =>
  renderReportHtml(pageInput(chainOf([created(), ...parts]), text));
const confirmed = (hhmm: string, green: number) => ({
  type: "traffic.shift.confirmed" as const,
  at: at(`${hhmm}:00`),
  data: { kind: "promote", weights: w(green), tookMs: 1, attempts: 1 },
});
const rowsOf = (html: string, id: string) => {
  const sec = html.slice(
    html.indexOf(`<section id="${id}">`),
    html.indexOf("</section>", html.indexOf(`<section id="${id}">`)),
  );
  return [...sec.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)].map((c) => c[1]),
  );
};

describe("steps", () => {
  it("a clean step passes with a consistent share; a step without periods shows dashes, not zeros", () => {
    const periods = Array.from({ length: 30 }, (_, i) => ({
      type: "metrics.period" as const,
      at: at(`21:${String(i + 1).padStart(2, "0")}:30`),
      by: "golive",
      data: {
        t: at(`21:${String(i + 1).padStart(2, "0")}:00`),
        periodMs: 60_000,
        weights: w(10),
        blue: counts(9000, 9, 80),
        green: counts(1000, 1, 80),
      },
    }));
    const rows = rowsOf(page([confirmed("21:00", 10), ...periods, confirmed("21:40", 50)]), "steps");
    expect(rows.slice(-2)).toEqual([
      [
        "10 %",
        "2026-12-04T21:00:00.000Z",
        '<span class="ok">PASS</span> (trust pause)',
        "30/30000 (0.10 %)",
        "270/270000 (0.10 %)",
        "0.00 (-0.09 to 0.12)",
        "30 (0 ms)",
        '<span class="ok">CONSISTENT: green 10 % of 300,000 (99.9 % 9.8–10.2 %; weight 90/10)</span>',
      ],
      [
        "50 %",
        "2026-12-04T21:40:00.000Z",
        '<span class="warn">NOT ENOUGH EVIDENCE — green has had no traffic at this step yet</span> (trust pause)',
        "0/0 (–)",
        "0/0 (–)",
        "– (–)",
        "0 (–)",
        '<span class="warn">not measured (no requests counted at weight 50/50)</span>',
      ],
    ]);
  });
});

describe("the Go, the overrides, the checkpoints, the checklist", () => {
  it("a plain Go: its criteria, no override, no No-Go table, no open points; not an override", () => {
    const html = page([
      {
        type: "decision.go",
        at: at("21:00:00"),
        by: "Cy",
        data: { criteria: [{ text: "ready", ok: true }] },
      },
    ]);
    const go = html.slice(html.indexOf('<section id="go">'), html.indexOf('<section id="steps">'));
    expect(go).toBe(
      '<section id="go"><h2>Go / No-Go decision</h2>\n<div class="decision"><p><a href="#e-2">#2</a> Go given by <strong>Cy</strong> at 2026-12-04T21:00:00.000Z</p><table><thead><tr><th>Go criterion</th><th>At the decision</th></tr></thead><tbody><tr><td>ready</td><td><span class="ok">✓ met</span></td></tr></tbody></table></div>\n</section>\n',
    );
    expect(html).not.toContain('id="overrides"');
  });

  it("a promote pressed through without a reason, a Go overridden with nothing open", () => {
    const html = page([
      { type: "decision.go", at: at("21:00:00"), data: { criteria: [], override: "late" } },
      {
        type: "traffic.shift.requested",
        at: at("21:01:00"),
        data: { kind: "promote", to: w(10), overridden: ["dwell", "alert"] },
      },
      {
        type: "traffic.shift.requested",
        at: at("21:02:00"),
        data: { kind: "promote", to: w(20), overridden: [] },
      },
      {
        type: "traffic.shift.requested",
        at: at("21:02:30"),
        data: { kind: "promote", to: w(30), override: "hurry" },
      },
      {
        type: "traffic.shift.requested",
        at: at("21:03:00"),
        data: { kind: "rollback", to: w(0), override: "bad" },
      },
    ]);
    expect(html).toContain("<h2>Overrides (3)</h2>");
    expect(rowsOf(html, "overrides").slice(1)).toEqual([
      ['<a href="#e-2">#2</a>', "2026-12-04T21:00:00.000Z", "Ann", "Go decision", "late", ""],
      [
        '<a href="#e-3">#3</a>',
        "2026-12-04T21:01:00.000Z",
        "Ann",
        "promote to blue 90 / green 10",
        "",
        "dwell; alert",
      ],
      [
        '<a href="#e-5">#5</a>',
        "2026-12-04T21:02:30.000Z",
        "Ann",
        "promote to blue 70 / green 30",
        "hurry",
        "",
      ],
    ]);
  });

  it("checkpoints of the first attempt have no attempt heading, in offset order", () => {
    const cp = (offsetMinutes: number, hhmm: string) => ({
      type: "checkpoint.recorded" as const,
      at: at(`${hhmm}:00`),
      by: "golive",
      data: { offsetMinutes, errorRate: 0.123, latencyP95: 99.5, status: "OK", late: false },
    });
    const html = page([confirmed("21:00", 100), cp(30, "21:30"), cp(15, "21:15")]);
    const sec = html.slice(
      html.indexOf('<section id="checkpoints">'),
      html.indexOf('<section id="overrides">'),
    );
    expect(sec).not.toContain("<h3>");
    expect(rowsOf(html, "checkpoints").slice(1)).toEqual([
      ["T+15", "0.12 %", "100 ms", '<span class="ok">OK</span>', "2026-12-04T21:15:00.000Z"],
      ["T+30", "0.12 %", "100 ms", '<span class="ok">OK</span>', "2026-12-04T21:30:00.000Z"],
    ]);
  });

  it("an earlier attempt's checkpoints filled in late, out of order, are listed by offset", () => {
    const cp = (offsetMinutes: number, hhmm: string, attempt: number) => ({
      type: "checkpoint.recorded" as const,
      at: at(`${hhmm}:00`),
      by: "golive",
      data: { offsetMinutes, errorRate: null, latencyP95: null, status: "no data", late: true, attempt },
    });
    const html = page([
      confirmed("21:00", 100),
      { type: "drift.detected", at: at("21:05:00"), data: { expected: w(100), actual: w(0) } },
      confirmed("21:10", 100),
      cp(30, "21:50", 1),
      cp(15, "21:51", 1),
    ]);
    expect(html).toContain("<h3>Earlier attempt 1 (ended by a rollback)</h3>");
    expect(rowsOf(html, "checkpoints").map((r) => r[0])).toEqual(["Checkpoint", "T+15", "T+30"]);
  });

  it("an item ticked without a note shows who and when only", () => {
    const html = page([{ type: "item.checked", at: at("20:10:00"), by: "Dee", data: { item: "i2" } }]);
    expect(html).toContain("<h2>Checklist (1 of 5 done)</h2>");
    expect(html).toContain(
      '<tr><td><code>i2</code></td><td><span class="ok">✓</span></td><td>On-call paged</td><td>Dee 2026-12-04T20:10:00.000Z</td></tr>',
    );
  });

  it("a runbook without items (parse refuses one; the renderer does not assume it) has no checklist section", () => {
    const input = pageInput(chainOf([created()]));
    const html = renderReportHtml({ ...input, runbook: { ...input.runbook, items: [] } });
    expect(html).not.toContain('id="checklist"');
    expect(html).toContain('<section id="signoff">');
  });
});
