/**
 * The HTML report's one escaper. Everything from data (runbook text, notes, values, names, AWS
 * messages, and the numbers of an event's data too: its shape is checked only down to its keys, so
 * a hand-written session can hold markup where golive writes a number) goes through `h`: markup
 * characters become entities, so nothing from data becomes a tag, an attribute or a script; control
 * characters and bidi overrides are shown the way the terminal shows them (`\e]52…`), so the page
 * reads the same as the CLI.
 */
import { terminalText } from "../sanitize.js";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function h(s: string | number | null | undefined): string {
  return terminalText(String(s ?? "")).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * JSON inside `<script type="application/json">`: `<` escaped so no string can close the block
 * (`</script>`) or open a comment; U+2028/2029 escaped for old parsers. Still JSON.parse-able as is.
 */
export function jsonBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The id of an event's row in the table: chart markers link to it. */
export const rowId = (seq: number) => `e-${seq}`;
