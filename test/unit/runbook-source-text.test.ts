/**
 * SourceText: every offset's line and column against a count done by hand, spans, a node's position
 * (and the defaults when it has none), and errors at a node or a position. In memory.
 */
import type { Nodes } from "mdast";
import { describe, expect, it } from "vitest";
import { InputError } from "../../source/domain/errors.js";
import { SourceText } from "../../source/runbook/source-text.js";

/** Line and column of each offset, counted one character at a time. */
function byHand(src: string, offset: number) {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (src[i] === "\n") {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}

describe("SourceText.lineCol", () => {
  it.each(["", "a", "\n", "\n\n\n", "ab\ncd\n", "# T\n\n- [ ] a\n  x\n\n\nlast", "x\n".repeat(37)])(
    "every offset of %j, the end included",
    (src) => {
      const s = new SourceText("f.md", src);
      for (let o = 0; o <= src.length; o++) expect(s.lineCol(o), `offset ${o}`).toEqual(byHand(src, o));
    },
  );

  it("asked in any order, the index built once gives the same answers", () => {
    const src = "one\ntwo\n\nfour\nfive";
    const s = new SourceText("f.md", src);
    for (const o of [17, 0, 9, 4, 3, 8, 13, 14]) expect(s.lineCol(o)).toEqual(byHand(src, o));
  });
});

describe("SourceText.span, pos, err", () => {
  const src = "# T\n\nab ____ cd\n";
  const s = new SourceText("rb.md", src);

  it("a span: line and column of its start, offsets of both ends", () => {
    expect(s.span(8, 4)).toEqual({ line: 3, column: 4, start: 8, end: 12 });
    expect(s.span(0, 0)).toEqual({ line: 1, column: 1, start: 0, end: 0 });
  });

  it("a node's position, or line 1 column 1 and no offsets without one", () => {
    const node = {
      type: "text",
      value: "ab",
      position: { start: { line: 3, column: 1, offset: 5 }, end: { line: 3, column: 3, offset: 7 } },
    } as Nodes;
    expect(s.pos(node)).toEqual({ line: 3, column: 1, start: 5, end: 7 });
    expect(s.pos({ type: "text", value: "x" } as Nodes)).toEqual({ line: 1, column: 1, start: 0, end: 0 });
    const partial = {
      type: "text",
      value: "x",
      position: { start: { line: 2, column: 4 }, end: { line: 2, column: 5 } },
    };
    expect(s.pos(partial as Nodes)).toEqual({ line: 2, column: 4, start: 0, end: 0 });
  });

  it("an error at a node or at a position, as file:line:col", () => {
    const node = {
      type: "text",
      value: "ab",
      position: { start: { line: 3, column: 2, offset: 6 }, end: { line: 3, column: 3, offset: 7 } },
    } as Nodes;
    const e = s.err(node, "bad blank");
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe("rb.md:3:2: bad blank");
    expect(s.err({ line: 7, column: 9, start: 0, end: 0 }, "there").message).toBe("rb.md:7:9: there");
    expect(s.err({ type: "text", value: "" } as Nodes, "nowhere").message).toBe("rb.md:1:1: nowhere");
  });
});
