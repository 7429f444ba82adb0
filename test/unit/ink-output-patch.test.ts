/**
 * The shipped bundle patches Ink's output stage to keep its caches across frames
 * (scripts/ink-patches.mjs). The patched Output must draw every frame exactly as Ink's own does:
 * both are bundled here, fed the same frames, and compared byte for byte.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a build script in plain JavaScript, without types
import { inkOutputCaches } from "../../scripts/ink-patches.mjs";
import { dayAndTime } from "../../source/ui/format/text.js";
import { importBundled } from "../helpers/patched-modules.js";

interface OutputLike {
  write(x: number, y: number, text: string, o: { transformers: ((s: string, i: number) => string)[] }): void;
  clip(c: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type Ink = {
  Output: new (o: { width: number; height: number }) => OutputLike;
  widestLine: (s: string) => number;
  measureText: (s: string) => { width: number; height: number };
  wrapText: (s: string, width: number, how: string) => string;
};

function bundle(patched: boolean): Promise<Ink> {
  return importBundled<Ink>(
    [
      `export { default as Output } from "./node_modules/ink/build/output.js";`,
      `export { default as measureText } from "./node_modules/ink/build/measure-text.js";`,
      `export { default as wrapText } from "./node_modules/ink/build/wrap-text.js";`,
      `export { default as widestLine } from "widest-line";`,
    ],
    patched ? [inkOutputCaches] : [],
    patched ? "patched" : "ink",
  );
}

const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;

/** One frame: colours, wide characters, borders, clipped and unclipped lines; `n` varies the text. */
function frame(ink: Ink, n: number, width = 60, height = 13): string {
  const o = new ink.Output({ width, height });
  const upper = (s: string) => s.toUpperCase();
  o.write(0, 0, `T+00:00:${String(n % 60).padStart(2, "0")} ${red("LIVE")} ⚡ 漢字 ▅▆▇█`, {
    transformers: [],
  });
  o.write(2, 1, `┌──────┬${bold("x")}──┐\n│ T+15 │ … │\n└──────┴───┘`, { transformers: [] });
  o.clip({ x1: 5, x2: 30, y1: 3, y2: 11 });
  for (let i = 0; i < 7; i++)
    o.write(i % 3, 3 + i, `${red(`row ${i} of ${n % 4}`)} ✓ 12.3 % ${"·".repeat(i * 4)} 🟢 end`, {
      transformers: i === 2 ? [upper] : [],
    });
  // The same text at a different place each frame: sliced from and to other columns.
  o.write(n % 9, 10, `${bold("same")} text, sliced at both ends ▅▆▇█ ✓`, { transformers: [] });
  o.unclip();
  o.clip({ x1: 40, x2: 58 });
  o.write(35, 10, `${bold("clipped")} at both ends: ${n} ${"━".repeat(n % 7)}`, { transformers: [] });
  o.unclip();
  return o.get().output;
}

describe("Ink's output stage as the bundle patches it", () => {
  let ink: Ink;
  let patched: Ink;
  beforeAll(async () => {
    [ink, patched] = await Promise.all([bundle(false), bundle(true)]);
  });

  it("draws every frame exactly as Ink does, frame after frame, with its caches kept", () => {
    for (let n = 0; n < 40; n++) expect(frame(patched, n)).toBe(frame(ink, n));
  });

  it("draws the same when frames change a few rows, move, resize, or alternate with another output", () => {
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
    fc.assert(
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
      { numRuns: 300 },
    );
  });

  it("still draws the same after its caches overflow their bound and are emptied", () => {
    for (let n = 0; n < 2500; n++) frame(patched, n, 80, 12);
    for (let n = 0; n < 12; n++) expect(frame(patched, n + 7)).toBe(frame(ink, n + 7));
    for (let n = 0; n < 21000; n++) patched.widestLine(`w${n}`);
    for (const s of ["ab\n漢字漢字", red("⚡⚡"), "", "x\n\ny"])
      expect(patched.widestLine(s)).toBe(ink.widestLine(s));
  });

  it("keeps at most a thousand rows of styled characters (an object per character) between frames", () => {
    let most = 0;
    for (let n = 0; n < 3000; n++) {
      const o = new patched.Output({ width: 80, height: 3 });
      o.write(0, 0, `T+00:00:${n} ${red("LIVE")} ▅▆▇█ ${"·".repeat(n % 50)}`, { transformers: [] });
      o.get();
      most = Math.max(
        most,
        (o as unknown as { caches: { styledChars: Map<string, unknown> } }).caches.styledChars.size,
      );
    }
    expect(most).toBeGreaterThan(900);
    expect(most).toBeLessThanOrEqual(1001);
  });

  it("measures, wraps and truncates text as Ink does, before and after its text caches are emptied", () => {
    const texts = [
      "ab\n漢字漢字",
      `${red("T+00:00:01")} ⚡ a long line that wraps somewhere`,
      "x\n\ny",
      "▅▆▇█ ✓ end",
    ];
    const same = () => {
      for (const s of texts) {
        expect(patched.measureText(s)).toEqual(ink.measureText(s));
        for (const how of ["wrap", "truncate", "truncate-middle", "truncate-start"])
          for (const w of [3, 10, 40]) expect(patched.wrapText(s, w, how)).toBe(ink.wrapText(s, w, how));
      }
    };
    same();
    for (let n = 0; n < 21000; n++) {
      patched.measureText(`m${n}`);
      patched.wrapText(`w${n}`, 10, "wrap");
    }
    same();
  });
});

describe("dayAndTime", () => {
  it("names each month as en-US does", () => {
    for (let m = 0; m < 12; m++) {
      const at = Date.UTC(2026, m, 3, 4, 5);
      const month = new Date(at).toLocaleString("en-US", { month: "short", timeZone: "UTC" });
      expect(dayAndTime(at, Date.UTC(2027, 0, 1))).toBe(`${month} 03 04:05`);
    }
  });
});
