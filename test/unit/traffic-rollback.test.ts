/**
 * engine/traffic-rollback.ts on a TrafficCore in memory (test/helpers/traffic-core.ts): a rollback
 * sends 100/0 over the listener's whole action list without waiting for the disk, retries, is
 * done only when AWS reads blue back with green at 0, records what the session refuses in the
 * fallback file, and fills the runbook's rollback blanks. "Nothing to move" only when everything
 * golive knows and a fresh read say green is at 0.
 */
import { describe, expect, it } from "vitest";
import type { FenceToken } from "../../source/domain/ports.js";
import type { Intent } from "../../source/engine/traffic-actor.js";
import { rollbackIn } from "../../source/engine/traffic-rollback.js";
import { awsError, core, listener } from "../helpers/traffic-core.js";

const BACK = { blue: 100, green: 0 };
const TEN = { blue: 90, green: 10 };
const intent: Intent = { kind: "rollback", fenced: () => false };
const by = { by: "lead", reason: "error rate" };
/** The failure recorded when nothing was sent because the listener's action list was never read. */
const unsent = (error: string) => [
  { kind: "rollback", to: BACK, error, manualCommand: "aws elbv2 modify-listener 100/0 (actions unknown)" },
];

/** A session at 90/10 whose process has read the listener (its action list known). */
async function atTen(o: Parameters<typeof core>[0] = {}) {
  const r = core({ state: { weights: TEN }, ...o });
  r.aws.now = listener(90, 10);
  await r.c.truth.read();
  r.aws.readCount = 0;
  return r;
}

