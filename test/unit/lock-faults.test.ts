/**
 * session/lock.ts when the file system answers what lock-records.test.ts cannot stage as root: the
 * lock directory made by another taker between the look and the mkdir, a mkdir refused (a full
 * disk), and a lock directory that cannot be listed. node:fs/promises is wrapped to answer those
 * once asked; every other call is the real one, on a temp directory.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
// Imported as written too (lockDir is a pure path): Stryker finds a mutant's tests by their imports.
import { lockDir } from "../../source/session/lock.js";
import { selfIdentity } from "../../source/session/proc.js";
import { tempDir } from "../helpers/paths.js";

const fault = vi.hoisted(() => ({
  /** The next lstat of this path answers ENOENT although it is there. */
  unseen: undefined as string | undefined,
  /** The next mkdir of this path fails with this code. */
  mkdir: undefined as { path: string; code: string } | undefined,
  /** Readdir of this path: its nth call (from 1) fails with the code `fails(n)` gives. */
  readdir: undefined as { path: string; fails: (n: number) => string | undefined; calls: number } | undefined,
}));

/** lock.ts loaded again (another module id) once node:fs/promises is wrapped: the suite shares one
 * module graph per worker (isolate: false), whose lock.ts already holds the real functions. */
let L: typeof import("../../source/session/lock.js");
const FRESH = "../../source/session/lock.js?faults";
beforeAll(async () => {
  vi.doMock("node:fs/promises", wrapped);
  L = await import(FRESH);
});
afterAll(() => {
  vi.doUnmock("node:fs/promises");
});

async function wrapped(importOriginal: <T>() => Promise<T>) {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const failure = (code: string, p: unknown) => Object.assign(new Error(`${code}: injected, ${p}`), { code });
  return {
    ...fs,
    lstat: (async (p: string, ...rest: never[]) => {
      if (p === fault.unseen) {
        fault.unseen = undefined;
        throw failure("ENOENT", p);
      }
      return fs.lstat(p, ...rest);
    }) as typeof fs.lstat,
    mkdir: (async (p: string, ...rest: never[]) => {
      const f = fault.mkdir;
      if (f && p === f.path) {
        fault.mkdir = undefined;
        throw failure(f.code, p);
      }
      return fs.mkdir(p, ...rest);
    }) as typeof fs.mkdir,
    readdir: (async (p: string, ...rest: never[]) => {
      const f = fault.readdir;
      const code = f && p === f.path ? f.fails(++f.calls) : undefined;
      if (code) throw failure(code, p);
      return fs.readdir(p, ...rest);
    }) as typeof fs.readdir,
  };
}

afterEach(() => {
  fault.unseen = undefined;
  fault.mkdir = undefined;
  fault.readdir = undefined;
});

function sessionFile() {
  const file = join(tempDir("golive-lock-faults-"), "s.json");
  writeFileSync(file, "{}");
  return file;
}

describe("taking the lock when the file system answers otherwise", () => {
  it("a lock directory another taker made between the look and the mkdir is taken as it stands", async () => {
    const file = sessionFile();
    mkdirSync(lockDir(file), { mode: 0o700 });
    fault.unseen = lockDir(file);
    const lock = await L.SessionLock.acquire(file, "golive note");
    expect(lock.number).toBe(1);
    await lock.release();
    expect(readdirSync(lockDir(file))).toEqual(["2"]);
  });

  it("a lock directory that cannot be made is a storage failure, worded as a write", async () => {
    const file = sessionFile();
    fault.mkdir = { path: lockDir(file), code: "ENOSPC" };
    await expect(L.SessionLock.acquire(file, "golive note")).rejects.toThrow(
      `could not write ${lockDir(file)}: the disk is full (ENOSPC)`,
    );
  });

  it("a lock directory that cannot be listed is never taken as empty: a live holder keeps it", async () => {
    const file = sessionFile();
    const dir = lockDir(file);
    mkdirSync(dir, { mode: 0o700 });
    // Record 3 held by this very process (alive); 1 and 2 were tidied away long ago.
    const held = {
      format: L.LOCK_FORMAT,
      kind: "held",
      ...selfIdentity(),
      since: "x",
      command: "golive run",
      nonce: "n",
    };
    writeFileSync(join(dir, "3"), JSON.stringify(held));
    fault.readdir = { path: dir, fails: () => "EIO", calls: 0 };
    await expect(L.SessionLock.acquire(file, "golive note")).rejects.toThrow(
      `could not read ${dir}: an I/O error (failing disk?) (EIO)`,
    );
    expect(readdirSync(dir)).toEqual(["3"]);
  });

  it("a listing that fails after the link takes the record back: the lock is free to take again", async () => {
    const file = sessionFile();
    const dir = lockDir(file);
    // Listed to find the top (fine), then after the link (fails).
    fault.readdir = { path: dir, fails: (n) => (n === 2 ? "EIO" : undefined), calls: 0 };
    await expect(L.SessionLock.acquire(file, "golive note")).rejects.toThrow(
      `could not read ${dir}: an I/O error (failing disk?) (EIO)`,
    );
    expect(readdirSync(dir)).toEqual([]);
    const lock = await L.SessionLock.acquire(file, "golive note");
    await lock.release();
  });

  it("a lock whose leftover temps cannot be listed is still taken, and released", async () => {
    const file = sessionFile();
    // Listed to find the top, listed again after the link, then for the temps: only that one fails.
    fault.readdir = { path: lockDir(file), fails: (n) => (n === 3 ? "EIO" : undefined), calls: 0 };
    const lock = await L.SessionLock.acquire(file, "golive note");
    expect(fault.readdir.calls).toBe(3);
    expect(lock.number).toBe(1);
    await lock.release();
    expect(readdirSync(lockDir(file))).toEqual(["2"]);
  });
});
