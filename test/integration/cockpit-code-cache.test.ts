/**
 * `golive demo` and `golive open` run from one CommonJS file, dist/cockpit.cjs, through V8's code cache
 * (scripts/cockpit-bundle.mjs, bin/golive.js): the file is one-byte text with its SHA-256 beside it,
 * and the cache is kept once the first frame is on screen (the cockpit runs for hours, and changes
 * V8's flags after that frame, which would make a later cache unusable), then used as it is. The AWS
 * SDK is a file of its own, dist/cockpit-aws.cjs (scripts/cockpit-aws.mjs), loaded after that frame
 * with a cache of its own, kept once it has loaded.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCached } from "../../source/cli/code-cache.js";
import { BIN, ROOT, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

const cacheFiles = (home: string) => {
  try {
    return readdirSync(join(home, "golive", "code-cache")).map((n) => join(home, "golive", "code-cache", n));
  } catch {
    return [];
  }
};

/** The cache's name for a file of dist/ (source/cli/code-cache.ts, sourceId): its digest, then its length. */
const cacheName = (name: string) => {
  const digest = readFileSync(join(ROOT, "dist", `${name}.sha256`), "utf8").slice(0, 24);
  const length = statSync(join(ROOT, "dist", name))
    .size.toString(16)
    .padStart(8, "0");
  return `${digest}${length}.v8`;
};

describe("the cockpit through V8's code cache", () => {
  it("dist/cockpit.cjs and its AWS SDK file are one-byte text, named by the SHA-256 written beside them", () => {
    for (const name of ["cockpit.cjs", "cockpit-aws.cjs"]) {
      const bytes = readFileSync(join(ROOT, "dist", name));
      expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
      expect(readFileSync(join(ROOT, "dist", `${name}.sha256`), "utf8")).toBe(
        createHash("sha256").update(bytes).digest("hex"),
      );
    }
  });

  it("the AWS SDK is in dist/cockpit-aws.cjs, not in the file the demo reads before its first frame", () => {
    const sdk = /node_modules\/@(aws-sdk|smithy)\//;
    expect(readFileSync(join(ROOT, "dist", "cockpit.cjs"), "latin1")).not.toMatch(sdk);
    const chunk = readFileSync(join(ROOT, "dist", "cockpit-aws.cjs"), "latin1");
    for (const client of ["client-ecs", "client-elastic-load-balancing-v2", "client-cloudwatch", "client-s3"])
      expect(chunk).toContain(`node_modules/@aws-sdk/${client}/`);
  });

  it("runCached keeps the cache when the run asks, before the run ends, and once", async () => {
    const home = tempDir();
    const file = join(tempDir(), "bundle.cjs");
    writeFileSync(file, "exports.twice = (n) => 2 * n;");
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = home;
    try {
      const seen: string[][] = [];
      const answer = await runCached(file, async (m, keep) => {
        seen.push(cacheFiles(home));
        keep();
        seen.push(cacheFiles(home));
        return (m.twice as (n: number) => number)(21);
      });
      expect(answer).toBe(42);
      expect(seen[0]).toEqual([]);
      expect(seen[1]).toHaveLength(1);
      // Not written again at the end of the run.
      expect(cacheFiles(home)).toEqual(seen[1]);
      expect(statSync(seen[1]![0]!).mtimeMs).toBe(statSync(cacheFiles(home)[0]!).mtimeMs);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  it("a bundle's text is the file's UTF-8 whether or not it is all ASCII (read as Latin-1 when it is)", async () => {
    const home = tempDir();
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = home;
    try {
      for (const text of ["plain ASCII ~ \\u2610", "\u2610 \u2192 \u2264 caf\u00e9 \u{1f680}"]) {
        const file = join(tempDir(), "bundle.cjs");
        writeFileSync(file, `exports.text = ${JSON.stringify(text)}; exports.length = exports.text.length;`);
        // Twice: compiled, then from the cache the first run kept.
        for (const _ of [1, 2]) {
          const got = await runCached(file, async (m) => m);
          expect(got.text).toBe(text);
          expect(got.length).toBe(text.length);
        }
      }
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  it("`golive demo` keeps the cache at its first frame, the SDK's once it loads, and the next demo runs from both", async () => {
    const home = tempDir();
    const kept: { file: string; bytes: Buffer }[] = [];
    const sdkKept: { bytes: Buffer; mtimeMs: number }[] = [];
    const sdkCache = join(home, "golive", "code-cache", cacheName("cockpit-aws.cjs"));
    for (const run of [1, 2]) {
      const sessions = tempDir("cockpit-cache-");
      const t = await TmuxSession.start(
        `cockpit-cache-${run}`,
        { columns: 80, rows: 24 },
        `node ${BIN} demo --port ${await freePortPair()}`,
        cockpitEnv(sessions, { NO_COLOR: "1", XDG_CACHE_HOME: home }),
      );
      try {
        await t.waitFor((x) => x.includes("Timeline") && x.includes("q quit"), "the first frame");
        // While the cockpit still runs: kept at the frame, not at the end.
        const files = cacheFiles(home).filter((f) => f.endsWith(".v8") && f !== sdkCache);
        expect(files).toHaveLength(1);
        expect(files[0]).toBe(join(home, "golive", "code-cache", cacheName("cockpit.cjs")));
        kept.push({ file: files[0]!, bytes: readFileSync(files[0]!) });
        // The engine's first read of the listener: the SDK has run.
        await t.waitFor((x) => x.includes("blue 100") && x.includes("green 0"), "traffic read from AWS");
        // The SDK's cache is kept as it loads, under the flags the next run loads it under.
        sdkKept.push({ bytes: readFileSync(sdkCache), mtimeMs: statSync(sdkCache).mtimeMs });
        await t.keys("q");
        await t.waitFor((x) => x.includes("[exited 0]"), "clean exit");
      } finally {
        t.kill();
      }
    }
    // Used, not made again: the second run kept nothing new (V8 rejecting either would make it again).
    expect(kept[1]!.file).toBe(kept[0]!.file);
    expect(kept[1]!.bytes.equals(kept[0]!.bytes)).toBe(true);
    expect(statSync(sdkCache).mtimeMs).toBe(sdkKept[0]!.mtimeMs);
    expect(sdkKept[1]!.mtimeMs).toBe(sdkKept[0]!.mtimeMs);
    expect(sdkKept[1]!.bytes.equals(sdkKept[0]!.bytes)).toBe(true);
  }, 90_000);
  it("`golive open` runs from dist/cockpit.cjs too: the cache it keeps at its first frame is that file's", async () => {
    const home = tempDir();
    const sessions = tempDir("cockpit-cache-open-");
    const env = cockpitEnv(sessions, { NO_COLOR: "1", XDG_CACHE_HOME: home });
    execFileSync(process.execPath, [BIN, "new", "--runbook", "checklists/deployment.md"], { cwd: ROOT, env });
    // `new` runs from the split build and keeps nothing.
    expect(cacheFiles(home)).toEqual([]);
    const t = await TmuxSession.start(
      "cockpit-cache-open",
      { columns: 80, rows: 24 },
      `node ${BIN} open`,
      env,
    );
    try {
      await t.waitFor((x) => x.includes("Timeline") && x.includes("q quit"), "the first frame");
      // While the cockpit still runs: kept at the frame, and no cache of the split build's React and Ink.
      expect(cacheFiles(home)).toEqual([join(home, "golive", "code-cache", cacheName("cockpit.cjs"))]);
      await t.keys("q");
      await t.waitFor((x) => x.includes("[exited 0]"), "clean exit");
    } finally {
      t.kill();
    }
  }, 60_000);
});
