/**
 * The duplicate-key scan keeps a short list of keys per open object and turns it into a Set past 16
 * keys: a repeated key must be found either way, at any depth, escaped or not, and the same key in
 * sibling or nested objects is not a repeat.
 */
import { describe, expect, it } from "vitest";
import { findDuplicateKey } from "../../source/session/json-keys.js";

const obj = (keys: string[]) => `{${keys.map((k, i) => `"${k}":${i}`).join(",")}}`;

describe("findDuplicateKey", () => {
  it("finds a repeat in a short object and in a long one, before and after it grows past 16 keys", () => {
    const many = Array.from({ length: 40 }, (_, i) => `k${i}`);
    expect(findDuplicateKey(obj(["a", "b", "a"]))?.key).toBe("a");
    for (const at of [3, 16, 17, 39]) {
      const text = obj([...many.slice(0, at + 1), many[at === 3 ? 0 : at - 1]!, ...many.slice(at + 1)]);
      expect(findDuplicateKey(text)?.key, `repeat after ${at + 1} keys`).toBe(many[at === 3 ? 0 : at - 1]);
    }
    expect(findDuplicateKey(obj(many))).toBeUndefined();
  });

  it("names the line and column; an escaped spelling of the same key is a repeat", () => {
    expect(findDuplicateKey('{"events":[],\n "events":[1]}')).toEqual({ key: "events", line: 2, column: 2 });
    expect(findDuplicateKey('{"ab":1,"a\\u0062":2}')?.key).toBe("ab");
  });

  it("the same key in sibling and nested objects, or inside strings, is not a repeat", () => {
    expect(findDuplicateKey('{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":"\\"a\\":1"}')).toBeUndefined();
    expect(findDuplicateKey('[{"x":1,"y":2},{"x":3,"y":4}]')).toBeUndefined();
    expect(findDuplicateKey('{"a":[{"x":1}],"b":{"x":1,"x":2}}')?.key).toBe("x");
  });

  it("strings ending in escaped backslashes end there; an unterminated one ends the scan", () => {
    // The value is x\ (two backslashes written): its closing quote is not escaped.
    expect(findDuplicateKey('{"k":"x\\\\","k":1}')).toEqual({ key: "k", line: 1, column: 12 });
    // An escaped backslash then an escaped quote inside the value.
    expect(findDuplicateKey('{"a":"\\\\\\"","a":1}')?.key).toBe("a");
    expect(findDuplicateKey('{"a":1,"b')).toBeUndefined();
  });

  it("a closed inner object is left: the outer object's repeat is still found", () => {
    expect(findDuplicateKey('{"a":{"x":1},"a":2}')?.key).toBe("a");
    // Also when the inner object grew past 16 keys (its list became a Set in place).
    const long = obj(Array.from({ length: 20 }, (_, i) => `k${i}`));
    expect(findDuplicateKey(`{"o":${long},"o":1}`)?.key).toBe("o");
  });

  it("counts lines up to the key only, a newline at the very start included", () => {
    expect(findDuplicateKey('{"a":1,"a":2}')).toEqual({ key: "a", line: 1, column: 8 });
    expect(findDuplicateKey('{"a":1,"a":2\n}')).toEqual({ key: "a", line: 1, column: 8 });
    expect(findDuplicateKey('\n\n{"a":1,\n"a":2}')).toEqual({ key: "a", line: 4, column: 1 });
  });

  it("a new object starts with no key seen, whatever the first key's name", () => {
    for (const k of ["", " ", "Stryker was here", "__proto__", "constructor"])
      expect(findDuplicateKey(`{"${k}":1,"x":{"${k}":2}}`), JSON.stringify(k)).toBeUndefined();
  });
});
