/**
 * engine/listener-truth.ts with its ports handed in (a listener that answers when told, an actor's
 * write generation, a clock): which reads count as evidence, and what two agreeing fresh reads say
 * about the session. A stale read taken for evidence would report drift that is only eventual
 * consistency, or close a promote that never landed; a drift on one read would restart the dwell.
 */
import { describe, expect, it } from "vitest";
import type { SessionState, Weights } from "../../source/domain/events.js";
import type { ListenerState } from "../../source/domain/ports.js";
import {
  ListenerTruth,
  SETTLE_MS,
  sameListener,
  sameRaw,
  type TaggedRead,
} from "../../source/engine/listener-truth.js";
import type { TrafficActor } from "../../source/engine/traffic-actor.js";

const w = (blue: number, green: number): Weights => ({ blue, green });
const listener = (blue: number, green: number, raw = { blue: blue * 10, green: green * 10 }): ListenerState =>
  ({ weights: w(blue, green), raw }) as ListenerState;

function rig(settleMs?: number) {
  const clock = { t: 100_000, now: () => clock.t, sleep: async () => {} };
  const actor = { writes: { gen: 0, startedAt: 0, endedAt: 0 }, busy: false };
  const asked: unknown[] = [];
  const pending: ((l: ListenerState) => void)[] = [];
  let next: ListenerState | undefined;
  const traffic = {
    read: (opts?: unknown) => {
      asked.push(opts);
      if (next) return Promise.resolve(next);
      return new Promise<ListenerState>((r) => pending.push(r));
    },
  };
  const truth = new ListenerTruth({
    traffic: traffic as never,
    actor: actor as unknown as TrafficActor,
    clock,
    ...(settleMs === undefined ? {} : { settleMs }),
  });
  return {
    clock,
    actor,
    asked,
    pending,
    truth,
    answer: (l: ListenerState | undefined) => {
      next = l;
    },
  };
}

const session = (o: Partial<SessionState> = {}) => ({ weights: w(90, 10), ...o }) as SessionState;
const tagged = (l: ListenerState, o: Partial<TaggedRead> = {}): TaggedRead => ({
  listener: l,
  gen: 0,
  startedAt: 100_000,
  seq: 1,
  ...o,
});

describe("ListenerTruth.read", () => {
  it("tags each read with the write generation and time it started, numbered as they finish", async () => {
    const h = rig();
    h.answer(listener(90, 10));
    const a = await h.truth.read({ rules: true });
    h.actor.writes.gen = 3;
    h.clock.t = 200_000;
    const b = await h.truth.read();
    expect([a.gen, a.startedAt, a.seq, b.gen, b.startedAt, b.seq]).toEqual([0, 100_000, 1, 3, 200_000, 2]);
    expect(h.asked).toEqual([{ rules: true }, undefined]);
    expect(h.truth.last).toBe(b);
  });

  it("an older read finishing late never replaces a newer one", async () => {
    const h = rig();
    const old = h.truth.read();
    h.actor.writes.gen = 1;
    const young = h.truth.read();
    h.pending[1]!(listener(50, 50));
    const y = await young;
    h.pending[0]!(listener(90, 10));
    await old;
    expect(h.truth.last).toBe(y);
    // Of two reads of the same generation, the one that finished last.
    h.answer(listener(40, 60));
    const z = await h.truth.read();
    expect(h.truth.last).toBe(z);
  });
});

