import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { eventKey, TeamSession } from "../../source/session/s3-store.js";
import { awsCliReads, motoAbsent, motoForSuite, teamSessionData } from "./moto.js";
import { ROOT, tempDir } from "./paths.js";

const PREFIX = "contention";

interface Ack {
  seq: number;
  hash: string;
  text: string;
}

/** One bastion: a child process with its own session directory. */
function bastion(
  env: { endpoint: string; bucket: string },
  dir: string,
  id: string,
  name: string,
  count: number | null,
) {
  const args = JSON.stringify({
    dir,
    id,
    endpoint: env.endpoint,
    bucket: env.bucket,
    prefix: PREFIX,
    count,
    name,
  });
  const child = spawn(process.execPath, [join(ROOT, "test/helpers/s3-appender.mjs"), args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => {
    stderr += b.toString();
  });
  const acks: Ack[] = [];
  const lines = createInterface({ input: child.stdout! });
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((r) =>
    child.on("exit", (code, signal) => r({ code, signal, stderr })),
  );
  return { child, acks, lines, exited };
}

function parseAck(line: string): Ack | undefined {
  const m = /^ack (\d+) ([0-9a-f]{64}) (.*)$/.exec(line);
  return m ? { seq: Number(m[1]), hash: m[2]!, text: m[3]! } : undefined;
}

/**
 * Team mode's contention test (three bastions racing for sequence numbers), at a size: the chaos
 * suite's home for it (test/chaos/s3-team.test.ts); the kill -9 trials are test/chaos/s3-kill.test.ts.
 */
export function teamContention(file: string, EACH: number) {
  const absent = motoAbsent(file);
  describe.skipIf(absent)("team mode under contention (moto, separate processes)", () => {
    const env = motoForSuite();

    it(
      `3 bastions appending ${EACH} events each at once: none lost, no sequence number twice, one chain everywhere`,
      async () => {
        const lead = await TeamSession.create(tempDir(), await teamSessionData(), "ann", env().newLog(), {
          prefix: PREFIX,
        });
        await lead.close();
        const dirs = ["a", "b", "c"].map(() => tempDir("golive-bastion-"));
        const target = { endpoint: env().moto.endpoint, bucket: env().bucket };
        const runs = ["a", "b", "c"].map((name, i) => bastion(target, dirs[i]!, lead.id, name, EACH));
        await Promise.all(
          runs.map(async (r) => {
            for await (const line of r.lines) {
              const ack = parseAck(line);
              if (ack) r.acks.push(ack);
            }
          }),
        );
        for (const r of runs) {
          const exit = await r.exited;
          expect(exit.code, exit.stderr).toBe(0);
        }

        const acked = runs.flatMap((r) => r.acks);
        expect(acked).toHaveLength(3 * EACH);
        expect(new Set(acked.map((a) => a.seq)).size, "no sequence number acknowledged twice").toBe(3 * EACH);
        // Every bastion, brought up to date from the log, holds the same chain with every acknowledged event.
        const chains = [];
        for (const dir of dirs) {
          const t = await TeamSession.join(dir, lead.id, env().newLog(), { prefix: PREFIX });
          chains.push(t.events.map((e) => e.hash));
          expect(checkChain(t.events)).toBeUndefined();
          const bySeq = new Map(t.events.map((e) => [e.seq, e]));
          for (const a of acked) {
            expect(bySeq.get(a.seq)?.hash).toBe(a.hash);
            expect(bySeq.get(a.seq)?.data).toEqual({ text: a.text });
          }
          await t.close();
        }
        expect(chains[0]).toHaveLength(1 + 3 * EACH);
        expect(chains[1]).toEqual(chains[0]);
        expect(chains[2]).toEqual(chains[0]);

        // What golive wrote, as the aws CLI reads it: one object per event, nothing else, in order.
        const last = acked.reduce((m, a) => (a.seq > m.seq ? a : m));
        const seen = await awsCliReads(
          env().moto.endpoint,
          env().bucket,
          `${PREFIX}/${lead.id}/`,
          eventKey(PREFIX, lead.id, last.seq),
        );
        expect(seen.keys).toEqual(
          Array.from({ length: 1 + 3 * EACH }, (_, i) => eventKey(PREFIX, lead.id, i + 1)),
        );
        expect(seen.object).toMatchObject({ seq: last.seq, hash: last.hash, data: { text: last.text } });
      },
      Math.max(600_000, EACH * 3_000),
    );
  });
}
