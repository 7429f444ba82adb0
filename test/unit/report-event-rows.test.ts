/**
 * The sign-off record's event log rows (domain/report/event-rows.ts): one Markdown table row per
 * event, its own cells escaped so a name or a note cannot add a column or a row, and the joined
 * log terminal-safe.
 */
import { describe, expect, it } from "vitest";
import { eventLog, eventRows } from "../../source/domain/report/event-rows.js";
import { at, chainOf } from "../helpers/report-night.js";

const events = chainOf([
  { type: "note.added", at: at("20:00:00"), by: "Ann | x", data: { text: "a | b" } },
  { type: "note.added", at: at("20:01:00"), by: "Ann | x", data: { text: "two\u001b[2J" } },
  { type: "note.added", at: at("20:02:00"), by: "Bob", data: { text: "three" } },
]);

describe("eventRows", () => {
  it("one row per event, four cells each, the same name escaped the same way every time", () => {
    const rows = eventRows(events);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe("| 1 | 2026-12-04T20:00:00.000Z | Ann \\| x | note: a \\| b |");
    expect(rows[1]).toBe("| 2 | 2026-12-04T20:01:00.000Z | Ann \\| x | note: two\\\\e\\[2J |");
    expect(rows[2]).toBe("| 3 | 2026-12-04T20:02:00.000Z | Bob | note: three |");
  });

  it("an empty log has no rows", () => {
    expect(eventRows([])).toEqual([]);
    expect(eventLog([])).toBe("");
  });
});

it("eventLog joins the rows by line and shows controls as text, even in a cell no row escapes", () => {
  // A hand-edited record's timestamp is written into its row as is: the joined log still shows
  // the control as text.
  const odd = chainOf([{ type: "note.added", at: "2026\u001b]0;x\u0007", by: "Ann", data: { text: "t" } }]);
  const log = eventLog([...events, ...odd]);
  expect(log.split("\n")).toHaveLength(4);
  expect(log.split("\n").slice(0, 3)).toEqual(eventRows(events));
  expect(log).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  expect(log.endsWith("| 1 | 2026\\e]0;x\\a | Ann | note: t |")).toBe(true);
});
