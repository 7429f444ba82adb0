// Plain-text paths through Ink's output stage for the idle cockpit (issue 14), applied by
// ink-patches.mjs while bundling: code appended to Ink's output.js, and `[from, to]` pairs for
// ansi-tokenize's styledChars.js.
import { NARROW_RANGES } from "./text-width-patches.mjs";

const hex = (n) => `\\u${n.toString(16).padStart(4, "0")}`;
const narrow = NARROW_RANGES.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join("");

/**
 * Each second the clock's leaves hand Ink new text (at 200×50 four of them, ~80 characters), and each
 * new text went through Ink's output stage character by character: tokenised, an object and a style
 * array per cell, ansi-tokenize's style diff per cell (three Sets and four arrays, even with no
 * styles), and tokenised again by slice-ansi for the root's clip: ~3 KB of garbage per character, most
 * of the frame's allocation and so of the scavenges (bench/RESULTS.md §1b). At every poll the metric
 * panes' lines (`error rate ✓ 0.24 %   OK`, bold in the middle) did the same (§1m).
 *
 * A text made only of SGR codes and runs of printable ASCII and NARROW code points (each its own
 * grapheme and one column wide for every library here: scripts/text-width-patches.mjs, checked code
 * point by code point in test/unit/text-width-patch.test.ts) comes out of those steps as the same
 * codes around the same runs, whatever the characters: within a run every cell has the same styles,
 * so the style fold writes nothing between them, and slice-ansi copies characters and codes as they
 * are. So each run stands in as one "x" (which no SGR code holds), the libraries work once on that
 * skeleton, and the runs are put back in the x's places. A slice's cut inside a run splits its x in
 * two, so the skeleton is cut at the same places. Anything else (another escape, a wide or combining
 * character) takes the libraries' own path. Exactness: test/unit/ink-plain-text-patch.test.ts and
 * test/ui/ink-cockpit-frames.test.tsx (real cockpit frames).
 */
export const plainTextPaths = `
const GOLIVE_RUNS = /^(?:\\u001b\\[[0-9;]*m|[\\u0020-\\u007e${narrow}])*$/;
const GOLIVE_RUN = /\\u001b\\[[0-9;]*m|[\\u0020-\\u007e${narrow}]+/g;
/** Skeletons' results: a few per theme and pane. */
const golivePlainTemplates = new Map();
function golivePlainTemplate(key, skeleton, make) {
  let t = golivePlainTemplates.get(key);
  if (t === undefined) {
    const made = make(skeleton);
    t = { ...made, parts: made.text.split("x") };
    if (golivePlainTemplates.size > 500) golivePlainTemplates.clear();
    golivePlainTemplates.set(key, t);
  }
  return t;
}
/** The text's runs, in order, and its skeleton: each run an "x"; undefined if not made of runs. */
function golivePlainRuns(text) {
  if (!GOLIVE_RUNS.test(text)) return undefined;
  const runs = [];
  const skeleton = text.replace(GOLIVE_RUN, (m) => {
    if (m.charCodeAt(0) === 27) return m;
    runs.push(m);
    return "x";
  });
  return { runs, skeleton };
}
function golivePlainFill(parts, runs) {
  if (parts.length !== runs.length + 1) return undefined;
  let out = parts[0];
  for (let i = 0; i < runs.length; i++) out += runs[i] + parts[i + 1];
  return out;
}
/** A row's piece for plain runs: as goliveComposedPiece would make it, or undefined. */
function golivePlainPiece(text, caches) {
  const r = golivePlainRuns(text);
  if (r === undefined) return undefined;
  const t = golivePlainTemplate("p" + r.skeleton, r.skeleton, (s) => goliveComposedPiece(s, caches));
  const joined = golivePlainFill(t.parts, r.runs);
  if (joined === undefined) return undefined;
  let cells = 0;
  for (let i = 0; i < r.runs.length; i++) cells += r.runs[i].length;
  const lead = t.body.slice(0, t.body.length - t.inner.length);
  return goliveSeams({ cells, text: joined, firstStyles: t.firstStyles, lastStyles: t.lastStyles }, lead, t.trail);
}
/** sliceAnsi(line, from, to) for plain runs, or undefined. */
function golivePlainSlice(line, from, to) {
  if (typeof to !== "number" || !(from >= 0)) return undefined;
  if (line.indexOf("\\u001b") < 0) {
    if (!GOLIVE_RUNS.test(line)) return undefined;
    return to > from ? line.slice(from, to) : "";
  }
  const r = golivePlainRuns(line);
  if (r === undefined) return undefined;
  // The runs cut at from and to: each piece one x of the skeleton, the columns counted in x's.
  const pieces = [];
  let column = 0;
  let skeleton = "";
  let at = 0;
  let run = 0;
  let fromX = -1;
  let toX = -1;
  for (let x = r.skeleton.indexOf("x"); x >= 0; x = r.skeleton.indexOf("x", at)) {
    skeleton += r.skeleton.slice(at, x);
    at = x + 1;
    const text = r.runs[run++];
    let cut = 0;
    for (const edge of from < to ? [from, to] : [to, from]) {
      if (edge > column + cut && edge < column + text.length) {
        pieces.push(text.slice(cut, edge - column));
        skeleton += "x";
        cut = edge - column;
      }
      if (edge === column + cut) {
        if (edge === from && fromX < 0) fromX = pieces.length;
        if (edge === to && toX < 0) toX = pieces.length;
      }
    }
    pieces.push(text.slice(cut));
    skeleton += "x";
    column += text.length;
  }
  skeleton += r.skeleton.slice(at);
  const end = pieces.length;
  if (fromX < 0) fromX = from >= column ? end + (from - column) : end;
  if (toX < 0) toX = to >= column ? end + (to - column) : end;
  const t = golivePlainTemplate("s" + fromX + ":" + toX + ":" + skeleton, skeleton, (s) => ({ text: sliceAnsi(s, fromX, toX) }));
  const kept = pieces.slice(Math.min(fromX, end), Math.min(Math.max(fromX, toX), end));
  return golivePlainFill(t.parts, kept);
}
`;

