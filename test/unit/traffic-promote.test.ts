/**
 * engine/traffic-promote.ts on a TrafficCore in memory (test/helpers/traffic-core.ts): a promote
 * sends exactly the plan's weights over the listener the plan was computed from, or nothing; it is
 * journalled before the write; it is done only when AWS reads the weights back; a rollback that
 * comes first (in this process or another) supersedes it, and a write another process's rollback
 * fenced is written back to 100/0.
 */
import { describe, expect, it } from "vitest";
import type { FenceToken } from "../../source/domain/ports.js";
import type { Intent } from "../../source/engine/traffic-actor.js";
import { executeIn } from "../../source/engine/traffic-promote.js";
import type { Plan } from "../../source/engine/traffic-types.js";
import { ACTIONS, awsError, core, listener } from "../helpers/traffic-core.js";

const TEN = { blue: 90, green: 10 };
const ALL = { blue: 0, green: 100 };

function plan(to = TEN, o: Partial<Plan> = {}): Plan {
  return {
    kind: "promote",
    from: listener(100, 0),
    readAt: 0,
    to,
    step: to.green,
    confirmed: { blue: 100, green: 0 },
    epoch: 0,
    ...o,
  };
}

/** An intent the test fences by hand (`fence()`), or after `n` checks of it. */
function intent(after = Number.POSITIVE_INFINITY) {
  let checks = 0;
  let fenced = false;
  const i: Intent & { fence(): void } = {
    kind: "promote",
    fenced: () => fenced || ++checks > after,
    fence: () => {
      fenced = true;
    },
  };
  return i;
}

