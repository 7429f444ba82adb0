/**
 * A bounded, linear pre-scan of a runbook before the Markdown parser sees it. micromark is linear on
 * ordinary documents but not on some shapes (long runs of delimiters in one paragraph, deep nesting,
 * huge tables), and golive's own builder walks fields per line; measured before this existed: a
 * 140 KB line of 20,000 blanks took 58 s, 100,000 items 64 s and 2.2 GB, a 2 MB table, 180 KB of
 * nested emphasis or 100k blank lines past 120 s. Real runbooks are far inside every limit below
 * (the seeds: under 600 lines, 100 items, 40 blanks); what exceeds one is refused with file:line.
 */
import { InputError } from "../domain/errors.js";

export const LIMITS = {
  bytes: 1024 * 1024,
  lines: 40_000,
  /** A line longer than this is no checklist line (a pasted blob belongs in a linked file). */
  lineChars: 16_384,
  blankLines: 5_000,
  items: 10_000,
  /** Blanks (`___`) and choice boxes on one line. */
  blanksPerLine: 64,
  /** Runs of `*`/`_` and `[`/`]` brackets in one paragraph: what emphasis and link resolution scan. */
  delimitersPerBlock: 2_000,
  bracketsPerBlock: 2_000,
  /** Block quote markers and indentation at the start of a line (list nesting). */
  quoteDepth: 16,
  indentColumns: 128,
  tableRows: 2_000,
  cellsPerRow: 64,
  tableCells: 50_000,
} as const;

function refuse(file: string, line: number, what: string, limit: number | string): never {
  throw new InputError(
    { file, line, column: 1 },
    `${what} (the limit is ${limit}); runbooks this size or shape are refused`,
    "split the runbook, or move long data (logs, tables, keys) into a linked file",
  );
}

/** Throws InputError at the first limit the text exceeds; O(length), one pass over the lines. */
export function prescanRunbook(file: string, text: string): void {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > LIMITS.bytes) refuse(file, 1, `the runbook is ${bytes} bytes`, `${LIMITS.bytes} bytes`);
  let line = 0;
  let blankLines = 0;
  let items = 0;
  let delimiters = 0;
  let brackets = 0;
  let blockStart = 1;
  let tableRows = 0;
  let tableStart = 1;
  let tableCells = 0;
  let inFence: string | undefined;
  let pos = 0;
  // A newline ends its line: the file's last newline starts no line of its own (`wc -l`, editors).
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    line++;
    if (line > LIMITS.lines)
      refuse(file, line, `the runbook has more than ${LIMITS.lines} lines`, LIMITS.lines);
    const len = end - pos;
    if (len > LIMITS.lineChars)
      refuse(file, line, `line ${line} is ${len} characters long`, LIMITS.lineChars);
    const s = text.slice(pos, end);
    pos = end + 1;
    // Fenced code is opaque to the parser's inline rules: only its size counts.
    const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(s);
    if (inFence) {
      if (fence && fence[1]![0] === inFence[0] && fence[1]!.length >= inFence.length) inFence = undefined;
      continue;
    }
    if (fence) {
      inFence = fence[1];
      continue;
    }
    if (s.trim() === "") {
      if (++blankLines > LIMITS.blankLines)
        refuse(file, line, `the runbook has more than ${LIMITS.blankLines} blank lines`, LIMITS.blankLines);
      delimiters = 0;
      brackets = 0;
      blockStart = line + 1;
      tableRows = 0;
      continue;
    }
    const lead = /^[ \t>]*/.exec(s)![0];
    let quotes = 0;
    let indent = 0;
    for (const c of lead) {
      if (c === ">") quotes++;
      else indent += c === "\t" ? 4 : 1;
    }
    if (quotes > LIMITS.quoteDepth) refuse(file, line, `block quotes nest ${quotes} deep`, LIMITS.quoteDepth);
    if (indent > LIMITS.indentColumns)
      refuse(file, line, `the line is indented ${indent} columns (nesting)`, LIMITS.indentColumns);
    const rest = s.slice(lead.length);
    // A list item, a heading or a table row starts its own inline content: emphasis and links
    // are resolved within it, so the per-block counts start again.
    const listItem = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.test(rest);
    if (listItem || rest.startsWith("#") || rest.includes("|")) {
      delimiters = 0;
      brackets = 0;
      blockStart = line;
    }
    if (listItem && /^(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\]/.test(rest) && ++items > LIMITS.items)
      refuse(file, line, `the runbook has more than ${LIMITS.items} checklist items`, LIMITS.items);
    let blanks = 0;
    let runs = 0;
    let pipes = 0;
    let prev = "";
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if ((c === "*" || c === "_") && c !== prev) runs++;
      else if (c === "[" || c === "]") brackets++;
      else if (c === "|" && s[i - 1] !== "\\") pipes++;
      else if (c === "☐" || c === "☑" || c === "☒") blanks++;
      if (c === "_" && prev === "_" && s[i - 2] === "_" && s[i + 1] !== "_") blanks++;
      prev = c;
    }
    if (blanks > LIMITS.blanksPerLine)
      refuse(file, line, `line ${line} has ${blanks} blanks or choice boxes`, LIMITS.blanksPerLine);
    delimiters += runs;
    if (delimiters > LIMITS.delimitersPerBlock)
      refuse(
        file,
        blockStart,
        `the paragraph from line ${blockStart} has more than ${LIMITS.delimitersPerBlock} emphasis delimiters`,
        LIMITS.delimitersPerBlock,
      );
    if (brackets > LIMITS.bracketsPerBlock)
      refuse(
        file,
        blockStart,
        `the paragraph from line ${blockStart} has more than ${LIMITS.bracketsPerBlock} brackets`,
        LIMITS.bracketsPerBlock,
      );
    if (pipes > 0) {
      const cells = pipes + 1;
      if (cells > LIMITS.cellsPerRow + 2)
        refuse(file, line, `a table row has ${cells - 1} cells`, LIMITS.cellsPerRow);
      // Every row starts its own inline content (blockStart); the table starts at its first row.
      if (++tableRows === 1) tableStart = line;
      if (tableRows > LIMITS.tableRows)
        refuse(
          file,
          tableStart,
          `the table from line ${tableStart} has more than ${LIMITS.tableRows} rows`,
          LIMITS.tableRows,
        );
      tableCells += cells;
      if (tableCells > LIMITS.tableCells)
        refuse(
          file,
          line,
          `the runbook's tables have more than ${LIMITS.tableCells} cells`,
          LIMITS.tableCells,
        );
    } else tableRows = 0;
  }
}
