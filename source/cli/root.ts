/**
 * What every way into golive shares, without commander: the context a command runs in and the one
 * place that turns errors into messages and exit codes. cli.tsx (commander) and the paths that skip
 * commander (status-fast.ts) both run commands through these, so they answer alike.
 */
import type { Ctx } from "../commands/io.js";
import { terminalSafeStream } from "../commands/safe-stream.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { redact, redactEnvironmentSecrets } from "../domain/redact.js";
import { terminalText } from "../domain/sanitize.js";

/** The context of this process, with whatever `partial` sets (tests inject streams and clocks). */
export function processCtx(partial: Partial<Ctx>): Ctx {
  const ctx: Ctx = {
    // Read on first use: touching process.stdin builds its stream (a socket or a tty, with their
    // modules), which --help, --version and status never read; stdout and stderr likewise, which
    // status-fast.ts may not need (it writes to fd 1 itself when that is no terminal).
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    clock: clockFromEnv(partial.env ?? process.env),
    ...partial,
  };
  redactEnvironmentSecrets(ctx.env);
  return ctx;
}

/** The machine's clock (not the store's: --help and --version must not load the session store). */
const systemClock = { now: () => Date.now() };

/** GOLIVE_NOW pins the clock (rehearsals, scripted tests); golive's clock is injected everywhere. */
function clockFromEnv(env: NodeJS.ProcessEnv) {
  const pinned = env.GOLIVE_NOW;
  if (!pinned) return systemClock;
  const ms = Date.parse(pinned);
  if (Number.isNaN(ms)) throw new UserError(`GOLIVE_NOW="${pinned}" is not an ISO-8601 time`, ExitCode.usage);
  return { now: () => ms };
}

/** Commands write through the sanitizing streams; only the cockpit draws on the raw terminal. */
export function terminalSafeCtx(ctx: Ctx): Ctx {
  // Copied by descriptor, not spread: a spread would read the lazy stdin.
  const safe = Object.defineProperties({}, Object.getOwnPropertyDescriptors(ctx)) as Ctx;
  // Defined, not assigned: processCtx's stdout and stderr are getters.
  const own = (value: unknown) => ({ value, writable: true, enumerable: true, configurable: true });
  return Object.defineProperties(safe, {
    stdout: own(terminalSafeStream(ctx.stdout)),
    stderr: own(terminalSafeStream(ctx.stderr)),
  });
}

/** A user error as one line (and its next step); anything else as a bug in golive, with its stack. */
export function reportFailure(ctx: Pick<Ctx, "stderr">, e: unknown): number {
  if (e instanceof UserError) {
    // Error text can quote what a user typed or what AWS said back: it is redacted like everything else.
    ctx.stderr.write(`golive: ${terminalText(redact(e.message))}\n`);
    if (e.hint) ctx.stderr.write(`  → ${terminalText(redact(e.hint))}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  ctx.stderr.write(
    `golive: internal error (a bug in golive, please report it): ${terminalText(redact(err?.message ?? String(e)))}\n`,
  );
  if (err?.stack) ctx.stderr.write(`${terminalText(redact(err.stack))}\n`);
  return ExitCode.bug;
}
