/**
 * The terminal attack of issue 20 in real tmux: a runbook line and notes carrying OSC 52 (clipboard),
 * OSC 0 (title) and CSI 2J (clear) shown in the cockpit. tmux runs with `set-clipboard on`, so an
 * OSC 52 that leaked WOULD land in its paste buffers; the pane title would change on OSC 0. Neither
 * may happen, and the sequences must be visible on screen in their escaped form.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";
import { row } from "./record.js";

const exec = promisify(execFile);
afterAll(() => killTmuxServer());

const OSC52 = "\u001b]52;c;cHduZWQ=\u0007";
const TITLE = "\u001b]0;owned-title\u0007";
const CLEAR = "\u001b[2J";

const tmux = async (...args: string[]) =>
  (await exec("tmux", ["-L", TmuxSession.socket(), ...args])).stdout.trim();

describe("hostile input in the terminal", () => {
  it("OSC 52 / OSC 0 / CSI 2J in a runbook line and notes: no clipboard write, no title change, shown escaped", async () => {
    const sessions = tempDir("hostile-tmux-");
    const file = join(sessions, "evil.md");
    writeFileSync(
      file,
      `# Evil release\n\n## Prep (T-30 minutes)\n\n- [ ] Deploy ${OSC52} now ${TITLE} ok ${CLEAR}\n- [ ] Tag: ________\n`,
    );
    const g = (args: string[]) => golive(args, { sessions });
    await g(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"]);
    await g(["note", `before ${OSC52}${TITLE}${CLEAR}`]);
    const t = await TmuxSession.start(
      "hostile",
      { columns: 200, rows: 50 },
      `node ${BIN} watch`,
      cockpitEnv(sessions),
    );
    try {
      await row(
        {
          area: "hostile",
          fault:
            "OSC 52 / OSC 0 / CSI 2J in a runbook line, a note and a note added live (real tmux, set-clipboard on)",
          checked:
            "tmux list-buffers unchanged, #{pane_title} unchanged, \\e]52 and \\e[2J shown on screen, the cockpit still drawn",
        },
        async () => {
          // A leaked OSC 52 would be stored as a paste buffer from here on.
          await tmux("set-option", "-s", "set-clipboard", "on");
          await t.waitFor((s) => s.includes("Timeline"), "the cockpit");
          const buffers = await tmux("list-buffers").catch(() => "");
          const title = await t.format("#{pane_title}");
          await g(["note", `live ${OSC52}${TITLE}${CLEAR}`]);
          const screen = await t.waitFor(
            (s) => s.includes("live \\e]52") && s.includes("Deploy \\e]52"),
            "the escaped note and runbook line",
          );
          return [
            (await tmux("list-buffers").catch(() => "")) === buffers,
            (await t.format("#{pane_title}")) === title,
            !title.includes("owned-title"),
            screen.includes("\\e[2J"),
            screen.includes("Timeline"),
          ];
        },
      );
    } finally {
      t.kill();
    }
  });
});
