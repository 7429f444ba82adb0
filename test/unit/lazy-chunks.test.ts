/**
 * What a command compiles at start-up is what its chunk imports statically (dist/, built by the
 * global setup). The Markdown parser (micromark) and the HTML page renderer are loaded on demand
 * only: a command on a session whose runbook parse is cached, and `verify` on a JSON record or a
 * session file, must not have them in their static import graph.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const DIST = join(import.meta.dirname, "..", "..", "dist");

/** The source modules (esbuild's `// path` markers) in a chunk's static import closure. */
function staticModules(entry: string): Set<string> {
  const seen = new Set<string>();
  const modules = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(DIST, file), "utf8");
    for (const m of text.matchAll(/^\/\/ ((?:source|node_modules)\/\S+)$/gm)) modules.add(m[1]!);
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?from\s*"\.\/([^"]+)"|^import\s*"\.\/([^"]+)"/gm))
      walk((m[1] ?? m[2])!);
  };
  walk(entry);
  return modules;
}

function commandChunk(name: string): string {
  const file = readdirSync(DIST).find((f) => f.startsWith(`${name}-`) && f.endsWith(".js"));
  if (!file) throw new Error(`no chunk for ${name} in dist/`);
  return file;
}

describe("start-up loads only what the command needs", () => {
  for (const command of ["status", "export", "verify"]) {
    it(`${command} does not compile the Markdown parser`, () => {
      const mods = [...staticModules(commandChunk(command))];
      expect(mods.some((m) => m.startsWith("source/session/"))).toBe(true);
      expect(mods.filter((m) => m.includes("micromark") || m === "source/runbook/parse.ts")).toEqual([]);
    });
  }

  // zod's classic namespace (`import { z }`) keeps all 64 locales in the bundle: a 755 KB chunk, about
  // 100 ms of start-up. The session schemas load only for a document the hand-written check refuses.
  for (const command of ["status", "export", "verify", "check", "note"]) {
    it(`${command} compiles neither zod's locales nor the session schemas`, () => {
      const mods = [...staticModules(commandChunk(command))];
      expect(mods.filter((m) => m.includes("zod/v4/locales/") && !m.endsWith("/en.js"))).toEqual([]);
      expect(mods).not.toContain("source/session/schema.ts");
    });
  }

  it("golive --help compiles commander's Help class only, not its command tree nor the CLI", () => {
    const mods = [...staticModules("help.cjs")];
    expect(mods).toContain("node_modules/commander/lib/help.js");
    expect(mods.filter((m) => /commander\/lib\/command\.js|^source\/(?!cli\/help-)/.test(m))).toEqual([]);
  });

  it("status compiles neither zod nor the session store; its one-file quick path neither commander", () => {
    const mods = [...staticModules(commandChunk("status"))];
    expect(mods.filter((m) => m.includes("node_modules/zod/") || m === "source/session/store.ts")).toEqual(
      [],
    );
    const quick = [...staticModules("quick-status.cjs")];
    expect(quick).toContain("source/commands/status.ts");
    expect(
      quick.filter((m) => /node_modules\/(zod|commander|lowdb)\/|^source\/session\/store\.ts$/.test(m)),
    ).toEqual([]);
  });

  it("verify does not compile zod at all", () => {
    expect([...staticModules(commandChunk("verify"))].filter((m) => m.includes("node_modules/zod/"))).toEqual(
      [],
    );
  });

  it("verify does not compile the HTML page renderer", () => {
    expect(staticModules(commandChunk("verify")).has("source/domain/report/html.ts")).toBe(false);
  });
});
