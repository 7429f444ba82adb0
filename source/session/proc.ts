/**
 * Who a process is, beyond its pid: a pid is reused, so a lock names its holder by pid *and* start
 * time (and the boot it started in). Only a holder proven gone may have its lock broken.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";

export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Start time as the OS reports it (Linux: clock ticks since boot; elsewhere `ps -o lstart`). */
  start?: string;
  /** Linux boot id: after a reboot every recorded process is gone. */
  boot?: string;
}

/** `alive`: that very process runs; `dead`: provably gone; `unproven`: the pid runs, but it may be another process. */
export type Liveness = "alive" | "dead" | "unproven";

export function selfIdentity(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), start: processStart(process.pid), boot: bootId() };
}

let cachedBoot: string | undefined | null = null;
export function bootId(): string | undefined {
  if (cachedBoot === null) {
    try {
      cachedBoot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
    } catch {
      cachedBoot = undefined;
    }
  }
  return cachedBoot;
}

/** The process's start time, or undefined when it does not exist or cannot be read. */
export function processStart(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (process.platform === "linux") {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Field 2 (comm) is in parentheses and may hold spaces or ')': count fields after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return fields[19]; // field 22, starttime
    } catch {
      return undefined;
    }
  }
  try {
    // macOS and the BSDs: the start time to the second; a pid is not reused within a second in practice.
    const out = execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 2000,
    }).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists on this host (signal 0 probes without signalling). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** A process on another host is never judged here (it is alive as far as this host can tell). */
export function liveness(p: ProcessIdentity): Liveness {
  if (p.host !== hostname()) return "alive";
  const boot = bootId();
  if (p.boot && boot && p.boot !== boot) return "dead";
  if (!pidExists(p.pid)) return "dead";
  if (!p.start) return "unproven";
  const now = processStart(p.pid);
  if (now === undefined) return pidExists(p.pid) ? "unproven" : "dead";
  return now === p.start ? "alive" : "dead";
}
