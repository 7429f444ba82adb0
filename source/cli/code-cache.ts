/**
 * Runs one of the build's CommonJS bundles (dist/NAME.cjs) with V8's code cache for it, kept in the
 * user's own cache directory: a run then skips parsing and compiling the functions the last run
 * compiled. `golive status` is the one user (bin/golive.js): on Node 20, which has no compile cache
 * of its own, status (an ES module entry, no cache) executed ~149 M instructions over `node -e 0`;
 * from the CommonJS entry through this cache, ~110 M (callgrind, bench/RESULTS.md §0w).
 *
 * The cache is only ever a shortcut. Its file is named by the bundle's SHA-256 (V8 itself checks
 * only the source's length), lives in a directory golive made for the user alone (0700, owned by
 * them: never the shared temp directory, where another account could plant code), and any failure
 * to read, trust or write it leaves the run exactly as it would be without one.
 */
import { isAscii } from "node:buffer";
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "golive", "code-cache");
}

/**
 * Loads `file` (a CommonJS bundle), hands its exports to `use`, and keeps the code cache after it,
 * or when `use` calls the `keep` it is given: the cockpit runs for hours and keeps it at its first
 * frame, before it changes V8's flags (a cache made under other flags is rejected, commands/cockpit.ts).
 */
export async function runCached<T>(
  file: string,
  use: (exports: Record<string, unknown>, keep: () => void) => Promise<T>,
): Promise<T> {
  const { exports, keep: keepNow } = loadCached(file);
  try {
    return await use(exports, keepNow);
  } finally {
    // After the run, so the cache holds the functions it compiled lazily too.
    keepNow();
  }
}

/**
 * Loads `file` as runCached does, synchronously: the split build's UI library modules load theirs
 * from their top level (scripts/ui-vendor-load.mjs). `keep` writes the cache, once, when one is to
 * be kept (none was read, or V8 rejected it).
 */
export function loadCached(file: string): { exports: Record<string, unknown>; keep: () => void } {
  let { exports, cacheFile, dir, script } = load(file);
  return {
    exports,
    keep: () => {
      if (script) keep(dir, cacheFile, script.createCachedData());
      script = undefined;
    },
  };
}

/**
 * Compiles and runs the bundle. Apart from runCached so that nothing holds the file's text (~6 MB
 * for the cockpit, a copy of what V8 keeps) or the cache's bytes for as long as the run lasts:
 * the cockpit's lasts hours, and RSS is one of its targets. `script` is there when a cache is to
 * be kept (none was read, or V8 rejected it).
 */
function load(file: string) {
  const source = text(readFileSync(file));
  const dir = cacheDir();
  const cacheFile = join(dir, `${sourceId(file, source).slice(0, 32)}.v8`);
  const cachedData = trusted(cacheFile);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...a: unknown[]) => void).call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    dirname(file),
  );
  const keepable = !cachedData || script.cachedDataRejected ? script : undefined;
  return { exports: module.exports, cacheFile, dir, script: keepable };
}

/**
 * The bundle's text. The build writes each bundle as ASCII (scripts/cockpit-bundle.mjs,
 * finishCockpitBundle), which Latin-1 decodes to the same string as UTF-8 does, without UTF-8's
 * decoding: for the demo's 3.5 MB, read and decoded before its first frame, 41-59 -> 34-37 ms of CPU
 * at load ~20 (bench/RESULTS.md §1d). Anything else is decoded as UTF-8.
 */
function text(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/**
 * The cache file's name (32 hex digits): the bundle's SHA-256 as the build wrote it beside the file
 * (FILE.sha256: hashing the cockpit's ~10 MB at every start would cost more than a status run), its
 * first 96 bits with the source's length after them, as V8 checks nothing else of the source a cache
 * was made from. Without that file (or with anything but a digest in it), the text is hashed here.
 * No hash of the two together: that loaded node:crypto, ~14 M instructions of a status run that
 * needs it for nothing else (bench/RESULTS.md §1c).
 */
function sourceId(file: string, source: string): string {
  const length = source.length.toString(16).padStart(8, "0");
  try {
    const id = readFileSync(`${file}.sha256`, "utf8").trim();
    if (/^[0-9a-f]{64}$/.test(id) && length.length === 8) return `${id.slice(0, 24)}${length}`;
  } catch {
    // no digest beside it: hash the text
  }
  const { createHash } = process.getBuiltinModule("node:crypto");
  return createHash("sha256")
    .update(`${createHash("sha256").update(source).digest("hex")}:${source.length}`)
    .digest("hex");
}

/** The cache file's bytes when it is a regular file of this user's, not writable by others. */
function trusted(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const st = fstatSync(fd);
    if (!st.isFile() || (process.getuid && st.uid !== process.getuid()) || st.mode & 0o022) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function keep(dir: string, file: string, data: Buffer): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, data, { mode: 0o600, flag: "wx" });
    renameSync(temp, file);
    prune(dir);
  } catch {
    // A cache that cannot be kept (read-only home, full disk) costs the next run its compile only.
  }
}

/**
 * How many caches stay: a lead switching between two installs keeps each one's (four a build:
 * status's, ~140 KB, the demo's, ~1.6 MB, its AWS SDK's, ~2.2 MB, and React and Ink's for the
 * split build, ~350 KB).
 */
export const KEPT_CACHES = 8;
const CACHE_NAME = /^[0-9a-f]{32}\.v8$/;

/**
 * Each build writes its caches and never reads another's, so without this every upgrade
 * left one behind for good. Runs only when a cache was just written (once per build), and drops
 * the least recently written beyond KEPT_CACHES: a build whose cache goes recompiles once.
 */
function prune(dir: string): void {
  const caches = readdirSync(dir)
    .filter((n) => CACHE_NAME.test(n))
    .map((n) => ({ path: join(dir, n), at: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of caches.slice(KEPT_CACHES)) unlinkSync(old.path);
}
