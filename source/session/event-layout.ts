/**
 * The bytes of golive's own layout of an event (JSON.stringify(doc, null, 1), an event at depth 2)
 * and of its canonical JSON, as event-text.ts reads the one and writes the other.
 */
export const Q = 0x22; // "
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const OPEN = 0x7b; // {
export const CLOSE = 0x7d; // }
export const MINUS = 0x2d;
export const ZERO = 0x30;
export const NINE = 0x39;

const bytes = (s: string) => Buffer.from(s, "latin1");
export const SEQ = bytes('{\n   "seq": ');
export const AT = bytes(',\n   "at": ');
export const BY = bytes(',\n   "by": ');
export const TYPE = bytes(',\n   "type": ');
export const DATA = bytes(',\n   "data": ');
export const PREV = bytes(',\n   "prev": ');
export const HASH = bytes(',\n   "hash": ');
export const END = bytes("\n  }");
export const MEMBER = bytes('\n    "');
export const KEY_END = bytes('": ');
export const DATA_END = bytes("\n   }");
export const TRUE = bytes("true");
export const FALSE = bytes("false");
export const NULL = bytes("null");
export const C_AT = bytes('{"at":');
export const C_BY = bytes(',"by":');
export const C_DATA = bytes(',"data":');
export const C_PREV = bytes(',"prev":');
export const C_SEQ = bytes(',"seq":');
export const C_TYPE = bytes(',"type":');

/** 1 for the bytes a string holds as they stand: printable ASCII but the quote and the backslash. */
export const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x80; c++) PLAIN[c] = c === Q || c === BACKSLASH ? 0 : 1;

/** Buffer's own slicers: toString's dispatch cost twice the slice on ten strings per event. */
export interface Slicing {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
