import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkChain, GENESIS, hashEvent } from "../../source/domain/chain.js";
import { reduce, type SessionEvent } from "../../source/domain/events.js";
import { redact } from "../../source/domain/redact.js";
import { nextDeadline, timeline } from "../../source/domain/timeline.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { SEEDS } from "../helpers/paths.js";

function chain(events: Omit<SessionEvent, "prev" | "hash">[]): SessionEvent[] {
  let prev = GENESIS;
  return events.map((e) => {
    const withPrev = { ...e, prev } as SessionEvent;
    const sealed = { ...withPrev, hash: hashEvent(withPrev) } as SessionEvent;
    prev = sealed.hash;
    return sealed;
  });
}

async function seedSession(t0: string) {
  const file = join(SEEDS, "deployment.md");
  const { text, sha256 } = await readRunbookFile(file);
  const rb = parseRunbook(file, text, sha256);
  const events = chain([
    {
      seq: 1,
      at: "2026-11-23T10:00:00.000Z",
      by: "lead",
      type: "session.created",
      data: { id: "s1", runbook: { file, sha256, title: rb.title, text }, t0, lead: "lead" },
    },
  ]);
  return { rb, events };
}

describe("hash chain", () => {
  const events = chain([
    { seq: 1, at: "2026-01-01T00:00:00Z", by: "a", type: "note.added", data: { text: "one" } },
    { seq: 2, at: "2026-01-01T00:00:01Z", by: "a", type: "note.added", data: { text: "two" } },
    { seq: 3, at: "2026-01-01T00:00:02Z", by: "a", type: "note.added", data: { text: "three" } },
  ]);
  it("accepts an intact chain", () => expect(checkChain(events)).toBeUndefined());
  it("names the first changed, removed or reordered event", () => {
    const changed = structuredClone(events);
    (changed[1]!.data as { text: string }).text = "twO";
    expect(checkChain(changed)).toMatchObject({
      seq: 2,
      problem: expect.stringMatching(/changed after it was recorded/),
    });
    expect(checkChain([events[0]!, events[2]!])).toMatchObject({
      seq: 3,
      problem: expect.stringMatching(/removed or reordered/),
    });
    expect(checkChain([events[1]!, events[0]!, events[2]!])).toMatchObject({ index: 0 });
  });
  it("does not depend on key order", () => {
    const e = events[0]!;
    const reordered = {
      hash: e.hash,
      data: e.data,
      type: e.type,
      by: e.by,
      at: e.at,
      seq: e.seq,
      prev: e.prev,
    };
    expect(hashEvent(reordered)).toBe(e.hash);
  });
});

describe("reducer and timeline", () => {
  it("folds ticks, values, notes and sign-off; the last tick of an item wins", async () => {
    const { events } = await seedSession("2026-11-23T12:00:00Z");
    const all = chain([
      ...events.map(({ prev: _p, hash: _h, ...e }) => e),
      {
        seq: 2,
        at: "2026-11-23T10:01:00Z",
        by: "ann",
        type: "item.checked",
        data: { item: "i1", note: "merged" },
      },
      {
        seq: 3,
        at: "2026-11-23T10:02:00Z",
        by: "bob",
        type: "item.unchecked",
        data: { item: "i1", reason: "revert" },
      },
      {
        seq: 4,
        at: "2026-11-23T10:03:00Z",
        by: "ann",
        type: "field.recorded",
        data: { field: "f3", value: "42" },
      },
      {
        seq: 5,
        at: "2026-11-23T10:04:00Z",
        by: "ann",
        type: "session.signed",
        data: { status: "success", signer: "Ann" },
      },
    ]);
    const s = reduce(all);
    expect(s.items.i1).toMatchObject({ checked: false, by: "bob", reason: "revert" });
    expect(s.fields.f3).toMatchObject({ value: "42", by: "ann", source: "manual" });
    expect(s.signoff).toMatchObject({ status: "success", signer: "Ann" });
    expect(s.lastSeq).toBe(5);
  });

  it("computes done, current, overdue, due soon and upcoming phases from T-0", async () => {
    const { rb, events } = await seedSession("2026-11-23T12:00:00Z");
    const s = reduce(events);
    const at = (iso: string) =>
      Object.fromEntries(timeline(rb, s, Date.parse(iso)).map((v) => [v.phase.section.title, v.status]));
    expect(at("2026-11-22T11:00:00Z")).toMatchObject({
      "Pre-Deployment (T-24 hours)": "upcoming",
      "Pre-Deployment Verification": "upcoming",
    });
    expect(at("2026-11-23T11:40:00Z")).toMatchObject({
      "Pre-Deployment (T-24 hours)": "overdue",
      "Pre-Deployment Verification": "current",
      "Deployment Execution": "due-soon",
      "Post-Deployment (T+1 hour)": "upcoming",
      "Immediate Rollback Steps": "on-event",
      "Sign-Off": "unscheduled",
    });
    const views = timeline(rb, s, Date.parse("2026-11-23T11:40:00Z"));
    expect(nextDeadline(views, Date.parse("2026-11-23T11:40:00Z"))).toEqual({
      at: Date.parse("2026-11-23T12:00:00Z"),
      label: "Pre-Deployment Verification ends",
    });
  });

  it("marks a phase done when every item is ticked", async () => {
    const { rb, events } = await seedSession("2026-11-23T12:00:00Z");
    const phase = timeline(rb, reduce(events), 0).find(
      (v) => v.phase.section.title === "Pre-Deployment Verification",
    )!;
    const ticks = phase.phase.items.map((i, k) => ({
      seq: k + 2,
      at: "2026-11-23T11:31:00Z",
      by: "ann",
      type: "item.checked" as const,
      data: { item: i.id },
    }));
    const s = reduce(chain([...events.map(({ prev: _p, hash: _h, ...e }) => e), ...ticks]));
    const after = timeline(rb, s, Date.parse("2026-11-23T13:00:00Z")).find(
      (v) => v.phase === phase.phase || v.phase.section.id === phase.phase.section.id,
    )!;
    expect(after).toMatchObject({ status: "done", done: 5, total: 5 });
  });
});

describe("secrets are redacted whichever way they arrive", () => {
  it.each([
    ["export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"],
    [
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ],
    ["Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk", "eyJhbGciOiJIUzI1NiJ9"],
    ["db password=hunter2!", "hunter2!"],
    ["postgres://admin:s3cr3t@db.internal:5432/app", "s3cr3t"],
    ["token: ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
  ])("%s", (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain("[REDACTED");
  });
  it("leaves ordinary deployment text alone", () => {
    const text = "Error rate 0.4% at T+15, p95 42ms, task def nba-mcp-prod:v2.0";
    expect(redact(text)).toBe(text);
  });
});
