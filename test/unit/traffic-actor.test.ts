/**
 * engine/traffic-actor.ts with its ports handed in: a listener that applies a write when the test
 * lets it land (a request held on the wire), a fence token in memory that can be held mid-bump, a
 * clock that moves only when told. Everything here settles in microtasks, so "nothing more happens"
 * is shown by letting the event loop turn (no I/O is pending), not by waiting out time.
 *
 * The two invariants the lead relies on: what was confirmed is exactly what is sent, or nothing is
 * (a promote a rollback overtook sends nothing, even if the rollback came while the promote was
 * bumping the fence); a rollback is never blocked by a promote and writes last (it waits only for a
 * write already on the wire, then writes).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FenceToken } from "../../source/domain/ports.js";
import { FencedError, type Intent, TrafficActor } from "../../source/engine/traffic-actor.js";
import { EMPTY, nextFence } from "../../source/integrations/fence-file.js";
import { latch, turns } from "../helpers/hold.js";

type Split = { blue: number; green: number };
const ROLLBACK: Split = { blue: 100, green: 0 };
const TEN: Split = { blue: 90, green: 10 };

/** The listener as AWS holds it, and every write in the order AWS applied them. */
function aws() {
  const landed: Split[] = [];
  return {
    landed,
    get now(): Split {
      return landed.at(-1) ?? ROLLBACK;
    },
    /** A write that lands at once. */
    send: (s: Split) => async () => {
      landed.push(s);
      return s;
    },
    /** A write sent and held before AWS applies it; `land()` applies it and answers. */
    held(s: Split) {
      const l = latch();
      let sent = false;
      return {
        get sent() {
          return sent;
        },
        send: async () => {
          sent = true;
          await l.released;
          landed.push(s);
          return s;
        },
        land: l.release,
      };
    },
  };
}

/** The fence token in memory; `holdBump(kind)` holds the next bump of that kind before it lands. */
function memFence(clock: { now(): number }) {
  let cur: FenceToken = EMPTY;
  const holds = new Map<string, ReturnType<typeof latch>>();
  const bumps: string[] = [];
  return {
    bumps,
    get token() {
      return cur;
    },
    /** The token as another process's rename left it. */
    set(t: FenceToken) {
      cur = t;
    },
    /** Another process's write: the token moves without this actor. */
    external(kind: string, writer = "other") {
      cur = nextFence(cur, kind, writer, clock.now());
    },
    holdBump(kind: string) {
      const l = latch();
      holds.set(kind, l);
      return { reached: l.reachedP, release: l.release };
    },
    port: {
      read: async () => cur,
      bump: async (kind: string, writer: string) => {
        bumps.push(kind);
        const h = holds.get(kind);
        if (h) {
          holds.delete(kind);
          h.reached();
          await h.released;
        }
        cur = nextFence(cur, kind, writer, clock.now());
        return cur;
      },
    },
  };
}

function rig(o: { fence?: boolean; rollbackFenceWaitMs?: number; fenceTimeoutMs?: number } = {}) {
  const clock = { t: 1_000, now: () => clock.t, sleep: async () => {} };
  const fence = memFence(clock);
  const actor = new TrafficActor({
    clock,
    fence: o.fence === false ? undefined : fence.port,
    writer: "me",
    rollbackFenceWaitMs: o.rollbackFenceWaitMs,
    fenceTimeoutMs: o.fenceTimeoutMs,
  });
  return { clock, fence, actor, aws: aws() };
}

/** A send during which another process writes `kind`: the token moves while this write is out. */
function afterExternal<T>(fence: { external(kind: string): void }, kind: string, send: () => Promise<T>) {
  return async () => {
    fence.external(kind);
    return send();
  };
}

/** Waits (by event-loop turns, no time) until `cond` holds; fails if it never does. */
async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 200 && !cond(); i++) await turns(1);
  if (!cond()) throw new Error(`never: ${what}`);
}

/**
 * `p` once it settled, or a failure (not a hang) if it never does: nothing here waits on I/O or a
 * timer, so a promise still pending after the loop turned 200 times is never going to settle.
 */
async function settled<T>(p: Promise<T>): Promise<T> {
  let done = false;
  p.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await until(() => done, "the promise settled");
  return p;
}

