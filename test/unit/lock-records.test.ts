/**
 * session/lock.ts in-process: records planted in a temp directory, holders judged with this very
 * process's identity (alive), its pid with another start time (provably dead) or without one
 * (unproven), and takers raced at the exclusive link through the Disk seam. No child process, no wait.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import {
  breakLock,
  currentHolder,
  describeHolder,
  heldLocks,
  LOCK_FORMAT,
  type LockRecord,
  lockDir,
  lockHeldSync,
  SessionLock,
  topRecord,
} from "../../source/session/lock.js";
import { bootId, selfIdentity } from "../../source/session/proc.js";
import { tempDir } from "../helpers/paths.js";

const NOW = new Date("2026-11-23T12:00:00.000Z");
const me = () => ({ ...selfIdentity() });
/** This process's pid with a start time it never had: provably not the holder. */
const dead = () => ({ pid: process.pid, host: hostname(), start: "1", boot: bootId() });
/** This pid without a start time: running, but not provably that golive. */
const unproven = () => ({ pid: process.pid, host: hostname() });

function record(who: object, kind: LockRecord["kind"], command = "golive note"): LockRecord {
  return {
    format: LOCK_FORMAT,
    kind,
    ...who,
    since: "2026-11-22T10:00:00.000Z",
    command,
    nonce: "n",
  } as LockRecord;
}

/** A session file's path with its lock directory holding `records` (number → record or raw text). */
function session(records: Record<number, LockRecord | string> = {}) {
  const file = join(tempDir("golive-lock-"), "s.json");
  writeFileSync(file, "{}");
  const dir = lockDir(file);
  if (Object.keys(records).length) mkdirSync(dir, { mode: 0o700 });
  for (const [n, r] of Object.entries(records))
    writeFileSync(join(dir, n), typeof r === "string" ? r : JSON.stringify(r));
  return { file, dir, names: () => readdirSync(dir).sort() };
}

/** Takes the lock as number `n`, the only record left, and releases it. */
async function takes(s: ReturnType<typeof session>, n: number, disk?: Disk) {
  const lock = await SessionLock.acquire(s.file, "x", NOW, disk);
  expect(lock.number).toBe(n);
  expect(s.names()).toEqual([String(n)]);
  lock.releaseSync();
}

const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as LockRecord;

/** nodeDisk whose `link` runs `before(target)` first: another taker acting at that instant. */
function racing(before: (target: string) => void): { disk: Disk } {
  return {
    disk: {
      ...nodeDisk,
      link: async (a, b) => {
        before(b);
        return nodeDisk.link(a, b);
      },
    },
  };
}

