/**
 * session/anchor.ts at its edges: a retention that ends exactly now, bodies that are JSON but no
 * anchor, versions listed out of order, a full hash that differs where the 16-digit list agrees, and
 * the amendments an anchor covers, as the one line says them.
 */
import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../source/domain/events.js";
import { type AnchorVersion, anchorBody, checkAnchors } from "../../source/session/anchor.js";

const NOW = Date.parse("2026-11-23T13:00:00Z");
const events = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      ({
        seq: i + 1,
        type: "note.added",
        hash: String(i + 1)
          .padStart(4, "0")
          .padEnd(64, "a"),
      }) as SessionEvent,
  );
const body = (evs: SessionEvent[], signer?: string) =>
  JSON.stringify(anchorBody("s1", evs, signer, "ann", "sign-off", NOW));
const version = (b: string, over: Partial<AnchorVersion> = {}): AnchorVersion => ({
  versionId: "v1",
  lockMode: "COMPLIANCE",
  retainUntil: new Date(NOW + 1),
  body: b,
  ...over,
});

/** A refusal before any locked anchor was counted. */
const refused = (text: string) => ({ ok: false, text, ignored: [], locked: 0 });

describe("checkAnchors at its edges", () => {
  it("an anchor without a signer says null, and its line names no signer", () => {
    const evs = events(2);
    expect(JSON.parse(body(evs)).signer).toBeNull();
    const v = checkAnchors("s1", evs, [version(body(evs))], "w", NOW);
    expect(v).toMatchObject({ ok: true, locked: 1 });
    expect(v.text).toBe("matches 1 locked anchor at w (head #2, sign-off, retained under compliance lock)");
  });

  it("a retention ending exactly now is no evidence; one without a date says (none)", () => {
    const evs = events(1);
    const v = checkAnchors("s1", evs, [version(body(evs), { retainUntil: new Date(NOW) })], "w", NOW);
    expect(v).toMatchObject({ ok: false, locked: 0 });
    expect(v.ignored).toEqual([`version v1: its retention ended ${new Date(NOW).toISOString()}`]);
    const none = checkAnchors("s1", evs, [version(body(evs), { retainUntil: undefined })], "w", NOW);
    expect(none.ignored).toEqual(["version v1: its retention ended (none)"]);
    expect(none.text).toBe("w holds no anchor under a compliance lock: no evidence for this record");
  });

  it.each([
    ["another format", { format: "x/1" }],
    ["a seq that is not a number", { seq: "2" }],
    ["a hash that is not a string", { hash: 7 }],
  ])("JSON with %s is not a golive anchor", (_, over) => {
    const evs = events(2);
    const b = JSON.stringify({ ...JSON.parse(body(evs)), ...over });
    expect(checkAnchors("s1", evs, [version(b)], "w", NOW)).toEqual(
      refused("w version v1 is not a golive anchor"),
    );
  });

  it("an anchor of another session is refused, naming both", () => {
    const evs = events(1);
    const other = JSON.stringify(anchorBody("s2", evs, undefined, "ann", "head", NOW));
    expect(checkAnchors("s1", evs, [version(other)], "w", NOW)).toEqual(
      refused('w version v1 anchors session "s2", but this record is session "s1"'),
    );
  });

  it("JSON null or not JSON is no anchor, and refused as such", () => {
    const evs = events(1);
    expect(checkAnchors("s1", evs, [version("null")], "w", NOW)).toMatchObject({
      ok: false,
      text: "w version v1 is not a golive anchor",
    });
    expect(checkAnchors("s1", evs, [version("{")], "w", NOW)).toEqual(
      refused("w version v1 is not a golive anchor (not JSON)"),
    );
  });

  it("versions listed newest first are judged in sequence order: the last head is the newest", () => {
    const evs = events(4);
    const v = checkAnchors(
      "s1",
      evs,
      [version(body(evs), { versionId: "v4" }), version(body(evs.slice(0, 2)), { versionId: "v2" })],
      "w",
      NOW,
    );
    expect(v).toMatchObject({ ok: true, locked: 2 });
    expect(v.text).toMatch(/head #4/);
    const cut = checkAnchors(
      "s1",
      evs.slice(0, 3),
      [version(body(evs), { versionId: "v4" }), version(body(evs.slice(0, 2)), { versionId: "v2" })],
      "w",
      NOW,
    );
    expect(cut).toMatchObject({ ok: false, seq: 3 });
    expect(cut.text).toMatch(
      /^the record ends at event #3, but the anchor of event #4 \(sign-off, 2026-11-23T13:00:00\.000Z, version v4\) names a head at #4: event #4 was cut from the end/,
    );
  });

  it("a head whose first 16 digits agree but whose hash does not is refused at that event", () => {
    const evs = events(3);
    const forged = [
      ...evs.slice(0, 2),
      { ...evs[2]!, hash: `${evs[2]!.hash.slice(0, 16)}${"b".repeat(48)}` },
    ];
    const v = checkAnchors("s1", forged, [version(body(evs, "Ann"))], "w", NOW);
    expect(v).toMatchObject({ ok: false, seq: 3, locked: 1 });
    expect(v.text).toBe(
      `event #3's hash is not the anchor of event #3 (sign-off, signed off by Ann, ${new Date(NOW).toISOString()}, version v1)'s`,
    );
  });

  it("the amendments after sign-off are listed by number, kind and why, five at most", () => {
    const evs = events(8).map((e, i) => (i >= 1 ? { ...e, amendment: { why: `fix ${i}` } } : e));
    const one = checkAnchors("s1", evs.slice(0, 2), [version(body(evs.slice(0, 2), "Ann"))], "w", NOW);
    expect(one.text).toBe(
      "matches 1 locked anchor at w (head #2, sign-off, signed off by Ann, retained under compliance lock); with 1 amendment after sign-off: #2 note.added (fix 1)",
    );
    const five = checkAnchors("s1", evs.slice(0, 6), [version(body(evs.slice(0, 6)))], "w", NOW);
    expect(five.text).toMatch(/; with 5 amendments after sign-off: #2 .*, #6 note\.added \(fix 5\)$/);
    const seven = checkAnchors("s1", evs, [version(body(evs))], "w", NOW);
    expect(seven.text).toMatch(
      /; with 7 amendments after sign-off: #2 note\.added \(fix 1\), #3 note\.added \(fix 2\), #4 note\.added \(fix 3\), #5 note\.added \(fix 4\), #6 note\.added \(fix 5\), … and 2 more$/,
    );
  });
});