describe("a promote as planned", () => {
  it("reads the listener, records the request, writes the plan's weights over its action list, reads them back", async () => {
    const r = core();
    const t0 = performance.now();
    const res = await executeIn(r.c, intent(), plan(), { by: "lead" });
    const elapsed = performance.now() - t0;
    expect(res).toMatchObject({ ok: true, kind: "promote", to: TEN, weights: TEN, attempts: 3 });
    // Its own time, measured inside this call: no more than the call took.
    expect(res.tookMs).toBeGreaterThanOrEqual(0);
    expect(res.tookMs).toBeLessThanOrEqual(elapsed);
    expect(res.error).toBeUndefined();
    expect(r.aws.writes).toEqual([{ to: TEN, base: listener(100, 0) }]);
    expect(r.types()).toEqual(["traffic.shift.requested", "traffic.shift.confirmed", "item.checked"]);
    expect(r.events[0]).toEqual({
      type: "traffic.shift.requested",
      data: { kind: "promote", from: { blue: 100, green: 0 }, to: TEN, step: 10, override: undefined },
      by: "lead",
    });
    expect(r.of("traffic.shift.confirmed")).toEqual([
      { kind: "promote", weights: TEN, tookMs: res.tookMs, attempts: 3 },
    ]);
    expect(r.of("item.checked")).toEqual([
      {
        item: r.item("Route 10%"),
        evidence: `AWS confirmed blue 90 / green 10 in ${(res.tookMs / 1000).toFixed(1)} s`,
      },
    ]);
    expect(r.clock.slept).toEqual([]);
  });

  it("an override, what it pressed through and the approval go into the request; overridden only with an override", async () => {
    const r = core();
    await executeIn(r.c, intent(), plan(), {
      by: "lead",
      override: "gate red: known noise",
      overridden: ["error rate"],
      approval: "a1",
    });
    expect(r.of("traffic.shift.requested")[0]).toMatchObject({
      override: "gate red: known noise",
      overridden: ["error rate"],
      approval: "a1",
    });
    const bare = core();
    await executeIn(bare.c, intent(), plan(), { by: "lead", overridden: ["error rate"] });
    const data = bare.of("traffic.shift.requested")[0]!;
    expect(Object.keys(data)).not.toContain("overridden");
    expect(Object.keys(data)).not.toContain("approval");
    const alone = core();
    await executeIn(alone.c, intent(), plan(), { by: "lead", override: "x" });
    expect(alone.of("traffic.shift.requested")[0]).toMatchObject({ override: "x" });
    expect(Object.keys(alone.of("traffic.shift.requested")[0]!)).not.toContain("overridden");
    const empty = core();
    await executeIn(empty.c, intent(), plan(), { by: "lead", override: "x", overridden: [] });
    expect(Object.keys(empty.of("traffic.shift.requested")[0]!)).not.toContain("overridden");
  });

  it("at 100 % the live confirmation is ticked with AWS's words, unless it already is; a step with no item ticks none", async () => {
    const r = core();
    const res = await executeIn(r.c, intent(), plan(ALL), { by: "lead" });
    expect(res.ok).toBe(true);
    expect(r.of("item.checked")).toEqual([
      { item: r.item("100% traffic to v2.0"), evidence: "AWS read back blue 0 / green 100 (listener)" },
      {
        item: r.item("Route 100%"),
        evidence: expect.stringMatching(/^AWS confirmed blue 0 \/ green 100 in /),
      },
    ]);
    const ticked = core();
    (ticked.state.items as Record<string, { checked: boolean }>)[ticked.item("100% traffic to v2.0")] = {
      checked: true,
    };
    await executeIn(ticked.c, intent(), plan(ALL), { by: "lead" });
    expect(ticked.of("item.checked").map((d) => d.item)).toEqual([ticked.item("Route 100%")]);
    const fifty = core();
    await executeIn(fifty.c, intent(), plan({ blue: 50, green: 50 }), { by: "lead" });
    expect(fifty.types()).toEqual(["traffic.shift.requested", "traffic.shift.confirmed"]);
  });

  it("AWS confirmed it but the session refused the confirmation: ok, with the error said, nothing ticked", async () => {
    const r = core();
    r.refuse.set("traffic.shift.confirmed", new Error("ENOSPC: disk full"));
    const res = await executeIn(r.c, intent(), plan(ALL), { by: "lead" });
    expect(res).toMatchObject({
      ok: true,
      weights: ALL,
      error: "AWS confirmed it, but the session could not record it: ENOSPC: disk full",
    });
    expect(r.types()).toEqual(["traffic.shift.requested"]);
  });

  it("the Go decision's record runs after the read and before the write", async () => {
    const r = core();
    const seen: unknown[] = [];
    await executeIn(r.c, intent(), plan(), {
      by: "lead",
      beforeWrite: async () => {
        seen.push([r.aws.readCount, r.aws.writes.length, r.types().length]);
      },
    });
    expect(seen).toEqual([[1, 0, 0]]);
  });
});

