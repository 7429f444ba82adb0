/**
 * Process death: kill -9 at random moments while events are being recorded, and the cockpit killed
 * by SIGHUP (a dropped SSH) and SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockHeldSync } from "../../source/session/lock.js";
import { SessionStore } from "../../source/session/store.js";
import { BIN, ROOT, tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";
import { killTmuxServer, TmuxSession } from "../helpers/tmux.js";
import { recordChaos } from "./record.js";

afterAll(() => killTmuxServer());

const APPENDER = join(ROOT, "test", "chaos", "appender.mjs");
const TRIALS = 500;
const LANES = 4;

interface Trial {
  acked: number[];
  lockRefused: boolean;
}

/** One writer, killed with SIGKILL at a random moment: before, during or after it takes the lock. */
function killOnce(file: string, who: string, rnd: () => number, lazy: boolean): Promise<Trial> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [APPENDER, file, who, lazy ? "lazy" : "full"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const acked: number[] = [];
    let err = "";
    let buf = "";
    let armed = false;
    const kill = () => child.kill("SIGKILL");
    // Half the trials die at a random time from spawn (often mid-startup or mid-lock), half a few
    // milliseconds after their first acknowledgement (mid-write, mid-fsync, mid-rename).
    const fromSpawn = rnd() < 0.5;
    if (fromSpawn) setTimeout(kill, Math.floor(rnd() * 250));
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) {
        const m = /^ack (\d+)$/.exec(l);
        if (m) acked.push(Number(m[1]));
        if (m && !fromSpawn && !armed) {
          armed = true;
          setTimeout(kill, Math.floor(rnd() * 20));
        }
      }
    });
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("exit", () => resolve({ acked, lockRefused: /being written by/.test(err) }));
  });
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("process death", () => {
  it(`kill -9 at random moments while recording (${TRIALS} trials): every acknowledged event survives, the chain stays valid, the stale lock is taken over`, async () => {
    const dir = tempDir();
    let survived = 0;
    let lost = 0;
    let refused = 0;
    let totalAcked = 0;
    const lane = async (n: number) => {
      const { store } = await newSeedSession(dir);
      await store.close();
      const rnd = seeded(1000 + n);
      const acked = new Set<number>();
      for (let t = 0; t < TRIALS / LANES; t++) {
        // Half the lanes open as one-event writers do (from the kept state, events read lazily).
        const r = await killOnce(store.file, `lane${n}`, rnd, n % 2 === 1);
        for (const a of r.acked) acked.add(a);
        totalAcked += r.acked.length;
        if (r.lockRefused) refused++;
        // The session loads (hash chain verified on open) and holds every event ever acknowledged.
        let ok = !r.lockRefused;
        try {
          const s = await SessionStore.open(store.file, { write: false });
          const seqs = new Set(s.events.map((e) => e.seq));
          const missing = [...acked].filter((a) => !seqs.has(a));
          lost += missing.length;
          if (missing.length) ok = false;
        } catch {
          ok = false;
          lost += acked.size;
        }
        if (ok) survived++;
      }
      // Opening for writing once more clears temp files left by the killed writers.
      const last = await SessionStore.open(store.file, { write: true });
      await last.close();
      return store.file;
    };
    const files = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    const leftovers = readdirSync(dir).filter((n) => n.endsWith(".tmp") || n.includes(".tmp."));
    recordChaos({
      area: "process",
      fault: "kill -9 while recording",
      trials: TRIALS,
      survived,
      lost,
      checked: `${totalAcked} acks; loads, chain valid, every ack present; stale lock taken over (${refused} refusals); no temp files left`,
    });
    expect(refused).toBe(0);
    expect(lost).toBe(0);
    expect(survived).toBe(TRIALS);
    expect(leftovers).toEqual([]);
    for (const f of files) expect(lockHeldSync(f)).toBe(false);
    // 76 s on an idle 2-core machine; a CI run beside four busy worktrees (load 20) took over
    // 180 s. The trials are the evidence, so they get the time rather than fewer of them.
  }, 600_000);

  for (const signal of ["SIGHUP", "SIGTERM"] as const) {
    it(`${signal} to the cockpit restores the terminal, keeps what was recorded and releases the lock`, async () => {
      const trials = 3;
      let survived = 0;
      for (let i = 0; i < trials; i++) {
        const dir = tempDir();
        const { store } = await newSeedSession(dir);
        await store.close();
        const t = await TmuxSession.start(
          `${signal.toLowerCase()}-${i}`,
          { columns: 120, rows: 40 },
          `node ${BIN} open`,
          {
            PATH: process.env.PATH ?? "",
            HOME: process.env.HOME ?? "/tmp",
            TERM: "xterm-256color",
            GOLIVE_SESSIONS: dir,
            GOLIVE_USER: "lead",
          },
        );
        await t.waitFor((s) => s.includes("Timeline"), "the cockpit");
        expect(await t.format("#{alternate_on}")).toBe("1");
        await t.keys("Space");
        await t.waitFor((s) => /›\[x\] i\d+/.test(s), "the tick on screen");
        process.kill(await t.programPid(), signal);
        await t.waitFor((s) => s.includes("[exited"), "golive to exit");
        const restored =
          (await t.format("#{alternate_on}")) === "0" && (await t.format("#{cursor_flag}")) === "1";
        const after = await SessionStore.open(store.file, { write: false });
        const kept = after.events.some((e) => e.type === "item.checked");
        const unlocked = !lockHeldSync(store.file);
        t.kill();
        if (restored && kept && unlocked) survived++;
        expect({ restored, kept, unlocked }).toEqual({ restored: true, kept: true, unlocked: true });
      }
      recordChaos({
        area: "process",
        fault: `${signal} to the cockpit (${signal === "SIGHUP" ? "dropped SSH" : "kill"})`,
        trials,
        survived,
        lost: trials - survived,
        checked: "alternate screen left, cursor shown, the tick on disk, lock released (real tmux)",
      });
    });
  }
});
