/**
 * Parsing a runbook costs more than everything else `golive status` does (micromark over ~20 KB on
 * every command). The parse is a pure function of the runbook's text and of golive's own code, so
 * its result is kept beside the sessions, keyed by the text's SHA-256 and the build's hash, and
 * read back instead. The cache is an optimisation only: unreadable, stale or unwritable means
 * parse again, never fail. It lives in the sessions directory (0700), so whoever could alter it
 * could alter the session itself.
 */
import { constants, readFileSync } from "node:fs";
import { mkdir, open, readdir, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Runbook } from "../domain/runbook.js";

/** The bundle's own content hash (scripts/build.mjs); undefined when running from source (tests). */
declare const __GOLIVE_BUILD__: string | undefined;
const BUILD = typeof __GOLIVE_BUILD__ === "string" ? __GOLIVE_BUILD__ : undefined;

export async function parseRunbookCached(
  cacheDir: string,
  file: string,
  text: string,
  sha256: string,
  build = BUILD,
): Promise<Runbook> {
  if (!build || !/^[0-9a-f]{64}$/.test(sha256)) return parse(file, text, sha256);
  const path = join(cacheDir, `runbook-${sha256.slice(0, 32)}-${build}.json`);
  try {
    // Synchronously: `golive status` then never loads node:fs/promises (bench/RESULTS.md §1c).
    const c = JSON.parse(readFileSync(path, "utf8")) as {
      sha256?: string;
      build?: string;
      file?: string;
      runbook?: Runbook;
    };
    if (c.sha256 === sha256 && c.build === build && c.file === file && c.runbook) return c.runbook;
  } catch {
    // no cache yet, or a damaged one: parse
  }
  const runbook = await parse(file, text, sha256);
  await keepParsedRunbook(cacheDir, file, sha256, runbook, build);
  return runbook;
}

/**
 * Keeps a parse made elsewhere: `golive new` has just parsed the text its session stores, and without
 * this the first command after it parsed it again (1.5 s of CPU for a 10,000-item runbook, not 0.8).
 * `runbook` must be the parse of exactly the text the session stores, under this `file` and `sha256`.
 */
export async function keepParsedRunbook(
  cacheDir: string,
  file: string,
  sha256: string,
  runbook: Runbook,
  build = BUILD,
): Promise<void> {
  if (!build || !/^[0-9a-f]{64}$/.test(sha256)) return;
  const path = join(cacheDir, `runbook-${sha256.slice(0, 32)}-${build}.json`);
  await write(cacheDir, path, JSON.stringify({ sha256, build, file, runbook })).catch(() => {});
  await pruneOtherBuilds(cacheDir, sha256, build).catch(() => {});
}

/**
 * Earlier builds' parses of this runbook are never read by this one: without this, every upgrade
 * left another copy (2.4 MB for a 10,000-item runbook) in the sessions directory for good.
 */
async function pruneOtherBuilds(dir: string, sha256: string, build: string): Promise<void> {
  const prefix = `runbook-${sha256.slice(0, 32)}-`;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(".json")) continue;
    if (name === `${prefix}${build}.json`) continue;
    await unlink(join(dir, name)).catch(() => {});
  }
}

/**
 * The Markdown parser (micromark, a third of a megabyte of bundle) is loaded only on a miss: a
 * command on a session whose parse is cached never compiles it.
 */
async function parse(file: string, text: string, sha256: string): Promise<Runbook> {
  const { parseRunbook } = await import("./parse.js");
  return parseRunbook(file, text, sha256);
}

async function write(dir: string, path: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  // Exclusive and not following links: a planted file or symlink at the temp name is never written through.
  const fh = await open(
    tmp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    await fh.writeFile(text, "utf8");
  } finally {
    await fh.close();
  }
  await rename(tmp, path).catch(async (e) => {
    await unlink(tmp).catch(() => {});
    throw e;
  });
}
