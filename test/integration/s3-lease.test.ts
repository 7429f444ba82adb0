import { describe, expect, it } from "vitest";
import { LeadLease, leaseKey } from "../../source/session/s3-lease.js";
import { fixedClock } from "../helpers/cli.js";
import { motoAbsent, motoForSuite } from "../helpers/moto.js";

const absent = motoAbsent("s3-lease.test.ts");
const TTL = 30_000;

describe.skipIf(absent)("team mode: the lead lease on S3 (moto, If-Match on the ETag)", () => {
  const env = motoForSuite();

  it("one lead at a time: refused while the lease is valid, taken once it lapsed, the old lead knows it lost", async () => {
    const clock = fixedClock("2026-11-23T12:00:00.000Z");
    const key = leaseKey("lease", "s1");
    const ann = new LeadLease(env().newLog(), key, clock, TTL);
    const bob = new LeadLease(env().newLog(), key, clock, TTL);
    expect(ann.cannotPromote()).toMatch(/does not hold the lead/);
    expect(await ann.take("ann")).toMatchObject({ ok: true, lease: { holder: "ann", generation: 1 } });
    expect(ann.cannotPromote()).toBeUndefined();
    expect(await bob.take("bob", { reason: "ann's bastion died" })).toEqual({
      ok: false,
      why: "ann leads until 2026-11-23T12:00:30.000Z",
      lease: expect.objectContaining({ holder: "ann" }),
    });
    clock.advance(10_000);
    expect(await ann.renew()).toBe(true);
    clock.advance(TTL);
    expect(ann.cannotPromote()).toMatch(/lapsed at 2026-11-23T12:00:40.000Z/);
    await expect(bob.take("bob")).rejects.toThrow(/taking the lead from ann needs a reason/);
    const taken = await bob.take("bob", { reason: "ann's bastion died" });
    expect(taken).toMatchObject({
      ok: true,
      lease: { holder: "bob", generation: 2 },
      previous: { holder: "ann" },
    });
    expect(taken.ok && taken.lease.forced).toBeUndefined();
    expect(await ann.renew()).toBe(false);
    expect(ann.cannotPromote()).toMatch(/does not hold the lead/);
    expect(bob.generation).toBe(2);
  });

  it("a forced take from a valid lease records whose it was; of two takers at once exactly one wins", async () => {
    const clock = fixedClock("2026-11-23T12:00:00.000Z");
    const key = leaseKey("lease", "s2");
    const [ann, bob, cy] = ["ann", "bob", "cy"].map(() => new LeadLease(env().newLog(), key, clock, TTL));
    await ann!.take("ann");
    const forced = await bob!.take("bob", { reason: "ann unreachable on the call", force: true });
    expect(forced).toMatchObject({
      ok: true,
      lease: {
        holder: "bob",
        generation: 2,
        reason: "ann unreachable on the call",
        forced: { from: "ann", until: "2026-11-23T12:00:30.000Z" },
      },
    });
    clock.advance(TTL + 1);
    const both = await Promise.all([
      ann!.take("ann", { reason: "back" }),
      cy!.take("cy", { reason: "bob gone" }),
    ]);
    expect(both.filter((t) => t.ok)).toHaveLength(1);
    const lost = both.find((t) => !t.ok)!;
    expect(lost.ok || lost.why).toMatch(
      /another bastion changed the lead lease meanwhile \((ann|cy), generation 3\)/,
    );
    expect((await ann!.current())?.lease.generation).toBe(3);
  });
});