/**
 * styledCharsToString diffs each cell's styles against the last cell's: three Sets and four arrays a
 * cell. Two cells with the same style objects (a piece's characters share them) or none at all
 * differ by nothing, and the diff of equal reduced styles is empty, so it is skipped for them.
 */
export const sameStylesNotDiffed = [
  [
    "ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));",
    "if (!goliveSameStyles(chars[i - 1].styles, char.styles)) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));",
  ],
  [
    "ret += ansiCodesToString(diffAnsiCodes(char.styles, []));",
    "if (char.styles.length > 0) ret += ansiCodesToString(diffAnsiCodes(char.styles, []));",
  ],
];
export const sameStylesFunction = `
function goliveSameStyles(a, b) {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
`;

/**
 * Ink sanitises every text node's squashed text on each walk of it (squash-text-nodes.js): a text
 * with any escape in it (every styled nested Text) is cut into token objects and joined again, and
 * one without is scanned character by character for C1 controls (a for...of, which allocates per
 * step in the unoptimised tier the cockpit runs at rest). Its CPU profile put ~7 % of a frame there
 * (bench/RESULTS.md, render helper). A text made only of SGR sequences (`ESC [ digits and ; m`)
 * and characters that are neither ESC nor C1 controls is kept whole by that path, token for token:
 * Ink's tokenizer reads such a sequence as one CSI token that its filter keeps, and the rest as text.
 * So it is returned as it is. Exactness: test/unit/ink-sanitize-patch.test.ts.
 */
export const sgrOnlyKept = [
  [
    "const sanitizeAnsi = (text) => {\n    if (!hasAnsiControlCharacters(text)) {",
    "const sanitizeAnsi = (text) => {\n    if (GOLIVE_SGR_ONLY.test(text)) {\n        return text;\n    }\n    if (!hasAnsiControlCharacters(text)) {",
  ],
];
export const sgrOnlyPattern = `
const GOLIVE_SGR_ONLY = /^(?:\\u001b\\[[0-9;]*m|[^\\u001b\\u0080-\\u009f])*$/;
`;
