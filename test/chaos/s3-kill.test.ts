/**
 * Team mode, issue 17's "kill -9 of a writer at random points mid-append (≥ 200 trials): nothing
 * acknowledged lost". One moto server for every trial; a rival bastion appends throughout, so the
 * victim also dies while losing a race for a sequence number or taking the rival's events. After
 * each kill the victim's own copy is reopened (as the next golive on that bastion would) and must hold
 * every event anyone acknowledged, at its sequence number with its hash, on an intact chain.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { eventKey, TeamSession } from "../../source/session/s3-store.js";
import { awsCliReads, motoAbsent, motoForSuite, teamSessionData } from "../helpers/moto.js";
import { ROOT, tempDir } from "../helpers/paths.js";
import { recordChaos } from "./record.js";

const TRIALS = Number(process.env.GOLIVE_S3_KILL_TRIALS ?? 200);
const RIVAL_BATCH = 4;
const PREFIX = "kill";
const WRITER = join(ROOT, "test", "chaos", "s3-writer.mjs");

/** A writer process and its output lines, awaited one condition at a time. */
class Writer {
  readonly child: ChildProcess;
  readonly acks: { seq: number; hash: string }[] = [];
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  private lines: string[] = [];
  private wake?: () => void;

  constructor(args: object) {
    this.child = spawn(process.execPath, [WRITER, JSON.stringify(args)], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    this.child.stderr!.on("data", (b: Buffer) => {
      this.stderr = (this.stderr + b.toString()).slice(-2000);
    });
    createInterface({ input: this.child.stdout! }).on("line", (l) => {
      const m = /^ack (\d+) ([0-9a-f]{64}) /.exec(l);
      if (m) this.acks.push({ seq: Number(m[1]), hash: m[2]! });
      this.lines.push(l);
      this.wake?.();
    });
    this.exited = new Promise((r) => this.child.on("exit", (code, signal) => r({ code, signal })));
    void this.exited.then(() => this.wake?.());
  }

  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /** Resolves once a line satisfies `pred` (consuming lines up to it); false if the process exited first. */
  async until(pred: (l: string) => boolean): Promise<boolean> {
    for (;;) {
      const i = this.lines.findIndex(pred);
      if (i >= 0) {
        this.lines.splice(0, i + 1);
        return true;
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null) return false;
      await new Promise<void>((r) => {
        this.wake = r;
      });
    }
  }
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe.skipIf(motoAbsent("chaos/s3-kill.test.ts"))("team mode (S3, moto)", () => {
  const env = motoForSuite();

  it(
    `kill -9 of an S3 writer mid-append (${TRIALS} trials, beside a live rival): nothing acknowledged lost, no sequence number twice, the chain intact`,
    async () => {
      const lead = await TeamSession.create(tempDir(), await teamSessionData(), "ann", env().newLog(), {
        prefix: PREFIX,
      });
      const id = lead.id;
      await lead.close();
      const base = { id, endpoint: env().moto.endpoint, bucket: env().bucket, prefix: PREFIX };
      const victimDir = tempDir("golive-victim-");
      const rival = new Writer({ ...base, dir: tempDir("golive-rival-"), name: "rival" });
      const acked = new Map<number, string>();
      let duplicates = 0;
      let lost = 0;
      const results: boolean[] = [];
      const failures: string[] = [];
      const rnd = seeded(17_200);
      const began = Date.now();
      const take = (w: Writer, from: number) => {
        for (const a of w.acks.slice(from)) {
          if (acked.has(a.seq)) duplicates++;
          acked.set(a.seq, a.hash);
        }
      };
      // The next victim is started while the current trial runs: node and the SDK load meanwhile.
      let next = new Writer({ ...base, dir: victimDir, name: "v0" });
      try {
        for (let trial = 0; trial < TRIALS; trial++) {
          const victim = next;
          if (trial + 1 < TRIALS) next = new Writer({ ...base, dir: victimDir, name: `v${trial + 1}` });
          const problems: string[] = [];
          const rivalFrom = rival.acks.length;
          if (!(await victim.until((l) => l === "ready")))
            problems.push(`victim did not start: ${victim.stderr}`);
          // A quarter die at a random moment from the start (mid-join, mid-lock, mid-first-PUT); the
          // rest a few milliseconds after their 1st–6th acknowledgement (mid-PUT, mid-fsync, mid-race).
          const fromStart = rnd() < 0.25;
          const delay = Math.floor(rnd() * (fromStart ? 250 : 15));
          const killAfter = 1 + Math.floor(rnd() * 6);
          rival.send(`go ${RIVAL_BATCH}`);
          victim.send("go");
          const kill = () => victim.child.kill("SIGKILL");
          if (fromStart) setTimeout(kill, delay);
          else if (await victim.until(() => victim.acks.length >= killAfter)) setTimeout(kill, delay);
          const died = await victim.exited;
          if (died.signal !== "SIGKILL")
            problems.push(`victim exited ${died.code ?? died.signal} before the kill: ${victim.stderr}`);
          if (!(await rival.until((l) => l === "batch"))) problems.push(`the rival died: ${rival.stderr}`);
          take(victim, 0);
          take(rival, rivalFrom);
          // The victim's copy reopened after the kill (the stale lock broken, the log followed).
          try {
            const t = await TeamSession.join(victimDir, id, env().newLog(), { prefix: PREFIX });
            const broken = checkChain(t.events);
            if (broken) problems.push(`chain: ${JSON.stringify(broken)}`);
            const missing = [...acked].filter(([seq, hash]) => t.events[seq - 1]?.hash !== hash);
            lost = Math.max(lost, missing.length);
            if (missing.length)
              problems.push(`acknowledged but missing: #${missing.map(([s]) => s).join(", #")}`);
            await t.close();
          } catch (e) {
            problems.push(`reopening the victim's copy: ${(e as Error).message}`);
            lost = Math.max(lost, acked.size);
          }
          if (duplicates) problems.push(`${duplicates} sequence number(s) acknowledged twice`);
          results.push(problems.length === 0);
          if ((trial + 1) % 25 === 0)
            process.stderr.write(
              `s3-kill: ${trial + 1}/${TRIALS} trials, ${Math.round((Date.now() - began) / 1000)} s\n`,
            );
          if (problems.length) failures.push(`trial ${trial}: ${problems.join("; ")}`);
        }
        // Every bastion converges: a fresh one joins and holds the same chain; the aws CLI lists one
        // object per event, contiguous, nothing else.
        const fresh = await TeamSession.join(tempDir("golive-fresh-"), id, env().newLog(), {
          prefix: PREFIX,
        });
        const head = fresh.events.length;
        expect(checkChain(fresh.events)).toBeUndefined();
        for (const [seq, hash] of acked) expect(fresh.events[seq - 1]?.hash, `#${seq}`).toBe(hash);
        await fresh.close();
        const seen = await awsCliReads(
          base.endpoint,
          base.bucket,
          `${PREFIX}/${id}/`,
          eventKey(PREFIX, id, head),
        );
        expect(seen.keys).toEqual(Array.from({ length: head }, (_, i) => eventKey(PREFIX, id, i + 1)));
        expect(seen.object).toMatchObject({ seq: head, hash: fresh.events[head - 1]!.hash });
      } finally {
        rival.child.stdin!.end();
        next.child.kill("SIGKILL");
        await rival.exited;
        recordChaos({
          area: "team mode (S3, moto)",
          fault: "kill -9 of an S3 writer mid-append, beside a live rival",
          trials: Math.max(results.length, 1),
          survived: results.filter(Boolean).length,
          lost,
          checked: `${acked.size} acks in ${Math.round((Date.now() - began) / 1000)} s, ${duplicates} sequence numbers acknowledged twice; after each kill the victim's reopened copy holds every ack at its seq with its hash, chain valid; a fresh bastion converges; aws s3api lists one object per event${failures.length ? ` — FAILED ${failures[0]}` : ""}`,
        });
      }
      expect(failures).toEqual([]);
      expect(results).toHaveLength(TRIALS);
    },
    TRIALS * 5_000 + 120_000,
  );
});
