/**
 * Ink's sanitizeAnsi as the bundle patches it (scripts/ink-patches-plain.mjs, sgrOnlyKept): a text of
 * SGR sequences and characters that are neither ESC nor C1 controls is returned as it is. Any text
 * must come out exactly as from the published Ink: generated from SGR codes, other CSI, OSC and
 * escape sequences, lone and malformed escapes, C1 controls, wide and plain characters.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a build script in plain JavaScript, without types
import { inkOutputCaches } from "../../scripts/ink-patches.mjs";
import { importBundled } from "../helpers/patched-modules.js";

type Sanitize = { sanitizeAnsi: (s: string) => string };
const entry = [`export { default as sanitizeAnsi } from "./node_modules/ink/build/sanitize-ansi.js";`];

const PIECES = [
  "\u001b[1m",
  "\u001b[22m",
  "\u001b[31;1m",
  "\u001b[m",
  "\u001b[0m",
  "\u001b[38;5;208m",
  "\u001b[38:5:1m",
  "\u001b[2J",
  "\u001b[1;2H",
  "\u001b[?25l",
  "\u001b[1 m",
  "\u001b]8;;https://x\u0007",
  "\u001b]8;;\u001b\\",
  "\u001b(B",
  "\u001b",
  "\u001b[",
  "\u009b31m",
  "\u0085",
  "\u009c",
  "\u0007",
  "\u0000",
  "\t",
  "\n",
  "error rate ✓ 0.24 %",
  " OK ",
  "漢字",
  "🟢",
  "e\u0301",
  "▅▆▇█",
  "m;[1",
];

describe("Ink's sanitizeAnsi as the bundle patches it", () => {
  let ink: Sanitize;
  let patched: Sanitize;
  beforeAll(async () => {
    [ink, patched] = await Promise.all([
      importBundled<Sanitize>(entry, [], "sanitize-ink"),
      importBundled<Sanitize>(entry, [inkOutputCaches], "sanitize-patched"),
    ]);
  });

  it("keeps styled text as it is and strips what Ink strips, as the published Ink does", () => {
    const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;
    const kept = `p95 ${bold("✓ 33 ms")}   OK \u001b[7m LIVE \u001b[27m`;
    expect(patched.sanitizeAnsi(kept)).toBe(kept);
    expect(patched.sanitizeAnsi(`a\u001b[2Jb${bold("c")}`)).toBe(ink.sanitizeAnsi(`a\u001b[2Jb${bold("c")}`));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        expect(patched.sanitizeAnsi(text)).toBe(ink.sanitizeAnsi(text));
      }),
      { numRuns: 3000 },
    );
  });
});
