// Patches to Ink's output stage, applied while bundling (issue 14 allows patching it inside the repo).
// The sources under node_modules stay as published: vitest runs the unpatched Ink, the shipped
// bundle the patched one, and the tmux tests read what the bundle draws.
import { readFile } from "node:fs/promises";
import { plainTextPaths, sameStylesFunction, sameStylesNotDiffed } from "./ink-patches-plain.mjs";
import {
  rowFromPieces,
  stableTextTransform,
  stableTransformFunction,
  unchangedStyleNotMarked,
} from "./ink-patches-rerender.mjs";
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
 * Ink composes every frame into a fresh grid of cells, row by row, and turns each row back into a
 * string — the whole screen, once a second for the clock alone. A row's string depends only on the
 * screen's width and on what lands on that row, in order: each piece's column and its text after
 * clipping and transformers. So the first pass does Ink's clipping and transforming and gathers each
 * row's pieces; a row whose pieces equal the last frame's reuses that frame's string, and only rows
 * that changed are composed, exactly as Ink composes them (\`getInk\` below is Ink's own, kept as is).
 * What one write operation lands where is a function of the operation (its text, place and
 * transformers, never changed once written), the clip it is under and the screen's height, so it is
 * kept on the operation: an operation the tree walk reuses (below) is not clipped and split again.
 */
const changedRowsOnly = `
const BLANK = { type: "char", value: " ", fullWidth: false, styles: [] };
const lastRows = { widths: [], pieces: [], strings: [] };
function composeRow(width, pieces, caches) {
  const currentLine = [];
  for (let x = 0; x < width; x++) currentLine.push(BLANK);
  for (let p = 0; p < pieces.length; p += 2) {
    let offsetX = pieces[p];
    for (const character of caches.getStyledChars(pieces[p + 1])) {
      currentLine[offsetX] = character;
      const characterWidth = Math.max(1, caches.getStringWidth(character.value));
      for (let index = 1; index < characterWidth; index++)
        currentLine[offsetX + index] = { type: "char", value: "", fullWidth: false, styles: character.styles };
      offsetX += characterWidth;
    }
  }
  return styledCharsToString(currentLine.filter((item) => item !== undefined)).trimEnd();
}
const NO_CLIP = {};
function sameClip(a, b) {
  if (a === b) return true;
  if (a === NO_CLIP || b === NO_CLIP) return false;
  return a.x1 === b.x1 && a.x2 === b.x2 && a.y1 === b.y1 && a.y2 === b.y2;
}
/** Where one write lands: [row, column, text, ...] after Ink's clipping, splitting and transformers. */
function landed(output, operation, clip) {
  const { text, transformers } = operation;
  let { x, y } = operation;
  const placed = [];
  let lines = text.split("\\n");
  if (clip !== NO_CLIP) {
    const clipHorizontally = typeof clip?.x1 === "number" && typeof clip?.x2 === "number";
    const clipVertically = typeof clip?.y1 === "number" && typeof clip?.y2 === "number";
    if (clipHorizontally) {
      const width = output.caches.getWidestLine(text);
      if (x + width < clip.x1 || x > clip.x2) return placed;
    }
    if (clipVertically) {
      const height = lines.length;
      if (y + height < clip.y1 || y > clip.y2) return placed;
    }
    if (clipHorizontally) {
      lines = lines.map((line) => {
        const from = x < clip.x1 ? clip.x1 - x : 0;
        const width = output.caches.getStringWidth(line);
        const to = x + width > clip.x2 ? clip.x2 - x : width;
        return output.caches.getSlice(line, from, to);
      });
      if (x < clip.x1) x = clip.x1;
    }
    if (clipVertically) {
      const from = y < clip.y1 ? clip.y1 - y : 0;
      const height = lines.length;
      const to = y + height > clip.y2 ? clip.y2 - y : height;
      lines = lines.slice(from, to);
      if (y < clip.y1) y = clip.y1;
    }
  }
  // Ink's own quirk kept: a line on a row outside the screen does not advance to the next row.
  let offsetY = 0;
  for (let [index, line] of lines.entries()) {
    const row = y + offsetY;
    if (!(row >= 0 && row < output.height)) continue;
    for (const transformer of transformers) line = transformer(line, index);
    placed.push(row, x, line);
    offsetY++;
  }
  return placed;
}
// Each row's pieces are gathered into the same arrays every frame, and kept (copied) only for a row
// that changed: a new array per row and frame was garbage for the rows that had not. Indexed loops:
// at rest this code runs unoptimised (commands/tier-up-later.ts), where for...of allocates per step.
const scratchRows = [];
Output.prototype.get = function () {
  const height = this.height;
  const rows = scratchRows;
  for (let y = 0; y < height; y++) {
    if (rows[y] === undefined) rows[y] = [];
    else rows[y].length = 0;
  }
  const clips = [];
  const operations = this.operations;
  for (let o = 0; o < operations.length; o++) {
    const operation = operations[o];
    if (operation.type === "clip") clips.push(operation.clip);
    if (operation.type === "unclip") clips.pop();
    if (operation.type !== "write") continue;
    const clip = (clips.length > 0 ? clips[clips.length - 1] : undefined) ?? NO_CLIP;
    let memo = operation.goliveLanded;
    if (!memo || memo.height !== height || !sameClip(memo.clip, clip)) {
      memo = { height, clip, placed: landed(this, operation, clip) };
      operation.goliveLanded = memo;
    }
    const placed = memo.placed;
    for (let i = 0; i < placed.length; i += 3) rows[placed[i]].push(placed[i + 1], placed[i + 2]);
  }
  const out = new Array(height);
  for (let y = 0; y < height; y++) {
    const pieces = rows[y];
    const last = lastRows.pieces[y];
    let same = lastRows.widths[y] === this.width && last.length === pieces.length;
    for (let i = 0; same && i < pieces.length; i++) same = last[i] === pieces[i];
    if (!same) {
      lastRows.widths[y] = this.width;
      lastRows.pieces[y] = pieces.slice();
      lastRows.strings[y] = rowFromPieces(this.width, pieces, this.caches) ?? composeRow(this.width, pieces, this.caches);
    }
    out[y] = lastRows.strings[y];
  }
  return { output: out.join("\\n"), height };
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
    for (const [filter, pairs] of boundedTextCaches)
      b.onLoad({ filter }, async (args) => ({
        contents: patch(args.path, await readFile(args.path, "utf8"), pairs),
        loader: "js",
      }));
  },
};
