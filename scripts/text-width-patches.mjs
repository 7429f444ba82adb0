// Fast paths for measuring and splitting text, applied while bundling (like ink-patches.mjs: the
// sources under node_modules stay as published, the shipped bundle carries the patch).
//
// Why: before the cockpit's first frame, string-width (two versions), slice-ansi and
// @alcalzone/ansi-tokenize each build an Intl.Segmenter and string-width compiles Unicode-property
// regexes (RGI_Emoji alone ~15 ms) at load, then split every string into grapheme clusters with
// them, though almost every string the cockpit draws is printable ASCII plus box drawing, blocks,
// arrows, · — ✓ ✖ and the like (bench/RESULTS.md §0t). For a string made only of such code points
// (NARROW below), the answers are known without ICU: each code point is its own grapheme cluster
// and one column wide. So the Segmenter is made on first need and answers those strings itself,
// and string-width answers them before loading its own machinery. Exactness is a test:
// test/unit/text-width-patch.test.ts checks every NARROW code point alone and in pairs against the
// unpatched libraries, then random strings (ANSI, wide, combining, emoji, ZWJ) patched vs not.
import { readFile } from "node:fs/promises";

/**
 * BMP code points that form a grapheme cluster on their own beside any other of them, printable
 * ASCII and ESC (Grapheme_Cluster_Break Other, no Extend, ZWJ, SpacingMark, Prepend, Regional
 * Indicator or Hangul), and are one column wide for every patched library (not East Asian Wide or
 * Fullwidth, no Emoji_Presentation) — when ambiguous characters count as narrow, their default.
 */
export const NARROW_RANGES = [
  [0xa0, 0xa8], // Latin-1 (© and ® are emoji to string-width 7; U+00AD, the soft hyphen, is invisible)
  [0xaa, 0xac],
  [0xaf, 0xff],
  [0x391, 0x3a1], // Greek capitals and small letters
  [0x3a3, 0x3a9],
  [0x3b1, 0x3c9],
  [0x2010, 0x2027], // dashes, quotes, bullets, the ellipsis
  [0x2030, 0x203b], // per mille, primes, guillemets (U+203C ‼ is an emoji)
  [0x2190, 0x2193], // arrows (U+2194–2199 and U+21A9–21AA are emoji)
  [0x219a, 0x21a8],
  [0x21ab, 0x21ff],
  [0x2200, 0x22ff], // mathematical operators
  [0x2318, 0x2318], // ⌘
  [0x23ce, 0x23ce], // ⏎
  [0x2500, 0x25a9], // box drawing, blocks, shapes (U+25AA–25AB, 25B6, 25C0, 25FB–25FE are emoji)
  [0x25ac, 0x25b5],
  [0x25b7, 0x25bf],
  [0x25c1, 0x25fa],
  [0x2605, 0x2605], // ★
  [0x2610, 0x2610], // ☐
  [0x2713, 0x2713], // ✓
  [0x2717, 0x2717], // ✗
];

/**
 * Emoji whose default is text: their own grapheme cluster beside NARROW, printable ASCII and ESC,
 * one column for string-width 8, slice-ansi and ansi-tokenize, but two for string-width 7 (which
 * wrap-ansi uses), so that one keeps its own path for them. The cockpit draws ▶ and ⚠.
 */
export const TEXT_EMOJI_RANGES = [
  [0xa9, 0xa9],
  [0xae, 0xae],
  [0x203c, 0x203c],
  [0x2049, 0x2049],
  [0x2122, 0x2122],
  [0x2139, 0x2139],
  [0x2194, 0x2199],
  [0x21a9, 0x21aa],
  [0x25aa, 0x25ab],
  [0x25b6, 0x25b6],
  [0x25c0, 0x25c0],
  [0x25fb, 0x25fc],
  [0x2611, 0x2611],
  [0x26a0, 0x26a0],
  [0x2714, 0x2714],
  [0x2716, 0x2716],
];

/**
 * Emoji shown as emoji by default (Emoji_Presentation), in the BMP: their own grapheme cluster beside
 * all the above, two columns for every patched library. The shipped runbook's titles carry ⚡.
 */
export const WIDE_EMOJI_RANGES = [
  [0x231a, 0x231b],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
];

const hex = (n) => `\\u${n.toString(16).padStart(4, "0")}`;
const classOf = (list) => list.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join("");
const ranges = classOf(NARROW_RANGES);
const emoji = classOf(TEXT_EMOJI_RANGES);
const wide = classOf(WIDE_EMOJI_RANGES);

