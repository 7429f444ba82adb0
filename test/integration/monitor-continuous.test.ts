/**
 * `golive monitor` left running (not --once): it keeps polling on its own, raises the rollback
 * trigger when green breaks its threshold, rolls back by itself after the configured consecutive
 * breaching periods (auto-rollback on), prints each event as it is recorded, and stops with exit 0 on
 * SIGINT. AWS is read from the sandbox's own state.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, expect, it } from "vitest";
import { main } from "../../source/cli.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox, weightsOnAws } from "../helpers/sandbox.js";

let s: Awaited<ReturnType<typeof startSandbox>>;
afterEach(async () => {
  await s?.sb.stop();
});

const onAws = () => weightsOnAws(s.sb);

/** Waits (real time, bounded) until `done` holds; the monitor's own timers make progress meanwhile. */
async function until(done: () => boolean, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it("monitor keeps polling, raises the trigger, auto-rolls back after 2 breaching periods, and stops on SIGINT with exit 0", async () => {
  s = await startSandbox();
  const sessions = tempDir();
  const clock = { now: () => s.sb.clock.now() };
  // The team's config with auto-rollback on and a one-second metrics poll.
  const cfg = JSON.parse(readFileSync(s.files.config, "utf8"));
  cfg.metrics = { ...cfg.metrics, pollSeconds: 1 };
  cfg.autoRollback = { enabled: true, consecutiveBreaches: 2 };
  const config = join(tempDir(), "golive.config.json");
  writeFileSync(config, JSON.stringify(cfg));
  const g = (args: string[]) => golive(args, { sessions, clock });
  expect(
    (await g(["new", "--runbook", "checklists/deployment.md", "--config", config, "--t0", "now"])).code,
  ).toBe(0);
  const promoted = await g(["promote", "--yes", "--override", "monitor drill"]);
  expect(promoted.code, promoted.stderr).toBe(0);
  expect(onAws()).toEqual({ blue: 90, green: 10 });

  let printed = "";
  const stdout = new PassThrough();
  stdout.on("data", (d) => {
    printed += d;
  });
  const before = new Set(process.listeners("SIGINT"));
  const beforeTerm = new Set(process.listeners("SIGTERM"));
  const running = main(["monitor"], {
    stdout,
    stderr: new PassThrough(),
    env: { GOLIVE_USER: "ann", GOLIVE_SESSIONS: sessions },
    clock,
  });
  await until(
    () => printed.includes("monitoring (drift, rollback triggers, checkpoints)"),
    "monitor started",
  );
  // Nothing breaches yet: traffic stays where it is while the monitor polls.
  expect(onAws()).toEqual({ blue: 90, green: 10 });

  // Green fails; three whole periods settle. The running monitor (not a new command) sees them.
  s.sb.applyFault({ type: "error-rate", target: "green", value: 0.2 });
  s.sb.clock.advance(4 * 60_000);
  await until(() => onAws().blue === 100, "auto-rollback on AWS");
  expect(onAws()).toEqual({ blue: 100, green: 0 });
  await until(() => printed.includes("traffic.shift.confirmed"), "the rollback printed");
  expect(printed).toMatch(/alert\.raised .*ROLLBACK TRIGGER/);
  expect(printed).toMatch(/traffic\.shift\.requested .*"kind":"auto-rollback"/);

  // SIGINT stops it; it closes the session and exits 0.
  for (const l of process.listeners("SIGINT")) if (!before.has(l)) (l as (s: string) => void)("SIGINT");
  for (const l of process.listeners("SIGTERM")) if (!beforeTerm.has(l)) process.off("SIGTERM", l);
  expect(await running).toBe(0);
  const record = await g(["export", "--format", "json", "--out", "-"]);
  const events = JSON.parse(record.stdout).session.events as { type: string; by: string }[];
  expect(events.filter((e) => e.type === "traffic.shift.confirmed").map((e) => e.by)).toEqual([
    "tester",
    "golive (auto-rollback)",
  ]);
});
