/**
 * Which path canonicalJson and hashEvent take, seen from outside: the fast path hands the whole value
 * (itself when its keys are already sorted, else one sorted copy) to a single native JSON.stringify;
 * the key-by-key path calls it once per key and leaf. chain-fast-path.test.ts proves both write the
 * same bytes; this pins that the shapes the fast path is for (most recorded data: small objects,
 * sorted or not, in arrays, to 33 levels deep; an event of event keys only) take it, and those it must
 * not take (a Date, a class instance, a function, `__proto__`, integer-like keys, deeper nesting) do not.
 * (Stryker, domain-chain: the fast path's give-up and copy mutants, which change only this.)
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { canonicalJson, hashEvent } from "../../source/domain/chain.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** The arguments of every JSON.stringify call while `run` runs, and its result. */
function stringifyCalls(run: () => string): { out: string; args: unknown[] } {
  const spy = vi.spyOn(JSON, "stringify");
  const out = run();
  const args = spy.mock.calls.map((c) => c[0]);
  spy.mockRestore();
  return { out, args };
}

/** `levels` objects, each the only value of the one before it: {"a":{"a":…{"a":1}}}. */
function nested(levels: number, wrap: (inner: unknown) => unknown = (inner) => ({ a: inner })): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = wrap(v);
  return v;
}

describe("canonicalJson: one native stringify for the shapes the fast path is for", () => {
  it("an object already sorted, with every kind of leaf, is handed over as it is", () => {
    const value = { a: "s", b: 1.5, c: true, d: null, e: undefined, f: [1, "x", false, null], g: { h: 2 } };
    const { out, args } = stringifyCalls(() => canonicalJson(value));
    expect(args).toHaveLength(1);
    expect(args[0]).toBe(value);
    expect(out).toBe('{"a":"s","b":1.5,"c":true,"d":null,"f":[1,"x",false,null],"g":{"h":2}}');
  });

  it("an array of sorted objects is handed over as it is", () => {
    const value = [{ a: 1, b: 2 }, { c: [3] }, "x", 4];
    const { args } = stringifyCalls(() => canonicalJson(value));
    expect(args).toHaveLength(1);
    expect(args[0]).toBe(value);
  });

  it("an object without a prototype, keys in order, is handed over as it is", () => {
    const value = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: [2] });
    const { out, args } = stringifyCalls(() => canonicalJson(value));
    expect(args).toHaveLength(1);
    expect(args[0]).toBe(value);
    expect(out).toBe('{"a":1,"b":[2]}');
  });

  it("an object out of order, or holding one, becomes one sorted copy", () => {
    const flat = { b: 1, a: 2 };
    const one = stringifyCalls(() => canonicalJson(flat));
    expect(one.args).toHaveLength(1);
    expect(one.args[0]).not.toBe(flat);
    expect(one.out).toBe('{"a":2,"b":1}');
    const inner = { y: { d: 1, c: 2 } };
    const deep = stringifyCalls(() => canonicalJson(inner));
    expect(deep.args).toHaveLength(1);
    expect(deep.out).toBe('{"y":{"c":2,"d":1}}');
    const list = [{ b: 1, a: 2 }, "x"];
    const arr = stringifyCalls(() => canonicalJson(list));
    expect(arr.args).toHaveLength(1);
    expect(arr.out).toBe('[{"a":2,"b":1},"x"]');
  });

  it("33 levels of objects or arrays take the fast path, 34 the key-by-key one", () => {
    // The key-by-key path writes the outer levels itself and hands an inner one to canonicalJson,
    // which starts at depth 0 again: so never the whole value in one call.
    const whole = (value: unknown) => {
      const { args } = stringifyCalls(() => canonicalJson(value));
      return args.length === 1 && args[0] === value;
    };
    expect([whole(nested(33)), whole(nested(34))]).toEqual([true, false]);
    const inArrays = (n: number) => nested(n, (inner) => [inner]);
    expect([whole(inArrays(33)), whole(inArrays(34))]).toEqual([true, false]);
    // Out of order at every level: each level's copy is made at its own depth.
    const unsorted = (n: number) => nested(n, (inner) => ({ b: inner, a: 0 }));
    const calls = (n: number) => stringifyCalls(() => canonicalJson(unsorted(n))).args.length;
    expect(calls(33)).toBe(1);
    expect(calls(34)).toBeGreaterThan(1);
  });

  it("what only the key-by-key path writes right goes that way", () => {
    for (const value of [
      { a: new Date(0) },
      { a: () => 1 },
      {
        a: new (class K {
          x = 1;
        })(),
      },
      { a: "y", 10: "x", 9: "z" },
      JSON.parse('{"b":1,"__proto__":2}'),
    ]) {
      expect(stringifyCalls(() => canonicalJson(value)).args.length, JSON.stringify(value)).toBeGreaterThan(
        1,
      );
    }
  });
});

describe("canonicalJson walks each member once", () => {
  it("keys out of order at every level: one read a level, where walking each copy again read 2^levels", () => {
    // 18 levels of { b: <next level>, a: 0 }, each `b` a getter that counts its reads. Before the fix
    // the sorted copy walked its members again, so the deepest `b` was read 2^17 times.
    let reads = 0;
    let v: unknown = 1;
    for (let i = 0; i < 18; i++) {
      const inner = v;
      const level = {};
      Object.defineProperty(level, "b", {
        enumerable: true,
        get: () => {
          reads++;
          return inner;
        },
      });
      v = Object.assign(level, { a: 0 });
    }
    expect(canonicalJson(v)).toBe(`${'{"a":0,"b":'.repeat(18)}1${"}".repeat(18)}`);
    // One read a level in the walk, and one more at the deepest: its 1 goes into the copy as read.
    expect(reads).toBe(19);
  });
});

describe("hashEvent: one native stringify for an event of event keys only", () => {
  const event = {
    seq: 1,
    at: "2026-12-04T00:00:00.000Z",
    type: "note",
    by: "ana",
    prev: "0",
    data: { z: 1, a: 2 },
  };

  it("with or without its own hash, the fields go through one stringify, in sorted key order", () => {
    const bare = stringifyCalls(() => hashEvent(event));
    expect(bare.args).toEqual([
      { at: event.at, by: "ana", data: { a: 2, z: 1 }, prev: "0", seq: 1, type: "note" },
    ]);
    expect(Object.keys(bare.args[0] as object)).toEqual(["at", "by", "data", "prev", "seq", "type"]);
    const hashed = stringifyCalls(() => hashEvent({ ...event, hash: bare.out }));
    expect(hashed.args).toHaveLength(1);
    expect(hashed.out).toBe(bare.out);
  });

  it("an event with a key of its own is hashed key by key", () => {
    expect(stringifyCalls(() => hashEvent({ ...event, extra: 1 })).args.length).toBeGreaterThan(1);
  });
});
