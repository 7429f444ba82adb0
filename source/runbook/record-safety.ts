/**
 * The runbook as reproduced in the sign-off record keeps its own structure (headings, lists,
 * tables, code), but nothing in it may act on the reader or impersonate the record: raw HTML (a
 * `<script>`, an `<img>` beacon, an unclosed `<!--` that would hide the whole appendix) is shown as
 * text, links and images are shown as their source text instead of becoming clickable, and a heading
 * that imitates "golive sign-off record" is marked as the runbook's. Found with the parser's source
 * positions, so code blocks and inline code are left exactly as written.
 */
import type { Nodes, Root } from "mdast";
import { AUTOLINK, JOINER, type MarkupEdit } from "../domain/markdown-escape.js";

const IMPOSTOR = /golive\s+sign-?off\s+record/i;

/** Raw source shown as text: HTML as entities, and no autolink left in it. */
function inert(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(AUTOLINK, (m) => `${m.slice(0, -1)}${JOINER}${m.slice(-1)}`);
}

export function recordMarkupEdits(tree: Root, src: string): MarkupEdit[] {
  const edits: MarkupEdit[] = [];
  const walk = (n: Nodes) => {
    const start = n.position?.start.offset;
    const end = n.position?.end.offset;
    if (start === undefined || end === undefined) return;
    switch (n.type) {
      case "html":
        edits.push({ start, end, text: inert(src.slice(start, end)) });
        return;
      case "definition":
        // `[id]: https://…` defines a link target; as text it defines nothing.
        edits.push({ start, end, text: `\\${inert(src.slice(start, end))}` });
        return;
      case "link":
      case "linkReference":
      case "image":
      case "imageReference": {
        const raw = src.slice(start, end);
        if (raw.startsWith("<")) edits.push({ start, end: start + 1, text: "&lt;" });
        else if (raw.startsWith("[") || raw.startsWith("!")) {
          const at = raw.startsWith("!") ? start + 1 : start;
          edits.push({ start: at, end: at, text: "\\" });
        }
        // GFM links `https://…`, `www.…` and `a@b.c` wherever they stand (also inside the
        // destination of a link shown as text): a word joiner breaks the trigger.
        for (const m of raw.matchAll(AUTOLINK)) {
          const at = start + m.index + m[0].length - 1;
          edits.push({ start: at, end: at, text: JOINER });
        }
        return;
      }
      case "heading": {
        const raw = src.slice(start, end);
        const m = IMPOSTOR.exec(raw);
        if (m) edits.push({ start: start + m.index, end: start + m.index, text: "(runbook text) " });
        break;
      }
      case "code":
      case "inlineCode":
        return;
    }
    if ("children" in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(tree);
  // A fence never closed would swallow the appended record: the record closes it.
  const last = tree.children.at(-1);
  if (last?.type === "code" && last.position) {
    const raw = src.slice(last.position.start.offset, last.position.end.offset);
    // A fenced block's span starts at its fence; an indented one's at its indent, and `    ```x` is
    // no fence to close (closing it opened one that swallowed the record).
    const open = /^(`{3,}|~{3,})/.exec(raw)?.[1];
    // Closed when the span holds a line more than the code: the closing fence. Judged by how the
    // last line looks, `    ```` (four blanks: code, not a closer) passed for one and the record's
    // appendix fell into the block.
    const spanLines = raw.trimEnd().split(/\r\n?|\n/).length - 1;
    const codeLines = last.value === "" ? 0 : last.value.split(/\r\n?|\n/).length;
    if (open && spanLines <= codeLines)
      edits.push({ start: src.length, end: src.length, text: `\n${open}\n` });
  }
  return edits;
}
