/**
 * Issue 13: `golive message NAME` copies headless the way the cockpit's `m` → `y` does — golive's
 * own OSC 52 to the terminal it runs in — and the record says whether the copy could arrive.
 * Ground truth is tmux's own paste buffers (set-clipboard on turns an OSC 52 into a buffer), not
 * anything golive reports: copied → exactly one new buffer holding the file's text; tmux dropping
 * it (set-clipboard off) → no buffer, recorded "blocked" with why; --no-copy → no buffer, "none";
 * stdout piped away → the copy goes through stderr's terminal.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { recorded } from "../helpers/demo.js";
import { BIN, SEEDS, tempDir } from "../helpers/paths.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

const exec = promisify(execFile);
const tmux = async (...args: string[]) =>
  (await exec("tmux", ["-L", TmuxSession.socket(), ...args])).stdout.trim();
const buffers = async () =>
  (await tmux("list-buffers", "-F", "#{buffer_name}").catch(() => "")).split("\n").filter(Boolean);

afterAll(() => killTmuxServer());

describe("golive message copies headless with OSC 52", () => {
  it("copies when tmux passes it on, says NOT copied when it will not, and records which", async () => {
    const sessions = tempDir("message-cli-");
    const t0 = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 20 * 60_000).toISOString();
    expect(
      (await golive(["new", "--runbook", join(SEEDS, "go-live.md"), "--t0", t0], { sessions })).code,
    ).toBe(0);
    const t = await TmuxSession.start("msgcli", { columns: 160, rows: 40 }, "sh", cockpitEnv(sessions));
    let n = 0;
    // Each command ends by printing "done-<n>" computed by the shell, so the typed line never matches.
    const runInPane = async (args: string) => {
      n++;
      await t.keys(`clear; node ${BIN} message ${args}; echo done-$((${n}*1))`, "Enter");
      const screen = await t.waitFor((x) => /^done-\d+$/m.test(x) && x.includes(`done-${n}`), `run ${n}`);
      // The pane wraps golive's long stderr line; read it whole.
      return screen.replace(/\n/g, "");
    };
    const messages = async () =>
      (await recorded(sessions)).filter((e) => e.type === "message.written").map((e) => e.data);
    try {
      await tmux("set-option", "-s", "set-clipboard", "on");
      const before = await buffers();
      const copied = await runInPane("pre-deployment");
      expect(copied).toMatch(/copied with OSC 52 \(tmux set-clipboard on\)/);
      const fresh = (await buffers()).filter((b) => !before.includes(b));
      expect(fresh).toHaveLength(1);
      const [first] = await messages();
      expect(first).toMatchObject({ template: "pre-deployment", clipboard: "osc52" });
      const file = readFileSync(String(first!.file), "utf8");
      expect(await tmux("show-buffer", "-b", fresh[0]!)).toBe(file.trimEnd());

      await tmux("set-option", "-s", "set-clipboard", "off");
      const b2 = await buffers();
      const blocked = await runInPane("pre-deployment");
      expect(blocked).toContain("NOT copied: tmux will not pass it on (set-clipboard off");
      expect(await buffers()).toEqual(b2);

      await tmux("set-option", "-s", "set-clipboard", "on");
      const b3 = await buffers();
      const skipped = await runInPane("pre-deployment --no-copy");
      expect(skipped).toContain("not copied (--no-copy)");
      expect(await buffers()).toEqual(b3);

      // stdout into a pipe: the terminal behind stderr still takes the copy.
      const piped = await runInPane("pre-deployment | cat > /dev/null");
      expect(piped).toMatch(/copied with OSC 52/);
      expect((await buffers()).filter((b) => !b3.includes(b))).toHaveLength(1);

      const all = await messages();
      expect(all.map((m) => m.clipboard)).toEqual(["osc52", "blocked", "none", "osc52"]);
      expect(String(all[1]!.why)).toContain("set-clipboard off");
    } finally {
      t.kill();
    }
  }, 60_000);
});
