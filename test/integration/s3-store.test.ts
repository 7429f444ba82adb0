import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { eventKey, TeamSession, unchangedSince } from "../../source/session/s3-store.js";
import { SessionStore } from "../../source/session/store.js";
import { fixedClock } from "../helpers/cli.js";
import { awsCliReads, motoAbsent, motoForSuite, teamSessionData } from "../helpers/moto.js";
import { tempDir } from "../helpers/paths.js";

const absent = motoAbsent("s3-store.test.ts");
const PREFIX = "team/golive";

describe.skipIf(absent)("team mode: the session store on S3 (moto)", () => {
  const env = motoForSuite();

  it("two bastions converge on one chain, and aws s3api reads exactly what golive wrote", async () => {
    const clock = fixedClock("2026-11-23T12:00:00.000Z");
    const a = await TeamSession.create(tempDir(), await teamSessionData(), "ann", env().newLog(), {
      prefix: PREFIX,
      clock,
    });
    const b = await TeamSession.join(tempDir(), a.id, env().newLog(), { prefix: PREFIX, clock });
    await a.append("note.added", { text: "from a" }, "ann");
    // b has not seen a's note: its append loses the race for #2, takes a's event and appends after it.
    const mine = await b.append("note.added", { text: "from b" }, "bob");
    expect(mine.seq).toBe(3);
    expect(await a.sync()).toBe(1);
    expect(a.events.map((e) => e.hash)).toEqual(b.events.map((e) => e.hash));
    expect(checkChain(a.events)).toBeUndefined();
    expect(a.unshared).toBe(0);

    const seen = await awsCliReads(
      env().moto.endpoint,
      env().bucket,
      `${PREFIX}/${a.id}/`,
      eventKey(PREFIX, a.id, 3),
    );
    expect(seen.keys).toEqual([1, 2, 3].map((s) => eventKey(PREFIX, a.id, s)));
    expect(seen.object).toEqual(b.events[2]);
    await a.close();
    await b.close();
    // aws-cli 1.x starts slowly on a loaded 2-core box (three starts here).
  }, 180_000);

  it("a promote decided before another bastion's rollback is refused, not re-sent after it", async () => {
    const a = await TeamSession.create(tempDir(), await teamSessionData(), "ann", env().newLog(), {
      prefix: PREFIX,
    });
    const b = await TeamSession.join(tempDir(), a.id, env().newLog(), { prefix: PREFIX });
    const decided = unchangedSince(b.local.state);
    await a.append("traffic.shift.requested", { kind: "rollback", to: { blue: 100, green: 0 } }, "ann");
    await expect(
      b.append("traffic.shift.requested", { kind: "promote", to: { blue: 50, green: 50 } }, "bob", {
        premise: decided,
      }),
    ).rejects.toThrow(/traffic.shift.requested was not recorded: the session moved on/);
    // b took the rollback from the log and recorded nothing of its own, here or there.
    expect(b.events.map((e) => e.type)).toEqual(["session.created", "traffic.shift.requested"]);
    expect(b.events[1]!.data).toMatchObject({ kind: "rollback" });
    expect(
      await env()
        .newLog()
        .read(eventKey(PREFIX, a.id, 3)),
    ).toBeUndefined();
    await a.close();
    await b.close();
  });

  it("a bastion that reopens its copy takes what it missed from the log; its own unshared events follow a rival's", async () => {
    const dirA = tempDir();
    const dirB = tempDir();
    const a = await TeamSession.create(dirA, await teamSessionData(), "ann", env().newLog(), {
      prefix: PREFIX,
    });
    const b = await TeamSession.join(dirB, a.id, env().newLog(), { prefix: PREFIX });
    await b.close();
    for (let i = 0; i < 5; i++) await a.append("note.added", { text: `n${i}` }, "ann");
    const again = await TeamSession.join(dirB, a.id, env().newLog(), { prefix: PREFIX });
    expect(again.events.map((e) => e.hash)).toEqual(a.events.map((e) => e.hash));
    await again.close();
    await a.close();
    // dirA's copy gets a #7 the log never had, and another bastion appends a different #7.
    const local = await SessionStore.open(join(dirA, `${a.id}.json`), { write: true });
    await local.append("note.added", { text: "only here" }, "ann");
    await local.close();
    const c = await TeamSession.join(tempDir(), a.id, env().newLog(), { prefix: PREFIX });
    await c.append("note.added", { text: "from c" }, "cy");
    await c.close();
    // The #7 it never shared (written offline) follows the log's #7, re-chained, saying where it came from.
    const back = await TeamSession.join(dirA, a.id, env().newLog(), { prefix: PREFIX });
    const texts = back.events.slice(5).map((e) => [e.seq, (e.data as { text: string }).text, e.merged?.from]);
    expect(texts).toEqual([
      [6, "n4", undefined],
      [7, "from c", undefined],
      [8, "only here", "offline on this bastion as #7"],
    ]);
    expect(back.unshared).toBe(0);
    await back.close();
    const d = await TeamSession.join(tempDir(), a.id, env().newLog(), { prefix: PREFIX });
    expect(d.events.map((e) => e.hash)).toEqual(back.events.map((e) => e.hash));
    await d.close();
  });

  it("an object in the log that is not the event it claims to be is refused with where it is", async () => {
    const a = await TeamSession.create(tempDir(), await teamSessionData(), "ann", env().newLog(), {
      prefix: PREFIX,
    });
    const forged = { ...a.events[0]!, seq: 2, data: { text: "forged" }, type: "note.added" };
    await env()
      .newLog()
      .createIfAbsent(eventKey(PREFIX, a.id, 2), JSON.stringify(forged));
    await expect(a.append("note.added", { text: "real" }, "ann")).rejects.toThrow(
      /events\/000000000002\.json is not event #2 as it was recorded/,
    );
    expect(a.events).toHaveLength(1);
    await a.close();
  });
});
