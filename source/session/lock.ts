/**
 * One writer per session, with exactly one holder at any time.
 *
 * `<session>.lock/` holds numbered, immutable records: `N` says "held by (pid, start time, boot)",
 * "released" or "broken". The holder is whoever holds the highest number. Taking the lock means
 * creating number top+1 — an exclusive `link`, so of any racers exactly one gets each number — and
 * only after judging `top` free: released, broken, or held by a process that is provably gone (its
 * pid is free, or now belongs to a process that started at another time, or the host rebooted).
 * A record is never rewritten and the highest is never deleted, so a judgement made on it cannot go
 * stale underneath (no ABA, unlike unlink-or-rename takeover). Older numbers are removed by the holder.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { lstat, mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { CREATE_EXCL, createAtomically, type Disk, nodeDisk } from "./disk.js";
import { storageError } from "./durable.js";
import { type Liveness, liveness, type ProcessIdentity, selfIdentity } from "./proc.js";

export const LOCK_FORMAT = "golive.lock/2";

export interface LockRecord extends ProcessIdentity {
  format?: string;
  /** Absent in format-1 lock files (a plain `<session>.lock` file), which were always "held". */
  kind?: "held" | "released" | "broken";
  since: string;
  command: string;
  nonce: string;
  /** On a "broken" record: whose lock was broken. */
  broke?: { pid: number; host: string; command: string };
}

/**
 * Lock records are not fsynced: after a power cut every holder is gone and the boot id proves it,
 * so a record lost with the page cache can only ever have been a dead holder's.
 */
const lockDisk = { ...nodeDisk, syncFile: async () => {}, syncDir: async () => {} };

export function lockDir(sessionFile: string): string {
  return `${sessionFile}.lock`;
}

/**
 * Locks this process holds and has not released. One "exit" listener releases them all: a listener
 * per lock grew past Node's limit of 10 (MaxListenersExceededWarning) in any process holding many.
 */
const held = new Set<SessionLock>();
const releaseAllOnExit = () => {
  for (const lock of [...held]) lock.releaseSync();
};

/** The session files whose lock this process holds now (tests check that none is left behind). */
export function heldLocks(): string[] {
  return [...held].map((l) => l.sessionFile);
}

export class SessionLock {
  private released = false;

  private constructor(
    readonly sessionFile: string,
    readonly number: number,
    readonly holder: LockRecord,
  ) {
    if (held.size === 0) process.on("exit", releaseAllOnExit);
    held.add(this);
  }

  get path(): string {
    return join(lockDir(this.sessionFile), String(this.number));
  }

  /**
   * Call only for a file already known to be a session: the lock directory is created beside it.
   * `disk` is for tests, to race a taker at the exclusive link.
   */
  static async acquire(
    sessionFile: string,
    command: string,
    now: Date = new Date(),
    disk: Disk = lockDisk,
  ): Promise<SessionLock> {
    const dir = lockDir(sessionFile);
    const holder: LockRecord = {
      format: LOCK_FORMAT,
      kind: "held",
      ...selfIdentity(),
      since: now.toISOString(),
      command,
      nonce: randomBytes(8).toString("hex"),
    };
    await ensureLockDir(sessionFile);
    for (let attempt = 0; attempt < 200; attempt++) {
      const top = await topRecord(sessionFile);
      if (top.record && top.record.kind === "held") {
        const live = liveness(top.record);
        if (live !== "dead") throw lockedError(sessionFile, top.record, live);
      }
      const n = top.number + 1;
      try {
        await createAtomically(disk, join(dir, String(n)), JSON.stringify(holder));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EEXIST" || code === "ENOENT") continue; // someone else took n (or tidied our temp): look again
        throw storageError(join(dir, String(n)), "write", e);
      }
      // A racer working from an old listing may re-create a number the holder already tidied away:
      // only the highest number holds.
      let after: number[];
      try {
        after = await numbers(dir);
      } catch (e) {
        // Our record is linked: left there, this live process would hold a lock nobody releases,
        // and a retry here would be refused as locked by itself.
        await unlink(join(dir, String(n))).catch(() => {});
        throw e;
      }
      if (after.some((m) => m > n)) {
        await unlink(join(dir, String(n))).catch(() => {});
        continue;
      }
      for (const m of after) if (m < n) await unlink(join(dir, String(m))).catch(() => {});
      await removeTemps(dir);
      return new SessionLock(sessionFile, n, holder);
    }
    throw new UserError(
      `could not take the lock ${dir}; other golive processes keep taking it`,
      ExitCode.locked,
    );
  }

  release(): Promise<void> {
    this.releaseSync();
    return Promise.resolve();
  }

  /** Synchronous so it also runs from process.on("exit"). */
  releaseSync(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    if (held.size === 0) process.removeListener("exit", releaseAllOnExit);
    const dir = lockDir(this.sessionFile);
    const rec: LockRecord = { ...this.holder, kind: "released", since: new Date().toISOString() };
    const tmp = join(dir, `.tmp-${randomBytes(6).toString("hex")}`);
    try {
      const fd = openSync(tmp, CREATE_EXCL, 0o600);
      try {
        writeSync(fd, JSON.stringify(rec));
      } finally {
        closeSync(fd);
      }
      linkSync(tmp, join(dir, String(this.number + 1)));
      unlinkSync(join(dir, String(this.number)));
    } catch {
      // EEXIST: someone broke our lock with `golive unlock`; nothing of ours to release.
    } finally {
      try {
        unlinkSync(tmp);
      } catch {}
    }
  }
}

