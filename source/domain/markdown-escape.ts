/**
 * Nothing from data becomes Markdown structure in the sign-off record. A recorded value, a note, a
 * name or a line of command output is inline text: it can never start a heading, add a table row,
 * open a link or an autolink, break out of a code span, or carry HTML. The runbook's own structure
 * is kept, but its raw HTML, links and a heading that imitates the record's are neutralised at
 * their source positions (runbook/record-safety.ts finds them with the parser).
 */
import { terminalLine } from "./sanitize.js";

/**
 * Punctuation Markdown reads as structure in the middle of a line (emphasis, code, links, tables,
 * strikethrough). `#`, `.`, `-` and `+` only matter at the start
 * of a line, where an inserted value never is: leaving them keeps versions readable (v2.4.1).
 */
const PUNCT = /[\\`*_[\]|~]/g;

/** Text that every step of mdInline leaves as it is (but see `www.`). */
const PLAIN = /^[A-Za-z0-9 ,.;:'"!?()=+%#$-]*$/;

/**
 * One line of inline text: newlines and controls shown visibly (a value cannot plant a second
 * "golive sign-off record" heading), Markdown punctuation backslash-escaped, HTML as entities, and
 * autolink triggers (`://`, `www.`, `@`) broken so no link is created.
 */
export function mdInline(s: string): string {
  // Most of a long record (times, ids, counts, plain words) has nothing to escape: one test instead
  // of seven passes per cell. The set holds no control, newline, HTML, Markdown punctuation, `/` or
  // `@`, so only `www.` among the autolink triggers can occur in it.
  if (PLAIN.test(s) && !/www\./i.test(s)) return s;
  return terminalLine(s.replace(/\r?\n/g, " ⏎ "))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(PUNCT, "\\$&")
    .replace(AUTOLINK, (m) => `${m.slice(0, -1)}${JOINER}${m.slice(-1)}`);
}

/**
 * GFM turns `https://…`, `www.…` and `a@b.c` in *decoded* text into links, so backslashes and
 * entities do not stop it; an invisible word joiner inside the trigger does.
 */
export const JOINER = "\u2060";
export const AUTOLINK = /:\/|www\.|[^\s\u2060]@/gi;

/** Inline text for a table cell: the same, and never more than one line (pipes are escaped above). */
export const mdCell = mdInline;

/** Text for an inline code span: the span's fence is longer than any backtick run inside it. */
export function mdCode(s: string): string {
  const text = terminalLine(s.replace(/\r?\n/g, " ⏎ "));
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A source edit that neutralises one piece of the runbook's Markdown in the record. */
export interface MarkupEdit {
  start: number;
  end: number;
  text: string;
}
