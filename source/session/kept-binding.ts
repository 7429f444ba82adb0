/**
 * What binds the kept state (state-cache.ts) to its document when `status` or `list` reads it: the
 * document's stat identity, its last event read from its tail, and a cheap checksum of the kept
 * body. state-cache.ts says why that is enough, and where it is not used (the export).
 */
import {
  type BigIntStats,
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/** dev, inode, size, mtime and ctime (nanoseconds), as git's index knows a file; one word. */
export function statIdentity(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/**
 * The identity of `file` as it is now, when its bytes are exactly the ones whose SHA-256 (`sha`) is
 * `digest` and nothing can change them any more without changing it; else undefined (then no
 * "stat"-bound read trusts the kept state). A change in the clock tick of the file's last change
 * keeps its ctime (git's "racily clean" entry): so wait until the file system's clock has passed that
 * ctime (a few milliseconds at most on a local disk), then read the bytes again. What changed
 * before then is in those bytes; what changes after gets a later ctime.
 */
export function settledIdentity(
  file: string,
  digest: string,
  probeDir: string,
  sha: (b: Uint8Array) => string,
): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile() || !clockPassed(probeDir, st.ctimeNs)) return undefined;
    if (sha(readFileSync(fd)) !== digest) return undefined;
    const id = statIdentity(st);
    return statIdentity(fstatSync(fd, { bigint: true })) === id ? id : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether a file changed in `dir` now gets a ctime later than `t` (waits up to ~100 ms for it). */
function clockPassed(dir: string, t: bigint): boolean {
  const probe = join(dir, `.clock-${process.pid}.tmp`);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let fd: number | undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = openSync(
      probe,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
      0o600,
    );
    for (let i = 0; i < 100; i++) {
      writeSync(fd, "x");
      if (fstatSync(fd, { bigint: true }).ctimeNs > t) return true;
      Atomics.wait(pause, 0, 0, 1);
    }
    return false;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(probe);
    } catch {
      // never created
    }
  }
}

/**
 * A checksum of the kept body, for damage (a truncated or altered file), not for an attacker: its
 * CRC-32 (any one burst of up to 32 changed bits is caught, anything else missed with odds of about
 * 2^-32) after its length. Native, never a loop in JavaScript: over the 94 KB of a 1,000-event
 * session one cost ~12 M instructions (TurboFan compiling it), more than the SHA-256 it replaces.
 * Through zlib's native binding where that cannot print a deprecation warning: loading node:zlib's
 * module for its crc32 costs ~9 M instructions, the binding ~1 M (bench/RESULTS.md §1c).
 */
export function bodySum(bytes: Uint8Array): string {
  return `${bytes.length.toString(16)}-${(crc32()(bytes, 0) >>> 0).toString(16).padStart(8, "0")}`;
}

type Crc32 = (data: Uint8Array, value: number) => number;
let crc: Crc32 | undefined;

function crc32(): Crc32 {
  if (crc) return crc;
  // process.binding warns (or throws) only under --pending-deprecation / --throw-deprecation.
  const flags = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  if (!/--(pending|throw)-deprecation/.test(flags)) {
    try {
      const native = (process as unknown as { binding(m: string): { crc32?: Crc32 } }).binding("zlib").crc32;
      if (typeof native === "function") crc = (d, v) => native(d, v);
    } catch {
      // a runtime without it: the module's own
    }
  }
  crc ??= (d, v) => process.getBuiltinModule("node:zlib").crc32(d, v);
  return crc;
}

const TAIL = 16384;
const EVENTS = Buffer.from(',\n "events": [\n  {');
const BOUNDARY = Buffer.from("\n  },\n  {");
const isWs = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The document's last event, from its last 16 KB in golive's own layout (session/read-doc.ts), or
 * undefined for anything else (another layout, a last event longer than that, a short read).
 */
export function lastEventOf(fd: number, size: number): { seq?: unknown; hash?: unknown } | undefined {
  const from = Math.max(0, size - TAIL);
  const buf = Buffer.allocUnsafe(size - from);
  if (readSync(fd, buf, 0, buf.length, from) !== buf.length) return undefined;
  let end = buf.length;
  for (const close of [0x7d, 0x5d] /* } ] */) {
    while (end > 0 && isWs(buf[end - 1])) end--;
    if (buf[--end] !== close) return undefined;
  }
  while (end > 0 && isWs(buf[end - 1])) end--;
  const cut = buf.lastIndexOf(BOUNDARY, end - BOUNDARY.length);
  let start = cut + BOUNDARY.length - 1;
  if (cut < 0) {
    const at = from === 0 ? buf.indexOf(EVENTS) : -1;
    if (at < 0) return undefined;
    start = at + EVENTS.length - 1;
  }
  try {
    const e = JSON.parse(buf.toString("utf8", start, end)) as unknown;
    return typeof e === "object" && e !== null && !Array.isArray(e) ? e : undefined;
  } catch {
    return undefined;
  }
}
