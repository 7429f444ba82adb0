/**
 * Team mode's store (session/s3-store.ts) after an outage or a race: this copy's unshared events
 * re-chained after a rival's, and the forks it refuses (the log's event does not follow this copy's,
 * or one the log had now differs). A shared log in memory (test/helpers/team-log.ts), real session
 * files in a temp directory.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { ExitCode } from "../../source/domain/errors.js";
import { eventKey, TeamSession } from "../../source/session/s3-store.js";
import { SessionStore } from "../../source/session/store.js";
import { tempDir } from "../helpers/paths.js";
import { memoryLog, note, P, refusal, sealedNote, start, T0, texts } from "../helpers/team-log.js";

describe("TeamSession rebases and forks", () => {
  it("a copy with events of its own follows only after publishing them (sync refuses, exchange shares)", async () => {
    const m = memoryLog();
    const dir = tempDir();
    const a = await start(m, dir);
    const b = await TeamSession.join(tempDir(), a.id, m.log, { prefix: P });
    await a.local.append("note.added", note("a, not shared"), "ann");
    await b.append("note.added", note("b2"), "bob");
    // The log has a #2 of b's only: nothing beyond a's head, nothing to follow, nothing refused yet.
    expect(await a.sync()).toBe(0);
    expect(a.unshared).toBe(1);
    await b.append("note.added", note("b3"), "bob");
    const e = await refusal(a.sync());
    expect(e.message).toBe(
      `event #2 of session ${a.id} in s3://bucket/team differs from this bastion's copy (${a.local.file}); nothing more is shared from here`,
    );
    expect(e.exitCode).toBe(ExitCode.input);
    expect(e.hint).toBe("compare both with `golive verify`; the log is what the other bastions see");
    // exchange rebases a's own event after b's, saying where it was first recorded.
    const own = a.events[1]!;
    expect(await a.exchange()).toBe(2);
    expect(texts(a.events)).toEqual([
      [2, "b2", undefined],
      [3, "b3", undefined],
      [4, "a, not shared", "offline on this bastion as #2"],
    ]);
    expect(a.events[3]!.merged).toEqual({
      from: "offline on this bastion as #2",
      at: own.at,
      record: own.hash,
    });
    expect(a.rebased).toBe(1);
    expect(a.unshared).toBe(0);
    expect(m.logged(a.id)).toEqual(a.events);
    expect(checkChain(a.events)).toBeUndefined();
    await a.close();
    const reopened = await SessionStore.open(join(dir, `${a.id}.json`), { write: false });
    expect(reopened.events).toEqual(m.logged(a.id));
    await reopened.close();
    await b.close();
  });

  it("rebases every unshared event, publishing each, and keeps where a merged one came from", async () => {
    const m = memoryLog();
    const a = await start(m);
    const b = await TeamSession.join(tempDir(), a.id, m.log, { prefix: P });
    const merged = { from: "fallback file x", at: T0, record: "e".repeat(64) };
    await a.local.append("note.added", note("a2"), "ann");
    await a.local.append("note.added", note("a3"), "ann", { merged });
    await a.local.append("note.added", note("a4"), "ann");
    await b.append("note.added", note("b2"), "bob");
    expect(await a.exchange()).toBe(1);
    expect(texts(a.events)).toEqual([
      [2, "b2", undefined],
      [3, "a2", "offline on this bastion as #2"],
      [4, "a3", "fallback file x"],
      [5, "a4", "offline on this bastion as #4"],
    ]);
    expect(a.events[3]!.merged).toEqual(merged);
    expect(a.rebased).toBe(3);
    expect(m.logged(a.id)).toEqual(a.events);
    expect(await b.sync()).toBe(3);
    expect(b.events).toEqual(a.events);
    await a.close();
    await b.close();
  });

  it("refuses to rebase onto a log whose events do not follow this copy's, or that has none to follow", async () => {
    const m = memoryLog();
    const a = await start(m);
    const first = a.events[0]!;
    await a.local.append("note.added", note("mine"), "ann");
    // The log's #2 is sealed onto another #1; then a #2 that follows but a #3 that does not.
    m.put(a.id, sealedNote(first, "stray", "1".repeat(64)));
    const stray = await refusal(a.exchange());
    expect(stray.message).toMatch(/^event #2 of session .* differs from this bastion's copy/);
    const m2 = memoryLog();
    const a2 = TeamSession.attach(a.local, m2.log, P);
    const two = sealedNote(first, "two");
    m2.put(a.id, first);
    m2.put(a.id, two);
    m2.put(a.id, sealedNote(two, "three", "2".repeat(64)));
    expect((await refusal(a2.exchange())).message).toMatch(/^event #3 of session/);
    // A create that says "exists" for an object nobody can read.
    const m3 = memoryLog();
    m3.put(a.id, first);
    m3.hook = (key) => (key === eventKey(P, a.id, 2) ? "exists" : undefined);
    const a3 = TeamSession.attach(a.local, m3.log, P);
    expect((await refusal(a3.exchange())).message).toMatch(/^event #2 of session/);
    expect(texts(a.events)).toEqual([[2, "mine", undefined]]);
    await a.close();
  });

  it("an event the log had and now differs is a fork, never rebased", async () => {
    const m = memoryLog();
    const a = await start(m);
    await a.local.append("note.added", note("mine 2"), "ann");
    await a.local.append("note.added", note("mine 3"), "ann");
    m.put(a.id, sealedNote(a.events[0]!, "theirs"));
    // A hint arriving while #2 is being published says the log already had this copy's #3.
    m.hook = (key) => {
      if (key === eventKey(P, a.id, 2)) a.assumeShared(3, a.events[2]!.hash);
      return undefined;
    };
    expect((await refusal(a.exchange())).message).toMatch(/^event #2 of session/);
    expect(texts(a.events)).toEqual([
      [2, "mine 2", undefined],
      [3, "mine 3", undefined],
    ]);
    await a.close();
  });
});