describe("a rollback overtakes a promote that has not sent yet", () => {
  it("R while the promote bumps the fence (after its first check): the promote sends nothing, AWS ends at 100/0", async () => {
    const { actor, fence, aws: a } = rig();
    const since = await actor.fenceNow();
    const bump = fence.holdBump("promote");
    let promoteSent = false;
    const p = actor.enqueue("promote", (i) =>
      actor.write(i, since, async () => {
        promoteSent = true;
        return a.send(TEN)();
      }),
    );
    await settled(bump.reached);
    // The rollback does not wait for a promote that is not on the wire: it finishes first.
    const rb = await settled(actor.rollback("rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK))));
    expect(rb.result).toEqual(ROLLBACK);
    bump.release();
    await expect(settled(p)).rejects.toBeInstanceOf(FencedError);
    await expect(settled(p)).rejects.toThrow("superseded by a rollback before anything was sent");
    expect(promoteSent).toBe(false);
    expect(a.landed).toEqual([ROLLBACK]);
    expect(a.now).toEqual(ROLLBACK);
    expect(actor.busy).toBe(false);
  });

  it("the same without a fence port: a rollback requested before the promote ran fences it at its first check", async () => {
    const { actor, aws: a } = rig({ fence: false });
    const gate = latch();
    const p = actor.enqueue("promote", async (i) => {
      await gate.released;
      return actor.write(i, undefined, a.send(TEN));
    });
    expect(actor.busy).toBe(true);
    await settled(actor.rollback("auto-rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK))));
    gate.release();
    await expect(settled(p)).rejects.toBeInstanceOf(FencedError);
    expect(a.landed).toEqual([ROLLBACK]);
  });

  it("a promote planned before another process's rollback sends nothing (read before its bump)", async () => {
    const { actor, fence, aws: a } = rig();
    const since = await actor.fenceNow();
    fence.external("rollback");
    const p = actor.enqueue("promote", (i) => actor.write(i, since, a.send(TEN)));
    await expect(settled(p)).rejects.toThrow(
      "superseded by a rollback in another process before anything was sent",
    );
    expect(a.landed).toEqual([]);
    // Refused before its own bump: the token still shows the other process's rollback last.
    expect(fence.bumps).toEqual([]);
    expect(fence.token).toMatchObject({ kind: "rollback", writer: "other", rollbacks: 1 });
  });

  it("another process's promote (no rollback) since the plan does not fence it", async () => {
    const { actor, fence, aws: a } = rig();
    const since = await actor.fenceNow();
    fence.external("promote");
    const w = await settled(actor.enqueue("promote", (i) => actor.write(i, since, a.send(TEN))));
    expect(w).toEqual({ result: TEN });
    expect(fence.token).toMatchObject({ token: 2, kind: "promote", writer: "me", rollbacks: 0 });
  });
});

describe("a rollback waits only for a write already on the wire, then writes last", () => {
  it("R while a promote's write is on the wire: the rollback sends only after it returned, AWS ends at 100/0", async () => {
    const { actor, aws: a } = rig();
    const since = await actor.fenceNow();
    const wire = a.held(TEN);
    const p = actor.enqueue("promote", (i) => actor.write(i, since, wire.send));
    await until(() => wire.sent, "the promote's write is on the wire");
    let rollbackSent = false;
    const rb = actor.rollback("rollback", (i) =>
      actor.write(i, undefined, async () => {
        rollbackSent = true;
        return a.send(ROLLBACK)();
      }),
    );
    // Nothing is pending but the held write: the rollback has had every chance to send.
    await turns(20);
    expect(rollbackSent).toBe(false);
    expect(a.landed).toEqual([]);
    wire.land();
    const [pw, rw] = await settled(Promise.all([p, rb]));
    expect(pw.result).toEqual(TEN);
    expect(rw.result).toEqual(ROLLBACK);
    expect(a.landed).toEqual([TEN, ROLLBACK]);
    expect(a.now).toEqual(ROLLBACK);
  });

  it("the same for a write that failed on the wire: the rollback still runs", async () => {
    const { actor, aws: a } = rig({ fence: false });
    const l = latch();
    let sent = false;
    const p = actor.enqueue("promote", (i) =>
      actor.write(i, undefined, async () => {
        sent = true;
        await l.released;
        throw new Error("ECONNRESET");
      }),
    );
    await until(() => sent, "the promote's write is on the wire");
    const rb = actor.rollback("rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK)));
    await turns(20);
    expect(a.landed).toEqual([]);
    l.release();
    await expect(settled(p)).rejects.toThrow("ECONNRESET");
    expect((await settled(rb)).result).toEqual(ROLLBACK);
    expect(a.landed).toEqual([ROLLBACK]);
  });

  it("an ECS scale-blue on the wire is waited for too, and a fenced one sends nothing", async () => {
    const { actor, aws: a } = rig();
    const wire = a.held({ blue: 0, green: 100 });
    const s = actor.enqueue("scale-blue", (i) => actor.other(i, wire.send));
    await until(() => wire.sent, "scale-blue on the wire");
    const rb = actor.rollback("rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK)));
    await turns(20);
    expect(a.landed).toEqual([]);
    wire.land();
    await settled(Promise.all([s, rb]));
    expect(a.landed).toEqual([{ blue: 0, green: 100 }, ROLLBACK]);
    // scale-blue is not a listener write: only the rollback moved the write generation.
    expect(actor.writes.gen).toBe(1);
    // Queued before a rollback: fenced, nothing sent.
    const gate = latch();
    const late = actor.enqueue("scale-blue", async (i) => {
      await gate.released;
      return actor.other(i, a.send({ blue: 1, green: 99 }));
    });
    await settled(actor.rollback("rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK))));
    gate.release();
    await expect(settled(late)).rejects.toBeInstanceOf(FencedError);
    expect(a.landed).toHaveLength(3);
  });

  it("a promote asked for while a rollback runs starts only after it, and is not fenced by it", async () => {
    const { actor, aws: a } = rig({ fence: false });
    const wire = a.held(ROLLBACK);
    const rb = actor.rollback("rollback", (i) => actor.write(i, undefined, wire.send));
    await until(() => wire.sent, "the rollback on the wire");
    let started = false;
    const p = actor.enqueue("promote", (i: Intent) => {
      started = true;
      expect(i.fenced()).toBe(false);
      return actor.write(i, undefined, a.send(TEN));
    });
    await turns(20);
    expect(started).toBe(false);
    wire.land();
    await settled(Promise.all([rb, p]));
    expect(a.landed).toEqual([ROLLBACK, TEN]);
  });

  it("rollbacks run one after another and none fences another", async () => {
    const { actor, aws: a } = rig({ fence: false });
    const wire = a.held(ROLLBACK);
    const first = actor.rollback("rollback", (i) => actor.write(i, undefined, wire.send));
    await until(() => wire.sent, "the first rollback on the wire");
    let secondRan = false;
    const second = actor.rollback("auto-rollback", (i) => {
      secondRan = true;
      expect(i.fenced()).toBe(false);
      expect(i.kind).toBe("auto-rollback");
      return actor.write(i, undefined, a.send(ROLLBACK));
    });
    expect(actor.rollbackEpoch).toBe(2);
    await turns(20);
    expect(secondRan).toBe(false);
    wire.land();
    await settled(Promise.all([first, second]));
    expect(a.landed).toEqual([ROLLBACK, ROLLBACK]);
    expect(actor.busy).toBe(false);
  });
});

describe("the fence token around a write", () => {
  it("a promote overtaken by another process's rollback during its write says so", async () => {
    const { actor, fence, aws: a } = rig();
    const since = await actor.fenceNow();
    const w = await settled(
      actor.enqueue("promote", (i) => actor.write(i, since, afterExternal(fence, "rollback", a.send(TEN)))),
    );
    expect(w.overtaken).toMatchObject({ kind: "rollback", writer: "other", rollbacks: 1 });
    // A promote after the plan but no rollback: not overtaken.
    const since2 = await actor.fenceNow();
    const w2 = await settled(
      actor.enqueue("promote", (i) => actor.write(i, since2, afterExternal(fence, "promote", a.send(TEN)))),
    );
    expect(w2).toEqual({ result: TEN });
  });

  it("a rollback another writer bumped after is told to write again; its own later token is not", async () => {
    const { actor, fence, aws: a } = rig();
    const w = await settled(
      actor.rollback("rollback", (i) =>
        actor.write(i, undefined, afterExternal(fence, "promote", a.send(ROLLBACK))),
      ),
    );
    expect(w.overtaken).toMatchObject({ kind: "promote", writer: "other", token: 2 });
    const again = await settled(
      actor.rollback("rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK))),
    );
    expect(again).toEqual({ result: ROLLBACK });
    expect(fence.token).toMatchObject({ writer: "me", kind: "rollback", rollbacks: 2 });
  });

  it("a rollback whose fence bump hangs writes anyway, and is not overtaken by its own late bump", async () => {
    const { actor, fence, aws: a } = rig({ rollbackFenceWaitMs: 0, fenceTimeoutMs: 0 });
    const bump = fence.holdBump("rollback");
    const w = await actor.rollback("rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK)));
    expect(w).toEqual({ result: ROLLBACK });
    expect(a.landed).toEqual([ROLLBACK]);
    bump.release();
  });

  it("a promote's failed fence bump is no write", async () => {
    const { actor, fence, aws: a } = rig();
    fence.port.bump = async () => {
      throw new Error("EIO");
    };
    await expect(actor.enqueue("promote", (i) => actor.write(i, undefined, a.send(TEN)))).rejects.toThrow(
      "EIO",
    );
    expect(a.landed).toEqual([]);
    expect(actor.writes.gen).toBe(0);
  });

  it("the write generation and its times on the engine clock; no fence port, no token", async () => {
    const { actor, clock, aws: a } = rig({ fence: false });
    expect(actor.writes).toEqual({
      gen: 0,
      startedAt: Number.NEGATIVE_INFINITY,
      endedAt: Number.NEGATIVE_INFINITY,
    });
    expect(await actor.fenceNow()).toBeUndefined();
    const wire = a.held(TEN);
    const p = actor.enqueue("promote", (i) => actor.write(i, undefined, wire.send));
    await until(() => wire.sent, "on the wire");
    expect(actor.writes).toEqual({ gen: 1, startedAt: 1_000, endedAt: Number.POSITIVE_INFINITY });
    clock.t = 1_250;
    wire.land();
    expect(await settled(p)).toEqual({ result: TEN });
    expect(actor.writes).toEqual({ gen: 1, startedAt: 1_000, endedAt: 1_250 });
    expect(actor.writer).toBe("me");
    expect(new TrafficActor({ clock }).writer).toMatch(new RegExp(`^${process.pid}-[0-9a-z]{1,6}$`));
  });
});

describe("what Stryker's engine-actor run left (2026-12-03 10:40 UTC)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("promotes run one after another: the second starts only when the first has returned", async () => {
    const { actor, aws: a } = rig();
    const wire = a.held(TEN);
    const first = actor.enqueue("promote", (i) => actor.write(i, undefined, wire.send));
    let secondStarted = false;
    const second = actor.enqueue("promote", (i) => {
      secondStarted = true;
      return actor.write(i, undefined, a.send({ blue: 50, green: 50 }));
    });
    await until(() => wire.sent, "the first on the wire");
    await turns(20);
    expect(secondStarted).toBe(false);
    wire.land();
    await settled(Promise.all([first, second]));
    expect(a.landed).toEqual([TEN, { blue: 50, green: 50 }]);
  });

  it("a promote fenced before its write touches neither the fence token nor AWS, and says why", async () => {
    const { actor, fence, aws: a } = rig();
    const gate = latch();
    const p = actor.enqueue("promote", async (i) => {
      await gate.released;
      return actor.write(i, undefined, a.send(TEN));
    });
    await settled(actor.rollback("rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK))));
    const reads: number[] = [];
    const read = fence.port.read;
    fence.port.read = async () => {
      reads.push(1);
      return read();
    };
    gate.release();
    await expect(settled(p)).rejects.toThrow("superseded by a rollback before anything was sent");
    expect(fence.bumps).toEqual(["rollback"]);
    expect(reads).toEqual([]);
    expect(a.landed).toEqual([ROLLBACK]);
  });

  it("a fenced scale-blue says it was superseded by a rollback", async () => {
    const { actor, aws: a } = rig();
    const gate = latch();
    const s = actor.enqueue("scale-blue", async (i) => {
      await gate.released;
      return actor.other(i, a.send({ blue: 1, green: 99 }));
    });
    await settled(actor.rollback("rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK))));
    gate.release();
    await expect(settled(s)).rejects.toThrow("superseded by a rollback before anything was sent");
  });

  it("an auto-rollback is a rollback at the fence: never held by a hung bump, told to write again when overtaken", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const { actor, fence, aws: a } = rig({ rollbackFenceWaitMs: 5, fenceTimeoutMs: 60_000 });
    const bump = fence.holdBump("auto-rollback");
    const w = actor.rollback("auto-rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK)));
    await settled(bump.reached);
    await vi.advanceTimersByTimeAsync(5);
    expect(a.landed).toEqual([ROLLBACK]);
    bump.release();
    expect(await settled(w)).toEqual({ result: ROLLBACK });
    vi.useRealTimers();
    const again = await settled(
      actor.rollback("auto-rollback", (i) =>
        actor.write(i, undefined, afterExternal(fence, "promote", a.send(ROLLBACK))),
      ),
    );
    expect(again.overtaken).toMatchObject({ kind: "promote", writer: "other" });
  });

  it("a rollback's bump waits 250 ms by default, then the write goes out without it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const { actor, fence, aws: a } = rig();
    const bump = fence.holdBump("rollback");
    const w = actor.rollback("rollback", (i) => actor.write(i, undefined, a.send(ROLLBACK)));
    await settled(bump.reached);
    await vi.advanceTimersByTimeAsync(249);
    expect(a.landed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.landed).toEqual([ROLLBACK]);
    bump.release();
    expect(await settled(w)).toEqual({ result: ROLLBACK });
  });

  it("a fence read that hangs after the write is given fenceTimeoutMs, then the write's result stands", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const { actor, fence, aws: a } = rig({ fenceTimeoutMs: 7 });
    const since = await actor.fenceNow();
    let reads = 0;
    const read = fence.port.read;
    // The promote's own read before its bump answers; the read after the write hangs.
    fence.port.read = () => (++reads === 1 ? read() : new Promise<FenceToken>(() => {}));
    const p = actor.enqueue("promote", (i) => actor.write(i, since, a.send(TEN)));
    await until(() => a.landed.length === 1, "the promote sent");
    await vi.advanceTimersByTimeAsync(6);
    let done = false;
    void p.then(() => {
      done = true;
    });
    await turns(5);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(p)).toEqual({ result: TEN });
  });

  it("a fence read that fails after the write: the write's result, nothing overtaken (rollback and promote)", async () => {
    const { actor, fence, aws: a } = rig();
    const read = fence.port.read;
    let fail = false;
    fence.port.read = () => (fail ? Promise.reject(new Error("EIO")) : read());
    const rb = await settled(
      actor.rollback("rollback", (i) =>
        actor.write(i, undefined, async () => {
          fail = true;
          return a.send(ROLLBACK)();
        }),
      ),
    );
    expect(rb).toEqual({ result: ROLLBACK });
    fail = false;
    const since = await actor.fenceNow();
    const p = await settled(
      actor.enqueue("promote", (i) =>
        actor.write(i, since, async () => {
          fail = true;
          return a.send(TEN)();
        }),
      ),
    );
    expect(p).toEqual({ result: TEN });
  });

  it("a rollback whose bump was late learns its token after the write: overtaken by a writer after it", async () => {
    // The rollback's wait for its bump is a timer: on the real clock, `settled`'s 200 turns raced
    // that 1 ms (it lost once in a soak beside a busy core), so the wait ends when the test says.
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const { actor, fence, aws: a } = rig({ rollbackFenceWaitMs: 0 });
    const bump = fence.holdBump("rollback");
    const rb = actor.rollback("rollback", (i) =>
      actor.write(i, undefined, async () => {
        // The late bump lands while the write is out, then another process writes after it.
        bump.release();
        await turns(2);
        fence.external("promote");
        return a.send(ROLLBACK)();
      }),
    );
    await settled(bump.reached);
    expect(a.landed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const w = await settled(rb);
    expect(a.landed).toEqual([ROLLBACK]);
    expect(w.overtaken).toMatchObject({ kind: "promote", writer: "other", token: 2 });
  });

  it("a rollback whose bump another writer's rename replaced at the same token is told to write again", async () => {
    const { actor, fence, aws: a } = rig();
    const w = await settled(
      actor.rollback("rollback", (i) =>
        actor.write(i, undefined, async () => {
          // Both read token 0 and wrote token 1; the other's file won the rename.
          fence.set({ ...fence.token, writer: "other", kind: "promote" });
          return a.send(ROLLBACK)();
        }),
      ),
    );
    expect(w.overtaken).toMatchObject({ token: 1, writer: "other" });
  });

  it("a rollback whose bump another writer's rename replaced with a LOWER token is told to write again", async () => {
    const { actor, fence, aws: a } = rig();
    // The other process read token 1 before this one's promote (2) and rollback (3) bumps, and its
    // rename came last: the file holds its token 2, and its promote goes out after this write.
    const early: FenceToken = { ...EMPTY, token: 1, kind: "promote", writer: "other" };
    fence.set({ ...early, token: 2, writer: "me" });
    const w = await settled(
      actor.rollback("rollback", (i) =>
        actor.write(i, undefined, async () => {
          fence.set(nextFence(early, "promote", "other", 0));
          return a.send(ROLLBACK)();
        }),
      ),
    );
    expect(w.overtaken).toMatchObject({ token: 2, writer: "other", kind: "promote" });
  });
});
