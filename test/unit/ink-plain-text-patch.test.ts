/**
 * Plain text through the bundle's patched Ink output stage (scripts/ink-patches-plain.mjs): a text
 * of printable ASCII and narrow code points with its styles only around it skips ansi-tokenize's and
 * slice-ansi's cell-by-cell path. Each frame must equal unpatched Ink's byte for byte, with and
 * without the text-width patches the shipped bundle carries too.
 */
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a build script in plain JavaScript, without types
import { inkOutputCaches } from "../../scripts/ink-patches.mjs";
// @ts-expect-error: a build script in plain JavaScript, without types
import { textWidthFastPaths } from "../../scripts/text-width-patches.mjs";
import { bold, bundle, type Ink, type OutputLike, red } from "../helpers/ink-output-program.js";
import { importBundled } from "../helpers/patched-modules.js";

const dim = (s: string) => `\u001b[2m${s}\u001b[22m`;
const gray = (s: string) => `\u001b[90m${s}\u001b[39m`;
const inverse = (s: string) => `\u001b[7m${s}\u001b[27m`;

/** What a clock's second hands Ink: texts that are new every frame, plain or styled around. */
function texts(n: number): string[] {
  const s = String(n % 60).padStart(2, "0");
  return [
    `16:17:${s} UTC  T-00:42:${s}`,
    bold(`16:17:${s} UTC  T-00:42:${s}`),
    gray(` · data 1m${s}s old · probe ${n % 5}s ago`),
    `\u001b[1m\u001b[31m${s} ✓ ▅▆▇█ ─│┌ → ·…—\u001b[39m\u001b[22m`,
    inverse(bold(` BLUE ${n} % `)),
    dim(`${s}`),
    `\u001b[31;1m${s}\u001b[0m`,
    `\u001b[38;5;208m${s} µ ±\u001b[39m`,
    // Runs of plain text with styles between them (the metric panes' lines), cut anywhere.
    `${s} ${red("LIVE")} end`,
    `error rate ${bold(`✓ 0.${s} %`)}   ${gray("OK")}`,
    `${red("a")}${bold(`b${s}`)}c${dim("")}d \u001b[0m${s}`,
    // Not plain: a wide or combining character, an emoji; with an empty style.
    `${s} 漢字`,
    `${s} e\u0301`,
    `${s} ⚡ ✖ ▶`,
    `${red("")}${s}`,
    `${s}\u001b[m`,
  ];
}

/** Each text on its own row, unclipped, clipped whole, and cut at either end. */
function frame(ink: Ink, n: number): { o: OutputLike; output: string } {
  const all = texts(n);
  const o = new ink.Output({ width: 70, height: all.length * 3 + 1 });
  all.forEach((t, i) => {
    o.write(1, i * 3, t, { transformers: [] });
    o.clip({ x1: 0, x2: 70 });
    o.write(3 + (n % 4), i * 3 + 1, t, { transformers: [] });
    o.unclip();
    o.clip({ x1: 4, x2: 12 + (n % 9) });
    o.write(2, i * 3 + 2, t, { transformers: i === 3 ? [(s: string) => s.toUpperCase()] : [] });
    o.unclip();
  });
  // Two pieces on one row, touching, the second styled: joined or composed cell by cell.
  o.write(0, all.length * 3, all[1]!, { transformers: [] });
  o.write(all[1]!.length - 9, all.length * 3, all[2]!, { transformers: [] });
  return { o, output: o.get().output };
}

describe("plain text through Ink's output stage as the bundle patches it", () => {
  let ink: Ink;
  let patched: Ink;
  let shipped: Ink;
  beforeAll(async () => {
    [ink, patched, shipped] = await Promise.all([
      bundle(false),
      bundle(true),
      importBundled<Ink>(
        [
          `export { default as Output } from "./node_modules/ink/build/output.js";`,
          `export { default as measureText } from "./node_modules/ink/build/measure-text.js";`,
          `export { default as wrapText } from "./node_modules/ink/build/wrap-text.js";`,
          `export { default as widestLine } from "widest-line";`,
        ],
        [inkOutputCaches, textWidthFastPaths],
        "shipped",
      ),
    ]);
  });

  it("draws every frame of new, plain, styled and cut text exactly as Ink does", () => {
    for (let n = 0; n < 80; n++) {
      const want = frame(ink, n).output;
      expect(frame(patched, n).output).toBe(want);
      expect(frame(shipped, n).output).toBe(want);
    }
  });

  it("slices plain runs without slice-ansi's cache: a clock's new text is not kept", () => {
    let last: OutputLike | undefined;
    for (let n = 0; n < 30; n++) {
      const o = new patched.Output({ width: 60, height: 3 });
      o.clip({ x1: 0, x2: 60 });
      o.write(0, 0, `19:58:${n} UTC  T+01:02:${n} · probe ${n}s ago ▅▆▇█`, { transformers: [] });
      o.write(0, 1, bold(gray(`next: sign-off in 00:12:${n}`)), { transformers: [] });
      o.write(0, 2, `error rate ${bold(`✓ 0.${n} %`)}   OK`, { transformers: [] });
      o.unclip();
      o.get();
      last = o;
    }
    const slices = (last as unknown as { caches: { slices: Map<string, string> } }).caches.slices;
    expect(
      [...slices.keys()].filter(
        (k) => k.includes("19:58:") || k.includes("sign-off in") || k.includes("error rate"),
      ),
    ).toEqual([]);
  });
});
