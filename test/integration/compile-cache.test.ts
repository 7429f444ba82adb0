/**
 * Node 22+'s compile cache (bin/golive.js) lives in the user's own cache directory, never in the
 * shared temp directory Node defaults to, where another account on a bastion host could create the
 * directory first and plant compiled code. Node 20 has no compile cache: nothing to check there
 * (CI runs the suite on Node 24 too).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import module from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BIN, tempDir } from "../helpers/paths.js";

const exec = promisify(execFile);
const cacheless = !("enableCompileCache" in module);
if (cacheless)
  console.log(`compile-cache.test.ts: Node ${process.version} has no compile cache; not checked here`);

describe.skipIf(cacheless)("the compile cache", () => {
  it("is written under $XDG_CACHE_HOME (or ~/.cache)/golive, nothing in the temp directory", async () => {
    const [home, tmp, xdg] = [tempDir(), tempDir(), tempDir()];
    const env = { PATH: process.env.PATH ?? "", HOME: home, TMPDIR: tmp };
    await exec(process.execPath, [BIN, "--version"], { env });
    expect(existsSync(join(home, ".cache", "golive", "compile-cache"))).toBe(true);
    await exec(process.execPath, [BIN, "--version"], { env: { ...env, XDG_CACHE_HOME: xdg } });
    expect(readdirSync(join(xdg, "golive", "compile-cache")).length).toBeGreaterThan(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