describe("ListenerTruth.isFresh", () => {
  it("not when a write started since the read, nor before the last write's settle window ended", () => {
    const h = rig();
    h.actor.writes = { gen: 2, startedAt: 50_000, endedAt: 60_000 };
    const s = session();
    expect(h.truth.isFresh(tagged(listener(90, 10), { gen: 1, startedAt: 90_000 }), s)).toBe(false);
    expect(h.truth.isFresh(tagged(listener(90, 10), { gen: 2, startedAt: 60_000 + SETTLE_MS - 1 }), s)).toBe(
      false,
    );
    expect(h.truth.isFresh(tagged(listener(90, 10), { gen: 2, startedAt: 60_000 + SETTLE_MS }), s)).toBe(
      true,
    );
    expect(SETTLE_MS).toBe(10_000);
  });

  it("a shift or confirmation recorded by another process settles the same way; settle is configurable", () => {
    const h = rig(2000);
    const since = new Date(80_000).toISOString();
    const read = (startedAt: number) => tagged(listener(90, 10), { startedAt });
    const shift = { kind: "promote", to: w(50, 50), since, seq: 1 } as SessionState["shift"];
    for (const s of [session({ shift }), session({ weightsSince: since })]) {
      expect(h.truth.isFresh(read(81_999), s)).toBe(false);
      expect(h.truth.isFresh(read(82_000), s)).toBe(true);
    }
    // The later of the two counts.
    const both = session({ shift, weightsSince: new Date(90_000).toISOString() });
    expect(h.truth.isFresh(read(91_999), both)).toBe(false);
    expect(h.truth.isFresh(read(92_000), both)).toBe(true);
    expect(h.truth.isFresh(read(2000), session())).toBe(true);
  });
});

