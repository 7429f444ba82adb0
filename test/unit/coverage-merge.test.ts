/**
 * `npm run coverage` joins two instrumenters' views of one file (test/scripts/coverage-merge.mjs).
 * A line or block run only in-process must count as run, and nothing may count as run without a
 * hit inside it from one half or the other.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { mergeHalves, reconcile } from "../scripts/coverage-merge.mjs";

const FILE = "/x/source/f.ts";
// 1 function f(a) {
// 2   const r = {
// 3     a,
// 4   };
// 5   // why
// 6   if (a) {
// 7     g();
// 8   }
// 9   return r;
// 10 }
const LINES = [
  "function f(a) {",
  "  const r = {",
  "    a,",
  "  };",
  "  // why",
  "  if (a) {",
  "    g();",
  "  }",
  "  return r;",
  "}",
];
const at = (l1: number, c1: number, l2: number, c2: number | null) => ({
  start: { line: l1, column: c1 },
  end: { line: l2, column: c2 },
});

/** The in-process half: AST statements, the function, the if's two arms. */
function inproc(counts: { fn: number; body: number; g: number }) {
  return {
    path: FILE,
    statementMap: { 0: at(2, 2, 4, 4), 1: at(6, 2, 8, 3), 2: at(7, 4, 7, 8), 3: at(9, 2, 9, 11) },
    s: { 0: counts.body, 1: counts.body, 2: counts.g, 3: counts.body },
    fnMap: { 0: { name: "f", decl: at(1, 9, 1, 10), loc: at(1, 13, 10, 1), line: 1 } },
    f: { 0: counts.fn },
    branchMap: {
      0: { type: "if", line: 6, loc: at(6, 2, 8, 3), locations: [at(6, 10, 8, 3), { start: {}, end: {} }] },
    },
    b: { 0: [counts.g, counts.body - counts.g] },
  };
}

/** The child half (c8): one statement per line, a block for the function and one for the if's body. */
function child(counts: { fn: number; g: number }) {
  const statementMap: Record<number, ReturnType<typeof at>> = {};
  const s: Record<number, number> = {};
  LINES.forEach((t, i) => {
    statementMap[i] = at(i + 1, 0, i + 1, t.length);
    s[i] = i + 1 === 7 || i + 1 === 8 ? counts.g : counts.fn;
  });
  return {
    path: FILE,
    statementMap,
    s,
    fnMap: { 0: { name: "f", decl: at(1, 0, 10, 1), loc: at(1, 0, 10, 1), line: 1 } },
    f: { 0: counts.fn },
    branchMap: {
      0: { type: "branch", line: 1, loc: at(1, 0, 10, 1), locations: [at(1, 0, 10, 1)] },
      1: { type: "branch", line: 6, loc: at(6, 10, 8, 3), locations: [at(6, 10, 8, 3)] },
    },
    b: { 0: [counts.fn], 1: [counts.g] },
  };
}

const lineHits = (m: { fileCoverageFor(f: string): { getLineCoverage(): Record<string, number> } }) =>
  m.fileCoverageFor(FILE).getLineCoverage();

describe("coverage: what ran in-process is not counted as not run by the child half", () => {
  it("f run in-process with a falsy a, never in a child: every line of it ran but g() and the if's closing brace", () => {
    const m = mergeHalves(
      { [FILE]: inproc({ fn: 1, body: 1, g: 0 }) },
      { [FILE]: child({ fn: 0, g: 0 }) },
      () => LINES,
    );
    const hits = lineHits(m);
    const notRun = Object.entries(hits)
      .filter(([, c]) => c === 0)
      .map(([l]) => Number(l));
    expect(notRun).toEqual([7, 8]);
    const summary = m.fileCoverageFor(FILE).toSummary();
    expect(summary.lines).toMatchObject({ total: 10, covered: 8 });
  });

  it("f never run anywhere: nothing of it counts as run", () => {
    const m = mergeHalves(
      { [FILE]: inproc({ fn: 0, body: 0, g: 0 }) },
      { [FILE]: child({ fn: 0, g: 0 }) },
      () => LINES,
    );
    expect(m.fileCoverageFor(FILE).toSummary().lines.covered).toBe(0);
    expect(m.fileCoverageFor(FILE).toSummary().branches.covered).toBe(0);
  });

  it("the child's block for the if's body counts as run only when g() ran in-process", () => {
    const notThen = reconcile(inproc({ fn: 1, body: 1, g: 0 }), child({ fn: 0, g: 0 }), LINES);
    expect(notThen.child.b).toEqual({ 0: [1], 1: [0] });
    const then = reconcile(inproc({ fn: 1, body: 1, g: 1 }), child({ fn: 0, g: 0 }), LINES);
    expect(then.child.b).toEqual({ 0: [1], 1: [1] });
  });

  it("an in-process arm not taken counts as taken when a child ran a line inside it; the implicit else never does", () => {
    const r = reconcile(inproc({ fn: 1, body: 1, g: 0 }), child({ fn: 1, g: 1 }), LINES);
    expect(r.inproc.b).toEqual({ 0: [1, 1] });
    const none = reconcile(inproc({ fn: 1, body: 1, g: 0 }), child({ fn: 1, g: 0 }), LINES);
    expect(none.inproc.b).toEqual({ 0: [0, 1] });
  });

  it("a file one half never saw is taken from the other as it is", () => {
    const only = child({ fn: 1, g: 0 });
    const m = mergeHalves({}, { [FILE]: only }, () => {
      throw new Error("not read");
    });
    expect(lineHits(m)[7]).toBe(0);
    expect(m.fileCoverageFor(FILE).toSummary().lines.covered).toBe(8);
  });
});
