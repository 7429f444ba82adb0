/**
 * jsonLine (domain/json-line.ts): the line a config error points at. Each case puts the value after
 * something the scanner must skip whole (escaped quotes, brackets inside strings, nested arrays and
 * objects spanning lines, tabs and CRLF, numbers and literals) so a value skipped short or long, or a
 * line not counted, points the lead at the wrong line.
 */
import { describe, expect, it } from "vitest";
import { jsonLine } from "../../source/domain/json-line.js";

describe("jsonLine", () => {
  it("counts lines through whitespace of every kind, CRLF included", () => {
    const text = '\r\n\t{\r\n\t"a": 1,\r\n \t"b":\r\n\r\n  2\r\n}';
    expect(jsonLine(text, [])).toBe(2);
    expect(jsonLine(text, ["a"])).toBe(3);
    // The value's own line, where a key and its value are apart.
    expect(jsonLine(text, ["b"])).toBe(6);
  });

  it("skips strings whole: escaped quotes and backslashes, brackets and commas inside", () => {
    const text = '{\n"s": "a \\"}\\\\",\n"t": "[,{:",\n"u": "\\\\"\n,"v": 1}';
    expect(jsonLine(text, ["t"])).toBe(3);
    expect(jsonLine(text, ["u"])).toBe(4);
    expect(jsonLine(text, ["v"])).toBe(5);
  });

  it("skips nested objects and arrays that span lines, and numbers and literals", () => {
    const text = [
      "{",
      '  "x": {',
      '    "y": [1,',
      "      2, {",
      '        "z": null',
      "      }],",
      '    "w": -1.5e3',
      "  },",
      '  "n": [true, false,',
      "    [], {}, [[]],",
      "    7",
      "  ],",
      '  "last": "end"',
      "}",
    ].join("\n");
    expect(jsonLine(text, ["x", "y", 2, "z"])).toBe(5);
    expect(jsonLine(text, ["x", "w"])).toBe(7);
    expect(jsonLine(text, ["n", 5])).toBe(11);
    expect(jsonLine(text, ["n", 4])).toBe(10);
    expect(jsonLine(text, ["last"])).toBe(13);
  });

  it("skips a nested object's keys and colons as such, not as bare values", () => {
    // Without spaces a key's colon runs into its string value; a brace inside that string then
    // read as the object's end would lose the place.
    expect(jsonLine('{"o":{"k":"a}b"},\n"t":1}', ["t"])).toBe(2);
  });

  it("a missing part points at the deepest part that exists", () => {
    const text = '{\n  "a": {\n    "b": 1\n  },\n  "c": [\n    1\n  ]\n}';
    expect(jsonLine(text, ["a", "nope"])).toBe(2);
    expect(jsonLine(text, ["nope", "b"])).toBe(1);
    expect(jsonLine(text, ["c", 3])).toBe(5);
    expect(jsonLine(text, ["a", "b", "deeper"])).toBe(3);
    // Into a string: its own line, not a later sibling's that the index would count to.
    expect(jsonLine('{"a": "x",\n"b": 2}', ["a", 1])).toBe(1);
    expect(jsonLine(text, ["c", 0, "x"])).toBe(6);
    expect(jsonLine("{}", ["a"])).toBe(1);
    expect(jsonLine("\n\n[]", [0])).toBe(3);
  });

  it("a key is matched by name, not by position; an index only in an array", () => {
    const text = '{\n"0": "zero",\n"1": "one"\n}';
    expect(jsonLine(text, ["1"])).toBe(3);
    expect(jsonLine(text, [1])).toBe(1);
    expect(jsonLine('[\n"a",\n"b"\n]', [1])).toBe(3);
    expect(jsonLine('[\n"a",\n"b"\n]', ["1"])).toBe(1);
  });

  it("a text cut short ends the scan where it is", () => {
    expect(jsonLine('{\n"a": [1,\n2', ["a", 5])).toBe(2);
    expect(jsonLine('{\n"a": {\n"b": 1', ["a", "c"])).toBe(2);
    expect(jsonLine('{\n"a": [\n[1,\n', ["b"])).toBe(1);
  });
});
