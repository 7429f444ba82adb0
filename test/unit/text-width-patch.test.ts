/**
 * The shipped bundle answers NARROW text (scripts/text-width-patches.mjs) without ICU in
 * string-width, slice-ansi and @alcalzone/ansi-tokenize. Every answer must be the libraries' own:
 * each NARROW code point and every adjacent pair of them is checked against the unpatched
 * libraries and Intl.Segmenter, then random strings (ANSI, wide, combining, emoji, ZWJ, flags)
 * through both bundles.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a build script in plain JavaScript, without types
import * as patches from "../../scripts/text-width-patches.mjs";
import { importBundled } from "../helpers/patched-modules.js";

const { NARROW_RANGES, TEXT_EMOJI_RANGES, WIDE_EMOJI_RANGES, textWidthFastPaths } = patches;

type Width = (s: string, o?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }) => number;
type Libs = {
  width8: Width;
  width7: Width;
  sliceAnsi: (s: string, a: number, b?: number) => string;
  tokenizeAnsi: (s: string, o?: { endCharacter?: number }) => unknown[];
  wrapAnsi: (
    s: string,
    columns: number,
    o?: { hard?: boolean; trim?: boolean; wordWrap?: boolean },
  ) => string;
  cliTruncate: (s: string, columns: number, o?: { position?: "start" | "middle" | "end" }) => string;
  tokenize: (s: string, end?: number) => unknown[];
  styledCharsFromTokens: (t: unknown[]) => unknown[];
};

function bundle(patched: boolean): Promise<Libs> {
  return importBundled<Libs>(
    [
      `export { default as width8 } from "string-width";`,
      `export { default as width7 } from "./node_modules/wrap-ansi/node_modules/string-width/index.js";`,
      `export { default as sliceAnsi } from "slice-ansi";`,
      `export { default as tokenizeAnsi } from "./node_modules/slice-ansi/tokenize-ansi.js";`,
      `export { default as wrapAnsi } from "wrap-ansi";`,
      `export { default as cliTruncate } from "cli-truncate";`,
      `export { tokenize, styledCharsFromTokens } from "@alcalzone/ansi-tokenize";`,
    ],
    patched ? [textWidthFastPaths] : [],
    patched ? "patched" : "plain",
  );
}

const codePoints = (ranges: [number, number][]) =>
  ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i)));
const narrow = codePoints(NARROW_RANGES);
const textEmoji = codePoints(TEXT_EMOJI_RANGES);
const wideEmoji = codePoints(WIDE_EMOJI_RANGES);
const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

let plain: Libs;
let patched: Libs;
beforeAll(async () => {
  [plain, patched] = await Promise.all([bundle(false), bundle(true)]);
}, 60_000);

/** Every library's answer for `s`, as one comparable value. */
function answers(l: Libs, s: string, n: number) {
  return {
    w8: [l.width8(s), l.width8(s, { ambiguousIsNarrow: false }), l.width8(s, { countAnsiEscapeCodes: true })],
    w7: [l.width7(s), l.width7(s, { ambiguousIsNarrow: false }), l.width7(s, { countAnsiEscapeCodes: true })],
    slice: [l.sliceAnsi(s, n % 5, n), l.sliceAnsi(s, 0, 1), l.sliceAnsi(s, n)],
    tokens: [l.tokenizeAnsi(s), l.tokenizeAnsi(s, { endCharacter: n })],
    wrap: [l.wrapAnsi(s, n + 1), l.wrapAnsi(s, n + 1, { hard: true }), l.wrapAnsi(s, n + 1, { trim: false })],
    truncate: (["start", "middle", "end"] as const).map((position) => l.cliTruncate(s, n + 1, { position })),
    styled: [l.styledCharsFromTokens(l.tokenize(s)), l.tokenize(s, n)],
  };
}

describe("the NARROW fast paths in string-width, slice-ansi and ansi-tokenize", () => {
  it.each([
    ["NARROW code point is one column", () => narrow, 1, 1],
    ["text-default emoji is one column but for string-width 7 (two)", () => textEmoji, 1, 2],
    ["emoji-default emoji is two columns", () => wideEmoji, 2, 2],
  ] as const)("each %s and its own grapheme for the unpatched libraries", (_, which, width, width7) => {
    const seg = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    for (const c of which()) {
      expect([c, plain.width8(c), plain.width7(c)]).toEqual([c, width, width7]);
      expect([c, [...seg.segment(`${c}\u001b[31m${c}`)].length]).toEqual([c, 7]);
      expect(plain.tokenizeAnsi(c)).toEqual([
        { type: "character", value: c, visibleWidth: width, isGraphemeContinuation: false },
      ]);
      expect(plain.tokenize(c)).toEqual([{ type: "char", value: c, fullWidth: width === 2 }]);
    }
  });

  // Two code points stay in one cluster only if the second extends the first (Extend, SpacingMark,
  // ZWJ), the first is a Prepend, or both are Hangul jamo or regional indicators that join their own
  // kind; "a c a c c ESC c" splitting everywhere rules each of those out for c, so any two NARROW
  // code points split.
  it("every NARROW code point and emoji splits from ASCII, ESC and itself on both sides", () => {
    const seg = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    for (const c of [...narrow, ...textEmoji, ...wideEmoji]) {
      const s = `a${c}a${c}${c}\u001b${c}`;
      expect([c, [...seg.segment(s)].length]).toEqual([c, s.length]);
    }
  });

  it("gives the unpatched libraries' answers on random text", () => {
    const pieces = [
      ...ascii,
      ...narrow.filter((_, i) => i % 7 === 0),
      ...textEmoji,
      ...wideEmoji,
      "⚡\ufe0f",
      "✊\u{1f3fd}",
      "▶\ufe0f",
      "\u001b[31m",
      "\u001b[39m",
      "\u001b[1m",
      "\u001b[22m",
      "\u001b[38;5;208m",
      "\u001b]8;;https://x.test\u0007",
      "\u001b]8;;\u0007",
      "\u009b31m",
      "\u00ad",
      "\u200b",
      "\u0301",
      "e\u0301",
      "\u20e3",
      "1\ufe0f\u20e3",
      "一",
      "Ａ",
      "😀",
      "⚡",
      "❤\ufe0f",
      "⚠\ufe0f",
      "👩\u200d💻",
      "🇫🇷",
      "\u1100\u1161",
      "\r\n",
      "\t",
      "\u0000",
      "\ufe0f",
      "\u200d",
      "\u0e33",
      "\u0903",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), fc.nat(30), (parts, n) => {
        const s = parts.join("");
        expect(answers(patched, s, n)).toEqual(answers(plain, s, n));
      }),
      { numRuns: 600 },
    );
  });
});
