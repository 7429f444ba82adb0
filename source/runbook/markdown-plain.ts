/**
 * The tree of a run of plain lines, built without micromark. A large runbook is mostly headings and
 * one-line checklist items in plain words; micromark spent ~2 s of CPU on the 10,000-item runbook
 * finding nothing in them. A run is built here only when every line is one of
 *
 *   - an empty line,
 *   - `#`…`######`, one space, plain text,
 *   - `- [ ] `, `- [x] ` or `- [X] ` at column 1, then plain text, with no empty line between two
 *     items of one list (that makes the list loose),
 *
 * and the tree is then exactly micromark's (held to it by test/unit/runbook-plain-markdown.test.ts,
 * on the shipped runbooks, the large one, the hostile corpus and generated documents). Anything
 * else, down to one character, sends the whole run to micromark.
 *
 * Plain text is printable ASCII that starts no Markdown construct: none of \ ` * [ ] ! < > & ~ | # @,
 * no `www.` or `://` (GFM's autolink literals), no tab, no space at either end, and `_` only in runs
 * followed by a space or the text's end (such a run cannot open emphasis).
 */
import type { Heading, List, ListItem, RootContent, Text } from "mdast";

type Point = { line: number; column: number; offset: number };

/** Codes of printable ASCII that cannot start a construct; `_` is checked with its neighbours. */
const PLAIN = new Uint8Array(128);
for (let c = 0x20; c < 0x7f; c++) PLAIN[c] = 1;
for (const c of "\\`*[]!<>&~|#@_") PLAIN[c.charCodeAt(0)] = 0;

function plainText(s: string, from: number, to: number): boolean {
  if (to <= from || s.charCodeAt(from) === 0x20 || s.charCodeAt(to - 1) === 0x20) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) {
      // A `_` run followed by a space or the end cannot open emphasis; `*` is out, so none opens.
      let j = i;
      while (j < to && s.charCodeAt(j) === 0x5f) j++;
      if (j < to && s.charCodeAt(j) !== 0x20) return false;
      i = j - 1;
      continue;
    }
    if (c >= 128 || PLAIN[c] === 0) return false;
    if (c === 0x2f && s.charCodeAt(i - 1) === 0x3a && s.charCodeAt(i + 1) === 0x2f) return false; // ://
    if (c === 0x2e && i - from >= 3 && /www/i.test(s.slice(i - 3, i))) return false; // www.
  }
  return true;
}

function point(line: number, column: number, offset: number): Point {
  return { line, column, offset };
}

function text(value: string, line: number, column: number, offset: number): Text {
  return {
    type: "text",
    value,
    position: {
      start: point(line, column, offset),
      end: point(line, column + value.length, offset + value.length),
    },
  };
}

/**
 * The blocks of `src[from, to)` (`from` at the start of line `line`, `to` at a line start or the
 * end), or undefined when a line is not plain.
 */
export function plainBlocks(src: string, from: number, to: number, line: number): RootContent[] | undefined {
  const out: RootContent[] = [];
  let list: List | undefined;
  let blankAfterItem = false;
  for (let pos = from; pos < to; line++) {
    let end = src.indexOf("\n", pos);
    if (end < 0 || end > to) end = to;
    const len = end - pos;
    if (len === 0) {
      if (list) blankAfterItem = true;
    } else if (src.charCodeAt(pos) === 0x23) {
      let depth = 1;
      while (depth < len && src.charCodeAt(pos + depth) === 0x23) depth++;
      if (depth > 6 || src.charCodeAt(pos + depth) !== 0x20 || !plainText(src, pos + depth + 1, end))
        return undefined;
      list = undefined;
      const heading: Heading = {
        type: "heading",
        depth: depth as Heading["depth"],
        children: [text(src.slice(pos + depth + 1, end), line, depth + 2, pos + depth + 1)],
        position: { start: point(line, 1, pos), end: point(line, len + 1, end) },
      };
      out.push(heading);
    } else {
      const box = src.charCodeAt(pos + 3);
      if (
        !src.startsWith("- [", pos) ||
        (box !== 0x20 && box !== 0x78 && box !== 0x58) ||
        !src.startsWith("] ", pos + 4) ||
        !plainText(src, pos + 6, end) ||
        (list && blankAfterItem)
      )
        return undefined;
      const t = text(src.slice(pos + 6, end), line, 7, pos + 6);
      const item: ListItem = {
        type: "listItem",
        spread: false,
        checked: box !== 0x20,
        children: [
          {
            type: "paragraph",
            children: [t],
            position: { start: point(line, 7, pos + 6), end: point(line, len + 1, end) },
          },
        ],
        position: { start: point(line, 1, pos), end: point(line, len + 1, end) },
      };
      if (!list) {
        list = {
          type: "list",
          ordered: false,
          start: null,
          spread: false,
          children: [],
          position: { start: point(line, 1, pos), end: point(line, len + 1, end) },
        };
        out.push(list);
      }
      list.children.push(item);
      list.position!.end = point(line, len + 1, end);
      blankAfterItem = false;
    }
    pos = end + 1;
  }
  return out;
}