describe("a rollback", () => {
  it("writes 100/0 over the listener it knows, reads it back, records it and fills the rollback's blanks", async () => {
    const r = await atTen({
      state: { weights: TEN, rollback: { startedAt: "2026-12-03T20:00:00.000Z" } as never },
    });
    const t0 = performance.now();
    const res = await rollbackIn(r.c, intent, "rollback", by);
    const elapsed = performance.now() - t0;
    expect(res).toEqual({
      ok: true,
      kind: "rollback",
      to: BACK,
      weights: BACK,
      tookMs: res.tookMs,
      attempts: 2,
      fallbackFile: undefined,
    });
    // Its own time, measured inside this call: no more than the call took.
    expect(res.tookMs).toBeGreaterThanOrEqual(0);
    expect(res.tookMs).toBeLessThanOrEqual(elapsed);
    expect(r.aws.writes).toEqual([{ to: BACK, base: listener(90, 10) }]);
    expect(r.aws.readCount).toBe(1);
    expect(r.events).toEqual([
      {
        type: "traffic.shift.requested",
        data: { kind: "rollback", from: TEN, to: BACK, override: "error rate" },
        by: "lead",
      },
      {
        type: "traffic.shift.confirmed",
        data: { kind: "rollback", weights: BACK, tookMs: res.tookMs, attempts: 2 },
        by: "lead",
      },
      {
        type: "field.recorded",
        data: { field: r.field("Rollback decision"), value: "lead", source: "engine" },
        by: "lead",
      },
      {
        type: "field.recorded",
        data: { field: r.field("Rollback initiated"), value: "2026-12-03T20:00:00.000Z", source: "engine" },
        by: "lead",
      },
      {
        type: "field.recorded",
        data: {
          field: r.field("Rollback completed"),
          value: new Date(r.clock.t).toISOString(),
          source: "engine",
        },
        by: "lead",
      },
      {
        type: "rollback.verified",
        data: { blueHealthy: true, healthUrl: undefined, detail: "blue targets 2/2 healthy" },
        by: "lead",
      },
      {
        type: "field.recorded",
        data: { field: r.field("Blue stable"), value: "Yes", source: "engine" },
        by: "lead",
      },
      {
        type: "item.checked",
        data: {
          item: r.item("Traffic back to"),
          evidence: "AWS confirmed blue 100 / green 0; blue targets 2/2 healthy",
        },
        by: "lead",
      },
    ]);
    expect(r.clock.slept).toEqual([]);
  });

  it("blue not healthy after it: stable says the second option, the traffic-back item stays open; no start time, no blank", async () => {
    const r = await atTen({ blueHealthy: false });
    const res = await rollbackIn(r.c, { kind: "auto-rollback", fenced: () => false }, "auto-rollback", by);
    expect(res).toMatchObject({ ok: true, kind: "auto-rollback" });
    expect(r.of("traffic.shift.requested")[0]).toMatchObject({ kind: "auto-rollback" });
    expect(r.of("field.recorded").map((d) => [d.field, d.value])).toEqual([
      [r.field("Rollback decision"), "lead"],
      [r.field("Rollback completed"), new Date(r.clock.t).toISOString()],
      [r.field("Blue stable"), "No"],
    ]);
    expect(r.of("item.checked")).toEqual([]);
  });

  it("a runbook without a rollback checklist: only the verification is recorded", async () => {
    const r = await atTen({ runbook: "# Go-live\n\n- [ ] Deploy\n" });
    await rollbackIn(r.c, intent, "rollback", by);
    expect(r.types()).toEqual(["traffic.shift.requested", "traffic.shift.confirmed", "rollback.verified"]);
  });

  it("a process that never read the listener reads it first, until it has the action list (three tries)", async () => {
    const r = core({ state: { weights: TEN } });
    r.aws.now = listener(90, 10);
    r.aws.reads.push(awsError("Throttling", "a", 2), { ...listener(90, 10), actions: undefined });
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res.ok).toBe(true);
    expect(r.aws.writes).toEqual([{ to: BACK, base: listener(90, 10) }]);
    // 2 for the failed read, 1 each for the two that answered, 1 for the write, 1 read back.
    expect(res.attempts).toBe(6);
    // Only a failed read waits before the next; one that answered without the list does not.
    expect(r.clock.slept).toEqual([1000]);
  });

  it("the action list never read: nothing sent rather than drop it; the command to run by hand and why", async () => {
    const r = core({ state: { weights: TEN } });
    r.aws.reads.push(
      awsError("Throttling", "a"),
      awsError("Throttling", "b"),
      awsError("Throttling", "c"),
      listener(90, 10),
    );
    const res = await rollbackIn(r.c, intent, "rollback", by);
    const error =
      "could not read the listener's default actions, so nothing was sent rather than drop them: Throttling: c (HTTP 500)";
    expect(res).toMatchObject({
      ok: false,
      kind: "rollback",
      to: BACK,
      attempts: 3,
      error,
      manualCommand: "aws elbv2 modify-listener 100/0 (actions unknown)",
      fallbackFile: undefined,
    });
    expect(r.aws.writes).toEqual([]);
    expect(r.clock.slept).toEqual([1000, 2000]);
    expect(r.of("traffic.shift.failed")).toEqual(unsent(error));
  });

  it("every read answers without the action list: nothing sent, and the refusal says why", async () => {
    const r = core({ state: { weights: TEN } });
    const bare = { ...listener(90, 10), actions: undefined };
    r.aws.reads.push(bare, bare, bare, listener(90, 10));
    const res = await rollbackIn(r.c, intent, "rollback", by);
    const error =
      "the listener answered without its default actions three times, so nothing was sent rather than drop them";
    expect(res).toMatchObject({ ok: false, kind: "rollback", attempts: 3, error });
    expect(r.aws.writes).toEqual([]);
    expect(r.of("traffic.shift.failed")).toEqual(unsent(error));
  });

  it("written, but the read-back's time was up before any read: says so, not the retried write's error", async () => {
    const r = await atTen({ state: { weights: TEN }, verifyTimeoutSeconds: 0 });
    r.aws.writeFails.push(awsError("Throttling", "a"));
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res).toMatchObject({
      ok: false,
      error: "could not read the listener back: no read answered before the read-back deadline",
    });
    expect(r.aws.writes).toEqual([{ to: BACK, base: listener(90, 10) }]);
    expect(r.aws.readCount).toBe(0);
  });

  it("the engine clock standing still (a rehearsal's paused clock): real time ends the read-back", async () => {
    const r = await atTen({ state: { weights: TEN }, verifyTimeoutSeconds: 0.03 });
    r.clock.sleep = async (ms: number) => {
      r.clock.slept.push(ms);
      await new Promise((res) => setImmediate(res));
    };
    r.aws.landAs = listener(90, 10);
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res.ok).toBe(false);
    expect(r.aws.readCount).toBeGreaterThan(0);
  });

  it("a failed write is tried again, 1 s then 2 s later; three failures: not written, not read back", async () => {
    const r = await atTen();
    r.aws.writeFails.push(awsError("Throttling", "a", 3), awsError("Throttling", "b", 3));
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res).toMatchObject({ ok: true, attempts: 3 + 3 + 1 + 1 });
    expect(r.clock.slept).toEqual([1000, 2000]);
    const bad = await atTen();
    bad.aws.writeFails.push(
      awsError("Throttling", "a"),
      awsError("Throttling", "b"),
      awsError("Throttling", "c"),
    );
    const res2 = await rollbackIn(bad.c, intent, "rollback", by);
    expect(res2).toMatchObject({
      ok: false,
      attempts: 3,
      error: "ModifyListener failed: Throttling: c (HTTP 500)",
      manualCommand: "aws elbv2 modify-listener 100/0",
    });
    expect(bad.aws.readCount).toBe(0);
    expect(bad.clock.slept).toEqual([1000, 2000]);
  });

  it("overtaken by another writer after its fence bump: written again, at most three more times", async () => {
    for (const [others, writes] of [
      [1, 2],
      [9, 4],
    ] as const) {
      let now: FenceToken = { token: 0, kind: "promote", writer: "x", at: 0, rollbacks: 0 };
      let left: number = others;
      const fence = {
        read: async () => {
          // Another process writes right after each of this rollback's writes, while any are left.
          if (left > 0 && now.writer === "me") {
            left--;
            now = { ...now, token: now.token + 1, writer: "other", kind: "promote" };
          }
          return now;
        },
        bump: async (kind: string, writer: string) =>
          (now = { token: now.token + 1, kind, writer, at: 0, rollbacks: now.rollbacks + 1 }),
      };
      const r = await atTen({ fence });
      const res = await rollbackIn(r.c, intent, "rollback", by);
      expect(res.ok).toBe(true);
      expect(r.aws.writes, `${others} other writes`).toHaveLength(writes);
      expect(res.attempts).toBe(writes + 1);
    }
  });

  it("reads back until blue is back with green at 0, 250 ms × 1.5 apart up to 2 s; a failed read is retried", async () => {
    // The sleeps below sum to 9.2 s of the engine clock; the limit is real time too, so a mutant
    // that stops the clock spins 10 s at most (60 s cost Stryker a timeout and a new runner each).
    const r = await atTen({ verifyTimeoutSeconds: 10 });
    r.aws.landAs = listener(90, 10);
    for (let i = 0; i < 6; i++) r.aws.reads.push(listener(90, 10));
    // Green at 0 with blue at 0 too is not blue back.
    r.aws.reads.push(listener(0, 0), awsError("Throttling", "x"), listener(100, 0));
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res).toMatchObject({ ok: true, weights: BACK, attempts: 1 + 8 });
    expect(r.clock.slept).toEqual([250, 375, 562.5, 843.75, 1265.625, 1898.4375, 2000, 2000]);
  });

  it("never read back in time: AWS's last weights said, or the last read error", async () => {
    const r = await atTen({ verifyTimeoutSeconds: 5 });
    r.aws.landAs = listener(90, 10);
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res).toMatchObject({
      ok: false,
      error: "AWS still shows blue 90 / green 10 after 5 s",
      manualCommand: "aws elbv2 modify-listener 100/0",
      attempts: 1 + 6,
    });
    expect(r.of("rollback.verified")).toEqual([]);
    const e = await atTen({ verifyTimeoutSeconds: 1 });
    e.aws.reads.push(awsError("Throttling", "a"), awsError("Throttling", "b"), awsError("Throttling", "c"));
    expect((await rollbackIn(e.c, intent, "rollback", by)).error).toBe(
      "could not read the listener back: Throttling: c (HTTP 500)",
    );
  });
});

