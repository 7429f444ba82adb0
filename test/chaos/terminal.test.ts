/**
 * The terminal, in real tmux: resize storms, the smallest and a very large screen, no TTY, TERM=dumb,
 * NO_COLOR, detach and re-attach, and keys still answered while an AWS call hangs.
 */
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";
import { recordChaos } from "./record.js";

const exec = promisify(execFile);
afterAll(() => killTmuxServer());

const env = cockpitEnv;

/** The whole frame is on screen: the header on the first row, no row wider than the terminal. */
function fits(screen: string, columns: number): boolean {
  const lines = screen.split("\n");
  return (
    /UTC\s+T[+-]\d\d:\d\d:\d\d/.test(lines.slice(0, 2).join(" ")) &&
    lines.every((l) => [...l].length <= columns)
  );
}

async function demo(
  name: string,
  size: { columns: number; rows: number },
  extra: Record<string, string> = {},
) {
  const port = await freePortPair();
  const t = await TmuxSession.start(
    name,
    size,
    `node ${BIN} demo --speed 60 --port ${port}`,
    env(tempDir(), extra),
  );
  await t.waitFor((s) => s.includes("Timeline"), "the cockpit");
  return { t, port };
}

describe("terminal", () => {
  it("resize storms: after 60 resizes with no pause the frame fits 80×24 and 300×80, and below 80×24 it says so", async () => {
    const { t } = await demo("storm", { columns: 200, rows: 50 });
    let trials = 0;
    let survived = 0;
    try {
      const sizes = [
        [80, 24],
        [300, 80],
        [120, 40],
      ] as const;
      for (const [columns, rows] of sizes) {
        trials++;
        for (let i = 0; i < 60; i++) await t.resize(60 + ((i * 37) % 250), 18 + ((i * 13) % 70));
        await t.resize(columns, rows);
        await t.waitFor((s) => fits(s, columns) && s.includes("BLUE"), `a whole frame at ${columns}×${rows}`);
        survived++;
      }
      trials++;
      await t.resize(70, 20);
      // Below 80×24 the small-screen layout (I2): the notice, the traffic state and R/q, nothing wider.
      await t.waitFor(
        (s) =>
          s.includes("needs 80×24 (this is 70×20)") &&
          /blue \d+ \/ green \d+/.test(s) &&
          s.includes("R roll back · q quit") &&
          s.split("\n").every((l) => [...l].length <= 70),
        "the too-small notice",
      );
      await t.resize(80, 24);
      await t.waitFor((s) => fits(s, 80) && s.includes("BLUE"), "the frame back at 80×24");
      survived++;
    } finally {
      t.kill();
    }
    recordChaos({
      area: "terminal",
      fault: "resize storm (60 resizes, no pause) then 80×24 / 300×80 / 120×40; below 80×24",
      trials,
      survived,
      lost: 0,
      checked:
        "header on row 1, no row wider than the terminal, panes present; below 80×24 the notice with the traffic state and R/q, then recovery",
    });
  });

  it("NO_COLOR draws without colour; colours otherwise", async () => {
    const plain = await demo("nocolor", { columns: 120, rows: 40 }, { NO_COLOR: "1" });
    const colour = await demo("colour", { columns: 120, rows: 40 });
    try {
      const sgrColour = /\x1b\[[0-9;]*(3[0-7]|38;[25]|9[0-7])[0-9;]*m/;
      expect(sgrColour.test(await plain.t.screenWithEscapes())).toBe(false);
      expect(sgrColour.test(await colour.t.screenWithEscapes())).toBe(true);
    } finally {
      plain.t.kill();
      colour.t.kill();
    }
    recordChaos({
      area: "terminal",
      fault: "NO_COLOR",
      trials: 1,
      survived: 1,
      lost: 0,
      checked: "capture-pane -e: no colour SGR with NO_COLOR, colour SGR without",
    });
  });

  it("not a TTY and TERM=dumb: one-line error pointing to the headless commands, exit 2", async () => {
    const cases: [string, Record<string, string>, boolean][] = [
      ["stdout piped", {}, false],
      ["TERM=dumb", { TERM: "dumb" }, true],
    ];
    let survived = 0;
    for (const [what, extra, tty] of cases) {
      const sessions = tempDir();
      await exec(process.execPath, [BIN, "new", "--runbook", "checklists/deployment.md"], {
        env: env(sessions),
      });
      let r: { code: number; stderr: string };
      if (tty) {
        const t = await TmuxSession.start(
          `dumb`,
          { columns: 100, rows: 30 },
          `node ${BIN} open`,
          env(sessions, extra),
        );
        const s = await t.waitFor((x) => x.includes("[exited"), "golive to exit");
        t.kill();
        r = { code: Number(/\[exited (\d+)\]/.exec(s)?.[1]), stderr: s };
      } else {
        r = await exec(process.execPath, [BIN, "open"], { env: env(sessions, extra) }).then(
          () => ({ code: 0, stderr: "" }),
          (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
        );
      }
      expect(r.code, `${what}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/golive: (the cockpit needs an interactive terminal|TERM=dumb cannot draw)/);
      expect(r.stderr).toMatch(/→ .*golive status/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      survived++;
    }
    recordChaos({
      area: "terminal",
      fault: "not a TTY / TERM=dumb",
      trials: cases.length,
      survived,
      lost: 0,
      checked: "exit 2, one line + next step, no stack",
    });
  });

  it("tmux detach and re-attach: the cockpit keeps running and answering keys", async () => {
    const { t } = await demo("attach", { columns: 160, rows: 45 });
    let survived = 0;
    const trials = 2;
    try {
      for (let i = 0; i < trials; i++) {
        // A real client in a pty (script), as a person's ssh session would be; then it goes away.
        const client = spawn(
          "script",
          ["-qfc", `stty cols 160 rows 45; tmux -L ${TmuxSession.socket()} attach -t ${t.name}`, "/dev/null"],
          { stdio: ["pipe", "ignore", "ignore"] },
        );
        // Listened for at once: a client that leaves while detach-client is still answering has
        // already exited by the time that call returns, and a later once("exit") would wait forever.
        const exited = new Promise((r) => client.once("exit", r));
        const attached = async () => (await t.format("#{session_attached}")) !== "0";
        for (let n = 0; n < 100 && !(await attached()); n++) await new Promise((r) => setTimeout(r, 50));
        expect(await attached()).toBe(true);
        await exec("tmux", ["-L", TmuxSession.socket(), "detach-client", "-s", t.name]);
        await exited;
        expect(await t.format("#{session_attached}")).toBe("0");
        await t.keys("?");
        await t.waitFor(
          (s) => s.includes("Keys") && s.includes("key closes"),
          "the help overlay after detach",
        );
        await t.keys("Escape");
        await t.waitFor((s) => !s.includes("key closes"), "the overlay closed");
        process.kill(await t.programPid(), 0);
        survived++;
      }
    } finally {
      t.kill();
    }
    recordChaos({
      area: "terminal",
      fault: "tmux detach / re-attach",
      trials,
      survived,
      lost: 0,
      checked:
        "client attached in a pty then detached; cockpit alive, keys answered, overlay opens and closes",
    });
  });

  it("keys are answered while ModifyListener hangs; the rollback is claimed only once AWS confirms", async () => {
    const { t, port } = await demo("hang", { columns: 200, rows: 50 });
    let survived = 0;
    const trials = 2;
    try {
      for (let i = 0; i < trials; i++) {
        await exec(process.execPath, [
          BIN,
          "sandbox",
          "fault",
          "--port",
          String(port),
          "api",
          "ModifyListener",
          "timeout",
          "1",
          "4000",
        ]);
        await t.keys("R");
        await t.waitFor((s) => s.includes("ROLL BACK to 100 % blue"), "the rollback dialog");
        await t.keys("y");
        // While the call hangs: the help overlay opens and closes, and nothing claims the rollback yet.
        await t.keys("?");
        const during = await t.waitFor((s) => s.includes("key closes"), "the overlay while the call hangs");
        expect(during).not.toContain("rollback confirmed by AWS");
        await t.keys("Escape");
        await t.waitFor(
          (s) => s.includes("rollback confirmed by AWS"),
          "the confirmation after the retry",
          60_000,
        );
        survived++;
      }
    } finally {
      t.kill();
    }
    recordChaos({
      area: "terminal",
      fault: "keys while an AWS call hangs (ModifyListener timeout)",
      trials,
      survived,
      lost: 0,
      checked: "help overlay opens/closes during the hang; no claim until the retried call is confirmed",
    });
  });
});
