/**
 * Library modules bundled into one file, with or without one of the shipped bundle's build-time
 * patches (scripts/*-patches.mjs), then imported: the tests of a patch feed both copies the same
 * input and demand the same output.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

/** `lines`: the entry's export statements, resolved from the repository's root. */
export async function importBundled<T>(lines: string[], plugins: Plugin[], name: string): Promise<T> {
  const r = await build({
    stdin: { contents: lines.join("\n"), resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    plugins,
    logLevel: "silent",
  });
  const file = join(mkdtempSync(join(tmpdir(), "golive-patched-")), `${name}.mjs`);
  writeFileSync(file, r.outputFiles[0]!.text);
  return (await import(pathToFileURL(file).href)) as T;
}
