// Patches to Ink's output stage, applied while bundling (issue 14 allows patching it inside the repo).
// The sources under node_modules stay as published: vitest runs the unpatched Ink, the shipped
// bundle the patched one, and the tmux tests read what the bundle draws.
import { readFile } from "node:fs/promises";

/** Past this many entries a cache is emptied: the clock's text makes new keys every second. */
const BOUND = 20000;

/**
 * Ink builds a new Output, with empty caches, for every frame, so every frame tokenises each line of
 * the screen again, measures each character's width again (`string-width` per grapheme: borders,
 * gauges and sparklines are not ASCII) and slices each clipped line again — most of an idle cockpit's
 * CPU. These are pure functions of their string key (the styled characters are only read
 * afterwards), so keeping them across frames cannot change a frame.
 */
const outputCaches = `
let shared;
function sharedOutputCaches() {
  const c = (shared ??= new OutputCaches());
  c.slices ??= new Map();
  if (c.widths.size + c.styledChars.size + c.blockWidths.size + c.slices.size > ${BOUND}) {
    c.widths.clear();
    c.styledChars.clear();
    c.blockWidths.clear();
    c.slices.clear();
  }
  return c;
}
OutputCaches.prototype.getSlice = function (line, from, to) {
  const key = from + ":" + to + ":" + line;
  let cached = this.slices.get(key);
  if (cached === undefined) {
    cached = sliceAnsi(line, from, to);
    this.slices.set(key, cached);
  }
  return cached;
};
`;

/** Ink measures every text node's widest line on every frame, through string-width, uncached. */
const widestLineMemo = `
const widestLineCache = new Map();
export default function widestLineMemo(string) {
  let w = widestLineCache.get(string);
  if (w === undefined) {
    if (widestLineCache.size > ${BOUND}) widestLineCache.clear();
    w = widestLine(string);
    widestLineCache.set(string, w);
  }
  return w;
}
`;

/** Replaces each `from` with its `to`; an Ink upgrade that moved one fails the build, not the speed. */
function patch(path, text, pairs) {
  let out = text;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`ink-patches: "${from}" not found in ${path}`);
    out = out.replace(from, to);
  }
  return out;
}

/**
 * Ink's own text caches (measured sizes, wrapped and truncated text) are module-wide and never
 * emptied: with the clock's text new every second, a 24-hour go-live grows them without end.
 */
const boundedTextCaches = [
  [
    /[\\/]node_modules[\\/]ink[\\/]build[\\/]measure-text\.js$/,
    [
      [
        "cache.set(text, dimensions);",
        `if (cache.size > ${BOUND}) cache.clear();\n    cache.set(text, dimensions);`,
      ],
    ],
  ],
  [
    /[\\/]node_modules[\\/]ink[\\/]build[\\/]wrap-text\.js$/,
    [
      ["const cache = {};", "let cache = {};\nlet cacheSize = 0;"],
      [
        "cache[cacheKey] = wrappedText;",
        `if (++cacheSize > ${BOUND}) {\n        cache = {};\n        cacheSize = 1;\n    }\n    cache[cacheKey] = wrappedText;`,
      ],
    ],
  ],
];

export const inkOutputCaches = {
  name: "ink-output-caches",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/ }, async (args) => {
      const text = patch(args.path, await readFile(args.path, "utf8"), [
        ["caches = new OutputCaches();", "caches = sharedOutputCaches();"],
        ["return sliceAnsi(line, from, to);", "return this.caches.getSlice(line, from, to);"],
      ]);
      return { contents: `${text}\n${outputCaches}`, loader: "js" };
    });
    b.onLoad({ filter: /[\\/]node_modules[\\/]widest-line[\\/]index\.js$/ }, async (args) => {
      const text = patch(args.path, await readFile(args.path, "utf8"), [
        ["export default function widestLine(", "function widestLine("],
      ]);
      return { contents: `${text}\n${widestLineMemo}`, loader: "js" };
    });
    for (const [filter, pairs] of boundedTextCaches)
      b.onLoad({ filter }, async (args) => ({
        contents: patch(args.path, await readFile(args.path, "utf8"), pairs),
        loader: "js",
      }));
  },
};
