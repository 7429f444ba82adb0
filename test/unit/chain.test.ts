/**
 * The hash chain's two halves on their own: canonical JSON (the same bytes whatever order an object
 * was built in; undefined dropped in objects, null in arrays; a Date as JSON stores it) and
 * checkChain naming the first event that is out of place, edited, or does not follow its predecessor.
 */
import { describe, expect, it } from "vitest";
import { canonicalJson, checkChain, GENESIS, hashEvent } from "../../source/domain/chain.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth, drops undefined members, writes undefined in arrays as null", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, undefined, null], c: "x" }, u: undefined, n: null })).toBe(
      '{"a":{"c":"x","d":[3,null,null]},"b":1,"n":null}',
    );
    expect(canonicalJson({ z: 1, a: 2, m: 3 })).toBe(canonicalJson({ m: 3, a: 2, z: 1 }));
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson(["a", "b"])).toBe('["a","b"]');
  });

  it("a Date hashes as its ISO string, so the hash holds after the JSON round trip", () => {
    const at = new Date("2026-11-23T12:00:00.000Z");
    expect(canonicalJson(at)).toBe('"2026-11-23T12:00:00.000Z"');
    expect(hashEvent({ at })).toBe(hashEvent(JSON.parse(JSON.stringify({ at }))));
  });
});

function chain(n: number) {
  const events: { seq: number; prev: string; hash: string; data: { i: number } }[] = [];
  let prev = GENESIS;
  for (let i = 1; i <= n; i++) {
    const e = { seq: i, prev, hash: "", data: { i } };
    e.hash = hashEvent(e);
    events.push(e);
    prev = e.hash;
  }
  return events;
}

describe("checkChain", () => {
  it("accepts an intact chain and names the first problem of each kind", () => {
    expect(checkChain(chain(3))).toBeUndefined();
    const edited = chain(3);
    edited[1]!.data.i = 9;
    expect(checkChain(edited)).toEqual({
      seq: 2,
      index: 1,
      problem: "event #2 was changed after it was recorded",
    });
    const removed = chain(3);
    removed.splice(1, 1);
    expect(checkChain(removed)).toEqual({
      seq: 3,
      index: 1,
      problem: "expected event #2 here, found #3 (removed or reordered)",
    });
    // Rehashed in place but linked to the wrong predecessor: caught by prev, not by the hash.
    const relinked = chain(3);
    relinked[2]!.prev = GENESIS;
    relinked[2]!.hash = hashEvent(relinked[2]!);
    expect(checkChain(relinked)).toEqual({
      seq: 3,
      index: 2,
      problem: "event #3 does not follow the event before it (prev hash differs)",
    });
  });
});
