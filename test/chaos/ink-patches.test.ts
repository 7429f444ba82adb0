/**
 * The bundle's Ink patches against Ink itself, over random trees and rows through random frames:
 * long property trials, so their home is the chaos suite (issue 19: every check has one home). The
 * examples of each patch stay in `npm test` (test/unit/ink-output-patch.test.ts,
 * ink-tree-patch.test.ts, ink-rerender-patch.test.ts). Both draw with the run's one fast-check seed (FC_SEED).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bold, type Ink, bundle as outputStage, red } from "../helpers/ink-output-program.js";
import { draws, leaf } from "../helpers/ink-rerender-program.js";
import { bundle, mostly, tree } from "../helpers/ink-tree-program.js";
import { recordChaos } from "./record.js";

/** fc.assert, then the trials' row in the chaos table (a failure gets its FAILED row from record.ts). */
async function trials<T>(fault: string, runs: number, property: fc.IRawProperty<T>) {
  await fc.assert(property, { numRuns: runs });
  recordChaos({
    area: "terminal (Ink patches)",
    fault,
    trials: runs,
    survived: runs,
    lost: 0,
    checked: "every frame the same string as Ink's own, byte for byte",
  });
}

describe("the bundle's Ink patches draw as Ink does", () => {
  it("the tree walk's reuse: random trees through 8 frames of edits, resizes and transforms", async () => {
    const [ink, patched] = await Promise.all([bundle(false), bundle(true)]);
    // Not fewer: with the pinned seed, dropping the reuse's y or width check is first caught at
    // runs 163 and 156 (and the x, height and transformer checks survive all 300).
    await trials(
      "tree walk reusing unchanged subtrees (scripts/ink-patches.mjs)",
      300,
      fc.asyncProperty(tree, mostly(fc.constantFrom(20, 40, 80)), async (spec, sizes) => {
        expect(await patched(spec, 8, sizes)).toEqual(await ink(spec, 8, sizes));
      }),
    );
  }, 600_000);

  it("re-rendered unchanged nodes: random styled rows through 7 frames, colours included", async () => {
    const { ink, patched } = await draws();
    await trials(
      "every node rendered again, unchanged ones kept (scripts/ink-patches-rerender.mjs)",
      150,
      fc.asyncProperty(
        fc.array(fc.array(leaf, { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        async (rows) => {
          expect((await patched.draw(rows, 7)).frames).toEqual((await ink.draw(rows, 7)).frames);
        },
      ),
    );
  }, 600_000);

  it("the output stage's caches: random rows written, moved, clipped and resized, another output between", async () => {
    const [ink, patched] = await Promise.all([outputStage(false), outputStage(true)]);
    const piece = fc.constantFrom(
      "a",
      "bc ",
      "漢",
      "⚡",
      "🟢",
      "━━",
      " ",
      red("x"),
      bold("yz"),
      `${red("r")}s`,
      "✓",
    );
    const text = fc
      .array(
        fc.array(piece, { maxLength: 6 }).map((p) => p.join("")),
        { minLength: 1, maxLength: 3 },
      )
      .map((lines) => lines.join("\n"));
    const upper = (s: string) => s.toUpperCase();
    const framed = (s: string, i: number) => `${i}|${s}`;
    type Op =
      | { w: [number, number, string, number] }
      | { clip: { x1?: number; x2?: number; y1?: number; y2?: number } }
      | { unclip: true };
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(fc.integer({ min: -3, max: 26 }), fc.integer({ min: -2, max: 9 }), text, fc.nat(2))
          .map((w) => ({ w })),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({ x1: fc.nat(20), x2: fc.nat(26), y1: fc.nat(6), y2: fc.nat(9) }, { requiredKeys: [] })
          .map((clip) => ({ clip })),
      },
      { weight: 1, arbitrary: fc.constant({ unclip: true as const }) },
    );
    const size = fc.record({
      width: fc.integer({ min: 1, max: 24 }),
      height: fc.integer({ min: 1, max: 8 }),
    });
    // Each frame is the first one with a few operations replaced or moved sideways: most rows
    // repeat, some change only where their text sits.
    const edit = fc.oneof(op, fc.integer({ min: -2, max: 2 }));
    const frames = fc.tuple(
      fc.array(op, { minLength: 1, maxLength: 12 }),
      fc.array(fc.tuple(size, fc.array(fc.tuple(fc.nat(11), edit), { maxLength: 2 })), {
        minLength: 2,
        maxLength: 6,
      }),
    );
    const draw = (lib: Ink, o: { width: number; height: number }, ops: Op[]) => {
      const out = new lib.Output(o);
      for (const x of ops) {
        if ("w" in x) {
          const [col, row, t, how] = x.w;
          out.write(col, row, t, { transformers: [[], [upper], [upper, framed]][how]! });
        } else if ("clip" in x) out.clip(x.clip);
        else out.unclip();
      }
      return out.get();
    };
    await trials(
      "the output stage's caches kept across frames (scripts/ink-patches.mjs, inkOutputCaches)",
      300,
      fc.property(frames, ([base, changes]) => {
        for (const [o, edits] of changes) {
          const ops = [...base];
          for (const [at, next] of edits) {
            const was = ops[at % ops.length]!;
            if (typeof next !== "number") ops[at % ops.length] = next;
            else if ("w" in was)
              ops[at % ops.length] = { w: [was.w[0] + next, was.w[1], was.w[2], was.w[3]] };
          }
          expect(draw(patched, o, ops)).toEqual(draw(ink, o, ops));
          // Another Output (Ink's static one) between frames must not leave its rows behind.
          expect(draw(patched, { width: 7, height: 3 }, base)).toEqual(
            draw(ink, { width: 7, height: 3 }, base),
          );
        }
      }),
    );
  }, 600_000);
});
