// Patches to Ink's output stage, applied while bundling (issue 14 allows patching it inside the repo).
// The sources under node_modules stay as published: vitest runs the unpatched Ink, the shipped
// bundle the patched one, and the tmux tests read what the bundle draws.
import { readFile } from "node:fs/promises";
import {
  plainTextPaths,
  sameStylesFunction,
  sameStylesNotDiffed,
  sgrOnlyKept,
  sgrOnlyPattern,
} from "./ink-patches-plain.mjs";
import {
  rowFromPieces,
  stableTextTransform,
  stableTransformFunction,
  unchangedStyleNotMarked,
} from "./ink-patches-rerender.mjs";
import { changedRowsOnly } from "./ink-patches-rows.mjs";
import { frameThrottle, leanFrameThrottle } from "./ink-patches-throttle.mjs";
import { oneWritePerFrame } from "./ink-patches-write.mjs";

/** Past this many entries a cache is emptied: the clock's text makes new keys every second. */
const BOUND = 20000;
/**
 * The styled-characters cache holds an object per character of each piece (~75 bytes each): at
 * BOUND entries it held ~67 MB of a demo's 100 MB heap after 16 sandbox hours at 600× (heap profile,
 * bench/RESULTS.md §0n), and at a thousand entries still ~10 MB of the cockpit's ~40 MB after a day
 * (§0zn): the entries that recur between frames are short (borders, labels), the long ones are rows
 * that changed and rarely come back. So it is bounded by characters held: a whole 200×50 screen's
 * worth, ~1.5 MB. Only changed rows composed cell by cell reach it.
 */
