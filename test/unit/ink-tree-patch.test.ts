/**
 * The shipped bundle lets Ink reuse what an unchanged subtree wrote on the last frame instead of
 * walking it again, and keeps where each write landed (scripts/ink-patches.mjs). Ink with and without
 * the patches (each bundled here with its own React) renders the same random trees through the same
 * random sequence of frames (text edited, children added and removed, sizes, borders, padding and
 * transforms changed, the terminal resized), and every frame must be the same string: that property
 * is a long trial, in the chaos suite (test/chaos/ink-patches.test.ts); here, the examples.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bundle, type Draw, leaf, type Spec } from "../helpers/ink-tree-program.js";

describe("Ink's tree walk as the bundle patches it", () => {
  let ink: Draw;
  let patched: Draw;
  beforeAll(async () => {
    [ink, patched] = await Promise.all([bundle(false), bundle(true)]);
  });

  it("draws a clock that ticks inside an unchanged screen as Ink does", async () => {
    const still: Spec = {
      box: {
        direction: ["column"],
        width: [undefined],
        padding: [0],
        border: [true],
        hidden: [false],
      },
      present: [true],
      children: [
        leaf(["header that never changes"], "wrap"),
        {
          text: Array.from({ length: 7 }, (_, i) => `T+00:00:0${i}`),
          wrap: ["truncate"],
          bold: ["UTC"],
          present: [true],
          transform: [0],
        },
        {
          // A pane that never changes, as wide as the terminal: only its width moves.
          box: {
            direction: ["row"],
            width: [undefined],
            padding: [0],
            border: [true],
            hidden: [false],
          },
          present: [true],
          children: [leaf(["unchanged ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━"], "truncate")],
        },
        leaf(["a pane below it ▅▆▇█"], "wrap", 1),
      ],
    };
    const frames = await patched(still, 7, [60]);
    expect(frames).toEqual(await ink(still, 7, [60]));
    expect(frames[6]).toContain("T+00:00:06");
    // The terminal narrowed and widened again: the same nodes at the same places, other widths.
    expect(await patched(still, 7, [60, 44, 60])).toEqual(await ink(still, 7, [60, 44, 60]));
  });
});
