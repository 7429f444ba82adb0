/**
 * golive in-process on a terminal of a given size: stdout and stdin claim to be a TTY, as in the
 * lead's SSH session, so the cockpit draws (Ink) and reads keys. What it drew is kept as text with
 * the escape sequences removed; `waitFor` waits on it (no sleeps).
 */
import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import { main } from "../../source/cli.js";
import type { Clock } from "../../source/session/store.js";
import { type CliResult, captured } from "./cli.js";
import { ROOT } from "./paths.js";

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/** Ink reads keys through `readable` + `read()` on a raw-mode stdin (as ink-testing-library's). */
class TtyIn extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit("readable");
    this.emit("data", data);
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export function goliveOnTty(
  args: string[],
  opts: {
    sessions?: string;
    clock?: Clock;
    env?: Record<string, string>;
    columns?: number;
    rows?: number;
  } = {},
) {
  const stdout = Object.assign(new PassThrough(), {
    isTTY: true,
    columns: opts.columns ?? 160,
    rows: opts.rows ?? 48,
  });
  const stderr = new PassThrough();
  const stdin = new TtyIn();
  const out = captured(stdout);
  const err = captured(stderr);
  const env: NodeJS.ProcessEnv = { GOLIVE_USER: "tester", TERM: "xterm-256color", ...opts.env };
  if (opts.sessions) env.GOLIVE_SESSIONS = opts.sessions;
  const done: Promise<CliResult> = main(args, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr,
    stdin: stdin as unknown as NodeJS.ReadStream,
    env,
    cwd: ROOT,
    ...(opts.clock ? { clock: opts.clock } : {}),
  }).then((code) => ({ code, stdout: out.text, stderr: err.text }));
  let ended = false;
  done.finally(() => {
    ended = true;
  });
  // Memoised on the output's length (it only grows): the 20 ms polls below stripped everything the
  // cockpit ever wrote each time, most of them with nothing new written since the last.
  let stripped = { length: -1, text: "" };
  const screen = () => {
    const raw = out.text;
    if (raw.length !== stripped.length) stripped = { length: raw.length, text: raw.replace(ANSI, "") };
    return stripped.text;
  };
  return {
    done,
    screen,
    stderr: () => err.text,
    async waitFor(pred: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = screen();
        if (pred(s)) return s;
        if (ended)
          throw new Error(`golive exited before ${what}; stderr: ${err.text}\nscreen:\n${s.slice(-3000)}`);
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; screen:\n${s.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    press(keys: string) {
      stdin.write(keys);
    },
  };
}
