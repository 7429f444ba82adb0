/**
 * The cockpit's bundles load node:assert and node:child_process (with dgram) only when something uses
 * them (scripts/lazy-builtins.mjs): commander, Ink's terminal-size and signal-exit, and the session
 * lock's process check require them at load, and `golive open` loaded all three before its first
 * frame. The stand-ins answer as the real modules do.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";

const require = createRequire(import.meta.url);
const LAZY = /^NativeModule (assert|child_process|dgram)$/;

/** The built-ins among LAZY a fresh node has loaded after running `script` (an ES module). */
function loadedAfter(script: string): string[] {
  const out = execFileSync(
    process.execPath,
    ["--input-type=module", "-e", `${script}\nconsole.log(JSON.stringify(process.moduleLoadList))`],
    { cwd: ROOT, encoding: "utf8" },
  );
  return (JSON.parse(out) as string[]).filter((m) => LAZY.test(m));
}

describe("built-ins the cockpit's bundles load on first use", () => {
  it("the CLI, the session lock and React with Ink load neither node:assert nor node:child_process", () => {
    const dist = join(ROOT, "dist");
    const at = (...parts: string[]) => JSON.stringify(join(...parts));
    expect(
      loadedAfter(
        [
          `await import(${at(dist, "cli.js")});`,
          `await import(${at(dist, "session", "lock.js")});`,
          `const require = (await import("node:module")).createRequire(import.meta.url);`,
          `require(${at(dist, "ui-vendor.cjs")});`,
          // Ink's signal-exit checks each handler it is given: a passing check loads nothing.
          `require(${at(ROOT, "scripts", "lazy-assert.cjs")}).equal(typeof (() => {}), "function");`,
        ].join("\n"),
      ),
    ).toEqual([]);
  });

  it("signal-exit's assert.equal throws node:assert's error when its check fails", () => {
    const lazy = require(join(ROOT, "scripts", "lazy-assert.cjs")) as { equal: (...a: unknown[]) => void };
    const real = require("node:assert") as { equal: (...a: unknown[]) => void };
    const thrown = (f: () => void) => {
      try {
        f();
        return undefined;
      } catch (e) {
        const { name, code, message, actual, expected, operator } = e as Record<string, unknown>;
        return { name, code, message, actual, expected, operator };
      }
    };
    const message = "a callback must be provided for exit handler";
    expect(thrown(() => lazy.equal("undefined", "function", message))).toEqual(
      thrown(() => real.equal("undefined", "function", message)),
    );
    expect(thrown(() => lazy.equal("undefined", "function", message))?.code).toBe("ERR_ASSERTION");
    for (const [a, b] of [
      ["function", "function"],
      [1, "1"],
      [Number.NaN, Number.NaN],
    ])
      expect(thrown(() => lazy.equal(a, b))).toBeUndefined();
    expect(thrown(() => lazy.equal(1, 2))).toEqual(thrown(() => real.equal(1, 2)));
  });

  it("the child_process stand-in runs what node:child_process runs", () => {
    const lazy = require(
      join(ROOT, "scripts", "lazy-child-process.cjs"),
    ) as typeof import("node:child_process");
    expect(lazy.execFileSync("sh", ["-c", 'printf "%s" "$1"', "sh", "x y"], { encoding: "utf8" })).toBe(
      "x y",
    );
    const child = lazy.spawn("sh", ["-c", "exit 3"]);
    return new Promise<void>((resolve) =>
      child.on("exit", (code) => {
        expect(code).toBe(3);
        resolve();
      }),
    );
  });
});
