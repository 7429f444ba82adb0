/**
 * session/event-text.ts on pieces cut short or with one byte forged, where read-doc.ts hands them
 * over: inside the buffer it streams a document through, the header before the first piece and the
 * next piece after it, or the piece moved to byte 0 once the buffer is compacted. Every cut and
 * every forged byte must be refused or read exactly as JSON.parse reads that text, with
 * hashEvent's hash: a truncated or edited event must never be read as another one.
 */
import { isUtf8 } from "node:buffer";
import { describe, expect, it } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import { readEventText } from "../../source/session/event-text.js";

const HEX = "0123456789abcdef".repeat(4);
// golive's event: the seven plain keys in the order it writes them.
const event = (seq: number, data: Record<string, unknown>) =>
  Object.assign(JSON.parse(`{"seq":0,"at":"2026-11-23T11:00:00.000Z","by":"ann","type":"note.added"}`), {
    seq,
    data,
    prev: HEX,
    hash: HEX,
  });
const DOC = JSON.stringify(
  {
    format: "golive.session/2",
    id: "s-1",
    events: [event(1, { id: "s-1", n: -12, ok: true, none: null, text: "ü" }), event(2, {})],
  },
  null,
  1,
);
const FIRST = DOC.indexOf("{", 1);
const SECOND = DOC.indexOf('{\n   "seq": 2');
const FIRST_END = DOC.lastIndexOf("}", SECOND) + 1;

/**
 * The answer for buf[start, stop), told whether the buffer is valid UTF-8 as read-doc tells it:
 * refused, or exactly what JSON.parse and hashEvent make of the text.
 */
function check(buf: Buffer, start: number, stop: number, what: string): boolean {
  const r = readEventText(buf, start, stop, isUtf8(buf));
  if (!r) return false;
  const text = buf.toString("utf8", start, stop);
  let parsed: unknown;
  expect(() => {
    parsed = JSON.parse(text);
  }, what).not.toThrow();
  expect(r.event, what).toStrictEqual(parsed);
  expect(r.hash, what).toBe(hashEvent(parsed as Parameters<typeof hashEvent>[0]));
  return true;
}

// The bytes that change what a piece means: quotes, escapes, braces, separators, digits, signs,
// white space, a byte that is not ASCII, and letters of the literals.
const FORGED = [0x22, 0x5c, 0x7b, 0x7d, 0x2c, 0x3a, 0x30, 0x39, 0x2d, 0x20, 0x0a, 0xc3, 0x74, 0x6e, 0x5b];

describe("readEventText on pieces cut or forged where read-doc reads them", () => {
  // The piece where the first chunk holds it (header before, the next piece after), and at byte 0
  // of a compacted buffer with the rest of the document after it.
  const places = [
    { name: "in the document", buf: Buffer.from(DOC), start: Buffer.byteLength(DOC.slice(0, FIRST)) },
    { name: "compacted", buf: Buffer.from(DOC.slice(FIRST)), start: 0 },
  ];
  const length = Buffer.byteLength(DOC.slice(FIRST, FIRST_END));

  it("reads the piece whole in both places", () => {
    for (const { name, buf, start } of places) expect(check(buf, start, start + length, name)).toBe(true);
  });

  it("refuses every cut of it, though the bytes after the cut would complete it", () => {
    for (const { name, buf, start } of places)
      for (let stop = start; stop < start + length; stop++)
        expect(check(buf, start, stop, `${name}, cut at ${stop - start}`)).toBe(false);
  });

  it("refuses a byte forged anywhere, or reads exactly what the forged text says", () => {
    let read = 0;
    for (const { name, buf, start } of places)
      for (let i = start; i < start + length; i++)
        for (const byte of FORGED) {
          if (buf[i] === byte) continue;
          const forged = Buffer.from(buf);
          forged[i] = byte;
          if (check(forged, start, start + length, `${name}, byte ${i - start} → ${byte}`)) read++;
        }
    // Some forged texts are still golive's layout (another digit, another letter in a string).
    expect(read).toBeGreaterThan(100);
  });
});
