/**
 * known-strings.ts: the string of a slice's bytes, made once per distinct short slice (a session's
 * who, types and keys: a hundred thousand events would otherwise make as many strings). Each test
 * takes a fresh module (an empty cache) and counts the slices made through the buffer's own
 * latin1Slice, which is what the cache saves.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

let knownString: (buf: Buffer, from: number, to: number) => string;
beforeEach(async () => {
  vi.resetModules();
  ({ knownString } = await import("../../source/session/known-strings.js"));
});

/** `text`'s bytes in a Buffer that counts the strings made from it. */
function counted(text: string) {
  const buf = Buffer.from(text, "latin1");
  const c = { slices: 0 };
  const own = (buf as unknown as { latin1Slice(a: number, b: number): string }).latin1Slice;
  Object.defineProperty(buf, "latin1Slice", {
    value(from: number, to: number) {
      c.slices++;
      return own.call(buf, from, to);
    },
  });
  return { buf, c };
}

describe("knownString", () => {
  it("is the slice's text, made once for bytes seen before wherever they stand", () => {
    const a = counted("ab");
    expect(knownString(a.buf, 0, 2)).toBe("ab");
    expect(knownString(a.buf, 0, 2)).toBe("ab");
    expect(a.c.slices).toBe(1);
    // The same bytes elsewhere, at a buffer's end or in its middle.
    const b = counted("xyab");
    expect(knownString(b.buf, 2, 4)).toBe("ab");
    const m = counted("xaby");
    expect(knownString(m.buf, 1, 3)).toBe("ab");
    expect(b.c.slices + m.c.slices).toBe(0);
    expect(knownString(counted("").buf, 0, 0)).toBe("");
  });

  it("never answers another string of the same length or of other bytes", () => {
    expect(knownString(counted("abcdef").buf, 0, 6)).toBe("abcdef");
    expect(knownString(counted("ab").buf, 0, 2)).toBe("ab");
    // The slice's own bytes: not those around it, nor the cached ones of another length.
    expect(knownString(counted("ababcdef").buf, 2, 4)).toBe("ab");
    expect(knownString(counted("baX").buf, 1, 3)).toBe("aX");
    expect(knownString(counted("aZ").buf, 0, 2)).toBe("aZ");
    expect(knownString(counted("Zb").buf, 0, 2)).toBe("Zb");
  });

  it("makes a slice over 32 bytes every time; 32 bytes or fewer once", () => {
    const long = counted("L".repeat(33));
    knownString(long.buf, 0, 33);
    knownString(long.buf, 0, 33);
    expect(long.c.slices).toBe(2);
    const edge = counted("E".repeat(32));
    knownString(edge.buf, 0, 32);
    expect(knownString(edge.buf, 0, 32)).toBe("E".repeat(32));
    expect(edge.c.slices).toBe(1);
  });

  it("keeps the first 64 distinct slices only", () => {
    const names = Array.from({ length: 65 }, (_, i) => `k${String(i).padStart(2, "0")}`);
    const bufs = names.map(counted);
    for (const b of bufs) knownString(b.buf, 0, 3);
    for (const [i, b] of bufs.entries()) expect(knownString(b.buf, 0, 3)).toBe(names[i]);
    expect(bufs.map((b) => b.c.slices)).toEqual([...Array(64).fill(1), 2]);
  });
});
