/**
 * Ink with and without the bundle's tree-walk patches (scripts/ink-patches.mjs), each bundled with its
 * own React, as a renderer of random trees through frames; and the trees. Shared by the unit examples
 * (test/unit/ink-tree-patch.test.ts) and the long property (test/chaos/ink-patches.test.ts).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { bundleInkProgram } from "./ink-bundle.js";

/** A node of the tree; every choice is a list indexed by the frame number, so frames differ a little. */
export type Spec =
  | {
      box: {
        direction: ("row" | "column")[];
        width: (number | undefined)[];
        padding: number[];
        border: boolean[];
        hidden: boolean[];
      };
      present: boolean[];
      children: Spec[];
    }
  | {
      text: string[];
      wrap: ("wrap" | "truncate")[];
      bold: string[];
      present: boolean[];
      transform: number[];
    };

export type Draw = (specs: Spec, frames: number, sizes: number[]) => Promise<string[]>;

/** Ink and React in one module, with a renderer of specs to a fake terminal (Ink's debug mode). */
const driver = `
import React from "react";
import { render, Box, Text, Transform } from "ink";
import { EventEmitter } from "node:events";
const h = React.createElement;
const at = (xs, k) => xs[k % xs.length];
const transforms = [null, (s) => s.toUpperCase(), (s, i) => i + ">" + s];
/** What a subtree shows at frame k: equal for two frames when nothing in it differs. */
function shown(spec, k) {
  if (!at(spec.present, k)) return null;
  if (spec.box) {
    const b = spec.box;
    return [at(b.direction, k), at(b.width, k), at(b.padding, k), at(b.border, k), at(b.hidden, k), spec.children.map((c) => shown(c, k))];
  }
  return [at(spec.text, k), at(spec.wrap, k), at(spec.bold, k), at(spec.transform, k)];
}
// As the cockpit's panes are: a subtree whose props are unchanged is not rendered again, so Ink's
// nodes under it see no update at all and only what changed is marked.
const Node = React.memo(function shownNode({ spec, k }) {
  if (!at(spec.present, k)) return null;
  if (spec.box) {
    const b = spec.box;
    return h(Box, {
      flexDirection: at(b.direction, k),
      width: at(b.width, k),
      padding: at(b.padding, k),
      borderStyle: at(b.border, k) ? "single" : undefined,
      overflow: at(b.hidden, k) ? "hidden" : undefined,
    }, spec.children.map((c, i) => h(Node, { key: i, spec: c, k, sig: JSON.stringify(shown(c, k)) })));
  }
  const bold = at(spec.bold, k);
  const node = h(Text, { wrap: at(spec.wrap, k) }, at(spec.text, k), bold ? h(Text, { bold: true }, bold) : null);
  const t = transforms[at(spec.transform, k)];
  return t ? h(Transform, { transform: t }, node) : node;
}, (a, b) => a.spec === b.spec && a.sig === b.sig);
const el = (spec, k) => h(Node, { spec, k, sig: JSON.stringify(shown(spec, k)) });
export async function draw(spec, frames, sizes) {
  const stdout = new EventEmitter();
  let last = "";
  let writes = 0;
  stdout.write = (s) => { last = s; writes++; return true; };
  stdout.columns = sizes[0];
  stdout.rows = 40;
  const stdin = new EventEmitter();
  // Frames come from state inside the tree, as the cockpit's do: Ink's own rerender() would render
  // its App again, whose new context values update every node.
  let show;
  function Frames() {
    const [k, setK] = React.useState(0);
    show = setK;
    return h(Box, { flexDirection: "column", width: at(sizes, k) }, el(spec, k));
  }
  const ink = render(h(Frames), { stdout, stdin, debug: true, patchConsole: false, exitOnCtrlC: false });
  const out = [last];
  for (let k = 1; k < frames; k++) {
    if (at(sizes, k) !== stdout.columns) {
      stdout.columns = at(sizes, k);
      stdout.emit("resize");
    }
    const before = writes;
    show(k);
    // React renders a state update on its scheduler's next turn; Ink draws it as it commits.
    while (writes === before) await new Promise((r) => setImmediate(r));
    out.push(last);
  }
  ink.unmount();
  return out;
}
`;

export async function bundle(patched: boolean): Promise<Draw> {
  const dir = mkdtempSync(join(tmpdir(), "golive-ink-tree-"));
  const file = await bundleInkProgram(driver, patched, join(dir, `${patched ? "patched" : "ink"}.mjs`));
  return ((await import(pathToFileURL(file).href)) as { draw: Draw }).draw;
}

/** Mostly one value, now and then another: most of the tree stays as it was from frame to frame. */
export const mostly = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 1, maxLength: 3 });

const word = fc.constantFrom(
  "a",
  "ok ",
  "T+00:00:01",
  "漢字",
  "⚡",
  "▅▆▇█",
  "",
  "long words that wrap here",
  "✓ 1.2 %",
);
const text: fc.Arbitrary<Spec> = fc.record({
  text: mostly(fc.array(word, { maxLength: 4 }).map((w) => w.join(" "))),
  wrap: mostly(fc.constantFrom("wrap" as const, "truncate" as const)),
  bold: mostly(fc.constantFrom("", "B", "bold ⚡")),
  present: mostly(fc.constantFrom(true, true, false)),
  transform: mostly(fc.constantFrom(0, 0, 1, 2)),
});
export const { tree } = fc.letrec<{ tree: Spec }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.record({
      box: fc.record({
        direction: mostly(fc.constantFrom("row" as const, "column" as const)),
        width: mostly(fc.constantFrom(undefined, 6, 14, 30)),
        padding: mostly(fc.constantFrom(0, 0, 1)),
        border: mostly(fc.boolean()),
        hidden: mostly(fc.boolean()),
      }),
      present: mostly(fc.constantFrom(true, true, false)),
      children: fc.array(tie("tree"), { maxLength: 4 }),
    }),
  ),
}));

/** A text node that shows `text` at frame k, the same otherwise. */
export const leaf = (text: string[], wrap: "wrap" | "truncate", transform = 0): Spec => ({
  text,
  wrap: [wrap],
  bold: [""],
  present: [true],
  transform: [transform],
});
