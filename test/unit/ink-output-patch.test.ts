/**
 * The shipped bundle patches Ink's output stage to keep its caches across frames
 * (scripts/ink-patches.mjs). The patched Output must draw every frame exactly as Ink's own does:
 * both are bundled here, fed the same frames, and compared byte for byte. Random frames (rows
 * changed, moved, resized, another output between) are a long property trial, in the chaos suite
 * (test/chaos/ink-patches.test.ts); here, the examples.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { dayAndTime } from "../../source/ui/format/text.js";
import { bold, bundle, type Ink, type OutputLike, red } from "../helpers/ink-output-program.js";

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

const dim = (s: string) => `\u001b[2m${s}\u001b[22m`;
const inverse = (s: string) => `\u001b[7m${s}\u001b[27m`;
const gray = (s: string) => `\u001b[90m${s}\u001b[39m`;

/** Rows of pieces side by side, each starting where the last ends: touching, with styles or not. */
function touchingRows(n: number): string[][] {
  const s = String(n % 60).padStart(2, "0");
  return [
    [bold("┌"), bold("──────"), bold("┬"), bold("────────────"), bold("┐")],
    [bold("│"), bold(` T+${s} `), bold("│"), bold(" Error Rate "), bold("│")],
    [
      bold(s),
      red(`${s} red`),
      dim("dim"),
      bold("bold"),
      dim(bold("both")),
      inverse(bold(" inv ")),
      gray("g"),
    ],
    [red(bold(`${s} rb`)), bold("b"), `\u001b[31;1m${s}\u001b[0m`, red("r"), bold(red("br"))],
    // Not plain pieces: a style change inside, a wide character, styles only at one end.
    [bold(`漢${s}`), bold(`a${red("b")}c`), red(`x${s}`), `${bold("l")}plain`, bold("z"), `p${bold("q")}`],
    // One side of the seam unstyled.
    [`${s}plain`, bold("b"), `plain${s}`, red("r")],
  ];
}

function layTouching(ink: Ink, o: OutputLike, rows: string[][], x0: number): void {
  rows.forEach((row, y) => {
    let x = x0;
    for (const text of row) {
      o.write(x, y, text, { transformers: [] });
      x += ink.widestLine(text);
    }
  });
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

  it("joins touching styled pieces (a bold table's borders and cells) exactly as Ink composes them", () => {
    for (let n = 0; n < 40; n++) {
      const draw = (i: Ink) => {
        const o = new i.Output({ width: 80, height: 7 });
        layTouching(i, o, touchingRows(n), 1 + (n % 3));
        o.write(3, 6, `${bold("a")} ${bold("b")}`, { transformers: [] });
        return o.get().output;
      };
      const want = draw(ink);
      expect(want).toContain("\u001b[1m┌──────┬");
      expect(draw(patched)).toBe(want);
    }
  });

  it("joins a bold table's rows from their pieces, not cell by cell", () => {
    // The monitoring table's rows were composed cell by cell at every poll (bench/RESULTS.md §1m).
    const o = new patched.Output({ width: 40, height: 2 });
    const table = touchingRows(7).slice(0, 2);
    layTouching(patched, o, table, 0);
    expect(o.get().output.split("\n")[0]).toBe("\u001b[1m┌──────┬────────────┐\u001b[22m");
    const kept = (o as unknown as { caches: { styledChars: Map<string, unknown> } }).caches.styledChars;
    expect([...kept.keys()].filter((k) => table.flat().includes(k))).toEqual([]);
  });

  it("still draws the same after its caches overflow their bound and are emptied", () => {
    for (let n = 0; n < 2500; n++) frame(patched, n, 80, 12);
    for (let n = 0; n < 12; n++) expect(frame(patched, n + 7)).toBe(frame(ink, n + 7));
    for (let n = 0; n < 21000; n++) patched.widestLine(`w${n}`);
    for (const s of ["ab\n漢字漢字", red("⚡⚡"), "", "x\n\ny"])
      expect(patched.widestLine(s)).toBe(ink.widestLine(s));
  });

  it("keeps at most a screen's worth of styled characters (an object per character) between frames", () => {
    const held = (o: object) =>
      [...(o as { caches: { styledChars: Map<string, unknown[]> } }).caches.styledChars.values()].reduce(
        (n, chars) => n + chars.length,
        0,
      );
    let most = 0;
    for (let n = 0; n < 400; n++) {
      const o = new patched.Output({ width: 200, height: 3 });
      o.write(0, 0, `T+00:00:${n} ${red("LIVE")} ▅▆▇█ ${"·".repeat(100 + (n % 50))}`, { transformers: [] });
      // Overlapping the first: the row is composed cell by cell, from both pieces' styled characters.
      o.write(2, 0, "x", { transformers: [] });
      o.get();
      most = Math.max(most, held(o));
    }
    // A thousand rows of 120-170 characters were held before: 20,000 characters is ~130 of them.
    expect(most).toBeGreaterThan(19_000);
    expect(most).toBeLessThanOrEqual(20_000);
  });

  it("keeps no styled characters of a row joined from its pieces: the piece is what is kept", () => {
    // A day's cockpit: nearly every row takes that path, and its pieces' characters were ~10 MB of the heap.
    for (let n = 0; n < 50; n++) {
      const texts = [`T+00:00:${n} ${red("LIVE")} ▅▆▇█`, `${bold("p95")} ${n} ms`];
      const draw = (i: Ink) => {
        const o = new i.Output({ width: 80, height: 3 });
        o.write(0, 0, texts[0]!, { transformers: [] });
        o.write(40, 0, texts[1]!, { transformers: [] });
        return { o, output: o.get().output };
      };
      const { o, output } = draw(patched);
      expect(output).toBe(draw(ink).output);
      const kept = (o as unknown as { caches: { styledChars: Map<string, unknown> } }).caches.styledChars;
      for (const t of texts) expect(kept.has(t)).toBe(false);
    }
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
