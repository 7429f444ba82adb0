/**
 * Team mode's session store (session/s3-store.ts) on a shared log in memory (test/helpers/team-log.ts)
 * with real session files in a temp directory; no moto, milliseconds a case. Rivals are other
 * TeamSessions on the same log. Rebases and forks are in s3-store-rebase.test.ts.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { ExitCode, InputError, type UserError } from "../../source/domain/errors.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import { seal } from "../../source/session/first-event.js";
import { currentHolder } from "../../source/session/lock.js";
import {
  eventKey,
  eventsPrefix,
  parseLogged,
  readLoggedEvent,
  seqOf,
  TeamSession,
  unchangedSince,
} from "../../source/session/s3-store.js";
import { SessionStore } from "../../source/session/store.js";
import { fixedClock } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import {
  clock,
  DATA,
  memoryLog,
  note,
  P,
  refusal,
  sealedNote,
  start,
  T0,
  texts,
} from "../helpers/team-log.js";

/** The real disk, noting each file opened: whether the journal options given were used. */
function countingDisk(): { disk: Disk; opened: string[] } {
  const opened: string[] = [];
  const open: Disk["open"] = (p, f, mode) => {
    opened.push(p);
    return nodeDisk.open(p, f, mode);
  };
  return { disk: { ...nodeDisk, open }, opened };
}

describe("where the events are in the log", () => {
  it("one object per event under <prefix>/<session>/events/, the sequence number zero-padded", () => {
    expect(eventsPrefix("//team/golive//", "s1")).toBe("team/golive/s1/events/");
    expect(eventsPrefix("a//b", "s1")).toBe("a//b/s1/events/");
    expect(eventsPrefix("", "s1")).toBe("s1/events/");
    expect(eventsPrefix("/", "s1")).toBe("s1/events/");
    expect(eventKey("/p/", "s1", 12)).toBe("p/s1/events/000000000012.json");
  });

  it("only <digits>.json after a slash is an event's key", () => {
    expect(seqOf("p/s1/events/000000000012.json")).toBe(12);
    expect(seqOf("p/s1/events/7.json")).toBe(7);
    for (const k of ["p/s1/events/x.json", "p/s1/events/12.json.tmp", "p/s1/events/a12.json", "12.json"])
      expect(seqOf(k)).toBeUndefined();
  });
});

describe("an event read from the log is checked like a journal line", () => {
  const m = memoryLog();
  const created = seal(
    {
      seq: 1,
      at: T0,
      by: "ann",
      type: "session.created",
      data: { id: "s1", ...DATA, format: "golive-session/4" },
    } as Omit<SessionEvent, "prev" | "hash">,
    "0".repeat(64),
  );
  const two = sealedNote(created, "two");
  const key = eventKey(P, "s1", 2);
  const refused = (text: string, seq = 2) => {
    try {
      parseLogged(m.log, key, text, seq);
    } catch (e) {
      return e as UserError;
    }
    throw new Error("not refused");
  };

  it("the event when whole, at its own key, its hash intact; undefined when the log has none", async () => {
    expect(parseLogged(m.log, key, JSON.stringify(two), 2)).toEqual(two);
    m.put("s1", two);
    expect(await readLoggedEvent(m.log, P, "s1", 2)).toEqual(two);
    expect(await readLoggedEvent(m.log, P, "s1", 3)).toBeUndefined();
  });

  it("refuses, saying where, an event at another number, a changed one, a malformed one", () => {
    const where = `s3://bucket/team/${key}`;
    const moved = refused(JSON.stringify(two), 3);
    expect(moved.message).toBe(
      `${where} is not event #3 as it was recorded (its sequence or hash does not match)`,
    );
    expect(moved.exitCode).toBe(ExitCode.input);
    expect(moved.hint).toBe(
      "the shared log was changed by something other than golive; compare it with a bastion's copy (`golive verify`)",
    );
    expect(refused(JSON.stringify({ ...two, data: note("changed") })).message).toContain(
      "(its sequence or hash does not match)",
    );
    const { hash: _h, ...unhashed } = two;
    expect(refused(JSON.stringify(unhashed)).message).toMatch(
      new RegExp(`^${where} is not event #2 as it was recorded \\((?!its sequence)[^)]+\\)$`),
    );
    expect(refused("{")).toBeInstanceOf(InputError);
    expect(refused("{").message).toContain(where);
    const doubled = JSON.stringify(two).replace('"seq":2', '"seq":2,"seq":2');
    expect(refused(doubled).message).toMatch(/seq/);
  });
});

