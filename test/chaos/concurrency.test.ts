/**
 * Two golive processes on one session: one writes, the other is refused (exit 4) and may read; the
 * writer's events are all there. A stale lock after a crash is covered by the kill -9 trials.
 */
import { execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { lockDir } from "../../source/session/lock.js";
import { SessionStore } from "../../source/session/store.js";
import { BIN, ROOT, tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";
import { recordChaos } from "./record.js";

const exec = promisify(execFile);

async function golive(args: string[], sessions: string) {
  try {
    const r = await exec(process.execPath, [BIN, ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GOLIVE_SESSIONS: sessions,
        GOLIVE_USER: "second",
      },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("two golive processes on one session", () => {
  it("one writer; a second golive is refused with who holds it, can still read, and nothing the writer acknowledged is lost", async () => {
    const TRIALS = 20;
    let survived = 0;
    let lost = 0;
    for (let t = 0; t < TRIALS; t++) {
      const dir = tempDir();
      const { store } = await newSeedSession(dir);
      await store.close();
      // The first golive: a writer appending as fast as it can.
      const writer = spawn(
        process.execPath,
        [join(ROOT, "test", "chaos", "appender.mjs"), store.file, "first"],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const acked: number[] = [];
      let out = "";
      writer.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        for (const m of out.matchAll(/ack (\d+)\n/g)) acked.push(Number(m[1]));
        out = out.slice(out.lastIndexOf("\n") + 1);
      });
      await new Promise<void>((r) => {
        const check = () => (acked.length > 0 ? r() : setTimeout(check, 5));
        check();
      });
      const [note, status] = await Promise.all([
        golive(["note", "from the second"], dir),
        golive(["status", "--json"], dir),
      ]);
      writer.kill("SIGKILL");
      await new Promise((r) => writer.once("exit", r));
      const s = await SessionStore.open(store.file, { write: false });
      const seqs = new Set(s.events.map((e) => e.seq));
      const missing = acked.filter((a) => !seqs.has(a)).length;
      lost += missing;
      const ok =
        note.code === 4 &&
        /is being written by pid \d+ .*chaos first/.test(note.stderr) &&
        /golive watch/.test(note.stderr) &&
        status.code === 0 &&
        JSON.parse(status.stdout).session === s.id &&
        !s.events.some((e) => e.type === "note.added" && e.data.text === "from the second") &&
        missing === 0;
      if (ok) survived++;
      expect({ note: note.code, status: status.code, missing, ok }, note.stderr + status.stderr).toEqual({
        note: 4,
        status: 0,
        missing: 0,
        ok: true,
      });
    }
    recordChaos({
      area: "process",
      fault: "two golive processes on one session",
      trials: TRIALS,
      survived,
      lost,
      checked:
        "second writer exit 4 naming pid + command and pointing to `golive watch`; `status` reads meanwhile; writer's acks all present",
    });
  });

  it("a lock held on another host is never taken over, even if that pid does not exist here", async () => {
    const dir = tempDir();
    const { store } = await newSeedSession(dir);
    await store.close();
    writeFileSync(
      join(lockDir(store.file), "999"),
      JSON.stringify({
        kind: "held",
        pid: 999_999,
        host: `not-${hostname()}`,
        since: "x",
        command: "golive open",
        nonce: "n",
      }),
    );
    const r = await golive(["note", "x"], dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`on not-${hostname()}`);
    recordChaos({
      area: "process",
      fault: "lock held by a golive on another host (shared disk)",
      trials: 1,
      survived: r.code === 4 ? 1 : 0,
      lost: 0,
      checked: "refused, never judged stale from here",
    });
  });
});