describe("what the session refuses goes to the fallback file", () => {
  it("the request refused: AWS's answer did not wait for it, the request is in the fallback file with the reason", async () => {
    const r = await atTen();
    r.refuse.set("traffic.shift.requested", new Error("ENOSPC"));
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res).toMatchObject({ ok: true, weights: BACK, fallbackFile: "/fallback-1.jsonl" });
    expect(r.fallbacks).toEqual([
      {
        type: "traffic.shift.requested",
        data: { kind: "rollback", from: TEN, to: BACK, override: "error rate", recordError: "ENOSPC" },
        by: "lead",
        at: new Date(r.clock.t).toISOString(),
      },
    ]);
    expect(r.types()[0]).toBe("traffic.shift.confirmed");
  });

  it("the confirmation refused: its fallback file; the request's, when both were, is the one returned", async () => {
    const r = await atTen();
    r.refuse.set("traffic.shift.confirmed", new Error("ENOSPC"));
    expect((await rollbackIn(r.c, intent, "rollback", by)).fallbackFile).toBe("/fallback-1.jsonl");
    expect(r.fallbacks.map((f) => f.type)).toEqual(["traffic.shift.confirmed"]);
    const both = await atTen();
    both.refuse.set("traffic.shift.requested", new Error("ENOSPC"));
    both.refuse.set("traffic.shift.confirmed", new Error("ENOSPC"));
    expect((await rollbackIn(both.c, intent, "rollback", by)).fallbackFile).toBe("/fallback-1.jsonl");
    expect(both.fallbacks.map((f) => f.type)).toEqual(["traffic.shift.requested", "traffic.shift.confirmed"]);
  });

  it("a failed rollback whose request was refused: the request's fallback file, else the failure's", async () => {
    const r = await atTen({ verifyTimeoutSeconds: 1 });
    r.aws.landAs = listener(90, 10);
    r.refuse.set("traffic.shift.requested", new Error("ENOSPC"));
    r.refuse.set("traffic.shift.failed", new Error("ENOSPC"));
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res).toMatchObject({ ok: false, fallbackFile: "/fallback-1.jsonl" });
    expect(r.fallbacks.map((f) => f.type)).toEqual(["traffic.shift.requested", "traffic.shift.failed"]);
    const f = await atTen({ verifyTimeoutSeconds: 1 });
    f.aws.landAs = listener(90, 10);
    f.refuse.set("traffic.shift.failed", new Error("ENOSPC"));
    expect((await rollbackIn(f.c, intent, "rollback", by)).fallbackFile).toBe("/fallback-1.jsonl");
  });

  it("no fallback location: the rollback still stands, with no file named", async () => {
    const r = await atTen({ withFallback: false });
    r.refuse.set("traffic.shift.requested", new Error("ENOSPC"));
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res).toMatchObject({ ok: true, fallbackFile: undefined });
  });
});

