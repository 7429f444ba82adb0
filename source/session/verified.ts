/**
 * Loading a session checks every event (duplicate keys, shape, the hash chain): for 100,000 events
 * that is most of a second, and every command used to do it twice (listing the directory, then
 * opening). A document whose exact text was already checked is not checked again: by this process
 * (in memory), or by an earlier writing golive of the same build (a marker in the sessions
 * directory's `.cache`, one per session file, holding the SHA-256 of the text it checked or wrote). The marker is an
 * optimisation only: missing, damaged, stale or unwritable means "check again", never fail.
 *
 * What trusting it gives up: nothing an attacker with write access to the sessions directory lacks
 * anyway (the chain is unkeyed: whoever can write the marker can rewrite the chain). `golive verify`
 * never trusts it and always recomputes everything.
 *
 * node:crypto is loaded where a digest is made, never at load: `golive status` from the kept state
 * makes none (bench/RESULTS.md §1c).
 */
import {
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";

/** The bundle's own content hash (scripts/build.mjs); undefined when running from source (tests). */
declare const __GOLIVE_BUILD__: string | undefined;
let build: string | undefined = typeof __GOLIVE_BUILD__ === "string" ? __GOLIVE_BUILD__ : undefined;

/** Tests run from source (no build hash): they name one to exercise the on-disk marker. */
export function setVerifiedBuild(b: string | undefined): void {
  build = b;
}

const checked = new Set<string>();

export function textDigest(text: string): string {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(text).digest("hex");
}

function markerOf(file: string): string {
  return join(dirname(file), ".cache", `verified-${basename(file)}`);
}

function markerText(digest: string): string {
  return `${digest} ${build}\n`;
}

/** Whether this exact text (by digest) of `file` was fully checked before. */
export function wasVerified(file: string, digest: string): boolean {
  return checked.has(`${file}\0${digest}`) || markerSays(file, digest);
}

/** Whether the on-disk marker (of this build) names this digest. */
function markerSays(file: string, digest: string): boolean {
  if (!build) return false;
  let fd: number | undefined;
  try {
    // Never through a symlink: the marker must be the file golive wrote.
    fd = openSync(markerOf(file), constants.O_RDONLY | constants.O_NOFOLLOW);
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.toString("utf8", 0, n) === markerText(digest);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Remembers that this text of `file` passed every check: in memory, and on disk when built and
 * `persist` (a writer: a read-only viewer must leave the sessions directory as it found it).
 */
export function rememberVerified(file: string, digest: string, persist = true): void {
  checked.add(`${file}\0${digest}`);
  // Every writer's open remembers: a marker that already says so is not written again.
  if (!build || !persist || markerSays(file, digest)) return;
  writeCacheFile(markerOf(file), markerText(digest));
}

/** The build this cache belongs to (undefined from source: nothing is kept on disk). */
export function cacheBuild(): string | undefined {
  return build;
}

/**
 * Replaces a file under `.cache` (temp, exclusive and never through a link, then rename); a failure
 * leaves no temp file and is not an error: the cache is an optimisation only.
 */
export function writeCacheFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${process.getBuiltinModule("node:crypto").randomBytes(4).toString("hex")}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(
      tmp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
}
