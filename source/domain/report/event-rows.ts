/**
 * The sign-off record's event log, one Markdown table row per event. A row depends on its event
 * alone, so the rows of a compacted session can be kept beside it (session/state-cache.ts) and the
 * record rendered without reading 100,000 events again.
 */
import { describeEvent } from "../describe.js";
import type { SessionEvent } from "../events.js";
import { mdInline } from "../markdown-escape.js";
import { terminalText } from "../sanitize.js";

/** The rows as the record holds them: one line each, joined, terminal-safe. */
export function eventLog(events: readonly SessionEvent[]): string {
  return terminalText(eventRows(events).join("\n"));
}

export function eventRows(events: readonly SessionEvent[]): string[] {
  const rows: string[] = [];
  // A log names a handful of people over and over: each name is escaped once.
  const who = new Map<string, string>();
  for (const e of events) {
    let by = who.get(e.by);
    if (by === undefined) {
      by = mdInline(e.by);
      who.set(e.by, by);
    }
    rows.push(`| ${e.seq} | ${e.at} | ${by} | ${mdInline(describeEvent(e))} |`);
  }
  return rows;
}