describe("nothing to move", () => {
  /** A session at 100/0 (no shift, no open rollback) whose last read showed green at 0. */
  async function atZero(o: Parameters<typeof core>[0] = {}) {
    const r = core({ state: { weights: BACK }, ...o });
    await r.c.truth.read();
    r.aws.readCount = 0;
    return r;
  }

  it("green at 0 by every account and by a fresh read: recorded as nothing to move, 100/0 still sent and read back", async () => {
    const r = await atZero();
    const res = await rollbackIn(r.c, intent, "rollback", by);
    expect(res).toMatchObject({ ok: true, nothingToMove: true, weights: BACK, fallbackFile: undefined });
    expect(r.aws.writes).toEqual([{ to: BACK, base: listener(100, 0) }]);
    expect(r.aws.readCount).toBe(2);
    expect(r.events).toEqual([
      {
        type: "traffic.observed",
        data: {
          observation: "nothing-to-move",
          weights: BACK,
          detail:
            "rollback asked (error rate) with green already at weight 0: nothing to move; blue 100 / green 0 sent again and read back",
        },
        by: "lead",
      },
    ]);
    const refused = await atZero();
    refused.refuse.set("traffic.observed", new Error("ENOSPC"));
    expect(await rollbackIn(refused.c, intent, "rollback", by)).toMatchObject({
      nothingToMove: true,
      fallbackFile: "/fallback-1.jsonl",
    });
  });

  it("any other account, or no fresh 0, and it is a real rollback at once", async () => {
    const real = async (r: Awaited<ReturnType<typeof atZero>>, reads: number, what: string) => {
      const res = await rollbackIn(r.c, intent, "rollback", by);
      expect(res.nothingToMove, what).toBeUndefined();
      expect(r.types()[0], what).toBe("traffic.shift.requested");
      expect(r.types(), what).toContain("rollback.verified");
      expect(r.aws.readCount, what).toBe(reads);
    };
    // The fresh read shows green, or blue at 0, or fails.
    const green = await atZero();
    green.aws.reads.push(listener(99, 1));
    await real(green, 2, "green on the fresh read");
    const blue0 = await atZero();
    blue0.aws.reads.push(listener(0, 0));
    await real(blue0, 2, "blue at 0 on the fresh read");
    const fails = await atZero();
    fails.aws.reads.push(awsError("Throttling", "x"));
    await real(fails, 2, "the fresh read failed");
    // What golive knows says otherwise: no fresh read at all.
    await real(await atZero({ state: { weights: BACK, shift: {} as never } }), 1, "a shift pending");
    await real(await atZero({ state: { weights: TEN } }), 1, "the session's weights");
    await real(await atZero({ state: { weights: null } }), 1, "no weights");
    await real(
      await atZero({ state: { weights: BACK, rollback: { startedAt: "t" } as never } }),
      1,
      "a rollback open",
    );
    const closed = await atZero({
      state: { weights: BACK, rollback: { startedAt: "t", completedAt: "u" } as never },
    });
    expect((await rollbackIn(closed.c, intent, "rollback", by)).nothingToMove).toBe(true);
    const unread = core({ state: { weights: BACK } });
    await real(unread, 2, "never read");
    const raw = core({ state: { weights: BACK } });
    raw.aws.now = { ...listener(100, 0), raw: { blue: 999, green: 1 } };
    await raw.c.truth.read();
    raw.aws.readCount = 0;
    raw.aws.now = listener(100, 0);
    await real(raw, 1, "the last read's raw green above 0");
    const written = await atZero();
    await written.c.actor.write({ kind: "promote", fenced: () => false }, undefined, async () => ({}));
    await real(written, 1, "a write since the last read");
  });
});
