/**
 * `golive verify` on an HTML export. The page embeds its JSON export as one data block; the chain is
 * verified there like any JSON export. What a reader sees (tables, chart, sign-off) is then checked
 * by rendering the page again from that record: a page edited after export (a value in a table, a
 * marker, a second data block) comes out different and is refused.
 */
import type { SessionEvent } from "../domain/events.js";
import { reduce } from "../domain/events.js";
import { RECORD_BLOCK_ID } from "../domain/report/record-block.js";
import { VERSION } from "../version.js";

const OPEN = `<script type="application/json" id="${RECORD_BLOCK_ID}">`;

export function isHtml(text: string): boolean {
  return /^\s*<!doctype html/i.test(text.slice(0, 200));
}

/** The embedded JSON export, or why there is not exactly one. */
export function recordBlock(page: string): string | { problem: string } {
  const at = page.indexOf(OPEN);
  if (at < 0) return { problem: "an HTML page without a golive record in it (was it exported by golive?)" };
  if (page.indexOf(OPEN, at + OPEN.length) >= 0)
    return { problem: "the page holds more than one golive record block (edited after export?)" };
  const end = page.indexOf("</script>", at);
  if (end < 0) return { problem: "the page's golive record block is not closed (cut short?)" };
  return page.slice(at + OPEN.length, end);
}

/** Why the page is not what its (verified) record renders to, or undefined when it is. */
export async function pageProblem(
  page: string,
  record: Record<string, unknown>,
  events: readonly SessionEvent[],
): Promise<string | undefined> {
  const generator = /<meta name="generator" content="golive ([^"]+)">/.exec(page)?.[1];
  if (generator !== VERSION)
    return `the page was written by golive ${generator ?? "(unknown)"}; this is ${VERSION}, which cannot re-check what that version drew (its chain verifies: check it with the JSON export, or that version)`;
  const created = events[0];
  if (created?.type !== "session.created") return "the record does not start with the session's creation";
  const rb = created.data.runbook;
  // The page renderer and the Markdown parser are loaded only here: verifying a JSON record or a
  // session file never needs them.
  const { parseRunbook } = await import("../runbook/parse.js");
  const { renderReportHtml } = await import("../domain/report/html.js");
  let again: string;
  try {
    again = renderReportHtml({
      runbook: parseRunbook(rb.file, rb.text, rb.sha256),
      state: reduce(events),
      events,
      record: record as { exportedAt: string } & Record<string, unknown>,
      generator: `golive ${VERSION}`,
    });
  } catch (e) {
    return `the page's record could not be drawn again (${(e as Error).message})`;
  }
  if (again === page) return undefined;
  let i = 0;
  while (i < page.length && page[i] === again[i]) i++;
  const line = page.slice(0, i).split("\n").length;
  return `the page differs from what its record shows at line ${line} (edited after export?)`;
}
