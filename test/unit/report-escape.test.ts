/**
 * The HTML record's one escaper and its data block (domain/report/escape.ts): everything from data
 * becomes text, never markup, and the embedded JSON export can neither end its script block nor
 * stop being the record `golive verify` parses back.
 */
import { describe, expect, it } from "vitest";
import { h, jsonBlock, rowId } from "../../source/domain/report/escape.js";

describe("h", () => {
  it("turns each markup character into its entity, and only those", () => {
    expect(h(`a<b>&"c'd`)).toBe("a&lt;b&gt;&amp;&quot;c&#39;d");
    expect(h("<<>>&&")).toBe("&lt;&lt;&gt;&gt;&amp;&amp;");
    expect(h("plain text · ✓ 10 %")).toBe("plain text · ✓ 10 %");
  });

  it("shows terminal controls and bidi overrides the way the terminal does", () => {
    expect(h("\u001b]52;c;eA==\u0007\u202eevil")).toBe("\\e]52;c;eA==\\a\\u202eevil");
  });

  it("numbers as written; null and undefined as nothing", () => {
    expect(h(12.5)).toBe("12.5");
    expect(h(0)).toBe("0");
    expect(h(null)).toBe("");
    expect(h(undefined)).toBe("");
  });
});

describe("jsonBlock", () => {
  it("no string can close the script block or open a comment, and it parses back to the value", () => {
    const value = { a: "</script><script>x()</script>", b: "<!-- c", d: "line\u2028sep\u2029para", n: 1 };
    const block = jsonBlock(value);
    expect(block).not.toMatch(/[<\u2028\u2029]/);
    expect(block).toBe(
      '{"a":"\\u003c/script>\\u003cscript>x()\\u003c/script>","b":"\\u003c!-- c","d":"line\\u2028sep\\u2029para","n":1}',
    );
    expect(JSON.parse(block)).toEqual(value);
  });
});

it("rowId names an event's row by its seq", () => {
  expect(rowId(42)).toBe("e-42");
});
