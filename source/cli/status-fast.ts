/**
 * `golive status` without commander: bin/golive.js hands status's arguments here first. Only the
 * plain forms are taken (the command's own flags, each value its own argument or after `=`);
 * anything else — an unknown or short option, a value that starts with a dash, a stray argument —
 * answers undefined and commander parses it as always, so its usage errors stay its own. What is
 * taken runs exactly as commander's action runs it: the same context, the same options object, the
 * same error reporting (root.ts). The build makes this one file of its own (scripts/build.mjs,
 * quickMiss): a run that needed a module it does not hold is discarded and left to commander.
 * test/integration/status-fast.test.ts holds the two paths equal.
 */
import type { Ctx, GlobalOpts } from "../commands/io.js";
import { run } from "../commands/status.js";
import { surelyNotTerminal, writeAll } from "./help-plain.js";
import { processCtx, reportFailure, terminalSafeCtx } from "./root.js";

type StatusOpts = GlobalOpts & { all?: boolean; live?: boolean; amend?: string };

const FLAGS = new Set(["all", "live", "json"]);
const VALUES = new Set(["sessions", "session", "by", "amend"]);

/** The options commander would hand status's action for `args`, or undefined for any other form. */
export function statusOptions(args: readonly string[]): StatusOpts | undefined {
  const opts: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z]+)(?:=(.+))?$/s.exec(args[i]!);
    if (!m) return undefined;
    const [, name, inline] = m as unknown as [string, string, string | undefined];
    if (FLAGS.has(name) && inline === undefined) opts[name] = true;
    else if (VALUES.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && value.startsWith("-"))) return undefined;
      opts[name] = value;
    } else return undefined;
  }
  return opts as StatusOpts;
}

/** Set by the build's miss modules (scripts/build.mjs, quickMiss) when status needed one. */
const MISSED = Symbol.for("golive.quickStatusMiss");

/**
 * Runs `golive status ARGS` and gives its exit code, or undefined when commander must parse ARGS.
 * What status writes is held until it is done: a miss can happen where a caller catches and words
 * the error (the session listing does), so only a run that never missed is let through.
 */
export async function fastStatus(
  args: readonly string[],
  partial: Partial<Ctx> = {},
): Promise<number | undefined> {
  const opts = statusOptions(args);
  if (!opts) return undefined;
  const written: [() => NodeJS.WritableStream, unknown][] = [];
  // The process's own streams are built only when read (bin/golive.js, root.ts): a status that
  // writes nothing to stderr never builds it, nor stdout when fd 1 is no terminal (written below).
  const held = (raw: () => NodeJS.WritableStream): NodeJS.WritableStream =>
    new Proxy({} as NodeJS.WritableStream, {
      get(_, key) {
        if (key === "write")
          return (chunk: unknown) => {
            written.push([raw, chunk]);
            return true;
          };
        const target = raw();
        const v = Reflect.get(target, key, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  const stdout = () => partial.stdout ?? process.stdout;
  const io = { ...partial, stdout: held(stdout), stderr: held(() => partial.stderr ?? process.stderr) };
  const code = await answer(opts, io);
  if ((globalThis as Record<symbol, unknown>)[MISSED]) return undefined;
  let direct = !partial.stdout && surelyNotTerminal(1) === true;
  for (const [stream, chunk] of written)
    if (direct && stream === stdout && typeof chunk === "string") direct = writeAll(Buffer.from(chunk));
    else stream().write(chunk as string);
  return code;
}

async function answer(opts: StatusOpts, partial: Partial<Ctx>): Promise<number> {
  let ctx: Ctx;
  try {
    ctx = processCtx(partial);
  } catch (e) {
    return reportFailure({ stderr: partial.stderr! }, e);
  }
  try {
    return (await run(terminalSafeCtx(ctx), opts)) ?? 0;
  } catch (e) {
    return reportFailure(ctx, e);
  }
}
