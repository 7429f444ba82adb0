/**
 * A session's first event (session/first-event.ts): sealed onto its predecessor, the id team mode
 * adopts only from a whole first event (seq 1, session.created, after the genesis, a safe id, the
 * hash matching), a new session's fields without another session's id or format, and a new id
 * made of the time, a slug of the name and random hex.
 */
import { describe, expect, it } from "vitest";
import { GENESIS, hashEvent } from "../../source/domain/chain.js";
import { UserError } from "../../source/domain/errors.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { firstEventId, newSessionId, ownFields, seal } from "../../source/session/first-event.js";

const created = (over: Partial<SessionEvent> = {}, id: unknown = "2026-12-02-1200-cutover-ab12") =>
  seal(
    {
      seq: 1,
      type: "session.created",
      at: "2026-12-02T12:00:00.000Z",
      by: "Ann",
      data: { id },
      ...over,
    } as Omit<SessionEvent, "prev" | "hash">,
    over.prev ?? GENESIS,
  );

function refused(e: SessionEvent): string {
  try {
    firstEventId(e);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error("accepted");
}

describe("first event", () => {
  it("seal links to prev and hashes the event with it", () => {
    const e = created({}, "s1");
    expect(e.prev).toBe(GENESIS);
    const { hash, ...rest } = e;
    expect(hash).toBe(hashEvent(rest));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("adopts the id of a whole first event only", () => {
    expect(firstEventId(created())).toBe("2026-12-02-1200-cutover-ab12");
    expect(refused(created({ seq: 2 }))).toBe("not the first event of a session (#2 session.created)");
    expect(refused(created({ type: "note.added" } as Partial<SessionEvent>))).toBe(
      "not the first event of a session (#1 note.added)",
    );
    expect(refused(created({ prev: "1".repeat(64) }))).toMatch(/^not the first event/);
    expect(refused(created({}, 42))).toMatch(/^not the first event/);
    expect(refused(created({}, "../etc"))).toBe('the first event of session "../etc" is damaged');
    const tampered = { ...created(), by: "Mallory" };
    expect(refused(tampered)).toBe('the first event of session "2026-12-02-1200-cutover-ab12" is damaged');
  });

  it("a new session's fields drop another session's id and format, and keep the rest", () => {
    expect(ownFields({ id: "old", format: 3, lead: "Ann", t0: "x" })).toStrictEqual({ lead: "Ann", t0: "x" });
  });

  it("a new id: minute stamp, a slug of at most 24 characters, 4 hex digits", () => {
    const at = new Date("2026-12-02T09:05:59.999Z");
    expect(newSessionId(at, "  Orbit Release: v2.4 (EU)!! ")).toMatch(
      /^20261202-0905-orbit-release-v2-4-eu-[0-9a-f]{4}$/,
    );
    expect(newSessionId(at, "A very long name for a go-live of the payments platform")).toMatch(
      /^20261202-0905-a-very-long-name-for-a-g-[0-9a-f]{4}$/,
    );
    expect(newSessionId(at, "!!!")).toMatch(/^20261202-0905-session-[0-9a-f]{4}$/);
    // Random digits: twenty ids for the same minute and name are not all one.
    expect(new Set(Array.from({ length: 20 }, () => newSessionId(at, "x"))).size).toBeGreaterThan(1);
  });
});
