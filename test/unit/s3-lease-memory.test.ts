/**
 * The lead lease (session/s3-lease.ts) over an object store in memory that keeps the port's one
 * promise (shared-log.ts: a create or a replace naming a version, of two exactly one succeeds), so
 * each rule is checked at its boundary in milliseconds; s3-lease.test.ts runs the same class on moto.
 */
import { describe, expect, it } from "vitest";
import type { SharedObjectPort, TaggedObject } from "../../source/domain/shared-log.js";
import { LeadLease, type Lease, leaseKey } from "../../source/session/s3-lease.js";
import { fixedClock } from "../helpers/cli.js";

const TTL = 30_000;
const T = "2026-11-23T12:00:00.000Z";
const KEY = "p/s1/lead.json";

/** Objects with a version tag; `meanwhile` runs once, just before the next write lands. */
function memoryStore() {
  const objects = new Map<string, TaggedObject>();
  let n = 0;
  let meanwhile: (() => void) | undefined;
  const before = () => {
    const f = meanwhile;
    meanwhile = undefined;
    f?.();
  };
  const store: SharedObjectPort & {
    objects: Map<string, TaggedObject>;
    put(key: string, body: string): void;
    meanwhile(f: () => void): void;
  } = {
    where: "s3://bucket/p",
    objects,
    put: (key, body) => void objects.set(key, { body, tag: `t${++n}` }),
    meanwhile: (f) => {
      meanwhile = f;
    },
    async readTagged(key) {
      const o = objects.get(key);
      return o && { ...o };
    },
    async createTagged(key, body) {
      before();
      if (objects.has(key)) return undefined;
      store.put(key, body);
      return objects.get(key)!.tag;
    },
    async replaceIfMatch(key, body, tag) {
      before();
      if (objects.get(key)?.tag !== tag) return undefined;
      store.put(key, body);
      return objects.get(key)!.tag;
    },
  };
  return store;
}

const stored = (s: ReturnType<typeof memoryStore>): Lease => JSON.parse(s.objects.get(KEY)!.body);

describe("leaseKey", () => {
  it("one object per session under the prefix, slashes at its ends trimmed, none without one", () => {
    expect(leaseKey("p", "s1")).toBe("p/s1/lead.json");
    expect(leaseKey("//team/p//", "s1")).toBe("team/p/s1/lead.json");
    expect(leaseKey("", "s1")).toBe("s1/lead.json");
    expect(leaseKey("/", "s1")).toBe("s1/lead.json");
  });
});

