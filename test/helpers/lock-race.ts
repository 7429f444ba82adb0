/** Racing processes on one stale lock: `trials` rounds, each counting how many racers took the lock. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { lockDir, topRecord } from "../../source/session/lock.js";
import { processStart } from "../../source/session/proc.js";
import { ROOT } from "./paths.js";

export interface RaceResult {
  trials: number;
  /** Rounds in which more than one racer held the lock at once. */
  twoHolders: number;
  /** Rounds in which nobody got it (a stale lock never broken). */
  noHolder: number;
}

/** A pid that is provably not the lock's holder: gone, or alive but started at another time. */
export async function stalePids(): Promise<{ dead: number; reused: number; stop(): void }> {
  const gone = spawn(process.execPath, ["-e", ""]);
  await new Promise((r) => gone.on("exit", r));
  const other = spawn("sleep", ["600"], { stdio: "ignore" });
  return { dead: gone.pid!, reused: other.pid!, stop: () => other.kill("SIGKILL") };
}

/** Plants a "held" record of a process that is not golive's (dead, or a reused pid) on top. */
export async function plantStale(sessionFile: string, pid: number): Promise<void> {
  const top = await topRecord(sessionFile);
  const start = processStart(pid);
  writeFileSync(
    join(lockDir(sessionFile), String(top.number + 1)),
    JSON.stringify({
      format: "golive.lock/2",
      kind: "held",
      pid,
      host: hostname(),
      // A reused pid: the process there now started at another time than the recorded one.
      start: start ? `${start}0` : "1",
      since: "2026-01-01T00:00:00.000Z",
      command: "golive (killed)",
      nonce: "stale",
    }),
  );
}

export async function raceOnStaleLock(
  sessionFile: string,
  racers: number,
  trials: number,
): Promise<RaceResult> {
  const pids = await stalePids();
  const procs: { p: ChildProcessWithoutNullStreams; lines: Interface; next: () => Promise<string> }[] = [];
  for (let i = 0; i < racers; i++) {
    const p = spawn(process.execPath, [join(ROOT, "test/helpers/lock-racer.mjs"), sessionFile, String(i)]);
    const lines = createInterface({ input: p.stdout });
    const queue: string[] = [];
    const waiting: ((s: string) => void)[] = [];
    lines.on("line", (l) => {
      const w = waiting.shift();
      if (w) w(l);
      else queue.push(l);
    });
    const next = () =>
      queue.length ? Promise.resolve(queue.shift()!) : new Promise<string>((r) => waiting.push(r));
    procs.push({ p, lines, next });
  }
  const result: RaceResult = { trials, twoHolders: 0, noHolder: 0 };
  try {
    for (let t = 0; t < trials; t++) {
      await plantStale(sessionFile, t % 2 ? pids.reused : pids.dead);
      for (const r of procs) r.p.stdin.write("go\n");
      const answers = await Promise.all(procs.map((r) => r.next()));
      const winners = procs.filter((_, i) => answers[i] === "won");
      if (winners.length > 1) result.twoHolders++;
      if (winners.length === 0) result.noHolder++;
      for (const w of winners) {
        w.p.stdin.write("release\n");
        await w.next();
      }
    }
  } finally {
    pids.stop();
    for (const r of procs) r.p.kill("SIGKILL");
  }
  return result;
}
