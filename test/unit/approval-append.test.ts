/**
 * An approver's write straight to the shared log (session/approval-append.ts) on a log in memory that
 * keeps the port's promise (a conditional create lets one writer win): the copy brought up to the
 * log's head and checked link by link, the event chained onto it, a lost race decided again, a
 * retried PUT that had landed, and every refusal in its words.
 */
import { describe, expect, it } from "vitest";
import { ExitCode, UserError } from "../../source/domain/errors.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { appendToLog, logHead } from "../../source/session/approval-append.js";
import { seal } from "../../source/session/first-event.js";
import { eventKey } from "../../source/session/s3-store.js";
import { type Hook, mapLog } from "../helpers/team-log.js";

const AT = "2026-11-23T12:00:00.000Z";
const created = seal(
  {
    seq: 1,
    at: AT,
    by: "lead",
    type: "session.created",
    data: {
      id: "s1",
      runbook: { file: "r.md", sha256: "a".repeat(64), title: "R", text: "" },
      t0: AT,
      lead: "lead",
    },
  } as Omit<SessionEvent, "prev" | "hash">,
  "0".repeat(64),
);
const next = (prev: SessionEvent, type: string, data: object, by = "bob") =>
  seal({ seq: prev.seq + 1, at: AT, by, type, data } as Omit<SessionEvent, "prev" | "hash">, prev.hash);

/** A log in memory; `onCreate` may answer for a create before it lands (a racing writer). */
function memoryLog(onCreate?: Hook) {
  const m = mapLog("s3://b/p", () => onCreate);
  const put = (e: SessionEvent) => m.objects.set(eventKey("p", "s1", e.seq), JSON.stringify(e));
  return { ...m, put };
}

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
};

describe("logHead", () => {
  it("this copy's events, then every newer one the log holds, reduced", async () => {
    const m = memoryLog();
    const n2 = next(created, "note.added", { text: "two" });
    const n3 = next(n2, "note.added", { text: "three" });
    m.put(created);
    m.put(n2);
    m.put(n3);
    const v = await logHead(m.log, "p", "s1", [created]);
    expect(v.events).toEqual([created, n2, n3]);
    expect(v.state.id).toBe("s1");
    expect(v.state.lastSeq).toBe(3);
    expect((await logHead(m.log, "p", "s1", [created, n2, n3])).events).toEqual([created, n2, n3]);
  });

  it("refuses a log whose next event does not follow this copy's last", async () => {
    const m = memoryLog();
    const mine = next(created, "note.added", { text: "mine" });
    const theirs = next(next(created, "note.added", { text: "theirs" }), "note.added", { text: "3" });
    m.put(theirs);
    const e = await refusal(logHead(m.log, "p", "s1", [created, mine]));
    expect(e.message).toBe(
      "event #3 in s3://b/p does not follow this copy's #2: this bastion's copy of session s1 differs from the log",
    );
    expect(e.exitCode).toBe(ExitCode.input);
    expect(e.hint).toBe("compare both with `golive verify`; the log is what the other bastions see");
  });
});

describe("appendToLog", () => {
  const note = (text: string) => () => ({ text });
  /** bob's note.added onto session s1 of the log, from a copy holding session.created only. */
  const append = (
    m: ReturnType<typeof memoryLog>,
    decide: Parameters<typeof appendToLog<"note.added">>[5],
    now = () => 0,
  ) => appendToLog(m.log, "p", "s1", [created], "note.added", decide, "bob", now);

  it("chains one event onto the log's head, at the clock's time, secrets redacted", async () => {
    const m = memoryLog();
    const n2 = next(created, "note.added", { text: "two" });
    m.put(n2);
    const now = Date.parse("2026-11-23T12:34:56.789Z");
    const key = "AKIAIOSFODNN7EXAMPLE";
    const r = await append(m, note(`key ${key}`), () => now);
    expect(r.event.seq).toBe(3);
    expect(r.event.prev).toBe(n2.hash);
    expect(r.event.at).toBe("2026-11-23T12:34:56.789Z");
    expect(r.event.by).toBe("bob");
    expect(r.event.type).toBe("note.added");
    expect(JSON.stringify(r.event.data)).not.toContain(key);
    expect(r.view.events).toEqual([created, n2]);
    expect(m.creates).toEqual([eventKey("p", "s1", 3)]);
    // Created: no read after it (each is a GET on S3).
    expect(m.reads).toEqual([eventKey("p", "s1", 2), eventKey("p", "s1", 3)]);
    expect(JSON.parse(m.objects.get(eventKey("p", "s1", 3))!)).toEqual(r.event);
  });

  it("after losing a race, takes the winner's event and decides again on the new state", async () => {
    const theirs = next(created, "note.added", { text: "theirs" });
    let raced = false;
    const m = memoryLog((key) => {
      if (raced) return undefined;
      raced = true;
      m.put(theirs);
      return key === eventKey("p", "s1", 2) ? "exists" : undefined;
    });
    const seen: number[] = [];
    const r = await append(m, (v) => {
      seen.push(v.events.length);
      return { text: "mine" };
    });
    expect(seen).toEqual([1, 2]);
    expect(r.event.seq).toBe(3);
    expect(r.event.prev).toBe(theirs.hash);
    expect(m.creates).toEqual([eventKey("p", "s1", 2), eventKey("p", "s1", 3)]);
  });

  it("a retried PUT whose first attempt landed finds its own event", async () => {
    const m = memoryLog((key, body) => {
      m.objects.set(key, body);
      return "exists";
    });
    const r = await append(m, note("once"));
    expect(r.event.seq).toBe(2);
    expect(m.creates).toHaveLength(1);
  });

  it("refuses what decide refuses, and a signed-off session, writing nothing", async () => {
    const m = memoryLog();
    const e = await refusal(append(m, () => "no: voided"));
    expect([e.message, e.exitCode]).toEqual(["no: voided", ExitCode.refused]);
    const signed = next(created, "session.signed", { status: "success", signer: "lead" }, "lead");
    m.put(signed);
    const s = await refusal(append(m, note("x")));
    expect([s.message, s.exitCode]).toEqual([
      "session s1 is signed off: nothing to approve",
      ExitCode.refused,
    ]);
    // Signed off "in progress" is not closed.
    const m2 = memoryLog();
    m2.put(next(created, "session.signed", { status: "in-progress", signer: "lead" }, "lead"));
    expect((await append(m2, note("x"))).event.seq).toBe(3);
    expect(m.creates).toEqual([]);
  });

  it("gives up after 50 lost races, saying so", async () => {
    const m = memoryLog(() => "exists");
    const e = await refusal(append(m, note("x")));
    expect([e.message, e.exitCode]).toEqual([
      "the shared log of session s1 kept moving: nothing was written",
      ExitCode.aws,
    ]);
    expect(m.creates).toHaveLength(50);
  });
});
