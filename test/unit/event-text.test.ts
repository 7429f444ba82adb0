/**
 * An event read straight from its bytes (session/event-text.ts) is exactly what JSON.parse of its
 * text gives, its hash exactly hashEvent of that, and its text holds no duplicate key; or it is not
 * read at all (the caller parses and hashes the piece as always). Each refusal below is one the
 * path must make: without it, a text whose copied bytes are not canonical JSON (an escape, a
 * non-canonical number, a duplicate or non-ASCII key, bytes that are not UTF-8) would get a hash the
 * whole-document path never gives, or a duplicate key would pass unseen.
 */
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import { readEventText } from "../../source/session/event-text.js";
import { findDuplicateKey } from "../../source/session/json-keys.js";

/** An event's text as a session document holds it (JSON.stringify(doc, null, 1), inside `events`). */
function pieceOf(e: unknown): string {
  const whole = JSON.stringify({ events: [e] }, null, 1);
  return whole.slice('{\n "events": [\n  '.length, -"\n ]\n}".length);
}

/** "read" when the path read it, and then it agrees with JSON.parse and hashEvent; else "refused". */
function readOrRefused(text: string | Buffer, validUtf8 = true): "read" | "refused" {
  const buf = typeof text === "string" ? Buffer.from(text) : text;
  const r = readEventText(buf, 0, buf.length, validUtf8);
  if (!r) return "refused";
  const s = buf.toString("utf8");
  const parsed = JSON.parse(s);
  expect(isDeepStrictEqual(r.event, parsed), s).toBe(true);
  expect(JSON.stringify(r.event), s).toBe(JSON.stringify(parsed));
  expect(r.hash, s).toBe(hashEvent(parsed));
  expect(findDuplicateKey(s), s).toBeUndefined();
  return "read";
}

const HEX = "0123456789abcdef".repeat(4);
const plain = (data: Record<string, unknown>, seq = 7) => ({
  seq,
  at: "2026-11-23T11:00:00.000Z",
  by: "ann",
  type: "note.added",
  data,
  prev: HEX,
  hash: HEX,
});

