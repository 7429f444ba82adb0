/**
 * The clock's frame renders the whole App again, and React hands Ink a new style object and a new
 * Text transform for every node it renders, unchanged or not. The bundle's patches
 * (scripts/ink-patches-rerender.mjs) keep a Text's transform while its colour and style props are the
 * same and do not mark an update that only brings an equal style object, so the tree walk reuses
 * those nodes' output. Ink with and without the patches renders the same random rows, every node
 * rendered again at every frame (colours, bold, background and text changing now and then), and every
 * frame must be the same string, colours included; a frame that changes nothing marks no node. The
 * rows of Texts side by side, styled to their edges, also hold the bundle's row-from-pieces path
 * (a changed row joined from each piece's own serialisation) to Ink's cell-by-cell composition.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importInkPrograms } from "../helpers/ink-bundle.js";
import { LOADED } from "../helpers/timeouts.js";

/** A leaf: every prop a list indexed by the frame number, so frames differ a little. */
interface Leaf {
  text: string[];
  color: (string | undefined)[];
  bold: boolean[];
  background: (string | undefined)[];
}
type Draw = (rows: Leaf[][], frames: number) => Promise<{ frames: string[]; marked: number[] }>;

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
function draws() {
  process.env.FORCE_COLOR = "1";
  loaded ??= importInkPrograms(driver, "golive-ink-rerender-");
  return loaded;
}

const mostly = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 1, maxLength: 3 });
const leaf: fc.Arbitrary<Leaf> = fc.record({
  text: mostly(fc.constantFrom("ok", "T+00:00:01", "漢字 ⚡", "", " data 1m2s old ")),
  color: mostly(fc.constantFrom(undefined, "red", "green", "gray")),
  bold: mostly(fc.boolean()),
  background: mostly(fc.constantFrom(undefined, undefined, "blue")),
});
const still = (text: string): Leaf => ({
  text: [text],
  color: ["green"],
  bold: [true],
  background: [undefined],
});

describe("Ink re-rendering unchanged nodes, as the bundle patches it", () => {
  it(
    "draws every frame, colours included, exactly as Ink does",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(leaf, { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
          async (rows) => {
            const { ink, patched } = await draws();
            expect((await patched.draw(rows, 7)).frames).toEqual((await ink.draw(rows, 7)).frames);
          },
        ),
        { numRuns: 150 },
      );
      // The first test also bundles Ink twice (draws()); the whole went past vitest's 60 s at load
      // 15-18 (2026-12-02): the loaded machine's ceiling, runs kept.
    },
    LOADED,
  );

  it("a frame that renders every node again but changes nothing marks no node; a changed one marks its text", async () => {
    const rows = [
      [still("header"), still("pane")],
      [{ ...still("clock"), text: ["12:00:00", "12:00:00", "12:00:01"] }],
    ];
    const r = await (await draws()).patched.draw(rows, 3);
    expect(r.frames[0]).toContain("\u001b[");
    expect(r.frames[1]).toBe(r.frames[0]);
    expect(r.marked[1]).toBe(0);
    // The clock's text node, its Text and their ancestors (the row, the column, Ink's root).
    expect(r.marked[2]).toBeGreaterThan(0);
    expect(r.marked[2]).toBeLessThanOrEqual(5);
    expect(r.frames[2]).toContain("12:00:01");
  });
});
