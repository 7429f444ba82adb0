/**
 * Two small runbook helpers called directly, exact output: runbook/flat.ts (phrasing content as one
 * string with a map back to its text nodes; a label and target before a blank) and
 * runbook/markdown-runs.ts (where a long runbook is cut into runs of sections, and the line and
 * offset arithmetic that shifts a run's positions back).
 */
import type { Nodes, PhrasingContent } from "mdast";
import { describe, expect, it } from "vitest";
import { flatten, flattenBlocks, segmentAt, splitLabel } from "../../source/runbook/flat.js";
import { endPoint, lineBreaks, lineEnd, runStarts, shift } from "../../source/runbook/markdown-runs.js";

const text = (value: string) => ({ type: "text", value }) as PhrasingContent;
const code = (value: string) => ({ type: "inlineCode", value }) as PhrasingContent;

describe("flat.ts", () => {
  it("flatten: text and inline code as segments at their offsets, a break as a newline, emphasis walked into", () => {
    const a = text("Error ");
    const b = code("rate");
    const c = text(" < 1%");
    const nodes = [
      a,
      { type: "strong", children: [b] },
      { type: "break" },
      { type: "image", url: "x", alt: "ignored" },
      c,
    ] as PhrasingContent[];
    const f = flatten(nodes);
    expect(f.text).toBe("Error rate\n < 1%");
    expect(f.segments).toEqual([
      { text: "Error ", at: 0, node: a, code: false },
      { text: "rate", at: 6, node: b, code: true },
      { text: " < 1%", at: 11, node: c, code: false },
    ]);
    expect([segmentAt(f, 0), segmentAt(f, 5), segmentAt(f, 6), segmentAt(f, 9)].map((s) => s?.at)).toEqual([
      0, 0, 6, 6,
    ]);
    // The newline belongs to no segment; past the end neither.
    expect([segmentAt(f, 10), segmentAt(f, 16)]).toEqual([undefined, undefined]);
  });

  it("flattenBlocks: each paragraph's text, containers walked into, other blocks empty, joined by a space", () => {
    const para = (v: string) => ({ type: "paragraph", children: [text(v)] });
    const blocks = [
      para("one"),
      { type: "blockquote", children: [para("two"), para("three")] },
      { type: "code", value: "not prose" },
      para("four"),
    ] as Nodes[];
    expect(flattenBlocks(blocks)).toBe("one two three  four");
  });

  it("splitLabel: the last line, its trailing arrow or colon gone; a comparison after it is the target", () => {
    expect(splitLabel("First line\nError rate < 1% → ")).toEqual({ label: "Error rate", target: "< 1%" });
    expect(splitLabel("p95   <=   200   ms:")).toEqual({ label: "p95", target: "<= 200 ms" });
    expect(splitLabel("Latency >1.5s -")).toEqual({ label: "Latency", target: ">1.5s" });
    expect(splitLabel("  Throughput :  ")).toEqual({ label: "Throughput" });
    expect(splitLabel("< 5")).toEqual({ label: "< 5" });
    expect(splitLabel("Ratio 5 > 3 x")).toEqual({ label: "Ratio 5 > 3 x" });
    expect(splitLabel("Rate ->x")).toEqual({ label: "Rate ->x" });
    expect(splitLabel("Throughput ->")).toEqual({ label: "Throughput" });
    // No space before the comparison; a word glued to it; decimals; no unit.
    expect(splitLabel("Rate<1%")).toEqual({ label: "Rate", target: "<1%" });
    expect(splitLabel("Rate x<1%")).toEqual({ label: "Rate x", target: "<1%" });
    expect(splitLabel("p95 < 1.25 s")).toEqual({ label: "p95", target: "< 1.25 s" });
    expect(splitLabel("Count > 5")).toEqual({ label: "Count", target: "> 5" });
  });

  it("splitLabel: the blank's own line whatever the line ending (\\r\\n, a lone \\r)", () => {
    expect(splitLabel("Intro\rError rate < 1% →")).toEqual({ label: "Error rate", target: "< 1%" });
    expect(splitLabel("Intro\r\nThroughput:")).toEqual({ label: "Throughput" });
    expect(splitLabel("Intro\u2028Rate < 2%")).toEqual({ label: "Intro\u2028Rate", target: "< 2%" });
  });
});

describe("markdown-runs.ts", () => {
  it("runStarts: heading lines at column 1 (any line ending), each at least runChars after the last", () => {
    const doc = "# A\nxx\n## B\r\n#C\n### D\rtext\n####### E\n# F";
    expect(runStarts(doc, 1)).toEqual([7, 16, 37]);
    expect(runStarts(doc, 1).map((i) => doc.slice(i, i + 5))).toEqual(["## B\r", "### D", "# F"]);
    // At least runChars after the previous cut (or the start): 7 is, 8 is not.
    expect(runStarts(doc, 7)).toEqual([7, 16, 37]);
    expect(runStarts(doc, 8)).toEqual([16, 37]);
    expect(runStarts(doc, 22)).toEqual([37]);
    // A heading of marks alone at the very end; after a tab; a `#` inside a line is none.
    expect(runStarts("x\n#", 1)).toEqual([2]);
    expect(runStarts("#\n#\ttab\n x # not", 1)).toEqual([2]);
    expect(runStarts("# only", 1)).toEqual([]);
    // After a lone \r; the distance is from the previous cut, not the start.
    expect(runStarts("x\r# H", 1)).toEqual([2]);
    expect(runStarts("xxxx\n# A\n# B", 5)).toEqual([5]);
  });

  it("shift: every position in the tree moved by the offset and the lines; columns kept; a node without one left", () => {
    const leaf = {
      type: "text",
      value: "x",
      position: { start: { line: 1, column: 3, offset: 2 }, end: { line: 2, column: 1, offset: 5 } },
    };
    const bare = { type: "text", value: "y" };
    const root = {
      type: "paragraph",
      children: [leaf, bare],
      position: { start: { line: 1, column: 1 }, end: { line: 2, column: 4 } },
    } as unknown as Nodes;
    shift(root, 100, 10);
    expect(root.position).toEqual({
      start: { line: 11, column: 1, offset: 100 },
      end: { line: 12, column: 4, offset: 100 },
    });
    expect(leaf.position).toEqual({
      start: { line: 11, column: 3, offset: 102 },
      end: { line: 12, column: 1, offset: 105 },
    });
    expect(bare).toEqual({ type: "text", value: "y" });
  });

  it("lineBreaks, lineEnd, endPoint: \\n, \\r\\n and a lone \\r each end one line", () => {
    const s = "a\nb\r\nc\rd";
    expect(lineBreaks(s, 0, s.length)).toBe(3);
    expect(lineBreaks(s, 2, 4)).toBe(0);
    expect(lineBreaks(s, 2, 5)).toBe(1);
    expect(lineBreaks(s, 4, 5)).toBe(1);
    expect(lineBreaks("\r", 0, 1)).toBe(1);
    expect([lineEnd(s, 0), lineEnd(s, 2), lineEnd(s, 5), lineEnd(s, 7), lineEnd("x\r", 0)]).toEqual([
      2, 5, 7, 8, 2,
    ]);
    expect(endPoint(s, 4, 0)).toEqual({ line: 7, column: 2, offset: 8 });
    expect(endPoint("ab\n", 1, 0)).toEqual({ line: 2, column: 1, offset: 3 });
    expect(endPoint("ab\rcd", 1, 3)).toEqual({ line: 1, column: 3, offset: 5 });
    expect(endPoint("abc", 1, 0)).toEqual({ line: 1, column: 4, offset: 3 });
  });
});
