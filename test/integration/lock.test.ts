/**
 * The session lock: one holder, broken only when the holder is provably gone (pid + start time),
 * a reused pid named with the command that breaks it, never created beside a non-session.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { currentHolder, lockDir, topRecord } from "../../source/session/lock.js";
import { liveness, processStart } from "../../source/session/proc.js";
import { SessionStore } from "../../source/session/store.js";
import { golive } from "../helpers/cli.js";
import { plantStale, raceOnStaleLock, stalePids } from "../helpers/lock-race.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

describe("session lock", () => {
  it("6 racing processes on a stale lock: exactly one holder, every round", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.close();
    const r = await raceOnStaleLock(store.file, 6, 10);
    expect(r).toEqual({ trials: 10, twoHolders: 0, noHolder: 0 });
  });

  it("names its holder by pid and start time; a pid now used by another process is provably not the holder", async () => {
    const { store } = await newSeedSession(tempDir());
    const me = await currentHolder(store.file);
    expect(me?.pid).toBe(process.pid);
    expect(me?.start).toBe(processStart(process.pid));
    expect(me?.start).toMatch(/^\d+$/);
    await store.close();
    const pids = await stalePids();
    try {
      await plantStale(store.file, pids.reused); // alive (sleep), but started at another time
      expect(liveness({ pid: pids.reused, host: hostname(), start: "1" })).toBe("dead");
      const s = await SessionStore.open(store.file, { write: true, command: "after reuse" });
      expect((await currentHolder(store.file))?.command).toBe("after reuse");
      await s.close();
    } finally {
      pids.stop();
    }
  });

  it("a format-1 lock held by a live pid golive cannot prove is golive: refused with the unlock command, which breaks it", async () => {
    const dir = tempDir();
    const { store } = await newSeedSession(dir);
    await store.close();
    const sleeper = spawn("sleep", ["600"], { stdio: "ignore" });
    try {
      // What golive before this change wrote: a plain file, no start time.
      const legacy = {
        pid: sleeper.pid,
        host: hostname(),
        since: "2026-11-20T10:00:00.000Z",
        command: "golive note",
        nonce: "x",
      };
      const d = lockDir(store.file);
      for (const n of readdirSync(d)) (await import("node:fs")).unlinkSync(join(d, n));
      (await import("node:fs")).rmdirSync(d);
      writeFileSync(d, JSON.stringify(legacy));
      const refused = await golive(["note", "hi"], { sessions: dir });
      expect(refused.code).toBe(4);
      expect(refused.stderr).toContain(`cannot prove it is that golive`);
      expect(refused.stderr).toContain(`golive unlock --session ${store.file} --pid ${sleeper.pid}`);
      const wrong = await golive(["unlock", "--session", store.file, "--pid", "1"], { sessions: dir });
      expect(wrong.code).toBe(2);
      const broke = await golive(["unlock", "--session", store.file, "--pid", String(sleeper.pid)], {
        sessions: dir,
      });
      expect(broke.code).toBe(0);
      expect(broke.stdout).toContain(`broke the lock`);
      const ok = await golive(["note", "hi"], { sessions: dir });
      expect(ok.code).toBe(0);
      const top = await topRecord(store.file);
      expect(top.record?.kind).toBe("released");
    } finally {
      sleeper.kill("SIGKILL");
    }
  });

  it("unlock refuses to break the lock of a golive that is running", async () => {
    const dir = tempDir();
    const { store } = await newSeedSession(dir);
    const r = await golive(["unlock", "--session", store.file, "--pid", String(process.pid)], {
      sessions: dir,
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/is the golive holding .* and it is running; nothing changed/);
    expect((await currentHolder(store.file))?.pid).toBe(process.pid);
    await store.close();
  });

  it("creates no lock beside a --session path that is not a session", async () => {
    const dir = tempDir();
    const other = join(dir, "notes.json");
    writeFileSync(other, JSON.stringify({ hello: "world" }));
    const r = await golive(["note", "x", "--session", other], { sessions: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("not a golive session");
    const missing = await golive(["check", "i1", "--session", join(dir, "nothing.json")], { sessions: dir });
    expect(missing.code).toBe(3);
    expect(readdirSync(dir).sort()).toEqual(["notes.json"]);
    expect(existsSync(`${other}.lock`)).toBe(false);
    expect(readFileSync(other, "utf8")).toBe(JSON.stringify({ hello: "world" }));
  });
});
