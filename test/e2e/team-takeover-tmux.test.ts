/**
 * Team mode's takeover, with real moto and the real sandbox over sockets: the lead's cockpit
 * (bastion a, a real process in tmux) holds the lead lease during the 10 % dwell and is killed with -9; a
 * second bastion (b, its own sessions directory) is refused the lead while a's lease is still valid,
 * takes it once it lapsed, and rolls back. The record shows both leads in order, then the rollback.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeadLease, type Lease, leaseKey } from "../../source/session/s3-lease.js";
import { SessionStore } from "../../source/session/store.js";
import { golive as goliveHere } from "../helpers/cli.js";
import { motoAbsent, motoForSuite, newTeamSession } from "../helpers/moto.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { startSandbox, weightsOnAws } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

const skip = motoAbsent("team-takeover-tmux.test.ts");
const TTL = 10;

describe.skipIf(skip)(
  "team takeover: the lead is killed mid-dwell, another bastion takes the lead and rolls back",
  () => {
    const env = motoForSuite();
    let s: Awaited<ReturnType<typeof startSandbox>>;
    beforeAll(async () => {
      s = await startSandbox();
    });
    afterAll(async () => {
      killTmuxServer();
      await s?.sb.stop();
    });

    it("refused while a's lease is valid, taken once it lapsed; rollback by b; both leads recorded in order", async () => {
      const dirs = { a: tempDir(), b: tempDir() };
      const who = { a: "ann", b: "bob" } as const;
      const envOf = (b: "a" | "b") =>
        cockpitEnv(dirs[b], { NO_COLOR: "1", GOLIVE_USER: who[b], GOLIVE_BASTION: b });
      // b's commands (and a's before and after its cockpit) run in this process: what they decide is
      // the test, not their start-up (~0.7 s of CPU each, eleven of them). The cockpit stays a real
      // process in tmux, killed with -9.
      const golive = (b: "a" | "b", args: string[], extra: Record<string, string> = {}) =>
        goliveHere(args, { env: { ...envOf(b), ...extra } });
      const cfg = JSON.parse(readFileSync(s.files.config, "utf8"));
      cfg.team = {
        s3: { bucket: env().bucket, prefix: "takeover", endpoint: env().moto.endpoint },
        lease: { ttl: TTL },
      };
      const config = join(tempDir(), "team.json");
      writeFileSync(config, JSON.stringify(cfg, null, 2));

      const beforeNew = Date.now();
      const { id } = await newTeamSession((args) => golive("a", args), config);
      // Pinned to before \`new\` took the lease: a slow start-up cannot outlast its 10 s.
      const up = await golive("a", ["promote", "--yes", "--override", "takeover drill"], {
        GOLIVE_NOW: new Date(beforeNew).toISOString(),
      });
      expect(up.code, up.stderr).toBe(0);
      expect(weightsOnAws(s.sb)).toEqual({ blue: 90, green: 10 });

      // The lead's cockpit holds the lease (renewing it) during the dwell at 10 %.
      const t = await TmuxSession.start("lead", { columns: 200, rows: 50 }, `node ${BIN} open`, envOf("a"));
      // b joins while a's cockpit starts (two node start-ups side by side, not one after the other).
      const joined = golive("b", ["join", id, "--config", config]);
      await t.waitFor((x) => x.includes("CANARY 10 %"), "the lead's cockpit at 10 %");
      expect((await joined).code).toBe(0);
      // The cockpit renews a's lease: read from S3 by the test itself (one GET a poll, in this
      // process) until it runs past what the lease taken at \`new\` could; each poll was a golive start.
      const renewed = Date.now() + (TTL * 1000) / 2;
      const lease = new LeadLease(env().newLog(), leaseKey("takeover", id), { now: Date.now }, TTL * 1000);
      let askedAt = 0;
      let seen: Lease | undefined;
      while (Date.now() < renewed + 20_000) {
        askedAt = Date.now();
        seen = (await lease.current())?.lease;
        if (seen && Date.parse(seen.until) > renewed + (TTL * 1000) / 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(seen, "the cockpit renews a's lease").toMatchObject({ holder: "ann@a", generation: 1 });
      expect(Date.parse(seen!.until)).toBeGreaterThan(renewed + (TTL * 1000) / 2);
      expect((await golive("b", ["lead"])).stdout).toMatch(/^lead ann@a \(generation 1\) until /);
      process.kill(await t.programPid(), "SIGKILL");

      // b's clock is pinned (GOLIVE_NOW: the lease is judged on the host's clock, ctx.clock): first
      // to when b last read a's lease as running, so a node start-up slower than the lease's last
      // seconds (a loaded machine) cannot let it lapse before b asks; then to just past the time
      // the refusal names, instead of waiting out the TTL in wall-clock time.
      const pinned = (ms: number) => ({ GOLIVE_NOW: new Date(ms).toISOString() });
      const take = ["lead", "--take", "--reason", "ann's bastion is gone"];
      const refused = await golive("b", take, pinned(askedAt));
      expect(refused.code).toBe(7);
      expect(refused.stderr).toMatch(/the lead was not taken: ann@a leads until \S+/);
      expect(refused.stderr).toContain('--force --reason "…" (recorded)');
      const until = Date.parse(/leads until (\S+)/.exec(refused.stderr)![1]!);
      expect(until).toBeGreaterThan(askedAt);
      // One millisecond before the lease's end it still holds; nobody renews it now, so at its end it has lapsed.
      expect((await golive("b", take, pinned(until - 1))).code).toBe(7);
      const taken = await golive("b", take, pinned(until));
      expect(taken.code, taken.stderr).toBe(0);
      expect(taken.stdout).toMatch(/^lead taken by bob@b \(generation 2, until \S+\) from ann@a$/m);

      const rb = await golive("b", ["rollback", "--reason", "lead lost mid-dwell", "--yes"]);
      expect(rb.code, rb.stderr).toBe(0);
      expect(rb.stdout).toContain("rollback confirmed by AWS: blue 100 / green 0");
      expect(weightsOnAws(s.sb)).toEqual({ blue: 100, green: 0 });

      const record = await golive("b", ["export", "--out", "-"]);
      // The Markdown export breaks autolinks in names (`ann\u2060@a`): read it without the joiners.
      const lines = record.stdout.replaceAll("\u2060", "").split("\n");
      const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
      const first = at(/lead taken by ann@a \(lease generation 1/);
      const second = at(
        /lead taken by bob@b \(lease generation 2, until .*\) from ann@a: ann's bastion is gone/,
      );
      const back = at(/rollback confirmed by AWS: blue 100 \/ green 0/);
      expect(
        [first, second, back].every((i) => i > 0),
        record.stdout.slice(-3000),
      ).toBe(true);
      expect(first).toBeLessThan(second);
      expect(second).toBeLessThan(back);
      // a's bastion, back, takes what b recorded: one chain on both.
      expect((await golive("a", ["lead"])).stdout).toMatch(/^lead bob@b \(generation 2\)/);
      const heads = [];
      for (const d of [dirs.a, dirs.b]) {
        const st = await SessionStore.open(join(d, `${id}.json`), { write: false });
        heads.push(st.state.head);
        await st.close();
      }
      expect(heads[0]).toBe(heads[1]);
    }, 240_000);
  },
);
