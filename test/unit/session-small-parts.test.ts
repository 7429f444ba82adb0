/**
 * Three small session/ parts in memory or a temp directory (milliseconds): why an event after
 * sign-off is recorded or refused (amendment.ts), the state kept per file between a listing and an
 * open (reduced.ts), and the temp files a killed writer left (dead-temps.ts).
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode, UserError } from "../../source/domain/errors.js";
import type { EventType, SessionEvent, SessionState } from "../../source/domain/events.js";
import { amendmentReason } from "../../source/session/amendment.js";
import { removeDeadWritersTemps } from "../../source/session/dead-temps.js";
import { reduceSession } from "../../source/session/reduced.js";
import { tempDir } from "../helpers/paths.js";

const signed = {
  id: "s1",
  signoff: { status: "GO", signer: "ann", at: "2026-11-23T13:00:00.000Z" },
} as unknown as SessionState;
const MONITOR = "recorded by golive's monitor after sign-off";
const ROLLBACK = "rollback after sign-off (a rollback is never blocked)";
const why = (type: string, data: unknown = {}, amend?: string, merged?: SessionEvent["merged"]) =>
  amendmentReason(signed, amend, type as EventType, data, merged);

describe("amendmentReason", () => {
  it("a migration, a fallback merge, then the reason given, in that order", () => {
    expect(why("session.migrated", {}, "mine")).toBe(
      "format migration after sign-off (no recorded fact changes)",
    );
    const merged = { from: "fb-1.jsonl", at: "2026-11-23T13:05:00.000Z", record: "r" };
    expect(why("note.added", {}, "mine", merged)).toBe(
      "merged from the fallback record fb-1.jsonl, written while the session could not take it",
    );
    expect(why("note.added", {}, "typo in step 3")).toBe("typo in step 3");
    expect(why("traffic.shift.requested", { kind: "rollback" }, "mine")).toBe("mine");
  });

  it("a rollback in any of its forms, never a promote", () => {
    for (const [type, data] of [
      ["traffic.shift.requested", { kind: "rollback" }],
      ["traffic.shift.confirmed", {}],
      ["traffic.observed", { kind: "x" }],
      ["rollback.verified", {}],
      ["k8s.action", { action: "undo" }],
    ] as const)
      expect(why(type, data), type).toBe(ROLLBACK);
    expect(() => why("traffic.shift.requested", { kind: "promote" })).toThrow(UserError);
    expect(() => why("k8s.action", { action: "scale" })).toThrow(UserError);
    expect(() => why("note.added", { action: "undo" })).toThrow(UserError);
    // A promote is refused whatever its type's prefix would say.
    expect(() => why("rollback.requested", { kind: "promote" })).toThrow(UserError);
  });

  it("the monitor's own records", () => {
    for (const type of ["alert.raised", "alert.acknowledged", "checkpoint.recorded", "drift.detected"])
      expect(why(type), type).toBe(MONITOR);
  });

  it("anything else a person does: refused, saying who signed and how to amend", () => {
    let err: unknown;
    try {
      why("item.checked", { item: "i1" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const u = err as UserError;
    expect(u.message).toBe(
      "session s1 was signed off (GO by ann at 2026-11-23T13:00:00.000Z) and is sealed; nothing was recorded",
    );
    expect(u.exitCode).toBe(ExitCode.refused);
    expect(u.hint).toBe(
      'to correct or add to the record, re-run with --amend "why": it is recorded as an amendment after sign-off (who, why and what), shown in the export',
    );
    // An empty reason is no reason.
    expect(() => why("note.added", { text: "x" }, "")).toThrow(UserError);
  });
});

describe("reduceSession", () => {
  const at = (n: number) => new Date(Date.UTC(2026, 10, 23, 12, n)).toISOString();
  const log = (id: string, notes: number): SessionEvent[] =>
    [
      [
        "session.created",
        { id, runbook: { file: "r.md", sha256: "x", title: "R", text: "" }, t0: at(0), lead: "ann" },
      ],
      ...Array.from({ length: notes }, (_, i) => ["note.added", { text: `n${i}` }] as const),
    ].map(
      ([type, data], i) =>
        ({
          seq: i + 1,
          at: at(i),
          by: "ann",
          type,
          data,
          prev: `${id}h${i}`,
          hash: `${id}h${i + 1}`,
        }) as SessionEvent,
    );

  it("hands back the same state for a log ending in the same event, a new one otherwise", () => {
    const a = log("a", 2);
    const first = reduceSession("/x/a.json", a);
    expect(first.id).toBe("a");
    expect(reduceSession("/x/a.json", [...a])).toBe(first);
    // The same count with another head; the first log again; another count with the same head.
    const other = reduceSession("/x/a.json", [...a.slice(0, -1), { ...a.at(-1)!, hash: "zz" }]);
    expect(other).not.toBe(first);
    expect(other.id).toBe("a");
    const again = reduceSession("/x/a.json", a);
    expect(again).not.toBe(other);
    const longer = reduceSession("/x/a.json", [...a, { ...a.at(-1)!, seq: 4 }]);
    expect(longer).not.toBe(again);
    expect(longer.id).toBe("a");
    expect(reduceSession("/x/a2.json", a)).not.toBe(longer);
  });

  it("keeps the last eight files only", () => {
    const logs = Array.from({ length: 9 }, (_, i) => log(`f${i}`, 1));
    const states = logs.map((l, i) => reduceSession(`/y/f${i}.json`, l));
    // f0 was dropped by the ninth; f1 to f8 are kept.
    for (let i = 1; i < 9; i++) expect(reduceSession(`/y/f${i}.json`, logs[i]!), `f${i}`).toBe(states[i]);
    expect(reduceSession("/y/f0.json", logs[0]!)).not.toBe(states[0]);
  });
});

describe("removeDeadWritersTemps", () => {
  it("removes this file's and its .bak's temp files, nothing else", async () => {
    const dir = tempDir("dead-temps-");
    const removed = [".s.json.1a2b.tmp", ".s.json.bak.9f.tmp"];
    // Not a temp name, another file's, or not this file's own prefix: kept (a directory too).
    const kept = [
      ".s.json.1a2b",
      "s.json.1a2b.tmp",
      ".t.json.1a2b.tmp",
      ".s.jsonx.1.tmp",
      "s.json",
      ".s.json.tmp.keep",
    ];
    for (const n of [...removed, ...kept]) writeFileSync(join(dir, n), "");
    mkdirSync(join(dir, ".s.json.dir.tmp"));
    await removeDeadWritersTemps(join(dir, "s.json"));
    expect(readdirSync(dir).sort()).toEqual([...kept, ".s.json.dir.tmp"].sort());
  });

  it("a directory it cannot list: nothing done, nothing thrown", async () => {
    await expect(
      removeDeadWritersTemps(join(tempDir("dead-temps-"), "gone", "s.json")),
    ).resolves.toBeUndefined();
  });
});
