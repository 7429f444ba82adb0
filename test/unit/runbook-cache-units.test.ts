/**
 * runbook/cache.ts and runbook/shipped.ts on a three-line runbook (milliseconds a case, so Stryker's
 * `runbook-cache` scope can afford every mutant): which parse is served, which file is written where
 * and with what rights, which files a new build's parse removes, what a planted file changes.
 * runbook-cache.test.ts and shipped-runbooks.test.ts hold the same contracts on the shipped
 * checklists (over a second a parse).
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { redact } from "../../source/domain/redact.js";
import { keepParsedRunbook, parseRunbookCached } from "../../source/runbook/cache.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { parseShippedOr, SHIPPED_PARSES, shippedParses } from "../../source/runbook/shipped.js";
import { tempDir } from "../helpers/paths.js";

const file = "checklists/small.md";
const text = "# Small\n\n- [ ] deploy\n";
const sha = createHash("sha256").update(text).digest("hex");
const name = (build: string, s = sha) => `runbook-${s.slice(0, 32)}-${build}.json`;
const cached = (dir: string, build: string) => JSON.parse(readFileSync(join(dir, name(build)), "utf8"));
const plant = (dir: string, build: string, fields: Record<string, unknown>) => {
  mkdirSync(dir, { recursive: true });
  const runbook = { ...parseRunbook(file, text, sha), title: "planted" };
  writeFileSync(join(dir, name(build)), JSON.stringify({ sha256: sha, build, file, runbook, ...fields }));
};

describe("the parsed-runbook cache on a small runbook", () => {
  it("writes the parse as runbook-<32 hex>-<build>.json, 0600 in 0700 directories it makes, and reads it back", async () => {
    const root = tempDir();
    const dir = join(root, "sessions", ".cache");
    const fresh = parseRunbook(file, text, sha);
    expect(await parseRunbookCached(dir, file, text, sha, "b1")).toStrictEqual(fresh);
    expect(readdirSync(dir)).toEqual([name("b1")]);
    expect(cached(dir, "b1")).toStrictEqual(
      JSON.parse(JSON.stringify({ sha256: sha, build: "b1", file, runbook: fresh })),
    );
    expect(statSync(join(dir, name("b1"))).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, "sessions")).mode & 0o777).toBe(0o700);
    plant(dir, "b1", {});
    expect((await parseRunbookCached(dir, file, text, sha, "b1")).title).toBe("planted");
  });

  it("serves a kept parse only when its sha256, build and file match and it holds a runbook", async () => {
    const dir = join(tempDir(), ".cache");
    const sameStart = `${sha.slice(0, 32)}${"0".repeat(32)}`;
    for (const fields of [
      { sha256: sameStart },
      { build: "b0" },
      { file: "other.md" },
      { runbook: undefined },
    ]) {
      plant(dir, "b1", fields);
      expect(await parseRunbookCached(dir, file, text, sha, "b1")).toStrictEqual(
        parseRunbook(file, text, sha),
      );
      // The miss replaced the file with this parse.
      expect(cached(dir, "b1").runbook.title).toBe("Small");
    }
  });

  it("neither reads nor keeps a parse without a build or for a sha256 that is not 64 lower-case hex digits", async () => {
    const root = tempDir();
    const bad = [sha.toUpperCase(), `x${sha}`, `${sha}x`, sha.slice(1), `${sha.slice(1)}g`];
    for (const [s, build] of [[sha, ""], ...bad.map((s) => [s, "b1"])] as [string, string][]) {
      // A file at the name such a key would give, whose fields match it: still not served.
      const dir = join(root, `${s}-${build}`);
      plant(dir, build, { sha256: s });
      const [planted] = readdirSync(dir);
      writeFileSync(join(dir, `runbook-${s.slice(0, 32)}-${build}.json`), readFileSync(join(dir, planted!)));
      expect(await parseRunbookCached(dir, file, text, s, build)).toStrictEqual(parseRunbook(file, text, s));
      await keepParsedRunbook(dir, file, s, parseRunbook(file, text, s), build);
      expect(readdirSync(dir).sort()).toEqual(
        [...new Set([planted!, `runbook-${s.slice(0, 32)}-${build}.json`])].sort(),
      );
      // Nor written over: each is still the planted parse.
      for (const n of readdirSync(dir))
        expect(JSON.parse(readFileSync(join(dir, n), "utf8")).runbook.title, n).toBe("planted");
    }
  });

  it.skipIf(!existsSync("/proc/self/fd"))(
    "closes what it opens: no descriptor left behind by a write",
    async () => {
      const dir = join(tempDir(), ".cache");
      await keepParsedRunbook(dir, file, sha, parseRunbook(file, text, sha), "b0");
      const open = readdirSync("/proc/self/fd").length;
      for (const build of ["b1", "b2", "b3"])
        await keepParsedRunbook(dir, file, sha, parseRunbook(file, text, sha), build);
      expect(readdirSync("/proc/self/fd").length).toBe(open);
    },
  );

  it("a new build's parse removes this runbook's earlier builds' and leaves every other file", async () => {
    const dir = join(tempDir(), ".cache");
    const other = createHash("sha256").update("other").digest("hex");
    const stay = [name("b0", other), `${name("b0")}.123.tmp`, `x${name("b0")}`, "notes.json"];
    mkdirSync(dir);
    for (const n of [name("b0"), name("b9"), ...stay]) writeFileSync(join(dir, n), "{}");
    await keepParsedRunbook(dir, file, sha, parseRunbook(file, text, sha), "b1");
    expect(readdirSync(dir).sort()).toEqual([name("b1"), ...stay].sort());
  });

  it("never writes through a file or symlink planted at the temporary name, nor leaves its own", async () => {
    const root = tempDir();
    const dir = join(root, ".cache");
    mkdirSync(dir);
    const tmp = join(dir, `${name("b1")}.${process.pid}.tmp`);
    writeFileSync(join(root, "target"), "kept");
    symlinkSync(join(root, "target"), tmp);
    expect(await parseRunbookCached(dir, file, text, sha, "b1")).toStrictEqual(parseRunbook(file, text, sha));
    expect(readFileSync(join(root, "target"), "utf8")).toBe("kept");
    expect(readdirSync(dir)).toEqual([`${name("b1")}.${process.pid}.tmp`]);
    // The cache file's own name taken by a directory: the rename fails and the temporary file goes.
    const dir2 = join(root, ".cache2");
    mkdirSync(join(dir2, name("b1"), "inside"), { recursive: true });
    expect(await parseRunbookCached(dir2, file, text, sha, "b1")).toStrictEqual(
      parseRunbook(file, text, sha),
    );
    expect(readdirSync(dir2)).toEqual([name("b1")]);
  });
});

describe("the shipped runbooks' parses on small checklists", () => {
  const shipped = (root: string, texts: Record<string, string>) => {
    mkdirSync(join(root, "checklists"), { recursive: true });
    for (const [n, t] of Object.entries(texts)) writeFileSync(join(root, "checklists", `${n}.md`), t);
  };
  const goLive = "# Go-live\n\n- [ ] login with --password Hunter2x9k\n";
  const hash = (t: string) => createHash("sha256").update(t).digest("hex");

  it("the build parses deployment and go-live under their checklists/ names, noting which the rules leave alone", async () => {
    const root = tempDir();
    shipped(root, { deployment: text, "go-live": goLive });
    const entry = (f: string, t: string, rulesClean: boolean) => ({
      file: f,
      runbook: parseRunbook(f, t, hash(t)),
      rulesClean,
    });
    expect(await shippedParses(root, "b1")).toStrictEqual({
      build: "b1",
      runbooks: {
        [sha]: entry("checklists/deployment.md", text, true),
        [hash(goLive)]: entry("checklists/go-live.md", goLive, false),
      },
    });
  });

  it("the demo reads the build's parse for that text, name and build; a text the rules change is still redacted", async () => {
    const root = tempDir();
    shipped(root, { deployment: text, "go-live": goLive });
    const parses = await shippedParses(root, "b1");
    for (const kept of Object.values(parses.runbooks!)) kept.runbook.title = "from the build";
    writeFileSync(join(root, SHIPPED_PARSES), JSON.stringify(parses));
    const read = async (f: string, t: string, s: string, build: string) =>
      (await parseShippedOr(f, t, s, root, build)).title;
    expect(await read("checklists/deployment.md", text, sha, "b1")).toBe("from the build");
    expect(await read("checklists/go-live.md", goLive, hash(goLive), "b1")).toBe("from the build");
    expect(redact(goLive)).toContain("[REDACTED:password]");
    expect(await read("checklists/deployment.md", text, sha, "b2")).toBe("Small");
    expect(await read("checklists/go-live.md", text, sha, "b1")).toBe("Small");
    expect(await read("checklists/deployment.md", text, hash("other"), "b1")).toBe("Small");
    // A build file written without a build id is still no build's: running from source parses.
    writeFileSync(join(root, SHIPPED_PARSES), JSON.stringify({ ...parses, build: "" }));
    expect(await read("checklists/deployment.md", text, sha, "")).toBe("Small");
  });
});
