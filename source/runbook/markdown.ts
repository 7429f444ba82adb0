/**
 * Markdown → mdast, one run of top-level sections at a time. micromark keeps every event of the
 * document until the end and rebuilds its document-level event list on each container exit, so one
 * parse of a 10,000-item runbook took 3 s of CPU and 300 MB; parsed in runs of sections it takes
 * half the time and half the memory, and the tree is the same.
 *
 * A run is cut before a heading line at column 1 only where the parser itself says the heading ends
 * everything before it: the run is parsed together with that heading line, which must come out as a
 * top-level heading (not swallowed by an open fence or HTML block), and is then dropped from the run.
 * Nothing later can change what came before such a heading, and after it the parser is where a new
 * document starts — except for link and footnote definitions, which any section may use: a document
 * that may hold one (`]:`) is parsed whole. Where a cut fails, the rest is parsed whole.
 *
 * A run of plain lines only (headings, one-line checklist items, empty lines: markdown-plain.ts) is
 * built without micromark at all; on the 10,000-item runbook that took `new` from 2.9 s to ~1 s.
 */
import type { Code, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { plainBlocks } from "./markdown-plain.js";
import { endPoint, lineBreaks, lineEnd, runStarts, shift } from "./markdown-runs.js";

/** Documents shorter than this are parsed whole: splitting pays only on large runbooks. */
const WHOLE_BELOW = 16 * 1024;
/**
 * The shortest run: a run per section where sections are this long (micromark's cost per line grows
 * with the events it holds, so short runs are cheapest: 10,000 items took 3.6 s of CPU parsed whole,
 * 1.7 s in runs of 1 KB, 2.0 s in runs of 2 KB).
 */
const RUN_CHARS = 1024;

/**
 * A code block's text as bash reads it: micromark keeps each code line's own ending, so from a CRLF
 * runbook every line ended in `\r` (bash got `--region x\r`), and a lone `\r` (a Markdown line
 * ending) made a whole block one line.
 */
export function codeText(c: Code): string {
  return c.value.replace(/\r\n?/g, "\n");
}

function parseWhole(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** `plain` false sends every run to micromark: the reference the plain path is tested against. */
export function parseMarkdown(
  text: string,
  runChars = RUN_CHARS,
  wholeBelow = WHOLE_BELOW,
  plain = true,
): Root {
  if (text.length < wholeBelow || text.includes("]:")) return parseWhole(text);
  const root: Root = { type: "root", children: [] };
  let from = 0;
  let line = 1;
  for (const cut of runStarts(text, runChars)) {
    // A plain run leaves nothing open, so the heading at the cut starts afresh: no parse to check it.
    const blocks = plain ? plainBlocks(text, from, cut, line) : undefined;
    if (blocks) {
      for (const c of blocks) root.children.push(c);
      line += lineBreaks(text, from, cut);
      from = cut;
      continue;
    }
    const headingEnd = lineEnd(text, cut);
    const tree = parseWhole(text.slice(from, headingEnd));
    const heading = tree.children.pop();
    if (heading?.type !== "heading" || heading.position?.start.offset !== cut - from) {
      break; // the heading line went into an open block: no cut here, nor after it
    }
    shift(tree, from, line - 1);
    for (const c of tree.children) root.children.push(c);
    line += lineBreaks(text, from, cut);
    from = cut;
  }
  const blocks = plain ? plainBlocks(text, from, text.length, line) : undefined;
  if (blocks) for (const c of blocks) root.children.push(c);
  else {
    const rest = parseWhole(text.slice(from));
    shift(rest, from, line - 1);
    for (const c of rest.children) root.children.push(c);
  }
  root.position = { start: { line: 1, column: 1, offset: 0 }, end: endPoint(text, line, from) };
  return root;
}