describe("nothing is sent", () => {
  it("when a rollback fenced the intent or came since the plan: superseded, not even a read", async () => {
    const r = core();
    const i = intent();
    i.fence();
    const res = await executeIn(r.c, i, plan(), { by: "lead" });
    expect(res).toMatchObject({
      ok: false,
      superseded: true,
      attempts: 0,
      error: "a rollback was requested after this promote was planned: nothing sent",
    });
    expect([r.aws.readCount, r.aws.writes, r.events]).toEqual([0, [], []]);
    const epoch = core();
    const res2 = await executeIn(epoch.c, intent(), plan(TEN, { epoch: 1 }), { by: "lead" });
    expect(res2.superseded).toBe(true);
    expect(epoch.aws.readCount).toBe(0);
  });

  it("when the listener cannot be read: a failed shift recorded with the command to run by hand", async () => {
    const r = core();
    r.aws.reads.push(awsError("Throttling", "Rate exceeded"));
    const res = await executeIn(r.c, intent(), plan(), { by: "lead" });
    const error =
      "could not read the listener before the write, so nothing was sent: Throttling: Rate exceeded (HTTP 500)";
    expect(res).toMatchObject({
      ok: false,
      attempts: 1,
      error,
      manualCommand: "aws elbv2 modify-listener 90/10",
    });
    expect(res.superseded).toBeUndefined();
    expect(r.events).toEqual([
      {
        type: "traffic.shift.failed",
        data: { kind: "promote", to: TEN, error, manualCommand: "aws elbv2 modify-listener 90/10" },
        by: "lead",
      },
    ]);
    expect(r.aws.writes).toEqual([]);
  });

  it("when the listener moved since the plan: observed as changed, with what it shows now", async () => {
    const r = core();
    r.aws.now = listener(75, 25);
    const res = await executeIn(r.c, intent(), plan(), { by: "lead" });
    expect(res).toMatchObject({
      ok: false,
      attempts: 1,
      changed: listener(75, 25),
      error: "the listener changed since the plan was shown: nothing was sent",
    });
    expect(res.manualCommand).toBeUndefined();
    expect(r.events).toEqual([
      {
        type: "traffic.observed",
        data: {
          observation: "changed-since-dialog",
          weights: { blue: 75, green: 25 },
          expected: { blue: 100, green: 0 },
          detail: "planned from blue 100 / green 0, AWS now shows blue 75 / green 25: nothing was sent",
        },
        by: "lead",
      },
    ]);
    expect(r.aws.writes).toEqual([]);
  });

  it("when only the listener's default actions changed: said so", async () => {
    const r = core();
    r.aws.now = listener(100, 0, [...ACTIONS, { Type: "fixed-response" }]);
    const res = await executeIn(r.c, intent(), plan(), { by: "lead" });
    expect(res.changed?.actions).toHaveLength(3);
    expect(r.of("traffic.observed")[0]?.detail).toBe(
      "planned from blue 100 / green 0, AWS now shows blue 100 / green 0 (its default actions changed): nothing was sent",
    );
    expect(r.aws.writes).toEqual([]);
  });

  it("when a rollback came during the Go decision's record: superseded, recorded as such", async () => {
    const r = core();
    const i = intent();
    const res = await executeIn(r.c, i, plan(), { by: "lead", beforeWrite: async () => i.fence() });
    expect(res).toEqual({
      ok: false,
      kind: "promote",
      to: TEN,
      tookMs: res.tookMs,
      attempts: 1,
      superseded: true,
      error: "superseded: a rollback was requested before it was sent",
    });
    expect(r.events).toEqual([
      {
        type: "traffic.shift.superseded",
        data: { kind: "promote", to: TEN, detail: "a rollback was requested before it was sent" },
        by: "lead",
      },
    ]);
    expect(r.aws.writes).toEqual([]);
  });

  it("when the request cannot be recorded: the promote fails with the session's error", async () => {
    const r = core();
    r.refuse.set("traffic.shift.requested", new Error("EROFS: read-only"));
    await expect(executeIn(r.c, intent(), plan(), { by: "lead" })).rejects.toThrow("EROFS: read-only");
    expect(r.aws.writes).toEqual([]);
  });

  it("when another golive's rollback bumped the fence since the plan: superseded", async () => {
    const token = (rollbacks: number): FenceToken => ({
      token: rollbacks,
      kind: "rollback",
      writer: "x",
      at: 0,
      rollbacks,
    });
    let now = token(1);
    const r = core({ fence: { read: async () => now, bump: async () => (now = token(now.rollbacks)) } });
    const res = await executeIn(r.c, intent(), plan(TEN, { fence: token(0) }), { by: "lead" });
    expect(res).toMatchObject({
      superseded: true,
      attempts: 1,
      error: "superseded: superseded by a rollback in another process before anything was sent",
    });
    expect(r.types()).toEqual(["traffic.shift.requested", "traffic.shift.superseded"]);
    expect(r.aws.writes).toEqual([]);
  });
});

