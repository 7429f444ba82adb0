/**
 * The hand-written shape check (session/shape.ts) may only ever accept what the zod schema accepts:
 * whatever it lets through skips zod entirely. Every field of a valid document is replaced by
 * wrong values, removed, or joined by an extra key, and the two must never disagree in that
 * direction; a valid document must take the fast path (or the check is pointless).
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { GENESIS, hashEvent } from "../../source/domain/chain.js";
import { parseDocument, SAFE_ID, SESSION_FORMATS } from "../../source/session/document.js";
import { documentSchema } from "../../source/session/schema.js";
import { certainlyValidDocument, isTime, validEvent } from "../../source/session/shape.js";

function validDoc(): Record<string, unknown> {
  const events: Record<string, unknown>[] = [];
  let prev = GENESIS;
  const push = (e: Record<string, unknown>) => {
    const withPrev = { ...e, prev };
    const sealed = { ...withPrev, hash: hashEvent(withPrev) };
    events.push(sealed);
    prev = sealed.hash;
  };
  push({
    seq: 1,
    at: "2026-11-23T12:00:00.000Z",
    by: "lead",
    type: "session.created",
    data: { id: "s-1", t0: "2026-11-23T12:00:00.000Z", format: "golive.session/2" },
  });
  push({ seq: 2, at: "2026-11-23T12:00:01.000Z", by: "ann", type: "item.checked", data: { item: "i1" } });
  push({
    seq: 3,
    at: "2026-11-23T12:00:02.000Z",
    by: "ann",
    type: "note.added",
    data: { text: "x" },
    amendment: { why: "late" },
    merged: { from: "f", at: "2026-11-23T12:00:02.000Z", record: "r" },
  });
  return JSON.parse(JSON.stringify({ format: "golive.session/2", id: "s-1", events }));
}

const wrong = [
  undefined,
  null,
  "",
  "x",
  "2026-13-45",
  0,
  -1,
  1.5,
  2 ** 60,
  Number.NaN,
  true,
  [],
  {},
  { why: "" },
  { why: "ok", extra: 1 },
  { from: "f", at: "a" },
  "a".repeat(64),
  "0".repeat(63),
  "A".repeat(64),
  "../x",
  "a".repeat(129),
  "golive.session/9",
  "item.exploded",
];

const eventKeys = [
  "seq",
  "at",
  "by",
  "type",
  "data",
  "prev",
  "hash",
  "amendment",
  "merged",
  "extra",
  "__proto__",
];
const docKeys = ["format", "id", "events", "extra"];

/** One event with the fewest keys, `o` over them (its chain not checked: the shape only). */
const bare = (o: Record<string, unknown> = {}) => ({
  seq: 1,
  at: "2026-11-23T12:00:00.000Z",
  by: "a",
  type: "note.added",
  data: {},
  prev: GENESIS,
  hash: GENESIS,
  ...o,
});

