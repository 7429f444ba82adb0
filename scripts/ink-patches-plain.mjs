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
 * of the frame's allocation and so of the scavenges (bench/RESULTS.md §1b). A text whose visible part
 * is only printable ASCII and NARROW code points (each its own grapheme and one column wide for
 * every library here: scripts/text-width-patches.mjs, checked code point by code point in
 * test/unit/text-width-patch.test.ts), with its styles only before and after it, comes out of those
 * steps as the same styles around the same characters, whatever the characters: so the styles are
 * worked out once on a stand-in ("x", which no escape code holds) and the characters put in their
 * place. Anything else (a style change inside the text, a wide or combining character, a clip that
 * cuts it) takes the libraries' own path. Exactness: test/unit/ink-plain-text-patch.test.ts.
 */
export const plainTextPaths = `
const GOLIVE_PLAIN = /^((?:\\u001b\\[[0-9;]*m)*)([\\u0020-\\u007e${narrow}]+)((?:\\u001b\\[[0-9;]*m)*)$/;
/** Stand-ins' results, by the styles around them: a few per theme. */
const golivePlainTemplates = new Map();
function golivePlainTemplate(kind, head, tail, make) {
  const key = kind + head + "\\u0000" + tail;
  let t = golivePlainTemplates.get(key);
  if (t === undefined) {
    const made = make(head + "x" + tail);
    const at = made.text.indexOf("x");
    t = at < 0 ? null : { ...made, before: made.text.slice(0, at), after: made.text.slice(at + 1) };
    if (golivePlainTemplates.size > 500) golivePlainTemplates.clear();
    golivePlainTemplates.set(key, t);
  }
  return t;
}
/** A row's piece for plain text: as goliveComposedPiece would make it, or undefined. */
function golivePlainPiece(text, caches) {
  const m = GOLIVE_PLAIN.exec(text);
  if (m === null) return undefined;
  const t = golivePlainTemplate("piece", m[1], m[3], (s) => goliveComposedPiece(s, caches));
  if (t === null) return undefined;
  const joined = t.before + m[2] + t.after;
  return goliveSeams({ cells: m[2].length, text: joined, firstStyles: t.firstStyles, lastStyles: t.lastStyles }, t.before, t.after);
}
/** sliceAnsi(line, from, to) for plain text the clip leaves whole or, with no styles, cuts. */
function golivePlainSlice(line, from, to) {
  const m = GOLIVE_PLAIN.exec(line);
  if (m === null || typeof to !== "number" || !(from >= 0)) return undefined;
  const body = m[2];
  if (m[1] === "" && m[3] === "") return to > from ? line.slice(from, to) : "";
  if (from !== 0 || to !== body.length) return undefined;
  const t = golivePlainTemplate("slice", m[1], m[3], (s) => ({ text: sliceAnsi(s, 0, 1) }));
  return t === null ? undefined : t.before + body + t.after;
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