describe("ListenerTruth.judge", () => {
  const at = (h: ReturnType<typeof rig>, l: ListenerState) => {
    h.answer(l);
    return h.truth.read();
  };

  it("nothing while an intent runs; first sight with no record, stale or not", async () => {
    const h = rig();
    const r = await at(h, listener(80, 20));
    h.actor.busy = true;
    expect(h.truth.judge(r, session({ weights: null }))).toEqual({ kind: "none" });
    h.actor.busy = false;
    h.actor.writes.gen = 1;
    expect(h.truth.judge(r, session({ weights: null }))).toEqual({ kind: "first-sight", weights: w(80, 20) });
    expect(h.truth.judge(r, session())).toEqual({ kind: "none" });
    // Not even when one read is enough.
    expect(h.truth.judge(r, session(), { twoReads: false })).toEqual({ kind: "none" });
  });

  it("two fresh reads at the recorded weights are no drift", async () => {
    const h = rig();
    for (let i = 0; i < 3; i++)
      expect(h.truth.judge(await at(h, listener(90, 10)), session())).toEqual({ kind: "none" });
  });

  it("drift only on the second agreeing fresh read; one read alone when asked", async () => {
    const h = rig();
    const s = session();
    const a = await at(h, listener(70, 30));
    expect(h.truth.judge(a, s)).toEqual({ kind: "none" });
    // The same read judged again is not a second read.
    expect(h.truth.judge(a, s)).toEqual({ kind: "none" });
    const b = await at(h, listener(70, 30));
    expect(h.truth.judge(b, s)).toEqual({ kind: "drift", expected: w(90, 10), actual: w(70, 30) });
    // The pair is used up: the next read starts a new one.
    const c = await at(h, listener(70, 30));
    expect(h.truth.judge(c, s)).toEqual({ kind: "none" });
    expect(h.truth.judge(a, s, { twoReads: false })).toEqual({
      kind: "drift",
      expected: w(90, 10),
      actual: w(70, 30),
    });
  });

  it("reads that disagree, or a first read gone stale, start the pair again", async () => {
    const h = rig();
    const s = session();
    const a = await at(h, listener(70, 30));
    h.truth.judge(a, s);
    const b = await at(h, listener(70, 30, { blue: 701, green: 299 }));
    expect(h.truth.judge(b, s)).toEqual({ kind: "none" });
    const c = await at(h, listener(70, 30, { blue: 701, green: 299 }));
    expect(h.truth.judge(c, s)).toMatchObject({ kind: "drift" });
    // A read back at the record's weights clears a half-made pair.
    const d = await at(h, listener(70, 30));
    h.truth.judge(d, s);
    const e = await at(h, listener(90, 10));
    expect(h.truth.judge(e, s)).toEqual({ kind: "none" });
    const f = await at(h, listener(70, 30));
    expect(h.truth.judge(f, s)).toEqual({ kind: "none" });
    // The first of a pair taken before a write that has since settled is no longer fresh.
    h.actor.writes = { gen: 1, startedAt: 100_000, endedAt: 100_000 };
    h.clock.t = 200_000;
    const g = await at(h, listener(70, 30));
    expect(h.truth.judge(g, s)).toEqual({ kind: "none" });
    const g2 = await at(h, listener(70, 30));
    expect(h.truth.judge(g2, s)).toMatchObject({ kind: "drift" });
  });

  // A promote is done at its target; a rollback at 100/0 (whatever else it recorded).
  it.each([
    ["promote", w(50, 50), listener(50, 50), "reconciled-completed"],
    ["promote", w(50, 50), listener(90, 10), "reconciled-not-applied"],
    ["promote", w(50, 50), listener(75, 25), "reconciled-other"],
    ["rollback", w(100, 0), listener(100, 0), "reconciled-completed"],
    ["rollback", w(100, 0), listener(90, 10), "reconciled-not-applied"],
    ["rollback", w(100, 0), listener(0, 100), "reconciled-other"],
  ] as const)("a recorded %s to %o, AWS at %o: %s", async (kind, to, l, observation) => {
    const s = session({ shift: { kind, to, since: new Date(0).toISOString(), seq: 4 } });
    const h = rig();
    h.truth.judge(await at(h, l), s);
    expect(h.truth.judge(await at(h, l), s)).toEqual({
      kind: "reconcile",
      observation,
      weights: l.weights,
      expected: to,
    });
  });

  it("a rollback that failed and said so is closed by AWS at 100/0, even at the recorded weights", async () => {
    const failed = { startedAt: "", by: "ann", failed: "AccessDenied" };
    for (const weights of [w(90, 10), w(100, 0)]) {
      const h = rig();
      const s = session({ weights, rollback: failed });
      h.truth.judge(await at(h, listener(100, 0)), s);
      expect(h.truth.judge(await at(h, listener(100, 0)), s)).toEqual({
        kind: "reconcile",
        observation: "reconciled-completed",
        weights: w(100, 0),
        expected: w(100, 0),
      });
    }
    // Completed since, or AWS not at 100/0 (nor at 0/0): drift, or nothing at the recorded weights.
    const h = rig();
    const done = session({ rollback: { ...failed, completedAt: "x" } });
    h.truth.judge(await at(h, listener(100, 0)), done);
    expect(h.truth.judge(await at(h, listener(100, 0)), done)).toMatchObject({ kind: "drift" });
    const still = session({ weights: w(0, 0), rollback: failed });
    for (let i = 0; i < 2; i++)
      expect(h.truth.judge(await at(h, listener(0, 0)), still)).toEqual({ kind: "none" });
    const notYet = session({ rollback: failed });
    expect(h.truth.judge(await at(h, listener(90, 10)), notYet)).toEqual({ kind: "none" });
  });
});

describe("the same listener", () => {
  it("as far as traffic goes: both raw weights, exact", () => {
    expect(sameRaw(listener(90, 10), listener(90, 10))).toBe(true);
    expect(sameRaw(listener(90, 10), listener(90, 10, { blue: 900, green: 101 }))).toBe(false);
    expect(sameRaw(listener(90, 10), listener(90, 10, { blue: 901, green: 100 }))).toBe(false);
  });

  it("as a plan saw it: the whole action list too, none the same as none", () => {
    const act = (actions?: unknown) =>
      ({ ...listener(90, 10), ...(actions ? { actions } : {}) }) as ListenerState;
    expect(sameListener(act(), act())).toBe(true);
    expect(sameListener(act([{ Type: "forward" }]), act([{ Type: "forward" }]))).toBe(true);
    expect(sameListener(act([{ Type: "forward" }]), act())).toBe(false);
    expect(sameListener(act([{ Type: "forward" }]), act([{ Type: "authenticate-oidc" }]))).toBe(false);
    expect(sameListener(listener(90, 10), listener(90, 10, { blue: 900, green: 101 }))).toBe(false);
  });
});
