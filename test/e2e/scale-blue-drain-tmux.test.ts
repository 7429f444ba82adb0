/**
 * A rehearsal of `golive ecs scale-blue` after the stable hour on 100 % green: blue's targets go
 * `draining` and the service's running count falls over the deregistration delay, as the cockpit
 * (real tmux, `golive watch` beside the writer) and `aws elbv2 describe-target-health` (the real
 * aws CLI) both show. The sandbox's clock is stepped by the test (at --speed 60 these 300 s are 5 s
 * of a rehearsal); what the screen must show at each step is read from the sandbox's own state.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { findAwsClis, runAws, startSandbox } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

const cli = findAwsClis().v1 ?? findAwsClis().v2;

/** The blue pane's fleet line (the first on screen; green's is below it). */
const blueFleet = (screen: string) =>
  /targets [^·\n]*· tasks \d+ running \/ \d+ desired(?:, \d+ pending)?/.exec(screen)?.[0];

it.skipIf(!cli)(
  "scale-blue at the end of a rehearsal: draining targets and a falling task count, in the cockpit and in aws elbv2 describe-target-health",
  async () => {
    const s = await startSandbox({ speed: 60 });
    const sessions = tempDir("plan-drain-");
    let t: TmuxSession | undefined;
    try {
      // The cockpit reads the fleet as often as it polls metrics: each second here.
      const cfg = join(tempDir("plan-drain-cfg-"), "sandbox-env.json");
      writeFileSync(cfg, JSON.stringify({ ...s.config, metrics: { ...s.config.metrics, pollSeconds: 1 } }));
      const g = async (args: string[]) => {
        const started = Date.now();
        const r = await golive(args, { sessions, clock: { now: () => s.sb.clock.now() } });
        if (process.env.GOLIVE_TRACE_WAITS)
          console.error(`[cli] ${args.join(" ")}: ${Date.now() - started} ms`);
        if (r.code !== 0) throw new Error(`golive ${args.join(" ")} (exit ${r.code}): ${r.stderr}`);
        return r.stdout;
      };
      await g(["new", "--runbook", "checklists/deployment.md", "--config", cfg, "--t0", "now"]);
      // The plan (10 → 50 → 100 %, 10-minute dwells) on the sandbox clock, each step overridden with a
      // reason as a rehearsal's lead may: the Go items and the runbook's manual checks are other tests'
      // (24 in-process commands here were ~18 s of this test at load ~12).
      for (const w of [10, 50, 100]) {
        expect(await g(["promote", "--yes", "--override", "scale-blue rehearsal"])).toContain(`green ${w}`);
        s.sb.clock.advance(11 * 60_000);
      }
      s.sb.clock.advance(50 * 60_000); // the stable hour on 100 % green

      const blue = () => {
        const st = s.sb.state();
        const tg = st.targetGroups.find((x) => x.key === "blue")!;
        const svc = st.ecs.services.find((x) => x.name === s.config.ecs.blueService)!;
        return { targets: tg.targets as Record<string, number>, running: svc.running, desired: svc.desired };
      };
      const n = blue().running;
      expect(n).toBeGreaterThan(1);

      t = await TmuxSession.start(
        `plan-drain-${process.pid}`,
        { columns: 200, rows: 50 },
        `node ${BIN} watch`,
        cockpitEnv(sessions, { NO_COLOR: "1" }),
      );
      await t.waitFor(
        (x) => blueFleet(x) === `targets ${n} healthy · tasks ${n} running / ${n} desired`,
        "blue's fleet before the scale-down",
        60_000,
      );

      expect(await g(["ecs", "scale-blue", "--yes"])).toContain(`✓ ${s.config.ecs.blueService} desired 0`);

      // Every 30 s of the 300 s delay: the screen shows what the sandbox holds, and the count only falls.
      const seen: string[] = [];
      const running: number[] = [];
      const aws = async () => {
        const r = await runAws(cli!, s.sb.awsUrl, [
          "elbv2",
          "describe-target-health",
          "--target-group-arn",
          s.config.alb.blueTargetGroupArn,
        ]);
        expect(r.code, r.stderr).toBe(0);
        return (
          JSON.parse(r.stdout).TargetHealthDescriptions as {
            TargetHealth: { State: string; Reason?: string };
          }[]
        ).map((d) => `${d.TargetHealth.State} ${d.TargetHealth.Reason ?? ""}`.trim());
      };
      for (let sec = 0; sec <= 330; sec += 30) {
        const b = blue();
        const byState = Object.entries(b.targets)
          .sort(([x], [y]) => (x === "draining" ? -1 : y === "draining" ? 1 : x.localeCompare(y)))
          .map(([k, v]) => `${v} ${k}`)
          .join(", ");
        const want = `${byState ? `targets ${byState}` : "targets none registered"} · tasks ${b.running} running / ${b.desired} desired`;
        const screen = await t.waitFor((x) => blueFleet(x) === want, `blue at +${sec} s: ${want}`, 30_000);
        seen.push(blueFleet(screen)!);
        running.push(b.running);
        if (sec === 0) {
          expect(want).toBe(`targets ${n} draining · tasks ${n} running / 0 desired`);
          expect(await aws()).toEqual(Array(n).fill("draining Target.DeregistrationInProgress"));
        }
        if (sec === 240) {
          // Part of the way through: fewer targets, the rest still draining (as the screen shows).
          const mid = await aws();
          expect(mid.length).toBe(b.targets.draining ?? 0);
          expect(mid.length).toBeLessThan(n);
        }
        s.sb.clock.advance(30_000);
      }
      expect(seen.at(-1)).toBe("targets none registered · tasks 0 running / 0 desired");
      expect(await aws()).toEqual([]);
      expect(running.every((c, i) => i === 0 || c <= running[i - 1]!)).toBe(true);
      expect(new Set(running).size).toBeGreaterThan(2); // fell over time, not at once
      await t.keys("q");
      await t.waitFor((x) => x.includes("[exited 0]"), "watch quits", 30_000);
    } finally {
      t?.kill();
      await s.sb.stop();
    }
  },
  300_000,
);