describe("the write and its read-back", () => {
  it("a failed write: the AWS error, its attempts added, the command to run by hand", async () => {
    const r = core();
    r.aws.writeFails.push(awsError("ValidationError", "bad weights", 3));
    const res = await executeIn(r.c, intent(), plan(), { by: "lead" });
    expect(res).toMatchObject({
      ok: false,
      attempts: 4,
      error: "ModifyListener failed: ValidationError: bad weights (HTTP 500, 3 attempts)",
      manualCommand: "aws elbv2 modify-listener 90/10",
      fallbackFile: undefined,
    });
    expect(r.types()).toEqual(["traffic.shift.requested", "traffic.shift.failed"]);
    expect(r.of("traffic.shift.failed")[0]).toMatchObject({ kind: "promote", to: TEN });
    const plain = core();
    plain.aws.writeFails.push(new Error("socket hang up"));
    expect((await executeIn(plain.c, intent(), plan(), { by: "lead" })).attempts).toBe(2);
  });

  it("reads back until AWS shows the weights, backing off 250 ms × 1.5 up to 2 s; failed reads are retried", async () => {
    // The sleeps below sum to 9.2 s of the engine clock; the limit is real time too, so a mutant
    // that stops the clock spins 10 s at most (60 s cost Stryker a timeout and a new runner each).
    const r = core({ verifyTimeoutSeconds: 10 });
    r.aws.landAs = listener(100, 0);
    // The read before the write; seven reads of the old weights and one error, then AWS shows the write.
    for (let i = 0; i < 8; i++) r.aws.reads.push(listener(100, 0));
    r.aws.reads.push(awsError("Throttling", "slow down"), listener(90, 10));
    const out = await executeIn(r.c, intent(), plan(), { by: "lead" });
    expect(out).toMatchObject({ ok: true, weights: TEN, attempts: 10 });
    expect(r.clock.slept).toEqual([250, 375, 562.5, 843.75, 1265.625, 1898.4375, 2000, 2000]);
  });

  it("never shown within verifyTimeoutSeconds: AWS's last weights said, with the controller's word when it has one", async () => {
    const r = core({ verifyTimeoutSeconds: 5 });
    r.aws.landAs = listener(100, 0);
    const res = await executeIn(r.c, intent(), plan(), { by: "lead" });
    expect(res).toMatchObject({
      ok: false,
      error: "AWS still shows blue 100 / green 0 after 5 s",
      manualCommand: "aws elbv2 modify-listener 90/10",
    });
    // 250 + 375 + 562.5 + 843.75 + 1265.625 + 1898.4375 = 5195.3 ms: six reads back, each then a sleep.
    expect(r.clock.slept).toHaveLength(6);
    expect(res.attempts).toBe(1 + 1 + 6);
    expect(r.of("traffic.shift.failed")[0]).toMatchObject({
      error: "AWS still shows blue 100 / green 0 after 5 s",
    });
    const since: number[] = [];
    const lag = core({
      lag: async (s) => {
        since.push(s);
        return "the Ingress has not reconciled";
      },
    });
    lag.aws.landAs = listener(100, 0);
    const t0 = lag.clock.t;
    const res2 = await executeIn(lag.c, intent(), plan(), { by: "lead" });
    expect(res2.error).toBe("AWS still shows blue 100 / green 0 after 5 s: the Ingress has not reconciled");
    expect(since).toEqual([t0]);
  });

  it("never readable after the write: the last read error said", async () => {
    const r = core({ verifyTimeoutSeconds: 1 });
    r.aws.reads.push(
      listener(100, 0),
      awsError("Throttling", "a"),
      awsError("Throttling", "b"),
      awsError("Throttling", "c"),
      awsError("Throttling", "d"),
    );
    const res = await executeIn(r.c, intent(), plan(), { by: "lead" });
    expect(res).toMatchObject({
      ok: false,
      attempts: 2,
      error: "could not read the listener back: Throttling: c (HTTP 500)",
    });
  });

  it("a rollback during a read back that shows the weights: superseded, the weights not claimed", async () => {
    const r = core();
    const i = intent();
    const read = r.c.d.traffic.read;
    r.c.d.traffic.read = async (opts) => {
      const l = await read(opts);
      // The read before the write answers; the rollback comes while the first read back is out.
      if (r.aws.writes.length > 0) i.fence();
      return l;
    };
    const res = await executeIn(r.c, i, plan(), { by: "lead" });
    expect(res).toMatchObject({
      ok: false,
      superseded: true,
      attempts: 3,
      error: "superseded: a rollback was requested before AWS confirmed it",
    });
    expect(r.types()).toEqual(["traffic.shift.requested", "traffic.shift.superseded"]);
  });

  it("a rollback while it waits between reads back: superseded before reading again", async () => {
    const r = core();
    r.aws.landAs = listener(100, 0);
    const i = intent();
    const sleep = r.clock.sleep;
    r.clock.sleep = async (ms) => {
      i.fence();
      return sleep(ms);
    };
    const res = await executeIn(r.c, i, plan(), { by: "lead" });
    expect(res).toMatchObject({ superseded: true, attempts: 3 });
    expect([r.aws.readCount, r.clock.slept]).toEqual([2, [250]]);
    expect(r.types()).toEqual(["traffic.shift.requested", "traffic.shift.superseded"]);
  });

  it("the session refuses a promote's failure or observation: the promote fails with that error, no fallback file", async () => {
    const failed = core();
    failed.aws.reads.push(awsError("Throttling", "x"));
    failed.refuse.set("traffic.shift.failed", new Error("ENOSPC"));
    await expect(executeIn(failed.c, intent(), plan(), { by: "lead" })).rejects.toThrow("ENOSPC");
    const moved = core();
    moved.aws.now = listener(75, 25);
    moved.refuse.set("traffic.observed", new Error("ENOSPC"));
    await expect(executeIn(moved.c, intent(), plan(), { by: "lead" })).rejects.toThrow("ENOSPC");
    const write = core();
    write.aws.writeFails.push(new Error("socket hang up"));
    write.refuse.set("traffic.shift.failed", new Error("ENOSPC"));
    await expect(executeIn(write.c, intent(), plan(), { by: "lead" })).rejects.toThrow("ENOSPC");
    const late = core({ verifyTimeoutSeconds: 1 });
    late.aws.landAs = listener(100, 0);
    late.refuse.set("traffic.shift.failed", new Error("ENOSPC"));
    await expect(executeIn(late.c, intent(), plan(), { by: "lead" })).rejects.toThrow("ENOSPC");
    expect([failed, moved, write, late].map((x) => x.fallbacks)).toEqual([[], [], [], []]);
  });

  it("fenced by another golive's rollback while on the wire: 100/0 written back over the plan's actions, then superseded", async () => {
    const token = (n: number, rollbacks: number, kind = "promote"): FenceToken => ({
      token: n,
      kind,
      writer: kind === "promote" ? "me" : "ops-laptop",
      at: 0,
      rollbacks,
    });
    let now = token(0, 0);
    const fence = {
      read: async () => now,
      bump: async () => (now = token(now.token + 1, now.rollbacks)),
    };
    for (const fails of [false, true]) {
      const r = core({ fence });
      now = token(0, 0);
      const send = r.c.d.traffic.write;
      let first = true;
      r.c.d.traffic.write = async (to, base) => {
        const out = await send(to, base);
        if (first) {
          first = false;
          now = token(now.token + 1, 1, "rollback");
          if (fails) r.aws.writeFails.push(awsError("Throttling", "later"));
        }
        return out;
      };
      const res = await executeIn(r.c, intent(), plan(TEN, { fence: token(0, 0) }), { by: "lead" });
      expect(res).toMatchObject({
        superseded: true,
        error: "superseded: a rollback in another golive fenced it",
      });
      expect(r.aws.writes).toEqual(
        fails
          ? [{ to: TEN, base: listener(100, 0) }]
          : [
              { to: TEN, base: listener(100, 0) },
              { to: { blue: 100, green: 0 }, base: listener(100, 0) },
            ],
      );
      expect(r.of("traffic.observed")).toEqual([
        {
          observation: "fenced-write-back",
          weights: { blue: 100, green: 0 },
          expected: TEN,
          detail: `a rollback by ops-laptop fenced this promote while its write was on the wire; the rollback's blue 100 / green 0 was ${fails ? "NOT written back (Throttling: later (HTTP 500))" : "written back"}`,
        },
      ]);
      expect(r.types().at(-1)).toBe("traffic.shift.superseded");
    }
  });
});
