/**
 * `golive open` draws its first frame from the session alone and loads the engine after it
 * (commands/cockpit.ts). Keys typed before that — here `p`, sent the moment the process is
 * spawned, before the cockpit has even drawn — are neither lost nor run against a half-built
 * cockpit: the promote dialog opens with the plan read from AWS once the engine is there.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe("the cockpit's first frame comes before its engine", () => {
  it("a key pressed before anything is drawn acts once the engine has loaded, on screen", async () => {
    const s = await startSandbox();
    stop = () => s.sb.stop();
    const sessions = tempDir("first-frame-");
    const made = await golive(["new", "--runbook", "checklists/deployment.md", "--config", s.files.config], {
      sessions,
    });
    expect(made.code, made.stderr).toBe(0);
    const t = await TmuxSession.start(
      "first-keys",
      { columns: 120, rows: 40 },
      `node ${BIN} open`,
      cockpitEnv(sessions, { NO_COLOR: "1" }),
    );
    try {
      await t.keys("p");
      const d = await t.waitFor((x) => x.includes("Promote to 10 % green"), "the promote dialog");
      // The plan was read from the listener: the engine was there when it ran.
      expect(d).toMatch(/blue 100 .*green 0/);
      expect(d).not.toContain("loading the engine");
      await t.keys("Escape");
      await t.waitFor((x) => !x.includes("Promote to"), "dialog closed");
      await t.keys("q");
      await t.waitFor((x) => x.includes("[exited 0]"), "clean exit");
    } finally {
      t.kill();
    }
  });
});
