/**
 * session/proc.ts: who a process is beyond its pid (start time, boot), read from /proc on Linux and
 * from ps elsewhere (taken here by naming another platform), and the liveness a lock is broken by:
 * only a holder proven gone is dead.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, symlinkSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bootId, liveness, pidExists, processStart, selfIdentity } from "../../source/session/proc.js";
import { tempDir } from "../helpers/paths.js";

/** A pid no process holds now: above the kernel's pid_max. */
const NO_PID = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8")) + 1;
const platform = process.platform;
afterEach(() => {
  Object.defineProperty(process, "platform", { value: platform });
});

describe("a process's identity", () => {
  it("is its pid, host, start time (/proc's field 22) and boot id", () => {
    const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
    const start = stat.replace(/^.*\) /s, "").split(" ")[19];
    expect(start).toMatch(/^\d+$/);
    expect(selfIdentity()).toEqual({
      pid: process.pid,
      host: hostname(),
      start,
      boot: readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(),
    });
    expect(bootId()).toBe(selfIdentity().boot);
  });

  it("reads the start time after the last ')' whatever the process's name holds", async () => {
    // A process named "a) b ) c": node run through a link of that name (its name is the link's).
    const link = join(tempDir("proc-"), "a) b ) c");
    symlinkSync(process.execPath, link);
    const child = spawn(link, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      await once(child, "spawn");
      const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      expect(stat).toContain("(a) b ) c)");
      expect(processStart(child.pid!)).toBe(stat.replace(/^.*\) /s, "").split(" ")[19]);
    } finally {
      child.kill();
      await once(child, "exit");
    }
  });

  it("has none for a pid that is not one or not running", () => {
    for (const pid of [0, -1, 1.5, Number.NaN, NO_PID])
      expect(processStart(pid), String(pid)).toBeUndefined();
    expect(pidExists(NO_PID)).toBe(false);
    expect(pidExists(process.pid)).toBe(true);
  });

  it("elsewhere: ps's start time, or none", () => {
    Object.defineProperty(process, "platform", { value: "darwin" });
    const ps = execFileSync("ps", ["-o", "lstart=", "-p", String(process.pid)], { encoding: "utf8" }).trim();
    expect(ps).not.toBe("");
    expect(processStart(process.pid)).toBe(ps);
    expect(processStart(NO_PID)).toBeUndefined();
    expect(processStart(0)).toBeUndefined();
  });
});

describe("liveness", () => {
  const me = () => selfIdentity();
  it("another host's process is alive as far as this host can tell", () => {
    expect(liveness({ ...me(), host: `${hostname()}-other`, pid: NO_PID })).toBe("alive");
  });

  it("this very process is alive; its pid with another start, another boot or no pid is dead", () => {
    expect(liveness(me())).toBe("alive");
    expect(liveness({ ...me(), boot: undefined })).toBe("alive");
    expect(liveness({ ...me(), start: `${me().start}0` })).toBe("dead");
    expect(liveness({ ...me(), boot: "another-boot" })).toBe("dead");
    expect(liveness({ ...me(), pid: NO_PID })).toBe("dead");
    expect(liveness({ ...me(), pid: NO_PID, boot: undefined, start: undefined })).toBe("dead");
  });

  it("a running pid without a recorded start is unproven (it may be another process)", () => {
    expect(liveness({ pid: process.pid, host: hostname() })).toBe("unproven");
    expect(liveness({ pid: process.pid, host: hostname(), boot: bootId() })).toBe("unproven");
  });
});

describe("signal 0's answers, as the kernel may give them", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  /** process.kill answering each call in turn: nothing (the pid exists) or the errno code given. */
  const kills = (...codes: (string | undefined)[]) =>
    vi.spyOn(process, "kill").mockImplementation(() => {
      const code = codes.shift();
      if (code) throw Object.assign(new Error(code), { code });
      return true;
    });

  it("EPERM (another user's process) exists; only ESRCH is none", () => {
    kills("EPERM", "ESRCH");
    expect(pidExists(NO_PID)).toBe(true);
    expect(pidExists(NO_PID)).toBe(false);
  });

  it("a pid that exists but whose start cannot be read: unproven, or dead when it is gone by the second look", () => {
    const holder = { pid: NO_PID, host: hostname(), start: "123", boot: bootId() };
    kills(undefined, undefined);
    expect(liveness(holder)).toBe("unproven");
    kills(undefined, "ESRCH");
    expect(liveness(holder)).toBe("dead");
  });
});
