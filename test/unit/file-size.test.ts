/**
 * Code shape (issue 14): no source file over 400 lines, in source/ and bench/. A file that grows
 * past it is split along its natural seams; this names each one that did. The median length of the
 * files in source/ is held at or under where the splitting got to (the target is 80): it only goes
 * down, so a change that grows files back past it is told so.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/paths.js";

const LIMIT = 400;
/**
 * Issue 14's target, reached (79 over 371 files when set): it may not grow back past it. Lower it as
 * files are split; never raise it.
 */
const MEDIAN_CEILING = 80;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(ts|tsx|mjs|js)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Lines as an editor counts them (a final newline does not start another line). */
function lineCount(text: string): number {
  if (!text) return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

function oversized(root: string, dirs: string[]): string[] {
  return dirs
    .flatMap((d) => files(join(root, d)))
    .map((f) => ({ f, n: lineCount(readFileSync(f, "utf8")) }))
    .filter((x) => x.n > LIMIT)
    .map((x) => `${relative(root, x.f)}: ${x.n} lines (limit ${LIMIT}; split it along its seams)`)
    .sort();
}

/** The median line count of the source files under `dirs` (the mean of the middle two for an even count). */
function medianLines(root: string, dirs: string[]): number {
  const n = dirs
    .flatMap((d) => files(join(root, d)))
    .map((f) => lineCount(readFileSync(f, "utf8")))
    .sort((a, b) => a - b);
  if (!n.length) return 0;
  const mid = n.length >> 1;
  return n.length % 2 ? n[mid]! : (n[mid - 1]! + n[mid]!) / 2;
}

describe("file size", () => {
  it(`no file in source/ or bench/ is over ${LIMIT} lines`, () => {
    expect(oversized(ROOT, ["source", "bench"])).toEqual([]);
  });

  it("names a file one line over the limit, and not one at it", () => {
    const root = tempDir("golive-size-");
    mkdirSync(join(root, "source", "domain"), { recursive: true });
    mkdirSync(join(root, "bench"), { recursive: true });
    writeFileSync(join(root, "source", "domain", "big.ts"), "x;\n".repeat(LIMIT + 1));
    writeFileSync(join(root, "source", "domain", "ok.ts"), "x;\n".repeat(LIMIT));
    writeFileSync(join(root, "bench", "b.ts"), `${"x;\n".repeat(LIMIT)}y;`);
    expect(oversized(root, ["source", "bench"])).toEqual([
      `bench/b.ts: ${LIMIT + 1} lines (limit ${LIMIT}; split it along its seams)`,
      `source/domain/big.ts: ${LIMIT + 1} lines (limit ${LIMIT}; split it along its seams)`,
    ]);
  });

  it(`the median file in source/ is at most ${MEDIAN_CEILING} lines (target 80)`, () => {
    const median = medianLines(ROOT, ["source"]);
    console.log(`source/: median file length ${median} lines (ceiling ${MEDIAN_CEILING}, target 80)`);
    expect(median).toBeLessThanOrEqual(MEDIAN_CEILING);
  });

  it("takes the middle length, or the mean of the middle two", () => {
    const root = tempDir("golive-median-");
    mkdirSync(join(root, "source"), { recursive: true });
    for (const [name, n] of [
      ["a", 10],
      ["b", 30],
      ["c", 200],
    ] as const)
      writeFileSync(join(root, "source", `${name}.ts`), "x;\n".repeat(n));
    expect(medianLines(root, ["source"])).toBe(30);
    writeFileSync(join(root, "source", "d.ts"), "x;\n".repeat(50));
    expect(medianLines(root, ["source"])).toBe(40);
  });
});
