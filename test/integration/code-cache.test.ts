/**
 * `golive status` through V8's code cache (source/cli/code-cache.ts, bin/golive.js): the cache is
 * kept for the user alone, used while it is the bundle's own and intact, and never changes an answer:
 * a corrupt or planted cache, or none that can be kept, gives the same status as no cache at all.
 */
import { execFile } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { KEPT_CACHES } from "../../source/cli/code-cache.js";
import { BIN, ROOT, tempDir } from "../helpers/paths.js";

const run = promisify(execFile);
const NOW = "2026-12-02T04:20:00Z";
let sessions: string;

async function status(cacheHome: string) {
  const env = { ...process.env, GOLIVE_SESSIONS: sessions, GOLIVE_NOW: NOW, GOLIVE_USER: "tester" };
  const r = await run(process.execPath, [BIN, "status"], {
    env: { ...env, XDG_CACHE_HOME: cacheHome },
    cwd: ROOT,
  });
  return { stdout: r.stdout, stderr: r.stderr };
}

const cacheFiles = (home: string) => {
  const dir = join(home, "golive", "code-cache");
  return readdirSync(dir).map((n) => join(dir, n));
};
const mode = (p: string) => statSync(p).mode & 0o777;
const GARBAGE = Buffer.alloc(4096, 0x5a);

/** A cache home whose status answer is known, its cache file then overwritten with garbage at `perm`. */
async function planted(perm: number) {
  const home = tempDir();
  const clean = await status(home);
  const file = cacheFiles(home)[0]!;
  writeFileSync(file, GARBAGE);
  chmodSync(file, perm);
  return { home, file, clean };
}

beforeAll(async () => {
  sessions = tempDir();
  const env = { ...process.env, GOLIVE_SESSIONS: sessions, GOLIVE_NOW: NOW, GOLIVE_USER: "tester" };
  await run(process.execPath, [BIN, "new", "--runbook", "checklists/go-live.md"], { env, cwd: ROOT });
  await run(process.execPath, [BIN, "note", "warm the kept state"], { env, cwd: ROOT });
}, 60_000);

describe("golive status through V8's code cache", () => {
  it("keeps one cache file for the user alone and answers the same from it", async () => {
    const home = tempDir();
    const first = await status(home);
    expect(first.stdout).toMatch(/Go-Live Runbook — session .* \[OPEN\]/);
    const [file, ...more] = cacheFiles(home);
    expect(more).toEqual([]);
    expect(file).toMatch(/[0-9a-f]{32}\.v8$/);
    expect(mode(join(home, "golive", "code-cache"))).toBe(0o700);
    expect(mode(file!)).toBe(0o600);
    const bytes = readFileSync(file!);
    const second = await status(home);
    expect(second).toEqual(first);
    // Used, not made again: the file is the one the first run kept.
    expect(readFileSync(file!).equals(bytes)).toBe(true);
  }, 60_000);

  it("a corrupt cache is rejected and made again; the answer is the same", async () => {
    const { home, file, clean } = await planted(0o600);
    expect(await status(home)).toEqual(clean);
    expect(readFileSync(file).equals(GARBAGE)).toBe(false);
  }, 60_000);

  it("a cache others may write is not read, and is replaced by the user's own", async () => {
    const { home, file, clean } = await planted(0o666);
    expect(await status(home)).toEqual(clean);
    expect(mode(file)).toBe(0o600);
  }, 60_000);

  it("where no cache can be kept, status answers as ever and says nothing about it", async () => {
    const home = tempDir();
    const clean = await status(tempDir());
    // golive's cache directory cannot be made: a file stands where it would go.
    writeFileSync(join(home, "golive"), "not a directory");
    expect(await status(home)).toEqual(clean);
  }, 60_000);

  it("keeps the newest caches of a few builds and drops older ones, nothing else in the directory", async () => {
    const home = tempDir();
    const dir = join(home, "golive", "code-cache");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Earlier builds' caches, a day apart, and a file golive did not name.
    const earlier = Array.from({ length: KEPT_CACHES + 1 }, (_, i) => {
      const file = join(dir, `${String(i).repeat(32)}.v8`);
      writeFileSync(file, GARBAGE, { mode: 0o600 });
      const at = new Date(Date.parse("2026-11-01T00:00:00Z") + i * 86_400_000);
      utimesSync(file, at, at);
      return file;
    });
    writeFileSync(join(dir, "notes.txt"), "mine");
    const answer = await status(home);
    expect(answer.stdout).toMatch(/\[OPEN\]/);
    const left = cacheFiles(home).sort();
    const made = left.filter((f) => !earlier.includes(f) && f.endsWith(".v8"));
    expect(made).toHaveLength(1);
    // This build's cache and the newest of the others, KEPT_CACHES in all.
    expect(left).toEqual([...earlier.slice(-(KEPT_CACHES - 1)), made[0]!, join(dir, "notes.txt")].sort());
  });
});
