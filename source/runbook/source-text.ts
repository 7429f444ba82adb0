/**
 * Positions in the runbook's source. Line numbers come from one index of line starts built on first
 * use, so a runbook with thousands of blanks maps each in log time instead of rescanning the file.
 */
import type { Nodes } from "mdast";
import { InputError } from "../domain/errors.js";
import type { Position } from "../domain/runbook.js";

export class SourceText {
  private newlines: number[] | undefined;

  constructor(
    readonly file: string,
    readonly src: string,
  ) {}

  pos(n: Nodes): Position {
    const p = n.position;
    return {
      line: p?.start.line ?? 1,
      column: p?.start.column ?? 1,
      start: p?.start.offset ?? 0,
      end: p?.end.offset ?? 0,
    };
  }

  err(n: Nodes | Position, msg: string): InputError {
    const p = "line" in n ? n : this.pos(n);
    return new InputError({ file: this.file, line: p.line, column: p.column }, msg);
  }

  /** 1-based line and column of a source offset. */
  lineCol(offset: number): { line: number; column: number } {
    if (!this.newlines) {
      this.newlines = [];
      for (let i = this.src.indexOf("\n"); i >= 0; i = this.src.indexOf("\n", i + 1)) this.newlines.push(i);
    }
    // How many newlines lie before the offset: the first index whose newline is at or past it.
    const nl = this.newlines;
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nl[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    const last = lo > 0 ? nl[lo - 1]! : -1;
    return { line: lo + 1, column: offset - last };
  }

  /** Source text of a span with an absolute position attached. */
  span(start: number, length: number): Position {
    return { ...this.lineCol(start), start, end: start + length };
  }
}
