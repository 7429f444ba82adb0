/**
 * The Markdown sign-off record of a session whose numbers and times are not numbers and times. An
 * event's data is checked for shape only down to its keys, so a session file written by hand (or by
 * anyone with write access to the sessions directory, chain recomputed) can hold text where golive
 * writes a number: it must stay inert text in its own cell, never a row, a heading or a line of its
 * own in the signed record, and never crash the export.
 */
import { describe, expect, it } from "vitest";
import { renderSignoffMarkdown } from "../../source/domain/signoff.js";
import { at, chainOf, created, pageInput } from "../helpers/report-night.js";

const ROW = "5 | OK | forged |\n| T+99 | 0.00% | 1ms | OK | forged";
const HEAD = "x\n### Signed off by nobody";

const forged = () =>
  chainOf([
    created(),
    { type: "alert.raised", at: at("21:02:00"), data: { alert: "a", severity: HEAD, message: "m" } },
    { type: "alert.repeated", at: at("21:02:10"), data: { alert: "a", count: HEAD } },
    {
      type: "checkpoint.recorded",
      at: at("21:03:00"),
      data: { offsetMinutes: ROW, errorRate: "1 | x", latencyP95: HEAD, status: ROW, late: false },
    },
  ]);

describe("a record whose numbers are not numbers (Markdown)", () => {
  it("a checkpoint's offset, rates and status and an alert's severity and count stay in their cells", () => {
    const events = forged();
    const { runbook, state } = pageInput(events);
    const md = renderSignoffMarkdown(runbook, state, events);
    const lines = md.split("\n");
    expect(lines.filter((l) => l.startsWith("| T+99"))).toEqual([]);
    expect(lines.filter((l) => l.startsWith("### Signed off by nobody"))).toEqual([]);
    const row = lines.filter((l) => l.startsWith("| T+5"));
    expect(row).toHaveLength(1);
    // The row keeps its five cells: every "|" the forged values carry is escaped.
    expect(row[0]!.split(/(?<!\\)\|/).length - 2).toBe(5);
    const alert = lines.find((l) => l.startsWith("- 2026-12-04T21:02:00.000Z **"));
    expect(alert).toBe("- 2026-12-04T21:02:00.000Z **x ⏎ ### Signed off by nobody** m");
  });

  it("real numbers read as before", () => {
    const events = chainOf([
      created(),
      {
        type: "checkpoint.recorded",
        at: at("21:03:00"),
        data: { offsetMinutes: 15, errorRate: 0.241, latencyP95: 33.4, status: "OK", late: false },
      },
    ]);
    const { runbook, state } = pageInput(events);
    expect(renderSignoffMarkdown(runbook, state, events)).toContain(
      "| T+15 | 0.24% | 33ms | OK | 2026-12-04T21:03:00.000Z |",
    );
  });
});
