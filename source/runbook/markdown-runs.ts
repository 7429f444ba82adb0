/** Cutting a long runbook into runs of sections that parse alone, with positions shifted back. */
import type { Nodes } from "mdast";

/** Offsets of heading lines at column 1, each at least `runChars` after the previous one. */
export function runStarts(text: string, runChars: number): number[] {
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
export function shift(n: Nodes, offset: number, lines: number): void {
  const p = n.position;
  if (p) {
    p.start = { line: p.start.line + lines, column: p.start.column, offset: (p.start.offset ?? 0) + offset };
    p.end = { line: p.end.line + lines, column: p.end.column, offset: (p.end.offset ?? 0) + offset };
  }
  if ("children" in n) for (const c of n.children) shift(c, offset, lines);
}

export function lineBreaks(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && s.charCodeAt(i + 1) !== 0x0a)) n++;
  }
  return n;
}

/** Where the line starting at `at` ends, its line ending included. */
export function lineEnd(s: string, at: number): number {
  for (let i = at; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a) return i + 1;
    if (c === 0x0d) return s.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
  }
  return s.length;
}

export function endPoint(
  text: string,
  line: number,
  from: number,
): { line: number; column: number; offset: number } {
  const lines = line + lineBreaks(text, from, text.length);
  let start = text.length;
  while (start > 0 && text.charCodeAt(start - 1) !== 0x0a && text.charCodeAt(start - 1) !== 0x0d) start--;
  return { line: lines, column: text.length - start + 1, offset: text.length };
}
