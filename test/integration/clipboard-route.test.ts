/**
 * What the cockpit says about its OSC 52 copy (commands/message-file.ts clipboardRoute), asked of a
 * real tmux server: a copy is called passed on only when tmux's own options let it through, and
 * otherwise the lead is told why and what to set. Outside tmux, golive never claims a copy arrived.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clipboardRoute } from "../../source/commands/message-file.js";
import { tempDir } from "../helpers/paths.js";
import { hasTool } from "../helpers/tools.js";
import { which } from "../helpers/which.js";

const haveTmux = hasTool(which("tmux"), "tmux", "the clipboard route through tmux");
const socket = join(tempDir("clip-"), "tmux.sock");
const tmux = (...args: string[]) =>
  execFileSync("tmux", ["-S", socket, ...args], { encoding: "utf8", env: { ...process.env, TMUX: "" } });

/**
 * clipboardRoute as golive runs it inside this tmux server ($TMUX names the server's socket). A
 * tmux client slower than golive's 2 s limit (a loaded machine) reads as "unknown", the last test's
 * case: that answer is asked again, a few times, before it is taken.
 */
async function routeInTmux() {
  const saved = process.env.TMUX;
  process.env.TMUX = `${socket},1,0`;
  try {
    for (let tries = 1; ; tries++) {
      const r = await clipboardRoute({ TMUX: process.env.TMUX, TERM: "tmux-256color" });
      if (!r.why?.includes("set-clipboard unknown") || tries === 5) return r;
    }
  } finally {
    if (saved === undefined) delete process.env.TMUX;
    else process.env.TMUX = saved;
  }
}

describe.skipIf(!haveTmux)("the OSC 52 copy inside tmux, as tmux's options decide it", () => {
  beforeAll(() => {
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "clip", "-x", "80", "-y", "24");
  });
  afterAll(() => {
    try {
      tmux("kill-server");
    } catch {
      // Already gone: nothing to stop.
    }
  });

  it("set-clipboard on passes it on; external or off with no passthrough does not, and says what to set", async () => {
    tmux("set-option", "-g", "allow-passthrough", "off");
    tmux("set-option", "-g", "set-clipboard", "on");
    expect(await routeInTmux()).toEqual({ passes: true, why: "tmux set-clipboard on" });
    for (const v of ["external", "off"]) {
      tmux("set-option", "-g", "set-clipboard", v);
      expect(await routeInTmux()).toEqual({
        passes: false,
        why: `tmux will not pass it on (set-clipboard ${v}): tmux set -g set-clipboard on, or use the file`,
      });
    }
  });

  it("allow-passthrough on lets golive's wrapped copy through even with set-clipboard off", async () => {
    // (tmux 3.3's allow-passthrough is on/off; "all" came in 3.4.)
    tmux("set-option", "-g", "set-clipboard", "off");
    tmux("set-option", "-g", "allow-passthrough", "on");
    expect(await routeInTmux()).toEqual({ passes: true, why: "tmux allow-passthrough on" });
    tmux("set-option", "-g", "allow-passthrough", "off");
  });

  it("a tmux that does not answer: never called passed, the option named unknown", async () => {
    const saved = process.env.TMUX;
    process.env.TMUX = `${join(tempDir("clip-none-"), "none.sock")},1,0`;
    try {
      expect(await clipboardRoute({ TMUX: process.env.TMUX })).toEqual({
        passes: false,
        why: "tmux will not pass it on (set-clipboard unknown): tmux set -g set-clipboard on, or use the file",
      });
    } finally {
      if (saved === undefined) delete process.env.TMUX;
      else process.env.TMUX = saved;
    }
  });
});

describe("the OSC 52 copy outside tmux", () => {
  it("the Linux console: no clipboard; GNU screen: only if configured; elsewhere: unknown, never claimed", async () => {
    expect(await clipboardRoute({ TERM: "linux" })).toEqual({
      passes: false,
      why: "the Linux console has no clipboard: copy from the file",
    });
    expect(await clipboardRoute({ TERM: "screen", STY: "1234.pts-0.host" })).toEqual({
      passes: null,
      why: "inside GNU screen, which passes OSC 52 on only if configured to",
    });
    expect(await clipboardRoute({ TERM: "xterm-256color" })).toEqual({
      passes: null,
      why: "the terminal must support OSC 52; most do",
    });
  });
});
