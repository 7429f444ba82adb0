import { PassThrough } from "node:stream";
import { main } from "../../source/cli.js";
import type { Clock } from "../../source/session/store.js";
import { ROOT } from "./paths.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs golive in-process with captured streams and an injected clock. */
export async function golive(
  args: string[],
  opts: {
    sessions?: string;
    clock?: Clock;
    env?: Record<string, string>;
    cwd?: string;
    /** A terminal behind stdout (isTTY), as when the lead runs golive by hand. */
    tty?: boolean;
  } = {},
): Promise<CliResult> {
  const stdout = opts.tty ? Object.assign(new PassThrough(), { isTTY: true }) : new PassThrough();
  const stderr = new PassThrough();
  const o = captured(stdout);
  const e = captured(stderr);
  const env: NodeJS.ProcessEnv = { GOLIVE_USER: "tester", ...opts.env };
  if (opts.sessions) env.GOLIVE_SESSIONS = opts.sessions;
  const code = await main(args, {
    stdout,
    stderr,
    env,
    cwd: opts.cwd ?? ROOT,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  return { code, stdout: o.text, stderr: e.text };
}

/** What is written to `stream`, kept as it arrives (`text` is read when asked). */
export function captured(stream: NodeJS.ReadableStream): { readonly text: string } {
  let text = "";
  stream.on("data", (d) => {
    text += d;
  });
  return {
    get text() {
      return text;
    },
  };
}

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = Date.parse(iso);
  return {
    now: () => now,
    set: (i: string) => {
      now = Date.parse(i);
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}