describe("the hand-written session shape check", () => {
  it("accepts a valid document, as zod does (the fast path is taken)", () => {
    const doc = validDoc();
    expect(documentSchema.safeParse(doc).success).toBe(true);
    expect(certainlyValidDocument(doc, SESSION_FORMATS, SAFE_ID)).toBe(true);
    expect(parseDocument("s.json", doc).events).toHaveLength(3);
  });

  it("never accepts what zod refuses: any field wrong, missing or extra", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: -1, max: wrong.length - 1 }),
        (atDoc, index, keyAt, valueAt) => {
          const doc = validDoc();
          const target = atDoc ? doc : (doc.events as Record<string, unknown>[])[index]!;
          const keys = atDoc ? docKeys : eventKeys;
          const key = keys[keyAt % keys.length]!;
          if (valueAt < 0) delete target[key];
          else
            Object.defineProperty(target, key, {
              value: wrong[valueAt],
              enumerable: true,
              configurable: true,
              writable: true,
            });
          if (certainlyValidDocument(doc, SESSION_FORMATS, SAFE_ID)) {
            expect(documentSchema.safeParse(doc).success).toBe(true);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("a refused shape still gets zod's wording, naming the field", () => {
    const doc = validDoc();
    (doc.events as Record<string, unknown>[])[1]!.seq = 1.5;
    expect(certainlyValidDocument(doc, SESSION_FORMATS, SAFE_ID)).toBe(false);
    expect(() => parseDocument("s.json", doc)).toThrow(/damaged golive session \(events\.1\.seq: /);
  });
});

describe("the shape check's own readings", () => {
  const digit = fc.constantFrom(..."0123456789");
  /** toISOString's form with any digits (months 00–99, hours 00–99, …), and strings near it. */
  const nearIso = fc.oneof(
    fc
      .array(digit, { minLength: 17, maxLength: 17 })
      .map(
        (d) =>
          `${d.slice(0, 4).join("")}-${d[4]}${d[5]}-${d[6]}${d[7]}T${d[8]}${d[9]}:${d[10]}${d[11]}:${d[12]}${d[13]}.${d[14]}${d[15]}${d[16]}Z`,
      ),
    fc.tuple(fc.date({ noInvalidDate: true }), fc.nat(23), fc.string({ maxLength: 2 })).map(([d, i, s]) => {
      const iso = d.toISOString();
      return iso.slice(0, i) + s + iso.slice(i + 1);
    }),
    fc.string({ maxLength: 30 }),
  );

  it("reads a time exactly when Date.parse does", () => {
    fc.assert(
      fc.property(nearIso, (v) => {
        expect(isTime(v)).toBe(!Number.isNaN(Date.parse(v)));
      }),
      { numRuns: 5000 },
    );
    for (const v of ["2026-02-31T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-12-01T24:00:00.000Z"])
      expect(isTime(v)).toBe(!Number.isNaN(Date.parse(v)));
  });

  it("takes a hash of exactly 64 lowercase hex digits", () => {
    const event = (hash: string) => bare({ hash });
    expect(validEvent(event("0123456789abcdef".repeat(4)))).toBe(true);
    fc.assert(
      fc.property(fc.nat(63), fc.integer({ min: 0, max: 0xffff }), (i, unit) => {
        const c = String.fromCharCode(unit);
        const h = `${"a".repeat(i)}${c}${"b".repeat(63 - i)}`;
        expect(validEvent(event(h))).toBe(/^[0-9a-f]$/.test(c));
      }),
      { numRuns: 3000 },
    );
    for (const h of ["a".repeat(63), "a".repeat(65), "A".repeat(64)])
      expect(validEvent(event(h))).toBe(false);
  });

  // mutate2 helper, 2026-12-03 (Stryker's survivors in shape.ts): the fast path must take golive's
  // own form at every field's bounds (else every read pays Date.parse, and the check is pointless),
  // and never take a near miss Date.parse refuses.
  it("takes toISOString's form at every field's bounds without Date.parse, and no near miss", () => {
    const parse = vi.spyOn(Date, "parse");
    try {
      for (const v of [
        "0000-01-01T00:00:00.000Z",
        "9999-12-31T23:59:59.999Z",
        "2026-09-19T19:09:09.090Z",
        "1990-10-20T10:30:40.509Z",
      ])
        expect(isTime(v), v).toBe(true);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    for (const v of [
      "2026-1/-23T12:00:00.000Z",
      "2026-0:-23T12:00:00.000Z",
      "2026-11-23T12:00:00.00/Z",
      "2026-11-23T12:00:00.00:Z",
      "2026-11-23T12:00:00.000Zx",
    ])
      expect([v, isTime(v)]).toEqual([v, false]);
  });
});

describe("the shape check at zod's bounds", () => {
  const event = bare;
  const doc = (id: string, events: unknown[]) => ({ format: "golive.session/2", id, events });
  /** Certainly valid by the hand check, and zod agrees. */
  const both = (d: unknown) => [
    certainlyValidDocument(d, SESSION_FORMATS, SAFE_ID),
    documentSchema.safeParse(d).success,
  ];

  it("certainly valid at each bound zod allows: the largest safe seq, a one-letter why, ids of 1 and 128, one event", () => {
    expect(both(doc("a", [event({ seq: Number.MAX_SAFE_INTEGER })]))).toEqual([true, true]);
    expect(both(doc("a".repeat(128), [event({ amendment: { why: "x" } })]))).toEqual([true, true]);
    expect(both(doc("a".repeat(129), [event()]))).toEqual([false, false]);
    expect(both(doc("a", []))).toEqual([false, false]);
    // A caller's object without a prototype is as plain as JSON's.
    expect(validEvent(Object.assign(Object.create(null), event()))).toBe(true);
  });

  it("refuses what is not a plain object, and a merge mark with a key too many", () => {
    for (const v of [null, [], "x", 1, new Date(0)]) {
      expect(validEvent(v)).toBe(false);
      expect(certainlyValidDocument(v, SESSION_FORMATS, SAFE_ID)).toBe(false);
    }
    for (const data of [new Map(), new Date(0), []]) expect(validEvent(event({ data }))).toBe(false);
    const merged = { from: "f", at: "2026-11-23T12:00:00.000Z", record: "r" };
    expect(both(doc("a", [event({ merged })]))).toEqual([true, true]);
    expect(both(doc("a", [event({ merged: { ...merged, extra: "x" } })]))).toEqual([false, false]);
  });
});
