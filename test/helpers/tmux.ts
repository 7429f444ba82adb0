import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { TmuxControl } from "./tmux-control.js";

const exec = promisify(execFile);
const SOCKET = `golive-test-${process.pid}`;

let ctl: TmuxControl | undefined;
/** The control client for polling captures (GOLIVE_TMUX_EXEC=1: a tmux process per capture, as before). */
function control(): TmuxControl | undefined {
  if (process.env.GOLIVE_TMUX_EXEC === "1") return undefined;
  if (!ctl || ctl.dead) ctl = new TmuxControl(SOCKET);
  return ctl;
}

let watched = false;
/**
 * Once per test process: a detached shell that kills this process's tmux server, and so every
 * cockpit in it, once the process is gone. A test run killed from outside (kill -9, a timeout,
 * Ctrl-C on vitest) never reaches afterAll, and on a shared 2-core machine its demos would go on
 * drawing at --speed 15 for good.
 */
function watchThisProcess(): void {
  if (watched) return;
  watched = true;
  spawn(
    "sh",
    [
      "-c",
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; tmux -L ${SOCKET} kill-server 2>/dev/null`,
    ],
    { detached: true, stdio: "ignore" },
  ).unref();
}

/** A detached tmux session of a fixed size running `command` (through sh, with `env`). */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static async start(
    name: string,
    size: { columns: number; rows: number },
    command: string,
    env: Record<string, string>,
  ) {
    const envs = Object.entries(env)
      .map(([k, v]) => `${k}=${shq(v)}`)
      .join(" ");
    watchThisProcess();
    const args = [
      "-L",
      SOCKET,
      "-f",
      "/dev/null",
      "new-session",
      "-d",
      "-s",
      name,
      "-x",
      String(size.columns),
      "-y",
      String(size.rows),
      `env ${envs} ${command}; echo "[exited $?]"; sleep 600`,
    ];
    // Killing the last session stops the tmux server; a new session started in that moment can meet
    // the dying server ("server exited unexpectedly"). Trying again then finds none and starts one.
    for (let attempt = 0; ; attempt++) {
      try {
        await exec("tmux", args);
        break;
      } catch (e) {
        if (attempt >= 4 || !/server exited unexpectedly|lost server/.test(String((e as Error).message)))
          throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await exec("tmux", ["-L", SOCKET, "set-option", "-t", name, "remain-on-exit", "on"]).catch(() => {});
    return new TmuxSession(name);
  }

  /** Another pane of this session's window (a demo splits one beside its cockpit). */
  pane(index: number): TmuxSession {
    return new TmuxSession(`${this.name}.${index}`);
  }

  async screen(): Promise<string> {
    const c = control();
    if (c) {
      try {
        return await c.run("capture-pane", "-p", "-t", this.name);
      } catch (e) {
        if (!c.dead) throw e; // tmux's own answer (no such pane): as the command line would fail
      }
    }
    const r = await exec("tmux", ["-L", SOCKET, "capture-pane", "-p", "-t", this.name]);
    return r.stdout;
  }

  async keys(...keys: string[]): Promise<void> {
    for (const k of keys) await exec("tmux", ["-L", SOCKET, "send-keys", "-t", this.name, k]);
  }

  /** Waits until the screen satisfies `pred` (polling the real terminal; no fixed sleeps). */
  async waitFor(pred: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = "";
    while (Date.now() < deadline) {
      last = await this.screen();
      // A capture can land while a frame is being written (the new frame's top over the old one's
      // bottom: k8s-drive once read a plan without its kubectl line): the screen handed back is one a
      // second capture agrees with, so what the caller asserts on is a whole frame.
      if (pred(last) && (await this.screen()) === last) {
        // GOLIVE_TRACE_WAITS=1: where an e2e test's wall-clock time goes, wait by wait.
        if (process.env.GOLIVE_TRACE_WAITS)
          console.error(`[wait] ${what}: ${Date.now() - deadline + timeoutMs} ms`);
        return last;
      }
      // Through the control client a capture is one line each way, so every 50 ms costs next to
      // nothing and a frame is seen 25 ms sooner on average (e2e tests wait on a frame ~100 times
      // each); a tmux process per capture (GOLIVE_TMUX_EXEC=1) keeps to 100 ms.
      await new Promise((r) => setTimeout(r, control() ? 50 : 100));
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${last}`);
  }

  /** A tmux format for this pane, e.g. `#{alternate_on}` (1 while a program holds the alternate screen). */
  async format(fmt: string): Promise<string> {
    const r = await exec("tmux", ["-L", SOCKET, "display-message", "-p", "-t", this.name, fmt]);
    return r.stdout.trim();
  }

  /** The pid of the program the pane runs (the shell's child). */
  async programPid(): Promise<number> {
    const shell = await this.format("#{pane_pid}");
    // -f: Node 24 names its main thread "MainThread", so the process name is no longer "node".
    const r = await exec("pgrep", ["-f", "-P", shell, "node"]).catch(() => ({ stdout: "" }));
    const pid = Number(r.stdout.trim().split("\n")[0]);
    if (!pid) throw new Error(`no node process under pane shell ${shell}`);
    return pid;
  }

  /** The screen with its escape sequences (colours), as `capture-pane -e` gives it. */
  async screenWithEscapes(): Promise<string> {
    const r = await exec("tmux", ["-L", SOCKET, "capture-pane", "-e", "-p", "-t", this.name]);
    return r.stdout;
  }

  static socket(): string {
    return SOCKET;
  }

  async resize(columns: number, rows: number): Promise<void> {
    await exec("tmux", [
      "-L",
      SOCKET,
      "resize-window",
      "-t",
      this.name,
      "-x",
      String(columns),
      "-y",
      String(rows),
    ]);
  }

  kill(): void {
    try {
      execFileSync("tmux", ["-L", SOCKET, "kill-session", "-t", this.name], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
}

/** What a cockpit runs with in tests and benchmarks: a terminal type, a sessions directory, a user. */
export function cockpitEnv(sessions: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    TERM: "xterm-256color",
    GOLIVE_SESSIONS: sessions,
    GOLIVE_USER: "lead",
    // `npm run coverage` collects what the cockpit runs in tmux too.
    ...(process.env.NODE_V8_COVERAGE ? { NODE_V8_COVERAGE: process.env.NODE_V8_COVERAGE } : {}),
    ...extra,
  };
}

export function killTmuxServer(): void {
  ctl?.close();
  try {
    execFileSync("tmux", ["-L", SOCKET, "kill-server"], { stdio: "ignore" });
  } catch {
    // no server
  }
}

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
