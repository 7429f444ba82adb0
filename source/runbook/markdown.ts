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
 */
import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/** Documents shorter than this are parsed whole: splitting pays only on large runbooks. */
const WHOLE_BELOW = 16 * 1024;
/**
 * The shortest run: a run per section where sections are this long (micromark's cost per line grows
 * with the events it holds, so short runs are cheapest: 10,000 items took 3.6 s of CPU parsed whole,
 * 1.7 s in runs of 1 KB, 2.0 s in runs of 2 KB).
 */
const RUN_CHARS = 1024;

function parseWhole(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

export function parseMarkdown(text: string, runChars = RUN_CHARS, wholeBelow = WHOLE_BELOW): Root {
  if (text.length < wholeBelow || text.includes("]:")) return parseWhole(text);
  const root: Root = { type: "root", children: [] };
  let from = 0;
  let line = 1;
  for (const cut of runStarts(text, runChars)) {
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
  const rest = parseWhole(text.slice(from));
  shift(rest, from, line - 1);
  for (const c of rest.children) root.children.push(c);
  root.position = { start: { line: 1, column: 1, offset: 0 }, end: endPoint(text, line, from) };
  return root;
}

/** Offsets of heading lines at column 1, each at least `runChars` after the previous one. */
function runStarts(text: string, runChars: number): number[] {
  const cuts: number[] = [];
  let last = 0;
  for (let i = text.indexOf("#", 1); i >= 0; i = text.indexOf("#", i + 1)) {
    const before = text.charCodeAt(i - 1);
    // Markdown's line endings only: \n, \r\n and a lone \r (never U+2028 and the like).
    if (before !== 0x0a && before !== 0x0d) continue;
    if (i - last < runChars || !/^#{1,6}(?:[ \t\r\n]|$)/.test(text.slice(i, i + 8))) continue;
    cuts.push(i);
    last = i;
  }
  return cuts;
}

/** Moves a run's positions to where the run starts in the whole document. */
function shift(n: Nodes, offset: number, lines: number): void {
  const p = n.position;
  if (p) {
    p.start = { line: p.start.line + lines, column: p.start.column, offset: (p.start.offset ?? 0) + offset };
    p.end = { line: p.end.line + lines, column: p.end.column, offset: (p.end.offset ?? 0) + offset };
  }
  if ("children" in n) for (const c of n.children) shift(c, offset, lines);
}

function lineBreaks(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && s.charCodeAt(i + 1) !== 0x0a)) n++;
  }
  return n;
}

/** Where the line starting at `at` ends, its line ending included. */
function lineEnd(s: string, at: number): number {
  for (let i = at; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a) return i + 1;
    if (c === 0x0d) return s.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
  }
  return s.length;
}

function endPoint(
  text: string,
  line: number,
  from: number,
): { line: number; column: number; offset: number } {
  const lines = line + lineBreaks(text, from, text.length);
  let start = text.length;
  while (start > 0 && text.charCodeAt(start - 1) !== 0x0a && text.charCodeAt(start - 1) !== 0x0d) start--;
  return { line: lines, column: text.length - start + 1, offset: text.length };
}
