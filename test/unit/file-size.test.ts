/**
 * Code shape (issue 14): no source file over 400 lines, in source/ and bench/. A file that grows
 * past it is split along its natural seams; this names each one that did.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/paths.js";

const LIMIT = 400;

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
});