async function ensureLockDir(sessionFile: string): Promise<void> {
  const dir = lockDir(sessionFile);
  try {
    const st = await lstat(dir);
    if (st.isDirectory()) return;
    if (st.isFile()) {
      // A format-1 lock: a plain file holding the writer. Respected while its writer may live.
      const legacy = await readRecord(dir);
      if (legacy) {
        const live = liveness(legacy);
        if (live !== "dead") throw lockedError(sessionFile, legacy, live);
      }
      await unlink(dir).catch(() => {});
    } else {
      throw new UserError(
        `${dir} is not golive's lock (a ${st.isSymbolicLink() ? "symlink" : "special file"})`,
        ExitCode.locked,
        `remove it, then retry`,
      );
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw storageError(dir, "write", e);
  }
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw storageError(dir, "write", e);
  }
}

/** Temp records of takers killed before their link; a live taker whose temp goes simply tries again. */
async function removeTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(".")) await unlink(join(dir, name)).catch(() => {});
  }
}

async function numbers(dir: string): Promise<number[]> {
  try {
    return (await readdir(dir))
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR")
      return [];
    throw storageError(dir, "read", e);
  }
}

async function readRecord(path: string): Promise<LockRecord | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as LockRecord;
  } catch {
    return undefined;
  }
}

/** The highest record (number 0 and no record when nobody ever locked). */
export async function topRecord(sessionFile: string): Promise<{ number: number; record?: LockRecord }> {
  const dir = lockDir(sessionFile);
  for (;;) {
    const ns = await numbers(dir);
    const n = ns.at(-1);
    if (n === undefined) {
      // A format-1 lock file in place of the directory.
      const legacy = await readRecord(dir).catch(() => undefined);
      return legacy ? { number: 0, record: { ...legacy, kind: "held" } } : { number: 0 };
    }
    const rec = await readRecord(join(dir, String(n)));
    // Records appear whole (linked from a complete temp file); a missing one was tidied away after a
    // higher number appeared, so look again. A damaged one is someone else's doing: held by nobody provable.
    if (rec) return { number: n, record: rec };
    try {
      await lstat(join(dir, String(n)));
      return {
        number: n,
        record: { pid: 0, host: "?", since: "?", command: "a damaged lock record", nonce: "", kind: "held" },
      };
    } catch {}
  }
}

/** The live holder, if any (for tests, `status` and `unlock`). */
export async function currentHolder(sessionFile: string): Promise<LockRecord | undefined> {
  const top = await topRecord(sessionFile);
  return top.record?.kind === "held" && liveness(top.record) !== "dead" ? top.record : undefined;
}

function lockedError(sessionFile: string, h: LockRecord, live: Liveness): UserError {
  if (live === "unproven") {
    return new UserError(
      `session ${sessionFile} is locked by ${describeHolder(h)}, and pid ${h.pid} is running but golive cannot prove it is that golive (the pid may have been reused)`,
      ExitCode.locked,
      `if no golive runs on this session, break the lock with \`golive unlock --session ${sessionFile} --pid ${h.pid}\``,
    );
  }
  return new UserError(
    `session ${sessionFile} is being written by ${describeHolder(h)}`,
    ExitCode.locked,
    "one writer per session: use `golive watch` (read-only) or `golive status`, or stop the other golive first",
  );
}

export function describeHolder(h: LockRecord): string {
  return `pid ${h.pid} on ${h.host} (${h.command}, since ${h.since})`;
}

/**
 * `golive unlock`: breaks a lock whose holder cannot be proven alive, only if it is still the holder
 * the user named (`pid`). Writes a "broken" record as the next number: exclusive like any take-over.
 */
export async function breakLock(sessionFile: string, pid: number, by: string, now: Date): Promise<string> {
  const dir = lockDir(sessionFile);
  const top = await topRecord(sessionFile);
  const h = top.record;
  if (h?.kind !== "held" || liveness(h) === "dead") return `${sessionFile} is not locked; nothing to do`;
  if (h.pid !== pid) {
    throw new UserError(
      `the lock on ${sessionFile} is held by pid ${h.pid}, not ${pid}; nothing changed`,
      ExitCode.usage,
    );
  }
  if (liveness(h) === "alive") {
    throw new UserError(
      `pid ${pid} is the golive holding ${sessionFile} (${h.command}, since ${h.since}) and it is running; nothing changed`,
      ExitCode.locked,
      "stop that golive (it releases the lock itself); a lock is broken only when its holder cannot be proven alive",
    );
  }
  const rec: LockRecord = {
    format: LOCK_FORMAT,
    kind: "broken",
    ...selfIdentity(),
    since: now.toISOString(),
    command: `golive unlock (by ${by})`,
    nonce: randomBytes(8).toString("hex"),
    broke: { pid: h.pid, host: h.host, command: h.command },
  };
  if (top.number === 0) {
    // The format-1 file: replace it by a directory whose first record says it was broken.
    await unlink(dir);
    mkdirSync(dir, { mode: 0o700 });
  }
  await createAtomically(lockDisk, join(dir, String(top.number + 1)), JSON.stringify(rec));
  return `broke the lock on ${basename(sessionFile)} held by pid ${h.pid} (${h.command}, since ${h.since})`;
}

/** Synchronously: whether a live (or unprovable) holder has the lock now (for tests and exit paths). */
export function lockHeldSync(sessionFile: string): boolean {
  const dir = lockDir(sessionFile);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  const top = names
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b)
    .at(-1);
  if (top === undefined) return false;
  try {
    const rec = JSON.parse(readFileSync(join(dir, String(top)), "utf8")) as LockRecord;
    return rec.kind === "held" && liveness(rec) !== "dead";
  } catch {
    return true;
  }
}