const STYLED_CHARS_BOUND = 20000;

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
  c.styledCharsHeld ??= 0;
  if (c.widths.size + c.styledChars.size + c.blockWidths.size + c.slices.size > ${BOUND}) {
    c.widths.clear();
    c.styledChars.clear();
    c.styledCharsHeld = 0;
    c.blockWidths.clear();
    c.slices.clear();
  }
  return c;
}
OutputCaches.prototype.getStyledChars = function (line) {
  let cached = this.styledChars.get(line);
  if (cached === undefined) {
    cached = styledCharsFromTokens(tokenize(line));
    this.styledCharsHeld = (this.styledCharsHeld ?? 0) + cached.length;
    if (this.styledCharsHeld > ${STYLED_CHARS_BOUND}) {
      this.styledChars.clear();
      this.styledCharsHeld = cached.length;
    }
    this.styledChars.set(line, cached);
  }
  return cached;
};
OutputCaches.prototype.getSlice = function (line, from, to) {
  // Plain text is sliced without slice-ansi, and not kept: a new key every second.
  const plain = golivePlainSlice(line, from, to);
  if (plain !== undefined) return plain;
  const key = from + ":" + to + ":" + line;
  let cached = this.slices.get(key);
  if (cached === undefined) {
    cached = sliceAnsi(line, from, to);
    this.slices.set(key, cached);
  }
  return cached;
};
`;

/**
 * Ink walks the whole tree on every frame: each text node squashed, measured and wrapped again, each
 * box's border and background drawn again, though a clock tick changes a few text nodes. What a node
 * writes is a function of its subtree (its nodes, their text, style, attributes and transforms), its
 * place and size and the transformers above it. So every change Ink's DOM and reconciler make marks
 * the node and its ancestors with the current frame's number, and a node whose subtree is unmarked
 * since its last walk, at the same place and size under the same transformers, gives the write
 * operations it gave then instead of being walked. <Static> output is walked as Ink walks it.
 */
const domChangeMarks = `
export const goliveFrame = { number: 1 };
export function goliveMark(node) {
  for (let n = node; n; n = n.parentNode) {
    if (n.goliveChangedAt === goliveFrame.number) return;
    n.goliveChangedAt = goliveFrame.number;
  }
}
`;
const reuseUnchangedSubtrees = `
function sameTransformers(a, b) {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
const renderNodeToOutput = (node, output, options) => {
  const { yogaNode } = node;
  if (!options.skipStaticElements || node.internal_static || !yogaNode || yogaNode.getDisplay() === Yoga.DISPLAY_NONE)
    return renderNodeToOutputInk(node, output, options);
  const { offsetX = 0, offsetY = 0, transformers = [] } = options;
  const x = offsetX + yogaNode.getComputedLeft();
  const y = offsetY + yogaNode.getComputedTop();
  const width = yogaNode.getComputedWidth();
  const height = yogaNode.getComputedHeight();
  const last = node.goliveWritten;
  if (
    last &&
    (node.goliveChangedAt ?? 0) <= last.frame &&
    last.x === x &&
    last.y === y &&
    last.width === width &&
    last.height === height &&
    sameTransformers(last.transformers, transformers)
  ) {
    const operations = last.operations;
    for (let i = 0; i < operations.length; i++) output.operations.push(operations[i]);
  } else {
    const from = output.operations.length;
    renderNodeToOutputInk(node, output, options);
    node.goliveWritten = {
      frame: goliveFrame.number,
      x,
      y,
      width,
      height,
      transformers,
      operations: output.operations.slice(from),
    };
  }
  // The root's walk ends the frame: what changes from now on is marked as the next frame's.
  if (node.nodeName === "ink-root") goliveFrame.number++;
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

/**
 * Once a frame fills the terminal, Ink clears the whole terminal and writes every row again, each
 * frame — the clock's one changed cell costs the whole screen (200×50: ~7 KB a second) for the
 * terminal to parse and repaint. When this frame and the last both fill the same terminal exactly,
 * only the rows that differ are written, each at its own row (cursor to its start, row erased, the
 * row's text), and the last row always, so the cursor ends where Ink's full write leaves it. Anything
 * else — the first frame, a resize, another write path in between, static output — and every 100th
 * frame (so a stray write to the terminal cannot stay) takes Ink's own full write.
 */
const changedRowsWrite = `
function changedRowsWrite(ink, full, output) {
  const { columns, rows } = ink.options.stdout;
  const last = ink.goliveScreen;
  const lines = output.split("\\n");
  const fits = ink.fullStaticOutput === "" && lines.length === rows;
  ink.goliveScreen = fits ? { columns, rows, output, lines, frames: 0 } : undefined;
  if (!fits || !last || last.columns !== columns || last.rows !== rows || last.output !== ink.lastOutput)
    return full;
  if (last.frames + 1 >= 100) return full;
  ink.goliveScreen.frames = last.frames + 1;
  if (output === last.output) return "";
  let out = "";
  for (let y = 0; y < rows; y++)
    if (y === rows - 1 || lines[y] !== last.lines[y]) out += "\\u001B[" + (y + 1) + ";1H\\u001B[2K" + lines[y];
  return out;
}
`;

export const inkOutputCaches = {
  name: "ink-output-caches",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/ }, async (args) => {
      const text = patch(args.path, await readFile(args.path, "utf8"), [
        ["caches = new OutputCaches();", "caches = sharedOutputCaches();"],
        ["return sliceAnsi(line, from, to);", "return this.caches.getSlice(line, from, to);"],
        ["    get() {\n", "    getInk() {\n"],
        // The row-from-pieces join writes a seam's style change as the fold would (ink-patches-rerender.mjs).
        [
          "import { styledCharsFromTokens,",
          "import { ansiCodesToString, diffAnsiCodes, styledCharsFromTokens,",
        ],
      ]);
      return {
        contents: `${text}\n${outputCaches}\n${changedRowsOnly}\n${rowFromPieces}\n${plainTextPaths}`,
        loader: "js",
      };
    });
    b.onLoad({ filter: /[\\/]node_modules[\\/]widest-line[\\/]index\.js$/ }, async (args) => {
      const text = patch(args.path, await readFile(args.path, "utf8"), [
        ["export default function widestLine(", "function widestLine("],
      ]);
      return { contents: `${text}\n${widestLineMemo}`, loader: "js" };
    });
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]ink\.js$/ }, async (args) => {
      const text = patch(args.path, await readFile(args.path, "utf8"), [
        [
          "this.options.stdout.write(ansiEscapes.clearTerminal + this.fullStaticOutput + output);",
          "this.options.stdout.write(changedRowsWrite(this, ansiEscapes.clearTerminal + this.fullStaticOutput + output, output));",
        ],
        ...oneWritePerFrame,
        ...frameThrottle,
      ]);
      return { contents: `${text}\n${changedRowsWrite}\n${leanFrameThrottle}`, loader: "js" };
    });
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]dom\.js$/ }, async (args) => {
      const mark = (fn, params) => [
        `export const ${fn} = (${params}) => {\n`,
        `export const ${fn} = (${params}) => {\n    goliveMark(node);\n`,
      ];
      const text = patch(args.path, await readFile(args.path, "utf8"), [
        mark("appendChildNode", "node, childNode"),
        mark("insertBeforeNode", "node, newChildNode, beforeChildNode"),
        mark("removeChildNode", "node, removeNode"),
        mark("setAttribute", "node, key, value"),
        mark("setStyle", "node, style"),
        mark("setTextNodeValue", "node, text"),
      ]);
      return { contents: `${text}\n${domChangeMarks}`, loader: "js" };
    });
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
      const text = patch(args.path, await readFile(args.path, "utf8"), [
        ["} from './dom.js';", "goliveMark, } from './dom.js';"],
        [
          "        if (!props && !style) {\n            return;\n        }\n",
          "        if (!props && !style) {\n            return;\n        }\n        goliveMark(node);\n",
        ],
        ["    hideInstance(node) {\n", "    hideInstance(node) {\n        goliveMark(node);\n"],
        ["    unhideInstance(node) {\n", "    unhideInstance(node) {\n        goliveMark(node);\n"],
        ...unchangedStyleNotMarked,
      ]);
      return { contents: text, loader: "js" };
    });
    b.onLoad(
      { filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]render-node-to-output\.js$/ },
      async (args) => {
        const text = patch(args.path, await readFile(args.path, "utf8"), [
          [
            "const renderNodeToOutput = (node, output, options) => {",
            "const renderNodeToOutputInk = (node, output, options) => {",
          ],
          ["export default renderNodeToOutput;", ""],
          [
            "import Yoga from 'yoga-layout';",
            "import Yoga from 'yoga-layout';\nimport { goliveFrame } from './dom.js';",
          ],
          // Unoptimised at rest (commands/tier-up-later.ts), for...of allocates a result per child.
          [
            "for (const childNode of node.childNodes) {",
            "for (let goliveChild = 0; goliveChild < node.childNodes.length; goliveChild++) {\n                const childNode = node.childNodes[goliveChild];",
          ],
        ]);
        return {
          contents: `${text}\n${reuseUnchangedSubtrees}\nexport default renderNodeToOutput;\n`,
          loader: "js",
        };
      },
    );
    b.onLoad(
      { filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]components[\\/]Text\.js$/ },
      async (args) => ({
        contents: `${patch(args.path, await readFile(args.path, "utf8"), stableTextTransform)}\n${stableTransformFunction}`,
        loader: "js",
      }),
    );
    b.onLoad(
      { filter: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/ },
      async (args) => ({
        contents: `${patch(args.path, await readFile(args.path, "utf8"), sameStylesNotDiffed)}\n${sameStylesFunction}`,
        loader: "js",
      }),
    );
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]sanitize-ansi\.js$/ }, async (args) => ({
      contents: `${patch(args.path, await readFile(args.path, "utf8"), sgrOnlyKept)}\n${sgrOnlyPattern}`,
      loader: "js",
    }));
    for (const [filter, pairs] of boundedTextCaches)
      b.onLoad({ filter }, async (args) => ({
        contents: patch(args.path, await readFile(args.path, "utf8"), pairs),
        loader: "js",
      }));
  },
};
