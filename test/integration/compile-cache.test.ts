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

/** golive with `args`, its exit code whatever it is (status without a session exits 3). */
const golive = (args: string[], env: Record<string, string>) =>
  exec(process.execPath, [BIN, ...args], { env }).then(
    () => 0,
    (e: { code?: number }) => e.code ?? -1,
  );

describe.skipIf(cacheless)("the compile cache", () => {
  it("is written under $XDG_CACHE_HOME (or ~/.cache)/golive, nothing in the temp directory", async () => {
    const [home, tmp, xdg, sessions] = [tempDir(), tempDir(), tempDir(), tempDir()];
    const env = { PATH: process.env.PATH ?? "", HOME: home, TMPDIR: tmp };
    // `status` loads golive's modules (--version to a pipe is answered before anything loads, so it
    // compiles nothing worth keeping: bin/golive.js, help-plain).
    expect(await golive(["status", "--sessions", sessions], env)).toBe(3);
    expect(existsSync(join(home, ".cache", "golive", "compile-cache"))).toBe(true);
    expect(await golive(["status", "--sessions", sessions], { ...env, XDG_CACHE_HOME: xdg })).toBe(3);
    expect(readdirSync(join(xdg, "golive", "compile-cache")).length).toBeGreaterThan(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