describe("readEventText", () => {
  it("reads the events a session is made of, sorted or not, ASCII or not", () => {
    for (const data of [
      { text: "note 4" },
      { item: "i4" },
      { field: "f3", value: "2", source: "manual" },
      {},
      { text: "héllo — ✓ 😀", n: -12, ok: true, none: null, z: 0 },
    ])
      expect(readOrRefused(pieceOf(plain(data)))).toBe("read");
    // More members than the path holds go the general way; so does the session's first event.
    for (const data of [
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${String(20 - i).padStart(2, "0")}`, i])),
      { id: "s", runbook: { file: "r.md" } },
    ])
      expect(readOrRefused(pieceOf(plain(data)))).toBe("refused");
  });

  it("refuses what only the parse and the general hash can say", () => {
    const base = pieceOf(plain({ text: "abc", n: 5 }));
    const edits = [
      // Escapes: JSON.stringify writes the parsed string differently (or the same, but not as copied).
      base.replace('"abc"', '"a\\u0062c"'),
      base.replace('"abc"', '"a\\/c"'),
      base.replace('"abc"', '"a\\"c"'),
      base.replace('"ann"', '"\\u0061nn"'),
      // Numbers JSON.stringify writes otherwise: 5.0 → 5, 5e0 → 5, -0 → 0, past 2^53 rounded.
      base.replace('"n": 5', '"n": 5.0'),
      base.replace('"n": 5', '"n": 5e0'),
      base.replace('"n": 5', '"n": -0'),
      base.replace('"n": 5', '"n": 12345678901234567'),
      base.replace('"seq": 7', '"seq": 1234567890123456789'),
      // A duplicate key (JSON.parse keeps the last: the first would be hashed, or hidden).
      base.replace('"n": 5', '"n": 5,\n    "n": 6'),
      base.replace('"n": 5', '"n": 5,\n    "m": 1,\n    "n": 6'),
      // `__proto__` is an own key to JSON.parse, a prototype to an assignment.
      base.replace('"n": 5', '"__proto__": 5'),
      // A nested value, another layout.
      base.replace('"n": 5', '"n": {\n     "x": 1\n    }'),
      base.replace('"seq": 7,', '"seq": 7 ,'),
      base.replace(/\n {3}/g, "\n  "),
    ];
    for (const text of edits) {
      expect(text).not.toBe(base);
      expect(() => JSON.parse(text), text).not.toThrow();
      expect(readOrRefused(text), text).toBe("refused");
    }
    // Keys out of UTF-16 order once UTF-8 bytes are compared (U+FF01 sorts after U+D83D as UTF-16).
    expect(readOrRefused(pieceOf(plain({ "\uff01": 1, "😀": 2 })))).toBe("refused");
    expect(readOrRefused(pieceOf(plain({ "😀": 2, "\uff01": 1 })))).toBe("refused");
  });

  it("never reads what JSON.parse refuses, nor bytes that are not UTF-8", () => {
    const base = pieceOf(plain({ text: "abc" }));
    for (const text of [
      base.replace('"abc"', '"a\tc"'),
      base.replace('"abc"', '"a\nc"'),
      base.replace('"seq": 7', '"seq": 07'),
      base.replace('"abc"', "01"),
      base.replace('"abc"', "-"),
      base.replace('"abc"', "tru"),
      base.slice(0, -1),
      `${base} `,
    ])
      expect(readEventText(Buffer.from(text), 0, Buffer.byteLength(text), true)).toBeUndefined();
    // A lone continuation byte: the document's text decodes it as U+FFFD, so its bytes are not the
    // canonical JSON of the parsed event. Only bytes known to be valid UTF-8 are copied.
    const bytes = Buffer.from(base.replace("abc", "a~c"));
    bytes[bytes.indexOf("~")] = 0x80;
    expect(readEventText(bytes, 0, bytes.length, false)).toBeUndefined();
    expect(readOrRefused(bytes, false)).toBe("refused");
  });

  it("agrees with JSON.parse and hashEvent, or refuses, for any event", () => {
    const key = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.string({ unit: "grapheme", maxLength: 3 }),
      fc.constantFrom("__proto__", "10", "9", "a", "B", "é", "😀", "\uff01", "text", "value"),
    );
    const leaf = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 8 }),
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.integer(),
      fc.maxSafeInteger(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(-0),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
    );
    const text = fc.oneof(fc.constantFrom("ann", "note.added", "2026-11-23T11:00:00.000Z", HEX), fc.string());
    const event = fc.record({
      seq: fc.oneof(fc.nat(), fc.maxSafeInteger(), fc.double()),
      at: text,
      by: text,
      type: text,
      data: fc.array(fc.tuple(key, leaf), { maxLength: 6 }),
      prev: text,
      hash: text,
    });
    let read = 0;
    fc.assert(
      fc.property(event, (e) => {
        const data: Record<string, unknown> = {};
        for (const [k, v] of e.data)
          Object.defineProperty(data, k, { value: v, enumerable: true, writable: true });
        if (readOrRefused(pieceOf({ ...e, data })) === "read") read++;
      }),
      { numRuns: 2000 },
    );
    expect(read).toBeGreaterThan(100);
  });

  it("a text that still chains with a duplicate key is refused here, so the duplicate is found", () => {
    // The hash an editor would write for the bytes as they stand: the path must not accept it.
    const e = plain({ text: "real" });
    const text = pieceOf(e).replace('"text": "real"', '"text": "hidden",\n    "text": "real"');
    const bytes = `{"at":"${e.at}","by":"ann","data":{"text":"hidden","text":"real"},"prev":"${HEX}","seq":7,"type":"note.added"}`;
    const forged = text.replace(
      `"hash": "${HEX}"`,
      `"hash": "${createHash("sha256").update(bytes).digest("hex")}"`,
    );
    expect(findDuplicateKey(forged)).toBeDefined();
    expect(readEventText(Buffer.from(forged), 0, Buffer.byteLength(forged), true)).toBeUndefined();
  });
});
