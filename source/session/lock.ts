/** One writer per session: a lock file holding the writer's pid, host and command. */
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { ExitCode, UserError } from "../domain/errors.js";
import { storageError } from "./durable.js";

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  command: string;
  nonce: string;
}

export class SessionLock {
  private released = false;
  private readonly onExit = () => this.releaseSync();

  private constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {
    process.once("exit", this.onExit);
  }

  static async acquire(sessionFile: string, command: string, now: Date = new Date()): Promise<SessionLock> {
    const path = `${sessionFile}.lock`;
    const holder: LockHolder = {
      pid: process.pid,
      host: hostname(),
      since: now.toISOString(),
      command,
      nonce: randomBytes(8).toString("hex"),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      let fh: Awaited<ReturnType<typeof open>> | undefined;
      try {
        fh = await open(path, "wx", 0o600);
        await fh.writeFile(JSON.stringify(holder));
        await fh.sync();
        await fh.close();
        return new SessionLock(path, holder);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
          // Created but not written (disk full): an empty lock would only confuse the next golive.
          if (fh) {
            await fh.close().catch(() => {});
            await unlink(path).catch(() => {});
          }
          throw storageError(path, "write", e);
        }
      }
      const current = await readHolder(path);
      if (current && !isStale(current)) {
        throw new UserError(
          `session ${sessionFile} is being written by ${describeHolder(current)}`,
          ExitCode.locked,
          "one writer per session: use `golive watch` (read-only) or `golive status`, or stop the other golive first",
        );
      }
      // Stale (its process is gone) or unreadable (crashed mid-write): move it aside atomically, so two
      // processes recovering at once cannot both delete a fresh lock.
      await rename(path, `${path}.stale-${holder.nonce}`).catch(() => {});
      await unlink(`${path}.stale-${holder.nonce}`).catch(() => {});
    }
    throw new UserError(`could not take the lock ${path}; another golive keeps taking it`, ExitCode.locked);
  }

  release(): Promise<void> {
    this.releaseSync();
    return Promise.resolve();
  }

  private releaseSync() {
    if (this.released) return;
    this.released = true;
    process.removeListener("exit", this.onExit);
    try {
      const current = JSON.parse(readFileSync(this.path, "utf8")) as LockHolder;
      if (current.nonce === this.holder.nonce) unlinkSync(this.path);
    } catch {
      // Already gone or replaced by someone who judged it stale: nothing of ours to remove.
    }
  }
}

export async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

/** A lock is stale when its process is gone; a lock from another host is never judged stale here. */
export function isStale(h: LockHolder): boolean {
  return h.host === hostname() && !processAlive(h.pid);
}

/** Whether a process with this pid exists on this host (signal 0 probes without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

export function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host} (${h.command}, since ${h.since})`;
}
