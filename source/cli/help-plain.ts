/**
 * `golive --help` (and every command's help, and --version) when stdout is not a terminal: commander
 * then wraps at 80 columns whatever the output, so the build writes each answer whole
 * (dist/help-plain.json, from help-fast.ts's formatHelp) and this prints it with one write to fd 1.
 * bin/golive.js asks here before it loads anything else: no stream, no commander Help, no other
 * module of golive's (what --help cost over `node -e 0` was mostly those, bench/RESULTS.md §0zw).
 * A terminal, or anything this cannot tell apart from one, is left to help-fast.ts.
 */
import { fstatSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

const HELP_FLAGS = new Set(["-h", "--help"]);

/**
 * The command path whose help `argv` asks for, or undefined when argv is anything else (then
 * commander parses it as always). Only the exact forms commander answers with that help alone.
 */
export function helpPath(
  argv: readonly string[],
  model: { commands: Record<string, unknown> },
): string | undefined {
  if (argv.length === 1 && (HELP_FLAGS.has(argv[0]!) || argv[0] === "help")) return "";
  if (argv.length === 2 && argv[0] === "help" && argv[1] !== "help" && model.commands[argv[1]!])
    return argv[1];
  if (argv.length >= 2 && HELP_FLAGS.has(argv.at(-1)!)) {
    const path = argv.slice(0, -1);
    if (path.some((p) => p.startsWith("-"))) return undefined;
    return model.commands[path.join(" ")] ? path.join(" ") : undefined;
  }
  return undefined;
}

/** dist/help-plain.json: each command path's whole help as commander prints it to a non-terminal. */
export interface PlainHelp {
  commands: Record<string, string>;
}
export const PLAIN_HELP = "help-plain.json";

/**
 * Whether `fd` is certainly not a terminal without loading node:tty (which loads net and the
 * stream stack): a file, a pipe or a socket, or /dev/null itself. Any other character device might
 * be one: undefined.
 */
export function surelyNotTerminal(fd: number): boolean | undefined {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return true;
    const devNull = statSync("/dev/null");
    return st.rdev === devNull.rdev && st.ino === devNull.ino && st.dev === devNull.dev ? true : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Answers `argv` on fd 1 when it asks only for help or the version and fd 1 is surely not a
 * terminal; false otherwise, nothing written (then help-fast.ts or commander answers). `dist` is the
 * build's directory. The reader leaving early (EPIPE) ends the write quietly, as bin/golive.js treats
 * it on every other path; a full non-blocking pipe gets the rest through process.stdout, which waits.
 */
export function plainHelp(argv: readonly string[], dist: string): boolean {
  if (!surelyNotTerminal(1)) return false;
  const version = argv.length === 1 && (argv[0] === "-V" || argv[0] === "--version");
  let text: string;
  if (version)
    text = `${(JSON.parse(readFileSync(join(dist, "..", "package.json"), "utf8")) as { version: string }).version}\n`;
  else {
    const model = JSON.parse(readFileSync(join(dist, PLAIN_HELP), "utf8")) as PlainHelp;
    const path = helpPath(argv, model);
    if (path === undefined) return false;
    text = model.commands[path]!;
  }
  writeAll(Buffer.from(text));
  return true;
}

/**
 * `bytes` to fd 1 (status-fast.ts too): EPIPE ends it quietly; EAGAIN (a full non-blocking pipe)
 * hands the rest to process.stdout, which waits, and answers false: later writes must follow it there.
 */
export function writeAll(bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(1, bytes, at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return true;
      if (code !== "EAGAIN") throw e;
      process.stdout.on("error", (w: NodeJS.ErrnoException) => {
        if (w.code !== "EPIPE" && w.code !== "ERR_STREAM_DESTROYED") throw w;
      });
      process.stdout.write(bytes.subarray(at));
      return false;
    }
  }
  return true;
}
