/**
 * Issue 13's status messages in real tmux: `m` lists the go-live runbook's templates (the one for
 * the moment first), Enter previews one filled from the session, `y` copies it with the cockpit's
 * own OSC 52 and writes it to a file, recorded. With tmux's set-clipboard off the preview says
 * plainly that tmux will not pass the copy on, and the record says it was not copied. A lead name
 * carrying OSC 52 reaches the message escaped: tmux's paste buffers hold the cockpit's one copy.
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
const buffers = () => tmux("list-buffers", "-F", "#{buffer_name}").catch(() => "");

afterAll(() => killTmuxServer());

describe("cockpit m: the runbook's status messages", () => {
  it("previews, copies with OSC 52 or says tmux will not, writes the file and records it", async () => {
    const sessions = tempDir("message-tmux-");
    const t0 = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 20 * 60_000).toISOString();
    const made = await golive(
      ["new", "--runbook", join(SEEDS, "go-live.md"), "--t0", t0, "--lead", "ann\u001b]52;c;cHduZWQ=\u0007"],
      { sessions },
    );
    expect(made.code).toBe(0);
    const t = await TmuxSession.start(
      "msg",
      { columns: 110, rows: 34 },
      `node ${BIN} open`,
      cockpitEnv(sessions),
    );
    try {
      await tmux("set-option", "-s", "set-clipboard", "off");
      await t.waitFor((x) => x.includes("PRE-FLIGHT") && x.includes("m message"), "the cockpit");
      const before = await buffers();

      await t.keys("m");
      const picker = await t.waitFor((x) => x.includes("Status messages — the runbook's templates"), "m");
      expect(picker).toMatch(/▸ ★ pre-deployment +before T-0 +line 378/);
      expect(picker).toMatch(/critical-issue +incident +line 435 · 2 slots for you to type/);
      await t.keys("Enter");
      const blocked = await t.waitFor(
        (x) =>
          x.includes("y writes the file but will NOT copy: tmux will not pass it on (set-clipboard off)"),
        "the preview saying tmux will not pass the copy on",
      );
      expect(blocked).toContain("Current Status: GREEN");
      expect(blocked).toContain("ann\\e]52;c;cHduZWQ=\\a");
      await t.keys("y");
      await t.waitFor(
        (x) => x.includes('✖ "pre-deployment" NOT copied (tmux will not pass it on'),
        "not copied",
      );

      await tmux("set-option", "-s", "set-clipboard", "on");
      await t.keys("m");
      await t.waitFor((x) => x.includes("Status messages —"), "m again");
      await t.keys("Enter");
      await t.waitFor(
        (x) => x.includes("y copies with OSC 52 (tmux set-clipboard on)"),
        "the preview, tmux passing it",
      );
      // Slot 1 is the status: the lead says YELLOW instead of golive's GREEN.
      await t.keys("e");
      await t.waitFor((x) => x.includes("Current Status (Enter sets it):"), "typing the slot");
      await t.keys("YELLOW");
      await t.keys("Enter");
      await t.waitFor(
        (x) => x.includes("Current Status: YELLOW") && x.includes("(typed by you)"),
        "the typed value",
      );
      await t.keys("y");
      await t.waitFor((x) => x.includes('✓ "pre-deployment" copied with OSC 52 and written to'), "copied");

      const events = (await recorded(sessions)).filter((e) => e.type === "message.written");
      expect(events.map((e) => [e.data.template, e.data.clipboard])).toEqual([
        ["pre-deployment", "blocked"],
        ["pre-deployment", "osc52"],
      ]);
      expect(events[0]!.data.why).toContain("set-clipboard off");
      expect(events[1]!.data.typed).toEqual(["[GREEN/YELLOW/RED]"]);
      // tmux took exactly one new buffer: the cockpit's copy, the very text of the file, with the
      // lead's OSC 52 shown as text (a leaked one would be a second buffer holding "pwned").
      const after = (await buffers()).split("\n").filter((b) => b && !before.includes(b));
      expect(after).toHaveLength(1);
      const copied = await tmux("show-buffer", "-b", after[0]!);
      const file = readFileSync(String(events[1]!.data.file), "utf8");
      expect(copied).toBe(file.trimEnd());
      expect(copied).toContain("Current Status: YELLOW\n");
      expect(copied).toContain("ann\\e]52;c;cHduZWQ=\\a");
      await t.keys("q");
      await t.waitFor((x) => x.includes("[exited 0]"), "quit");
    } finally {
      t.kill();
    }
  }, 90_000);
});
