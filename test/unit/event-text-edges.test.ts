/**
 * session/event-text.ts at its edges, as `golive verify` calls it: a piece inside the whole session
 * document (bytes before and after it), values at the limits of what the path reads (a 15-digit
 * integer, a one-digit negative, `false`, a 9, a string longer than the output buffer, non-ASCII
 * members), and texts that are not JSON at all, which it must never read (the caller then parses
 * them and reports the error). event-text.test.ts checks the path against JSON.parse on whole texts;
 * these are the cases its generator seldom or never makes.
 */
import { describe, expect, it } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import { readEventText } from "../../source/session/event-text.js";

function pieceOf(e: unknown): string {
  const whole = JSON.stringify({ events: [e] }, null, 1);
  return whole.slice('{\n "events": [\n  '.length, -"\n ]\n}".length);
}

const HEX = "0123456789abcdef".repeat(4);
// Its members in the order golive writes them (the path reads that layout only); assigning a
// member keeps its place.
const BASE = `{"seq":7,"at":"2026-11-23T11:00:00.000Z","by":"ann","type":"note.added","data":{},"prev":"${HEX}","hash":"${HEX}"}`;
const event = (data: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  Object.assign(JSON.parse(BASE), { data }, more);

/** The path's answer for `text` alone, checked against JSON.parse and hashEvent when it reads it. */
function read(text: string) {
  const buf = Buffer.from(text);
  const r = readEventText(buf, 0, buf.length, true);
  if (r) {
    const parsed = JSON.parse(text);
    expect(r.event).toStrictEqual(parsed);
    expect(r.hash).toBe(hashEvent(parsed));
  }
  return r;
}

describe("readEventText inside a document", () => {
  it("reads a piece between other bytes exactly as it reads it alone", () => {
    const pieces = [event({ text: "a" }), event({ n: 1, ok: false }, { seq: 8 }), event({})].map(pieceOf);
    const doc = Buffer.from(`{\n "events": [\n  ${pieces.join(",\n  ")}\n ]\n}`);
    let at = doc.indexOf("{", 1);
    for (const piece of pieces) {
      const n = Buffer.byteLength(piece);
      const r = readEventText(doc, at, at + n, true);
      expect(r).toStrictEqual(read(piece));
      expect(r).toBeDefined();
      at += n + ",\n  ".length;
    }
  });

  it("a piece cut short is refused even when the bytes after its end would complete it", () => {
    const piece = pieceOf(event({ text: "abc", n: 42 }));
    const doc = Buffer.from(`${piece},\n  ${piece}`);
    const whole = Buffer.byteLength(piece);
    for (const cut of [
      whole - 1,
      whole - "\n  }".length,
      piece.indexOf('"abc"') + 3,
      piece.indexOf("42") + 1,
      piece.indexOf('"ann"') + 2,
    ]) {
      expect(readEventText(doc, 0, cut, true), String(cut)).toBeUndefined();
      expect(read(piece.slice(0, cut)), String(cut)).toBeUndefined();
    }
  });
});

describe("readEventText values at the path's limits", () => {
  it("reads a 15-digit integer, a one-digit negative, a 9, false, true and null", () => {
    for (const data of [
      { n: 123456789012345 },
      { n: -123456789012345 },
      { n: -5 },
      { n: 9 },
      { n: 95 },
      { n: 0 },
      { ok: false },
      { ok: true, none: null },
    ])
      expect(read(pieceOf(event(data))), JSON.stringify(data)).toBeDefined();
    expect(read(pieceOf(event({}, { seq: 123456789012345 })))).toBeDefined();
    // 16 digits may be past 2^53: JSON.stringify could write another number.
    expect(read(pieceOf(event({ n: 1234567890123456 })))).toBeUndefined();
  });

  it("reads a string longer than its output buffer, alone and after a short event", () => {
    for (const n of [300, 5000, 20_000]) {
      expect(read(pieceOf(event({ text: "x".repeat(n) }))), String(n)).toBeDefined();
      expect(read(pieceOf(event({ text: "short" })))).toBeDefined();
    }
  });

  it("reads non-ASCII in every string member as UTF-8, not byte by byte", () => {
    for (const more of [
      { at: "2026-11-23T11:00:00.000Z é" },
      { by: "zoë" },
      { by: "renée" },
      { type: "note.ajouté" },
      { prev: "prév" },
      { hash: "hâsh" },
    ]) {
      const r = read(pieceOf(event({ text: "ü" }, more)));
      expect(r, JSON.stringify(more)).toBeDefined();
      expect(r!.event).toMatchObject(more);
    }
  });
});

describe("readEventText reads golive's whole layout only", () => {
  it("an event with a member left out is JSON, but not read here (its value would be made up)", () => {
    read(pieceOf(event({ text: "x" }, { by: "bob" })));
    const base = pieceOf(event({ text: "abc" }));
    for (const gone of [',\n   "by": "ann"', ',\n   "type": "note.added"', `,\n   "prev": "${HEX}"`]) {
      const text = base.replace(gone, "");
      expect(text).not.toBe(base);
      expect(() => JSON.parse(text)).not.toThrow();
      expect(read(text), gone).toBeUndefined();
    }
  });
});

describe("readEventText never reads what is not JSON", () => {
  const base = pieceOf(event({ text: "abc", n: 5 }));
  it.each([
    ["a member's value without quotes", base.replace('"at": "2026', '"at": 2026')],
    ["a member's value with only its closing quote", base.replace('"at": "2026', '"at": 2026"x')],
    ["a member with no value", base.replace('"at": "2026-11-23T11:00:00.000Z"', '"at": ')],
    ["a member's name missing", base.replace('",\n   "by": "ann"', '""ann"')],
    ["data that is not an object", base.replace('"data": {', '"data": x')],
    ["data that is not an object, closed", base.replace(/"data": \{[^}]*\}/, '"data": x}')],
    ["a data member with no value", base.replace('"n": 5', '"n": ,\n    "m": 5')],
    ["a data member with no value, last", base.replace('"n": 5', '"n": ')],
    ["an unterminated string at the end", base.slice(0, base.indexOf('"abc"') + 3)],
  ])("%s", (_, text) => {
    expect(text).not.toBe(base);
    expect(() => JSON.parse(text)).toThrow();
    expect(read(text)).toBeUndefined();
  });
});
