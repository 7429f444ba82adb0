/**
 * session/verified.ts on its own: what "checked before" means in memory and on disk. A text is
 * trusted only as checked (this file, this digest), a marker is written only by a built writer that
 * persists and not again when it already says so, running from source never trusts or writes one,
 * reading a marker leaves no descriptor open, and a marker that cannot be written leaves no temp file.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  rememberVerified,
  setVerifiedBuild,
  textDigest,
  wasVerified,
  writeCacheFile,
} from "../../source/session/verified.js";
import { tempDir } from "../helpers/paths.js";

afterEach(() => setVerifiedBuild(undefined));

const marker = (file: string) => join(dirname(file), ".cache", `verified-${basename(file)}`);
let n = 0;
/** A session file name and a digest of a text no other test remembers. */
function fresh() {
  const dir = tempDir("verified-marker-");
  return { dir, file: join(dir, `s${++n}.json`), digest: textDigest(`text ${n} ${Math.random()}`) };
}

describe("checked before", () => {
  it("in memory: this file with this digest only, whether or not a marker is kept", () => {
    const { file, digest } = fresh();
    expect(wasVerified(file, digest)).toBe(false);
    rememberVerified(file, digest, false);
    expect(wasVerified(file, digest)).toBe(true);
    expect(wasVerified(file, textDigest("another text"))).toBe(false);
    expect(wasVerified(`${file}.other`, digest)).toBe(false);
  });

  it("running from source (no build): no marker is trusted or written", () => {
    const { file, digest } = fresh();
    mkdirSync(dirname(marker(file)), { recursive: true });
    writeFileSync(marker(file), `${digest} undefined\n`);
    expect(wasVerified(file, digest)).toBe(false);
    const other = fresh();
    rememberVerified(other.file, other.digest);
    expect(readdirSync(other.dir)).toEqual([]);
  });

  it("a built writer that persists writes the marker once; a viewer (persist false) writes none", () => {
    setVerifiedBuild("b1");
    const viewer = fresh();
    rememberVerified(viewer.file, viewer.digest, false);
    expect(readdirSync(viewer.dir)).toEqual([]);
    const { file, digest } = fresh();
    rememberVerified(file, digest);
    expect(readFileSync(marker(file), "utf8")).toBe(`${digest} b1\n`);
    const ino = statSync(marker(file)).ino;
    rememberVerified(file, digest);
    // Not written again: a rewrite is a new file renamed over it.
    expect(statSync(marker(file)).ino).toBe(ino);
  });

  it("reading and writing markers leaves no descriptor open", () => {
    setVerifiedBuild("b1");
    const { file, digest } = fresh();
    rememberVerified(file, digest);
    const open = () => readdirSync("/proc/self/fd").length;
    const before = open();
    for (let i = 0; i < 50; i++) expect(wasVerified(file, textDigest(`not ${i}`))).toBe(false);
    expect(open()).toBe(before);
    for (let i = 0; i < 20; i++) rememberVerified(`${file}.${i}`, digest);
    expect(readdirSync(dirname(marker(file)))).toHaveLength(21);
    expect(open()).toBe(before);
  });
});

describe("writeCacheFile", () => {
  it("a marker that cannot be renamed into place (a directory there) leaves no temp file", () => {
    const { dir } = fresh();
    const path = join(dir, ".cache", "verified-x");
    mkdirSync(join(path, "inside"), { recursive: true });
    writeCacheFile(path, "x\n");
    expect(readdirSync(join(dir, ".cache"))).toEqual(["verified-x"]);
    expect(statSync(path).isDirectory()).toBe(true);
  });
});
