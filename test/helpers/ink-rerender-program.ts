/**
 * Ink with and without the bundle's re-render patches (scripts/ink-patches-rerender.mjs) as a
 * renderer of rows of styled Texts through frames, every node rendered again at every frame; and the
 * rows. Shared by the unit examples (test/unit/ink-rerender-patch.test.ts) and the long property
 * (test/chaos/ink-patches.test.ts).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { importInkProgram, importInkPrograms } from "./ink-bundle.js";

/** A leaf: every prop a list indexed by the frame number, so frames differ a little. */
export interface Leaf {
  text: string[];
  color: (string | undefined)[];
  bold: boolean[];
  background: (string | undefined)[];
}
export type Draw = (rows: Leaf[][], frames: number) => Promise<{ frames: string[]; marked: number[] }>;

const driver = `
import React from "react";
import { render, Box, Text } from "ink";
import { EventEmitter } from "node:events";
const h = React.createElement;
const at = (xs, k) => xs[k % xs.length];
/** Ink's DOM nodes under \`node\` marked as changed at the last frame (none without the patches). */
function marked(node, frame) {
  let n = node.goliveChangedAt === frame ? 1 : 0;
  for (const c of node.childNodes ?? []) n += marked(c, frame);
  return n;
}
export async function draw(rows, frames) {
  const stdout = new EventEmitter();
  let last = "";
  let writes = 0;
  stdout.write = (s) => { last = s; writes++; return true; };
  stdout.columns = 60;
  stdout.rows = 40;
  const stdin = new EventEmitter();
  let show;
  let root;
  function App() {
    const [k, setK] = React.useState(0);
    show = setK;
    return h(Box, { flexDirection: "column", width: 60, ref: (n) => (root = n) },
      rows.map((row, i) => h(Box, { key: i, flexDirection: "row" },
        row.map((l, j) => h(Text, {
          key: j,
          color: at(l.color, k),
          bold: at(l.bold, k),
          backgroundColor: at(l.background, k),
          wrap: "truncate",
        }, at(l.text, k))))));
  }
  const ink = render(h(App), { stdout, stdin, debug: true, patchConsole: false, exitOnCtrlC: false });
  const out = [last];
  const marks = [0];
  let frame = 0;
  for (let k = 1; k < frames; k++) {
    const before = writes;
    // The frame number the marks of this commit carry: one more than the last walk's.
    frame = Math.max(frame, ...[root].map((n) => n.goliveChangedAt ?? 0));
    show(k);
    while (writes === before) await new Promise((r) => setImmediate(r));
    out.push(last);
    marks.push(marked(root.parentNode ?? root, frame + 1));
    frame++;
  }
  ink.unmount();
  return { frames: out, marked: marks };
}
`;

let loaded: Promise<{ ink: { draw: Draw }; patched: { draw: Draw } }> | undefined;
/** Both bundles, built once, with colours on so a transform kept too long would show in the frames. */
export function draws() {
  process.env.FORCE_COLOR = "1";
  loaded ??= importInkPrograms(driver, "golive-ink-rerender-");
  return loaded;
}

let patchedOnly: Promise<{ draw: Draw }> | undefined;
/**
 * The patched bundle alone, as draws() builds it, for the unit example, which draws nothing with Ink
 * as published: one esbuild bundle of Ink and React, and its import, fewer than draws().
 */
export function patchedDraw() {
  process.env.FORCE_COLOR = "1";
  patchedOnly ??=
    loaded?.then((l) => l.patched) ??
    importInkProgram<{ draw: Draw }>(driver, true, mkdtempSync(join(tmpdir(), "golive-ink-rerender-")));
  return patchedOnly;
}

export const mostly = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 1, maxLength: 3 });
export const leaf: fc.Arbitrary<Leaf> = fc.record({
  text: mostly(fc.constantFrom("ok", "T+00:00:01", "漢字 ⚡", "", " data 1m2s old ")),
  color: mostly(fc.constantFrom(undefined, "red", "green", "gray")),
  bold: mostly(fc.boolean()),
  background: mostly(fc.constantFrom(undefined, undefined, "blue")),
});
export const still = (text: string): Leaf => ({
  text: [text],
  color: ["green"],
  bold: [true],
  background: [undefined],
});
