/**
 * Ink's output stage with and without the bundle's patches (scripts/ink-patches.mjs,
 * inkOutputCaches), each bundled on its own. Shared by the unit examples
 * (test/unit/ink-output-patch.test.ts) and the long property (test/chaos/ink-patches.test.ts).
 */
// @ts-expect-error: a build script in plain JavaScript, without types
import { inkOutputCaches } from "../../scripts/ink-patches.mjs";
import { importBundled } from "./patched-modules.js";

export interface OutputLike {
  write(x: number, y: number, text: string, o: { transformers: ((s: string, i: number) => string)[] }): void;
  clip(c: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
}
export type Ink = {
  Output: new (o: { width: number; height: number }) => OutputLike;
  widestLine: (s: string) => number;
  measureText: (s: string) => { width: number; height: number };
  wrapText: (s: string, width: number, how: string) => string;
};

export function bundle(patched: boolean): Promise<Ink> {
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

export const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
export const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;
