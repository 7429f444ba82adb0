import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { CLOCKED_SPEED, fault, listenerWeights, waitOnClock } from "../helpers/demo.js";
import { confirmHeldChecks } from "../helpers/manual-checks.js";
import { BIN, ROOT, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { advanceSandboxClock } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

const exec = promisify(execFile);
const LISTENER =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/nba-mcp-prod-alb/50dc6c495c0c9188/f2f7dc8efc522ab2";

afterAll(() => killTmuxServer());

const env = (sessions: string) => cockpitEnv(sessions, { NO_COLOR: "1" });

/**
 * Sends `keys`, then reads the screen once it shows what they change: a screen read right after
 * send-keys can be from before the cockpit handled them, and a key sent while an action is still
 * in flight is refused (p: "promote in flight"), which is how the 50 % dialog once never came.
 */
async function stepAndRead(t: TmuxSession, keys: string[], shows: (s: string) => boolean, what: string) {
  await t.keys(...keys);
  return t.waitFor(shows, what);
}

/** The Go decision with the runbook's Go items open: o, a reason, Enter (recorded with what was open). */
async function goWithOverride(t: TmuxSession, d: string): Promise<boolean> {
  if (!/GO DECISION[\s\S]*✖ All tests passing/.test(d)) return false;
  await stepAndRead(t, ["o"], (s) => s.includes("override reason"), "override input");
  // Enter only once the text shows: text and Enter read as one burst are a paste, not a submit.
  await stepAndRead(
    t,
    ["go-given-on-the-call"],
    (s) => s.includes("go-given-on-the-call"),
    "override reason typed",
  );
  await t.keys("Enter");
  return true;
}

/**
 * p, and y once the gate is open (dwell over, green data in); otherwise Esc, move the sandbox clock
 * on (the dwell first, then a minute at a time for green's data) and look again: never waited out.
 */
async function promoteTo(t: TmuxSession, port: number, percent: number, done: (s: string) => boolean) {
  // The header turns when AWS confirms; the action ends after its records (busy toast gone): only
  // then may the next p open a dialog.
  const settled = (s: string) => done(s) && !s.includes("promote…");
  for (let attempt = 0; attempt < 20; attempt++) {
    // The whole dialog, its footer drawn last: a capture can land mid-frame, before the gate's lines.
    const d = await stepAndRead(
      t,
      ["p"],
      (s) => s.includes(`Promote to ${percent} % green`) && s.includes("n / Esc cancels"),
      `promote dialog for ${percent} %`,
    );
    if (await goWithOverride(t, d)) {
      await t.waitFor(settled, `${percent} % confirmed`);
      return;
    }
    if (await confirmHeldChecks(t, d)) continue;
    if (d.includes("✓ gate open")) {
      await stepAndRead(t, ["y"], settled, `${percent} % confirmed`);
      return;
    }
    const closed = await stepAndRead(t, ["Escape"], (s) => !s.includes("Promote to"), "dialog closed");
    const before = closed.match(/T[+-]\d\d:\d\d:\d\d/)?.[0];
    await advanceSandboxClock(port, (/Dwell: \d+m/.test(d) ? 11 : 1) * 60_000);
    await t.waitFor((s) => s.match(/T[+-]\d\d:\d\d:\d\d/)?.[0] !== before, "sandbox clock to move");
  }
  throw new Error(`gate for ${percent} % never opened`);
}

/** Every file in a directory with its bytes: what a read-only viewer must leave untouched. */
/** Every file under dir (the session, its journal, backup, lock records, the runbook cache), byte for byte. */
function filesIn(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [path.slice(dir.length + 1), readFileSync(path, "base64")];
      }),
  );
}

