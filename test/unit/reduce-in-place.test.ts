/**
 * reduce folds the common events (ticks, values, notes) in place for speed (issue 20: 100,000
 * events); the result must be exactly what the copying `apply` gives, event by event.
 */
import { describe, expect, it } from "vitest";
import { apply, initialState, reduce, type SessionEvent } from "../../source/domain/events.js";

const at = (n: number) => new Date(Date.UTC(2026, 10, 23, 11, 0, n)).toISOString();
const ev = (seq: number, type: string, data: unknown, extra: object = {}) =>
  ({
    seq,
    at: at(seq),
    by: seq % 2 ? "ann" : "bob",
    type,
    data,
    prev: `h${seq - 1}`,
    hash: `h${seq}`,
    ...extra,
  }) as SessionEvent;

const log: SessionEvent[] = [
  ev(1, "session.created", {
    id: "s1",
    runbook: { file: "r.md", sha256: "x", title: "R", text: "- [ ] a" },
    t0: "2026-11-23T12:00:00Z",
    lead: "ann",
  }),
  ev(2, "item.checked", { item: "i1", note: "done", evidence: "log" }),
  ev(3, "field.recorded", { field: "f1", value: "42" }),
  ev(4, "field.recorded", { field: "f1", value: "43", source: "metrics" }),
  ev(5, "note.added", { text: "hello" }),
  ev(6, "item.unchecked", { item: "i1", reason: "redo" }),
  ev(7, "item.checked", { item: "__proto__" }),
  ev(8, "field.recorded", { field: "__proto__", value: "x" }),
  ev(9, "alert.raised", { alert: "a1", severity: "critical", message: "m" }),
  ev(10, "session.signed", { status: "success", signer: "Ann" }),
  ev(11, "note.added", { text: "after" }, { amendment: { why: "late" } }),
  ev(12, "item.checked", { item: "i2" }, { amendment: { why: "late" } }),
  ev(13, "note.added", { text: "more" }),
];

describe("reduce", () => {
  it("equals the copying apply, event by event, including __proto__ ids and amendments", () => {
    for (let n = 1; n <= log.length; n++) {
      const part = log.slice(0, n);
      let s = initialState(part[0] as never);
      for (const e of part.slice(1)) s = apply(s, e);
      expect(JSON.stringify(reduce(part))).toBe(JSON.stringify(s));
      expect(reduce(part)).toEqual(s);
    }
    const s = reduce(log);
    expect(Object.keys(s.items)).toEqual(["i1", "__proto__", "i2"]);
    expect(Object.getPrototypeOf(s.items)).toBe(Object.prototype);
    expect(s.notes.map((x) => x.text)).toEqual(["hello", "after", "more"]);
    expect(s.amendments.map((a) => a.seq)).toEqual([11, 12]);
    expect(s).toMatchObject({ lastSeq: 13, head: "h13" });
  });
});