/** The module the patched libraries import (a virtual module: one copy in the bundle). */
export const narrowModule = `
const NARROW = /^[\\u0020-\\u007e${ranges}${wide}]*$/;
const NARROW_OR_TEXT_EMOJI = /^[\\u0020-\\u007e${ranges}${emoji}${wide}]*$/;
const SINGLETONS = /^[\\u001b\\u0020-\\u007e${ranges}${emoji}${wide}]*$/;
const WIDE = /[${wide}]/g;
/**
 * The width of a string of NARROW code points and wide emoji (all BMP: its length, plus one per
 * wide emoji) — or also of text-default emoji for string-width 8 (\`withTextEmoji\`) — else -1.
 */
export function narrowWidth(string, options, withTextEmoji) {
  const ambiguousIsNarrow = options.ambiguousIsNarrow;
  if (ambiguousIsNarrow !== undefined && !ambiguousIsNarrow) return -1;
  if (!(withTextEmoji ? NARROW_OR_TEXT_EMOJI : NARROW).test(string)) return -1;
  const wide = string.match(WIDE);
  return string.length + (wide ? wide.length : 0);
}
class Singletons {
  constructor(input) {
    this.input = input;
  }
  containing(index = 0) {
    const i = Math.trunc(Number(index));
    return i >= 0 && i < this.input.length ? { segment: this.input[i], index: i, input: this.input } : undefined;
  }
  *[Symbol.iterator]() {
    for (let i = 0; i < this.input.length; i++) yield { segment: this.input[i], index: i, input: this.input };
  }
}
/** An Intl.Segmenter (graphemes) made on first need; NARROW text, emoji above and ESC are split without it. */
export function lazyGraphemeSegmenter(make) {
  let real;
  return {
    segment(input) {
      const s = String(input);
      return SINGLETONS.test(s) ? new Singletons(s) : (real ??= make()).segment(s);
    },
  };
}
`;

/** Replaces each `from` with its `to`; a library upgrade that moved one fails the build. */
function patch(path, text, pairs) {
  let out = text;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`text-width-patches: "${from}" not found in ${path}`);
    out = out.replace(from, to);
  }
  return out;
}

const IMPORT = 'import { lazyGraphemeSegmenter, narrowWidth } from "golive:narrow";\n';

/**
 * string-width: NARROW text (ANSI stripped as the library strips it) is answered first; the
 * library's own body — its Segmenter and Unicode-property regexes — is evaluated on the first string
 * that needs it. `imports` are the module's import lines, kept at the top.
 */
function stringWidthFirstNarrow(path, text, withTextEmoji) {
  const lines = text.split("\n");
  const imports = lines.filter((l) => l.startsWith("import "));
  if (!imports.some((l) => l.includes("stripAnsi")))
    throw new Error(`text-width-patches: no stripAnsi import in ${path}`);
  const body = patch(path, lines.filter((l) => !l.startsWith("import ")).join("\n"), [
    ["export default function stringWidth(", "function stringWidth("],
    ["new Intl.Segmenter()", "lazyGraphemeSegmenter(() => new Intl.Segmenter())"],
  ]);
  return `${imports.join("\n")}
${IMPORT}
let library;
export default function stringWidth(input, options = {}) {
  if (typeof input === "string") {
    const string =
      !options.countAnsiEscapeCodes && (input.includes("\\u001B") || input.includes("\\u009B")) ? stripAnsi(input) : input;
    const width = narrowWidth(string, options, ${withTextEmoji});
    if (width >= 0) return width;
  }
  library ??= (() => {
${body}
    return stringWidth;
  })();
  return library(input, options);
}
`;
}

export const textWidthFastPaths = {
  name: "text-width-fast-paths",
  setup(b) {
    b.onResolve({ filter: /^golive:narrow$/ }, () => ({ path: "narrow", namespace: "golive-narrow" }));
    b.onLoad({ filter: /.*/, namespace: "golive-narrow" }, () => ({ contents: narrowModule, loader: "js" }));
    b.onLoad(
      { filter: /[\\/]node_modules[\\/](wrap-ansi[\\/]node_modules[\\/])?string-width[\\/]index\.js$/ },
      async (args) => ({
        // wrap-ansi's copy is string-width 7, which counts text-default emoji as two columns.
        contents: stringWidthFirstNarrow(
          args.path,
          await readFile(args.path, "utf8"),
          !/wrap-ansi[\\/]node_modules/.test(args.path),
        ),
        loader: "js",
        resolveDir: args.path.replace(/[\\/]index\.js$/, ""),
      }),
    );
    b.onLoad({ filter: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/ }, async (args) => ({
      contents:
        IMPORT +
        patch(args.path, await readFile(args.path, "utf8"), [
          [
            "new Intl.Segmenter(undefined, {granularity: 'grapheme'})",
            "lazyGraphemeSegmenter(() => new Intl.Segmenter(undefined, {granularity: 'grapheme'}))",
          ],
        ]),
      loader: "js",
    }));
    b.onLoad(
      { filter: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/ },
      async (args) => ({
        contents:
          IMPORT +
          patch(args.path, await readFile(args.path, "utf8"), [
            [
              'new Intl.Segmenter(undefined, { granularity: "grapheme" })',
              'lazyGraphemeSegmenter(() => new Intl.Segmenter(undefined, { granularity: "grapheme" }))',
            ],
          ]),
        loader: "js",
      }),
    );
  },
};