describe("golive demo in real tmux", () => {
  it("200×50: promote 10 → 50 → 100 with keys, alert on a green spike, R rolls back, kill -9, reopen, export, verify", async () => {
    const port = await freePortPair();
    const sessions = tempDir();
    const t = await TmuxSession.start(
      "wide",
      { columns: 200, rows: 50 },
      `node ${BIN} demo --speed ${CLOCKED_SPEED} --port ${port}`,
      env(sessions),
    );
    try {
      let s = await t.waitFor(
        (x) => x.includes("PRE-FLIGHT") && x.includes("health ✓ 200"),
        "first frame with health",
      );
      expect(s.replace(/\n$/, "").split("\n").length).toBeLessThanOrEqual(50);
      expect(s).toContain("Pre-Deployment Verification");
      await promoteTo(t, port, 10, (x) => x.includes("CANARY 10 %"));
      expect(await listenerWeights(port)).toEqual([90, 10]);
      await promoteTo(t, port, 50, (x) => x.includes("CANARY 50 %"));
      await promoteTo(t, port, 100, (x) => x.includes(" LIVE "));
      expect(await listenerWeights(port)).toEqual([0, 100]);

      await fault(port, "error-rate", "green", "15%");
      // The breach shows once CloudWatch has published its periods: the clock moves them on.
      s = await waitOnClock({ t, port }, (x) => x.includes("ROLLBACK TRIGGER"), "trigger alert on screen");
      expect(s).toMatch(/✖ ALERT .*green error rate \d+\.\d\d % > 5 %/);

      await t.keys("R");
      s = await t.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
      expect(s).toContain(LISTENER.slice(0, 60));
      await t.keys("y");
      s = await t.waitFor(
        (x) => x.includes("ROLLED BACK") && x.includes("✓ rollback confirmed by AWS"),
        "rolled back on screen",
      );
      expect(s).toMatch(/blue 100 █+ green 0/);
      expect(await listenerWeights(port)).toEqual([100, 0]);

      // kill -9 the cockpit (the sandbox dies with it): nothing acknowledged is lost.
      process.kill(await t.programPid(), "SIGKILL");
      await t.waitFor((x) => x.includes("[exited"), "process gone");
    } finally {
      t.kill();
    }

    const reopened = await TmuxSession.start(
      "reopen",
      { columns: 200, rows: 50 },
      `node ${BIN} open`,
      env(sessions),
    );
    try {
      // Both in one frame: the header is painted before the event log, and a capture can land between.
      const s = await reopened.waitFor(
        (x) => x.includes("ROLLED BACK") && x.includes("rollback confirmed by AWS"),
        "same state after kill -9, with the rollback in the event log",
      );
      expect(s).toMatch(/blue 100 █+ green 0/);
      await reopened.keys("q");
      await reopened.waitFor((x) => x.includes("[exited 0]"), "clean exit");
    } finally {
      reopened.kill();
    }

    // The export and its verification in this process: what they read is the cockpits' file.
    const out = join(sessions, "record.json");
    const exported = await golive(["export", "--format", "json", "--out", out], { sessions });
    expect(exported.code, exported.stderr).toBe(0);
    const verify = await golive(["verify", out]);
    expect(verify.stdout).toMatch(/verified: .* chain intact/);
    const types = JSON.parse(readFileSync(out, "utf8")).session.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(["decision.go", "traffic.shift.confirmed", "alert.raised", "rollback.verified"]),
    );
  }, 180_000);

  it("80×24: stacked and abbreviated, never wider or taller; promote, roll back, quit restores the terminal", async () => {
    const port = await freePortPair();
    const sessions = tempDir();
    const t = await TmuxSession.start(
      "small",
      { columns: 80, rows: 24 },
      `node ${BIN} demo --speed 60 --port ${port}`,
      env(sessions),
    );
    try {
      const s = await t.waitFor(
        (x) => x.includes("PRE-FLIGHT") && /BLUE 100 %\s+err ✓/.test(x),
        "first frame with metrics",
      );
      const lines = s.replace(/\n$/, "").split("\n");
      expect(lines.length).toBeLessThanOrEqual(24);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
      await t.keys("p");
      const d = await t.waitFor((x) => x.includes("Promote to 10 % green"), "dialog");
      if (!(await goWithOverride(t, d))) await t.keys("y");
      await t.waitFor((x) => x.includes("CANARY 10 %"), "canary");
      await t.keys("R");
      await t.waitFor((x) => x.includes("ROLL BACK"), "rollback dialog");
      await t.keys("y");
      // The header turns as soon as AWS confirms; the action (verify blue, fill the checklist) ends
      // with its toast. Quitting before that rightly asks first.
      await t.waitFor(
        (x) => x.includes("ROLLED BACK") && x.includes("✓ rollback confirmed by AWS"),
        "rollback finished",
      );
      await t.keys("q");
      const after = await t.waitFor((x) => x.includes("[exited 0]"), "quit");
      expect(after).toContain("demo ended; the session is");
      expect(after).not.toContain("PRE-FLIGHT");
    } finally {
      t.kill();
    }
  });

  it("golive watch follows another process's writes live, has no keys that change anything, and follows resizes", async () => {
    const sessions = tempDir();
    // The writer is this process (the worker), the viewer another one in tmux.
    const made = await golive(["new", "--runbook", "checklists/deployment.md", "--t0", "now+10m"], {
      sessions,
    });
    expect(made.code, made.stderr).toBe(0);
    const t = await TmuxSession.start(
      "watch",
      { columns: 120, rows: 40 },
      `node ${BIN} watch`,
      env(sessions),
    );
    try {
      let s = await t.waitFor(
        (x) => x.includes("READ-ONLY") && x.includes("Pre-Deployment Verification"),
        "read-only cockpit",
      );
      expect(s).not.toContain("p promote");
      expect(s).not.toContain("Space tick");
      const checked = await golive(["check", "i24", "--by", "bob"], { sessions });
      expect(checked.code, checked.stderr).toBe(0);
      s = await t.waitFor((x) => /\[x\] i24 .* — bob/.test(x), "the writer's tick appears");
      const before = filesIn(sessions);
      // R and Space, then ?: keys are handled in order, so once the help is drawn R and Space have
      // been handled too. Neither opened a dialog nor wrote anything.
      await t.keys("R", "Space", "?");
      s = await t.waitFor(
        (x) => x.includes("read-only viewer: keys that change traffic"),
        "help after R, Space",
      );
      expect(s).not.toContain("ROLL BACK");
      expect(filesIn(sessions)).toEqual(before);
      await t.keys("Escape");
      await t.waitFor((x) => !x.includes("read-only viewer: keys that change"), "help closed");
      await t.resize(200, 50);
      await t.waitFor(
        (x) => x.includes("Event log") && x.includes("checked i24"),
        "wide layout after resize",
      );
      await t.resize(80, 24);
      s = await t.waitFor((x) => /^\d\d:\d\d:\d\d UTC {2}T-/.test(x), "compact layout after resize");
      for (const l of s.replace(/\n$/, "").split("\n")) expect([...l].length).toBeLessThanOrEqual(80);
      await t.keys("q");
      await t.waitFor((x) => x.includes("[exited 0]"), "quit");
    } finally {
      t.kill();
    }
  });

  it("refuses to draw without a TTY and points to the headless commands", async () => {
    const r = await exec(process.execPath, [BIN, "open", "--sessions", tempDir()], { cwd: ROOT }).catch(
      (e) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "golive: the cockpit needs an interactive terminal (stdin and stdout are not a TTY)\n  → in scripts use the headless commands: golive status, check, record, promote, rollback, metrics, monitor\n",
    );
  });
});