describe("TeamSession", () => {
  it("create publishes the first event, at the given clock's time, through the given journal", async () => {
    const m = memoryLog();
    const { disk, opened } = countingDisk();
    const a = await TeamSession.create(tempDir(), DATA, "ann", m.log, {
      prefix: P,
      clock: fixedClock("2026-11-23T13:14:15.000Z"),
      journal: { disk },
    });
    expect(m.logged(a.id)).toEqual(a.events);
    expect(a.events[0]!.at).toBe("2026-11-23T13:14:15.000Z");
    expect(a.id).toBe(a.local.id);
    expect(a.unshared).toBe(0);
    expect(a.sharedHead).toEqual({ seq: 1, hash: a.events[0]!.hash });
    expect(opened.length).toBeGreaterThan(0);
    await a.close();
  });

  it("join adopts a session from the log, or refuses one the log does not have", async () => {
    const m = memoryLog();
    const a = await start(m);
    await a.append("note.added", note("one"), "ann");
    const b = await TeamSession.join(tempDir(), a.id, m.log, {
      prefix: P,
      clock: fixedClock("2026-11-23T15:00:00.000Z"),
    });
    expect(b.events).toEqual(a.events);
    expect(b.unshared).toBe(0);
    expect((await b.append("note.added", note("b"), "bob")).at).toBe("2026-11-23T15:00:00.000Z");
    await b.close();
    const e = await refusal(TeamSession.join(tempDir(), "nope", m.log, { prefix: P }));
    expect(e.message).toBe(`no session nope in s3://bucket/team (no ${eventKey(P, "nope", 1)})`);
    expect(e.exitCode).toBe(ExitCode.input);
    expect(e.hint).toBe("list sessions with `golive list`");
    await a.close();
  });

  it("join reopens this bastion's copy for writing, with its clock and journal, and takes what it missed", async () => {
    const m = memoryLog();
    const dir = tempDir();
    const a = await start(m, dir);
    await a.close();
    const there = tempDir();
    const b = await TeamSession.join(there, a.id, m.log, { prefix: P });
    // A new copy's lock says team mode holds it too (it said "golive new").
    expect((await currentHolder(join(there, `${a.id}.json`)))?.command).toBe("golive (team)");
    await b.append("note.added", note("from b"), "bob");
    await b.close();
    const { disk, opened } = countingDisk();
    const c = fixedClock("2026-11-23T14:00:00.000Z");
    const again = await TeamSession.join(dir, a.id, m.log, { prefix: P, clock: c, journal: { disk } });
    expect(again.events).toEqual(m.logged(a.id));
    // A writer here: its lock says what holds it.
    expect((await currentHolder(join(dir, `${a.id}.json`)))?.command).toBe("golive (team)");
    const mine = await again.append("note.added", note("again"), "ann");
    expect(mine.at).toBe("2026-11-23T14:00:00.000Z");
    expect(opened.length).toBeGreaterThan(0);
    await again.close();
  });

  it("a log whose #1 is another session's is a fork, not a crash; the failed join lets go of the copy", async () => {
    const m = memoryLog();
    const dir = tempDir();
    const a = await start(m, dir);
    await a.close();
    // The log's #1 is not this copy's #1.
    const other = await start(memoryLog());
    m.objects.set(eventKey(P, a.id, 1), JSON.stringify({ ...other.events[0]! }));
    await other.close();
    // Publishing this copy's #1 finds the log's: there is no #0 to rebase onto (it was a TypeError).
    const e = await refusal(TeamSession.join(dir, a.id, m.log, { prefix: P }));
    expect(e.message).toMatch(new RegExp(`^event #1 of session ${a.id} in s3://bucket/team differs`));
    const reopened = await SessionStore.open(join(dir, `${a.id}.json`), { write: true });
    await reopened.close();
  });

  it("a lost race takes the winner's event, asks the premise again, and appends after it", async () => {
    const m = memoryLog();
    const a = await start(m);
    const b = await TeamSession.join(tempDir(), a.id, m.log, { prefix: P });
    await a.append("note.added", note("from a"), "ann");
    const asked: number[] = [];
    const mine = await b.append("note.added", note("from b"), "bob", {
      premise: (s) => void asked.push(s.lastSeq),
    });
    expect(asked).toEqual([1, 2]);
    expect(mine.seq).toBe(3);
    expect(await a.sync()).toBe(1);
    expect(await a.sync()).toBe(0);
    expect(a.events).toEqual(b.events);
    expect(m.logged(a.id)).toEqual(a.events);
    expect(checkChain(a.events)).toBeUndefined();
    await a.close();
    await b.close();
  });

  it("a retried create whose first attempt landed finds its own event; one not readable yet is tried again", async () => {
    const m = memoryLog();
    const a = await start(m);
    m.hook = (key, body) => {
      m.hook = undefined;
      m.objects.set(key, body);
      return "exists";
    };
    const once = await a.append("note.added", note("once"), "ann");
    expect(once.seq).toBe(2);
    let told = 0;
    m.hook = () => (told++ ? undefined : "exists");
    const twice = await a.append("note.added", note("twice"), "ann");
    expect(twice.seq).toBe(3);
    expect(m.logged(a.id)).toEqual(a.events);
    expect(a.unshared).toBe(0);
    await a.close();
  });

  it("a refused premise records nothing, here or there, and the next append still goes through", async () => {
    const m = memoryLog();
    const a = await start(m);
    const b = await TeamSession.join(tempDir(), a.id, m.log, { prefix: P });
    const decided = unchangedSince(b.local.state);
    expect(decided(b.local.state)).toBeUndefined();
    await a.append("note.added", note("first"), "ann");
    const e = await refusal(b.append("note.added", note("late"), "bob", { premise: decided }));
    expect(e.message).toBe(
      "note.added was not recorded: the session moved on since it was decided (another bastion recorded first)",
    );
    expect(e.exitCode).toBe(ExitCode.refused);
    expect(e.hint).toBe("look at the session as it is now, then decide again");
    expect(texts(b.events)).toEqual([[2, "first", undefined]]);
    expect(m.logged(a.id)).toHaveLength(2);
    expect((await b.append("note.added", note("next"), "bob")).seq).toBe(3);
    await a.close();
    await b.close();
  });

  it("an attached copy publishes what the log lacks and takes what it has beyond the copy", async () => {
    const m = memoryLog();
    const dir = tempDir();
    const local = await SessionStore.create(dir, DATA, "ann", clock());
    await local.append("note.added", note("offline"), "ann");
    const team = TeamSession.attach(local, m.log, P);
    expect(team.id).toBe(local.id);
    expect(team.sharedHead).toBeUndefined();
    expect(team.unshared).toBe(2);
    expect(await team.exchange()).toBe(0);
    expect(m.logged(team.id)).toEqual(local.events);
    expect(team.sharedHead).toEqual({ seq: 2, hash: local.events[1]!.hash });
    const b = await TeamSession.join(tempDir(), team.id, m.log, { prefix: P });
    await b.append("note.added", note("from b"), "bob");
    await b.append("note.added", note("and again"), "bob");
    expect(await team.exchange()).toBe(2);
    expect(team.events).toEqual(b.events);
    await b.close();
    await team.close();
  });

  it("lists the log only after the newest event it knows is shared", async () => {
    const m = memoryLog();
    const a = await start(m);
    await a.append("note.added", note("one"), "ann");
    m.lists.length = 0;
    await a.sync();
    await a.exchange();
    expect(m.lists).toEqual([eventKey(P, a.id, 2), eventKey(P, a.id, 2), eventKey(P, a.id, 2)]);
    // Each is a request to S3: an append that wins reads nothing back, an idle follower lists only.
    m.reads.length = 0;
    await a.append("note.added", note("two"), "ann");
    await a.sync();
    expect(m.reads).toEqual([]);
    await a.close();
  });

  it("an attached copy the log holds whole follows what the log has beyond it", async () => {
    const m = memoryLog();
    const a = await start(m);
    for (const t of ["2", "3"]) await a.append("note.added", note(t), "ann");
    const dir = tempDir();
    const b = await TeamSession.join(dir, a.id, m.log, { prefix: P });
    await b.close();
    await a.append("note.added", note("4"), "ann");
    const local = await SessionStore.open(join(dir, `${a.id}.json`), { write: true });
    const team = TeamSession.attach(local, m.log, P);
    expect(await team.sync()).toBe(1);
    expect(team.events).toEqual(a.events);
    expect(team.unshared).toBe(0);
    await team.close();
    await a.close();
  });

  it("publishing after a retried create that had landed keeps the event once", async () => {
    const m = memoryLog();
    const local = await SessionStore.create(tempDir(), DATA, "ann", clock());
    await local.append("note.added", note("offline"), "ann");
    m.hook = (key, body) => {
      m.objects.set(key, body);
      return "exists";
    };
    const team = TeamSession.attach(local, m.log, P);
    await team.publishPending();
    expect(team.events).toHaveLength(2);
    expect(team.rebased).toBe(0);
    expect(m.logged(team.id)).toEqual(local.events);
    await team.close();
  });

  it("a hint of what the log had counts only when it names this copy's event and is ahead", async () => {
    const m = memoryLog();
    const local = await SessionStore.create(tempDir(), DATA, "ann", clock());
    await local.append("note.added", note("two"), "ann");
    await local.append("note.added", note("three"), "ann");
    const team = TeamSession.attach(local, m.log, P);
    team.assumeShared(2, "f".repeat(64));
    expect(team.unshared).toBe(3);
    team.assumeShared(2, local.events[1]!.hash);
    expect(team.unshared).toBe(1);
    expect(team.sharedHead).toEqual({ seq: 2, hash: local.events[1]!.hash });
    team.assumeShared(1, local.events[0]!.hash);
    expect(team.unshared).toBe(1);
    team.assumeShared(2, local.events[1]!.hash);
    expect(team.unshared).toBe(1);
    // A hint beyond this copy (its file restored from an older backup, say) is ignored too.
    team.assumeShared(9, local.events[2]!.hash);
    expect(team.unshared).toBe(1);
    await team.close();
  });
  it("an empty log gets a copy's events; a copy ahead of nothing locates nothing", async () => {
    const m = memoryLog();
    const local = await SessionStore.create(tempDir(), DATA, "ann", clock());
    const team = TeamSession.attach(local, m.log, P);
    expect(await team.sync()).toBe(0);
    expect(team.unshared).toBe(1);
    await team.publishPending();
    expect(team.unshared).toBe(0);
    expect(m.logged(team.id)).toEqual(local.events);
    await team.close();
  });
});
