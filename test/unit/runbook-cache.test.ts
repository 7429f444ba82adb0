import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunbookCached } from "../../source/runbook/cache.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { SEEDS, tempDir } from "../helpers/paths.js";

const file = "checklists/deployment.md";
const text = readFileSync(join(SEEDS, "deployment.md"), "utf8");
const sha = createHash("sha256").update(text).digest("hex");

describe("the parsed-runbook cache", () => {
  it("gives back exactly what the parser gives, from the cache on the second read", async () => {
    const dir = join(tempDir(), ".cache");
    const fresh = parseRunbook(file, text, sha);
    expect(await parseRunbookCached(dir, file, text, sha, "b1")).toEqual(fresh);
    const [cached] = readdirSync(dir);
    expect(cached).toMatch(/^runbook-[0-9a-f]{32}-b1\.json$/);
    // JSON keeps everything the parser produces (no Maps, Dates or undefined-only differences).
    expect(await parseRunbookCached(dir, file, text, sha, "b1")).toStrictEqual(
      JSON.parse(JSON.stringify(fresh)),
    );
    expect(JSON.parse(JSON.stringify(fresh))).toEqual(fresh);
    // Prove the second read comes from the file: mark the cached copy, then read again.
    const c = JSON.parse(readFileSync(join(dir, cached!), "utf8"));
    c.runbook.title = "from the cache";
    writeFileSync(join(dir, cached!), JSON.stringify(c));
    expect((await parseRunbookCached(dir, file, text, sha, "b1")).title).toBe("from the cache");
  });

  it("never serves another build's parse, another file's or a damaged one", async () => {
    const dir = join(tempDir(), ".cache");
    await parseRunbookCached(dir, file, text, sha, "b1");
    const [cached] = readdirSync(dir);
    const c = JSON.parse(readFileSync(join(dir, cached!), "utf8"));
    c.runbook.title = "stale";
    writeFileSync(join(dir, cached!), JSON.stringify(c));
    expect((await parseRunbookCached(dir, file, text, sha, "b2")).title).toBe("Deployment Checklist");
    expect((await parseRunbookCached(dir, "other.md", text, sha, "b1")).title).toBe("Deployment Checklist");
    writeFileSync(join(dir, cached!), "{ not json");
    expect((await parseRunbookCached(dir, file, text, sha, "b1")).title).toBe("Deployment Checklist");
  });

  it("keeps one parse of a runbook: a new build's replaces the earlier builds', other runbooks' stay", async () => {
    const dir = join(tempDir(), ".cache");
    const other = `${text}\n- [ ] one more item\n`;
    const otherSha = createHash("sha256").update(other).digest("hex");
    await parseRunbookCached(dir, file, text, sha, "b1");
    await parseRunbookCached(dir, file, other, otherSha, "b1");
    await parseRunbookCached(dir, file, text, sha, "b2");
    expect(readdirSync(dir).sort()).toEqual(
      [`runbook-${sha.slice(0, 32)}-b2.json`, `runbook-${otherSha.slice(0, 32)}-b1.json`].sort(),
    );
  });

  it("parses without a cache when the directory cannot be written, and when running from source", async () => {
    const root = tempDir();
    writeFileSync(join(root, ".cache"), "a file where the cache directory would be");
    const rb = await parseRunbookCached(join(root, ".cache"), file, text, sha, "b1");
    expect(rb).toEqual(parseRunbook(file, text, sha));
    const dir = join(tempDir(), ".cache");
    // The suite gives cache.ts a build hash (vitest.config.ts, runbookCacheBuild); the module under
    // another id (a query) is cache.ts as it runs from source, without one.
    const spec = "../../source/runbook/cache.js?from-source";
    const fromSource = (await import(
      /* @vite-ignore */ spec
    )) as typeof import("../../source/runbook/cache.js");
    expect(fromSource.parseRunbookCached).not.toBe(parseRunbookCached);
    await fromSource.parseRunbookCached(dir, file, text, sha, undefined);
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });
});