describe("the lead lease", () => {
  it("nobody led yet: taken at generation 1 for the TTL, exactly that written, nothing more", async () => {
    const s = memoryStore();
    const clock = fixedClock(T);
    const ann = new LeadLease(s, KEY, clock, TTL);
    expect(await ann.current()).toBeUndefined();
    expect(ann.generation).toBeUndefined();
    const lease = { holder: "ann", generation: 1, takenAt: T, until: "2026-11-23T12:00:30.000Z" };
    expect(await ann.take("ann")).toEqual({ ok: true, lease });
    expect(stored(s)).toEqual(lease);
    expect(await ann.current()).toEqual({ lease, tag: s.objects.get(KEY)!.tag });
    expect(ann.generation).toBe(1);
    expect(ann.cannotPromote()).toBeUndefined();
  });

  it("valid until its last millisecond: refused to another then, taken with a reason at `until`", async () => {
    const s = memoryStore();
    const clock = fixedClock(T);
    const ann = new LeadLease(s, KEY, clock, TTL);
    const bob = new LeadLease(s, KEY, clock, TTL);
    await ann.take("ann");
    const before = s.objects.get(KEY);
    clock.advance(TTL - 1);
    expect(ann.cannotPromote()).toBeUndefined();
    expect(await bob.take("bob", { reason: "r" })).toEqual({
      ok: false,
      why: "ann leads until 2026-11-23T12:00:30.000Z",
      lease: stored(s),
    });
    expect(s.objects.get(KEY)).toEqual(before);
    clock.advance(1);
    expect(ann.cannotPromote()).toBe("this bastion's lead lease lapsed at 2026-11-23T12:00:30.000Z");
    await expect(bob.take("bob")).rejects.toMatchObject({
      message: "taking the lead from ann needs a reason",
      hint: 'say why with --reason "…" (it is recorded)',
    });
    await expect(bob.take("bob", { reason: " \n" })).rejects.toThrow(/needs a reason/);
    const taken = await bob.take("bob", { reason: "ann gone" });
    expect(taken).toEqual({
      ok: true,
      lease: {
        holder: "bob",
        generation: 2,
        takenAt: "2026-11-23T12:00:30.000Z",
        until: "2026-11-23T12:01:00.000Z",
        reason: "ann gone",
      },
      previous: { holder: "ann", generation: 1, takenAt: T, until: "2026-11-23T12:00:30.000Z" },
    });
    expect(await ann.renew()).toBe(false);
    expect(ann.generation).toBeUndefined();
    expect(ann.cannotPromote()).toBe("this bastion does not hold the lead (`golive lead --take`)");
  });

  it("its own holder takes it again without a reason, never recorded as forced", async () => {
    const s = memoryStore();
    const clock = fixedClock(T);
    const ann = new LeadLease(s, KEY, clock, TTL);
    await ann.take("ann");
    const again = await new LeadLease(s, KEY, clock, TTL).take("ann", { force: true });
    expect(again.ok && again.lease).toEqual({
      holder: "ann",
      generation: 2,
      takenAt: T,
      until: "2026-11-23T12:00:30.000Z",
    });
    expect(again.ok && again.previous?.generation).toBe(1);
  });

  it("forced from a valid lease: needs a reason and records whose it was and until when", async () => {
    const s = memoryStore();
    const clock = fixedClock(T);
    await new LeadLease(s, KEY, clock, TTL).take("ann");
    const bob = new LeadLease(s, KEY, clock, TTL);
    await expect(bob.take("bob", { force: true })).rejects.toThrow(/from ann needs a reason/);
    clock.advance(5_000);
    const forced = await bob.take("bob", { force: true, reason: "ann unreachable" });
    expect(forced.ok && forced.lease.forced).toEqual({ from: "ann", until: "2026-11-23T12:00:30.000Z" });
    expect(stored(s).forced).toEqual({ from: "ann", until: "2026-11-23T12:00:30.000Z" });
    clock.advance(TTL);
    const lapsed = await new LeadLease(s, KEY, clock, TTL).take("cy", { force: true, reason: "bob gone" });
    expect(lapsed.ok && lapsed.lease).not.toHaveProperty("forced");
  });

  it("changed between its read and its write: not taken, and says who has it now", async () => {
    const s = memoryStore();
    const clock = fixedClock(T);
    const ann = new LeadLease(s, KEY, clock, TTL);
    s.meanwhile(() => s.put(KEY, JSON.stringify({ holder: "cy", generation: 1, takenAt: T, until: T })));
    expect(await ann.take("ann")).toEqual({
      ok: false,
      why: "another bastion changed the lead lease meanwhile (cy, generation 1)",
      lease: { holder: "cy", generation: 1, takenAt: T, until: T },
    });
    expect(ann.generation).toBeUndefined();
    clock.advance(1);
    s.meanwhile(() => s.objects.delete(KEY));
    expect(await ann.take("ann", { reason: "cy lapsed" })).toEqual({
      ok: false,
      why: "another bastion changed the lead lease meanwhile",
      lease: undefined,
    });
    expect(ann.cannotPromote()).toMatch(/does not hold the lead/);
  });

  it("renews for a TTL from now, same generation; not once another wrote it", async () => {
    const s = memoryStore();
    const clock = fixedClock(T);
    const ann = new LeadLease(s, KEY, clock, TTL);
    expect(await ann.renew()).toBe(false);
    await ann.take("ann");
    clock.advance(20_000);
    expect(await ann.renew()).toBe(true);
    expect(stored(s)).toMatchObject({ holder: "ann", generation: 1, until: "2026-11-23T12:00:50.000Z" });
    clock.advance(25_000);
    expect(ann.cannotPromote()).toBeUndefined();
    s.meanwhile(() => s.put(KEY, JSON.stringify({ ...stored(s), holder: "bob" })));
    expect(await ann.renew()).toBe(false);
    expect(ann.cannotPromote()).toMatch(/does not hold the lead/);
  });

  it("resumes its own lease (renewed once lapsed), never another's", async () => {
    const s = memoryStore();
    const clock = fixedClock(T);
    expect(await new LeadLease(s, KEY, clock, TTL).resume("ann")).toBeUndefined();
    await new LeadLease(s, KEY, clock, TTL).take("ann");
    expect(await new LeadLease(s, KEY, clock, TTL).resume("bob")).toBeUndefined();
    clock.advance(1_000);
    const written = s.objects.get(KEY);
    const beside = new LeadLease(s, KEY, clock, TTL);
    expect(await beside.resume("ann")).toMatchObject({
      holder: "ann",
      generation: 1,
      until: "2026-11-23T12:00:30.000Z",
    });
    expect(beside.cannotPromote()).toBeUndefined();
    // A valid lease is acted under as it is: nothing written, so nobody's If-Match is broken.
    expect(s.objects.get(KEY)).toBe(written);
    clock.advance(TTL - 1_000);
    const reopened = new LeadLease(s, KEY, clock, TTL);
    expect(await reopened.resume("ann")).toMatchObject({ generation: 1, until: "2026-11-23T12:01:00.000Z" });
    expect(reopened.cannotPromote()).toBeUndefined();
    clock.advance(TTL);
    const late = new LeadLease(s, KEY, clock, TTL);
    s.meanwhile(() => s.put(KEY, JSON.stringify({ ...stored(s), holder: "bob" })));
    expect(await late.resume("ann")).toBeUndefined();
    expect(late.generation).toBeUndefined();
  });

  it.each([
    ["not JSON", "{"],
    ["null", "null"],
    ["no holder", JSON.stringify({ generation: 1, until: T })],
    ["a holder not a string", JSON.stringify({ holder: 7, generation: 1, until: T })],
    ["a fractional generation", JSON.stringify({ holder: "a", generation: 1.5, until: T })],
    ["no generation", JSON.stringify({ holder: "a", until: T })],
    ["an until that is no time", JSON.stringify({ holder: "a", generation: 1, until: "soon" })],
    ["no until", JSON.stringify({ holder: "a", generation: 1 })],
  ])("an object with %s is not a lease: named, never taken over", async (_, body) => {
    const s = memoryStore();
    s.put(KEY, body);
    const ann = new LeadLease(s, KEY, fixedClock(T), TTL);
    await expect(ann.take("ann", { reason: "r", force: true })).rejects.toMatchObject({
      message: "s3://bucket/p/p/s1/lead.json is not a golive lead lease",
      hint: "it was written by something other than golive",
    });
    expect(s.objects.get(KEY)!.body).toBe(body);
  });
});
