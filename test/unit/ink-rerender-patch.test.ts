/**
 * The clock's frame renders the whole App again, and React hands Ink a new style object and a new
 * Text transform for every node it renders, unchanged or not. The bundle's patches
 * (scripts/ink-patches-rerender.mjs) keep a Text's transform while its colour and style props are the
 * same and do not mark an update that only brings an equal style object, so the tree walk reuses
 * those nodes' output. Ink with and without the patches renders the same random rows, every node
 * rendered again at every frame (colours, bold, background and text changing now and then), and every
 * frame must be the same string, colours included; a frame that changes nothing marks no node. The
 * rows of Texts side by side, styled to their edges, also hold the bundle's row-from-pieces path
 * (a changed row joined from each piece's own serialisation) to Ink's cell-by-cell composition. That
 * property is a long trial, in the chaos suite (test/chaos/ink-patches.test.ts); here, the example.
 */
import { describe, expect, it } from "vitest";
import { patchedDraw, still } from "../helpers/ink-rerender-program.js";

describe("Ink re-rendering unchanged nodes, as the bundle patches it", () => {
  it("a frame that renders every node again but changes nothing marks no node; a changed one marks its text", async () => {
    const rows = [
      [still("header"), still("pane")],
      [{ ...still("clock"), text: ["12:00:00", "12:00:00", "12:00:01"] }],
    ];
    const r = await (await patchedDraw()).draw(rows, 3);
    expect(r.frames[0]).toContain("\u001b[");
    expect(r.frames[1]).toBe(r.frames[0]);
    expect(r.marked[1]).toBe(0);
    // The clock's text node, its Text and their ancestors (the row, the column, Ink's root).
    expect(r.marked[2]).toBeGreaterThan(0);
    expect(r.marked[2]).toBeLessThanOrEqual(5);
    expect(r.frames[2]).toContain("12:00:01");
  });
});
