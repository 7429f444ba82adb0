import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
// TypeScript 7 (the type checker) has no JS API yet: the 5.9 package supplies preProcessFile.
import ts from "typescript-api";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/paths.js";

/**
 * The import rules of docs/DESIGN.md, checked on every `npm test`: the direction is one way
 * (ui → engine/session/runbook → domain; integrations → domain), the sandbox stands apart, and
 * only cli.tsx and commands/ wire concrete adapters. A broken rule names the file and the import.
 */
const SOURCE = join(ROOT, "source");

/** Top-level folders of source/ each folder may import from (its own is always allowed). */
const MAY_IMPORT: Record<string, string[]> = {
  domain: [],
  runbook: ["domain"],
  session: ["domain"],
  engine: ["domain"],
  integrations: ["domain"],
  ui: ["engine", "session", "runbook", "domain"],
  sandbox: [],
};

/** Packages that do IO or talk to the cloud: never from the pure layers or from UI components. */
const IO_PACKAGES = [
  /^node:(fs|child_process|net|http|https|dgram|worker_threads)(\/|$)/,
  /^(fs|child_process|net|http|https)(\/|$)/,
  /^@aws-sdk\//,
  /^@smithy\//,
  /^@kubernetes\//,
  /^lowdb/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return sourceFiles(p);
      return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
    });
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

function folderOf(file: string, src = SOURCE): string {
  const [top = "", ...rest] = relative(src, file).split(sep);
  return rest.length > 0 ? top : top.replace(/\.(ts|tsx)$/, "");
}

function violations(src = SOURCE): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(src)) {
    const from = folderOf(file, src);
    const rel = relative(dirname(src), file);
    const isComponent = rel.startsWith(join("source", "ui", "components"));
    for (const spec of importsOf(file)) {
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        // The version is read from package.json (the one file outside source/ the CLI may import).
        if (target === join(dirname(src), "package.json")) continue;
        if (!target.startsWith(src + sep)) {
          out.push(`${rel}: imports ${spec}, outside source/`);
          continue;
        }
        const to = folderOf(target, src);
        if (to === from) continue;
        const allowed = MAY_IMPORT[from];
        if (allowed && !allowed.includes(to)) out.push(`${rel}: ${from} must not import ${to} (${spec})`);
      } else if (
        (["domain", "engine"].includes(from) || isComponent) &&
        IO_PACKAGES.some((re) => re.test(spec))
      ) {
        out.push(
          `${rel}: ${isComponent ? "a UI component" : from} must not import ${spec} (IO belongs to adapters)`,
        );
      } else if (from === "ui" && IO_PACKAGES.slice(2).some((re) => re.test(spec))) {
        out.push(`${rel}: ui must not import ${spec} (the cloud is reached through the engine)`);
      }
    }
  }
  return out;
}

describe("import direction (docs/DESIGN.md)", () => {
  it("every file in source/ keeps the one-way rules", () => {
    expect(violations()).toEqual([]);
  });

  it("names each kind of broken rule in a tree that breaks them", () => {
    const src = join(tempDir("golive-imports-"), "source");
    const put = (path: string, text: string) => {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    };
    put("domain/a.ts", 'import { x } from "../engine/b.js";\nexport const a = x;\n');
    put("engine/b.ts", 'import { y } from "../domain/c.js";\nexport const x = y;\n');
    put("domain/c.ts", 'import { readFileSync } from "node:fs";\nexport const y = readFileSync;\n');
    put(
      "ui/components/P.tsx",
      'import { ECSClient } from "@aws-sdk/client-ecs";\nexport const P = ECSClient;\n',
    );
    put("ui/app/Q.tsx", 'const m = await import("../../integrations/aws/ecs.js");\nexport const Q = m;\n');
    put("sandbox/s.ts", 'import { a } from "../domain/a.js";\nexport const s = a;\n');
    put("commands/ok.ts", 'import { s } from "../sandbox/s.js";\nexport const ok = s;\n');
    expect(violations(src)).toEqual([
      "source/domain/a.ts: domain must not import engine (../engine/b.js)",
      "source/domain/c.ts: domain must not import node:fs (IO belongs to adapters)",
      "source/sandbox/s.ts: sandbox must not import domain (../domain/a.js)",
      "source/ui/app/Q.tsx: ui must not import integrations (../../integrations/aws/ecs.js)",
      "source/ui/components/P.tsx: a UI component must not import @aws-sdk/client-ecs (IO belongs to adapters)",
    ]);
  });
});