describe("taking the lock", () => {
  it("on a session never locked: record 1, held by this process, in a 0700 directory; released as record 2", async () => {
    const s = session();
    const lock = await SessionLock.acquire(s.file, "golive note", NOW);
    expect(lock.number).toBe(1);
    expect(lock.path).toBe(join(s.dir, "1"));
    expect(lstatSync(s.dir).mode & 0o777).toBe(0o700);
    expect(s.names()).toEqual(["1"]);
    const rec = read(join(s.dir, "1"));
    expect(rec).toEqual({
      format: LOCK_FORMAT,
      kind: "held",
      ...selfIdentity(),
      since: NOW.toISOString(),
      command: "golive note",
      nonce: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(lock.holder).toEqual(rec);
    expect(heldLocks()).toContain(s.file);
    expect(lockHeldSync(s.file)).toBe(true);
    expect(await currentHolder(s.file)).toEqual(rec);
    expect(process.listeners("exit").length).toBeGreaterThan(0);

    await lock.release();
    expect(s.names()).toEqual(["2"]);
    const released = read(join(s.dir, "2"));
    expect(released).toEqual({ ...rec, kind: "released", since: expect.any(String) });
    expect(heldLocks()).not.toContain(s.file);
    expect(lockHeldSync(s.file)).toBe(false);
    expect(await currentHolder(s.file)).toBeUndefined();
    // Released once: a second release writes nothing.
    lock.releaseSync();
    expect(s.names()).toEqual(["2"]);
  });

  it("after a released or provably dead holder: the next number; older numbers and leftover temps removed", async () => {
    for (const top of [record(me(), "released"), record(dead(), "held"), record(me(), "broken")]) {
      const s = session({ 3: record(me(), "released"), 4: top });
      writeFileSync(join(s.dir, ".tmp-left"), "x");
      const lock = await SessionLock.acquire(s.file, "golive run", NOW);
      expect(lock.number).toBe(5);
      expect(s.names()).toEqual(["5"]);
      lock.releaseSync();
    }
  });

  it("refuses a live holder with the words for a writer, and an unproven one with the unlock command", async () => {
    const live = session({ 1: record(me(), "held") });
    await expect(SessionLock.acquire(live.file, "golive note", NOW)).rejects.toMatchObject({
      message: `session ${live.file} is being written by pid ${process.pid} on ${hostname()} (golive note, since 2026-11-22T10:00:00.000Z)`,
      hint: "one writer per session: use `golive watch` (read-only) or `golive status`, or stop the other golive first",
      exitCode: 4,
    });
    const maybe = session({ 1: record(unproven(), "held") });
    await expect(SessionLock.acquire(maybe.file, "golive note", NOW)).rejects.toMatchObject({
      message: `session ${maybe.file} is locked by pid ${process.pid} on ${hostname()} (golive note, since 2026-11-22T10:00:00.000Z), and pid ${process.pid} is running but golive cannot prove it is that golive (the pid may have been reused)`,
      hint: `if no golive runs on this session, break the lock with \`golive unlock --session ${maybe.file} --pid ${process.pid}\``,
    });
    // A holder on another host is never judged from here.
    const far = session({ 1: record({ ...dead(), host: "elsewhere" }, "held") });
    await expect(SessionLock.acquire(far.file, "x", NOW)).rejects.toThrow("being written by pid");
    expect(live.names()).toEqual(["1"]);
  });

  it("a damaged top record is held by nobody provable: refused, named as damaged", async () => {
    const s = session({ 1: record(me(), "released"), 2: "{not json" });
    expect(await topRecord(s.file)).toEqual({
      number: 2,
      record: { pid: 0, host: "?", since: "?", command: "a damaged lock record", nonce: "", kind: "held" },
    });
    await expect(SessionLock.acquire(s.file, "x", NOW)).rejects.toThrow(
      "is being written by pid 0 on ? (a damaged lock record, since ?)",
    );
    expect(lockHeldSync(s.file)).toBe(true);
  });

  it("writes its records without fsync (a power cut ends every holder; the boot id proves it)", async () => {
    const probe = await open(process.execPath, "r");
    const proto = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    const sync = vi.spyOn(proto, "sync");
    try {
      const s = session();
      const lock = await SessionLock.acquire(s.file, "x", NOW);
      lock.releaseSync();
      await breakLock(session({ 1: record(unproven(), "held") }).file, process.pid, "ann", NOW);
      expect(sync).not.toHaveBeenCalled();
      // The same spy sees the session's own disk layer fsync.
      await nodeDisk.syncDir(s.dir);
      expect(sync).toHaveBeenCalledTimes(1);
    } finally {
      sync.mockRestore();
    }
  });

  it("a racer that takes the number first: a live one wins and this taker is refused; a released one is passed", async () => {
    const s = session();
    const r = racing((target) => {
      if (target.endsWith("/1")) writeFileSync(target, JSON.stringify(record(me(), "held", "the racer")));
    });
    await expect(SessionLock.acquire(s.file, "x", NOW, r.disk)).rejects.toThrow("(the racer, since");
    expect(s.names()).toEqual(["1"]);

    const t = session();
    const once = racing((target) => {
      if (target.endsWith("/1")) writeFileSync(target, JSON.stringify(record(me(), "released")));
    });
    await takes(t, 2, once.disk);
  });

  it("a racer that linked a higher number meanwhile: this taker takes its own number back and looks again", async () => {
    const s = session();
    let raced = false;
    const r = racing((target) => {
      if (!raced && target.endsWith("/1")) {
        raced = true;
        writeFileSync(join(s.dir, "2"), JSON.stringify(record(me(), "released")));
      }
    });
    await takes(s, 3, r.disk);
  });

  it("a temp tidied away under the taker (ENOENT) is tried again; a full disk is a storage failure", async () => {
    const s = session();
    let tries = 0;
    const gone: Disk = {
      ...nodeDisk,
      link: async (a, b) => {
        if (tries++ === 0) throw Object.assign(new Error("gone"), { code: "ENOENT" });
        return nodeDisk.link(a, b);
      },
    };
    const lock = await SessionLock.acquire(s.file, "x", NOW, gone);
    expect(lock.number).toBe(1);
    lock.releaseSync();

    const full = session();
    const disk: Disk = {
      ...nodeDisk,
      link: async () => {
        throw Object.assign(new Error("full"), { code: "ENOSPC" });
      },
    };
    await expect(SessionLock.acquire(full.file, "x", NOW, disk)).rejects.toThrow(
      `could not write ${join(full.dir, "1")}: the disk is full (ENOSPC); nothing was recorded`,
    );
  });

  it("gives up after 200 numbers taken under it", async () => {
    const s = session();
    let links = 0;
    const disk: Disk = {
      ...nodeDisk,
      link: async () => {
        links++;
        throw Object.assign(new Error("taken"), { code: "EEXIST" });
      },
    };
    await expect(SessionLock.acquire(s.file, "x", NOW, disk)).rejects.toMatchObject({
      message: `could not take the lock ${s.dir}; other golive processes keep taking it`,
      exitCode: 4,
    });
    expect(links).toBe(200);
  });

  it("a format-1 lock file: respected while its writer may live, replaced by the directory once it is gone", async () => {
    const s = session();
    const { pid, host } = me();
    writeFileSync(s.dir, JSON.stringify({ pid, host, since: "then", command: "old golive", nonce: "x" }));
    expect((await topRecord(s.file)).record?.kind).toBe("held");
    await expect(SessionLock.acquire(s.file, "x", NOW)).rejects.toThrow("cannot prove it is that golive");
    expect(lstatSync(s.dir).isFile()).toBe(true);

    writeFileSync(s.dir, JSON.stringify({ ...dead(), since: "then", command: "old golive", nonce: "x" }));
    const lock = await SessionLock.acquire(s.file, "x", NOW);
    expect(lstatSync(s.dir).isDirectory()).toBe(true);
    expect(lock.number).toBe(1);
    lock.releaseSync();
    // An unreadable one: nobody provable, taken.
    const u = session();
    writeFileSync(u.dir, "garbage");
    expect(await topRecord(u.file)).toEqual({ number: 0 });
    const l2 = await SessionLock.acquire(u.file, "x", NOW);
    expect(l2.number).toBe(1);
    l2.releaseSync();
  });

  it("refuses a symlink in the lock's place", async () => {
    const s = session();
    symlinkSync(tempDir(), s.dir);
    await expect(SessionLock.acquire(s.file, "x", NOW)).rejects.toMatchObject({
      message: `${s.dir} is not golive's lock (a symlink)`,
      hint: "remove it, then retry",
      exitCode: 4,
    });
  });

  it("a release after the lock was broken writes nothing of its own", async () => {
    const s = session();
    const lock = await SessionLock.acquire(s.file, "x", NOW);
    writeFileSync(join(s.dir, "2"), JSON.stringify(record(me(), "broken")));
    lock.releaseSync();
    expect(s.names()).toEqual(["1", "2"]);
    expect(read(join(s.dir, "2")).kind).toBe("broken");
  });
});

describe("golive unlock", () => {
  it("breaks an unproven holder's lock with a record that names it", async () => {
    const s = session({ 4: record(unproven(), "held", "golive run") });
    const said = await breakLock(s.file, process.pid, "ann", NOW);
    expect(said).toBe(
      `broke the lock on s.json held by pid ${process.pid} (golive run, since 2026-11-22T10:00:00.000Z)`,
    );
    expect(read(join(s.dir, "5"))).toEqual({
      format: LOCK_FORMAT,
      kind: "broken",
      ...selfIdentity(),
      since: NOW.toISOString(),
      command: "golive unlock (by ann)",
      nonce: expect.stringMatching(/^[0-9a-f]{16}$/),
      broke: { pid: process.pid, host: hostname(), command: "golive run" },
    });
    expect(lockHeldSync(s.file)).toBe(false);
  });

  it("a format-1 file becomes a directory whose first record says it was broken", async () => {
    const s = session();
    writeFileSync(s.dir, JSON.stringify({ ...unproven(), since: "then", command: "old", nonce: "x" }));
    await breakLock(s.file, process.pid, "ann", NOW);
    expect(s.names()).toEqual(["1"]);
    expect(read(join(s.dir, "1")).kind).toBe("broken");
  });

  it("does nothing without a holder, refuses another pid and a live holder", async () => {
    for (const top of [undefined, record(me(), "released"), record(dead(), "held")]) {
      const s = session(top ? { 1: top } : {});
      expect(await breakLock(s.file, process.pid, "ann", NOW)).toBe(`${s.file} is not locked; nothing to do`);
    }
    const other = session({ 1: record(unproven(), "held") });
    await expect(breakLock(other.file, 1, "ann", NOW)).rejects.toMatchObject({
      message: `the lock on ${other.file} is held by pid ${process.pid}, not 1; nothing changed`,
      exitCode: 2,
    });
    const live = session({ 1: record(me(), "held", "golive run") });
    await expect(breakLock(live.file, process.pid, "ann", NOW)).rejects.toMatchObject({
      message: `pid ${process.pid} is the golive holding ${live.file} (golive run, since 2026-11-22T10:00:00.000Z) and it is running; nothing changed`,
      exitCode: 4,
    });
    expect(live.names()).toEqual(["1"]);
  });
});

describe("reading the lock", () => {
  it("lockHeldSync: no directory, no numbers, a released top, a dead holder: not held", () => {
    expect(lockHeldSync(session().file)).toBe(false);
    const empty = session({ 1: record(me(), "released") });
    expect(lockHeldSync(empty.file)).toBe(false);
    expect(lockHeldSync(session({ 1: record(dead(), "held") }).file)).toBe(false);
    // The highest number decides, compared as numbers (10 after 9).
    expect(lockHeldSync(session({ 9: record(me(), "released"), 10: record(me(), "held") }).file)).toBe(true);
    expect(lockHeldSync(session({ 9: record(me(), "held"), 10: record(me(), "released") }).file)).toBe(false);
    const named = session({ 2: record(me(), "held") });
    writeFileSync(join(named.dir, ".tmp-x"), "{}");
    writeFileSync(join(named.dir, "30x"), "{}");
    expect(lockHeldSync(named.file)).toBe(true);
  });

  it("topRecord: the highest number as a number, names that are not numbers ignored", async () => {
    const s = session({ 9: record(me(), "released"), 10: record(dead(), "held") });
    writeFileSync(join(s.dir, "11a"), "{}");
    expect(await topRecord(s.file)).toEqual({ number: 10, record: record(dead(), "held") });
    expect(await currentHolder(s.file)).toBeUndefined();
    expect(await topRecord(session().file)).toEqual({ number: 0 });
    expect(existsSync(lockDir(session().file))).toBe(false);
  });

  it("describes a holder by pid, host, command and time", () => {
    expect(describeHolder(record({ pid: 7, host: "h" }, "held", "golive run"))).toBe(
      "pid 7 on h (golive run, since 2026-11-22T10:00:00.000Z)",
    );
  });
});

describe("the lock's edges", () => {
  const fds = () => readdirSync("/proc/self/fd").length;

  it("one exit listener while any lock is held, which releases them all; none after the last release", async () => {
    const before = process.listeners("exit").length;
    const a = session();
    const b = session();
    const la = await SessionLock.acquire(a.file, "x", NOW);
    expect(process.listeners("exit")).toHaveLength(before + 1);
    const onExit = process.listeners("exit").at(-1)!;
    const lb = await SessionLock.acquire(b.file, "x", NOW);
    expect(process.listeners("exit")).toHaveLength(before + 1);
    lb.releaseSync();
    expect(process.listeners("exit")).toHaveLength(before + 1);
    // What runs at exit: every lock still held is released.
    const lc = await SessionLock.acquire(b.file, "x", NOW);
    (onExit as () => void)();
    expect(heldLocks()).not.toContain(a.file);
    expect(read(join(a.dir, "2")).kind).toBe("released");
    expect(read(join(b.dir, String(lc.number + 1))).kind).toBe("released");
    expect(process.listeners("exit")).toHaveLength(before);
    la.releaseSync();
  });

  it("a release closes what it opens", async () => {
    const s = session();
    const lock = await SessionLock.acquire(s.file, "x", NOW);
    const before = fds();
    lock.releaseSync();
    expect(fds()).toBe(before);
  });

  it("a lock path that is a special file, or under a file, or in a missing directory: refused as such", async () => {
    const s = session();
    execFileSync("mkfifo", [s.dir]);
    await expect(SessionLock.acquire(s.file, "x", NOW)).rejects.toThrow(
      `${s.dir} is not golive's lock (a special file)`,
    );
    const notDir = join(tempDir(), "file");
    writeFileSync(notDir, "");
    await expect(SessionLock.acquire(join(notDir, "s.json"), "x", NOW)).rejects.toThrow(
      `could not write ${join(notDir, "s.json.lock")}: a path component is not a directory (ENOTDIR); nothing was recorded`,
    );
    await expect(SessionLock.acquire(join(tempDir(), "gone", "s.json"), "x", NOW)).rejects.toMatchObject({
      code: "ENOENT",
    });
  });

  it("names that are not whole numbers never count as records", async () => {
    for (const stray of ["a12", "30x", ".tmp-x"]) {
      const s = session({ 1: record(me(), "released") });
      writeFileSync(join(s.dir, stray), JSON.stringify(record(me(), "held")));
      expect(lockHeldSync(s.file)).toBe(false);
      expect(await topRecord(s.file)).toEqual({ number: 1, record: record(me(), "released") });
    }
    const empty = session();
    mkdirSync(empty.dir);
    expect(lockHeldSync(empty.file)).toBe(false);
    expect(await currentHolder(session().file)).toBeUndefined();
  });

  it("unlock's refusal of a live holder says what to do; a broken format-1 lock's directory is 0700", async () => {
    const live = session({ 1: record(me(), "held") });
    await expect(breakLock(live.file, process.pid, "ann", NOW)).rejects.toMatchObject({
      hint: "stop that golive (it releases the lock itself); a lock is broken only when its holder cannot be proven alive",
    });
    const s = session();
    writeFileSync(s.dir, JSON.stringify({ ...unproven(), since: "then", command: "old", nonce: "x" }));
    await breakLock(s.file, process.pid, "ann", NOW);
    expect(lstatSync(s.dir).mode & 0o777).toBe(0o700);
  });
});
