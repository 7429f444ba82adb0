/**
 * One Ink program bundled with its own Ink and React, with or without the shipped bundle's patches
 * to Ink (scripts/ink-patches.mjs), written to `file`: the tests of those patches run both and
 * compare what they draw.
 */
import { createHash } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, version as esbuildVersion, type Plugin } from "esbuild";
// @ts-expect-error: a build script in plain JavaScript, without types
import { inkOutputCaches } from "../../scripts/ink-patches.mjs";

/** Ink imports react-devtools-core only when DEV=true; one file holds it all, so it must resolve. */
const noDevtools: Plugin = {
  name: "no-devtools",
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: "devtools", namespace: "none" }));
    b.onLoad({ filter: /.*/, namespace: "none" }, () => ({ contents: "export default {};", loader: "js" }));
  },
};

/**
 * Everything a bundle is made of besides the program: the patches (every scripts/*.mjs they import),
 * the locked dependencies (Ink, React and the rest as installed), esbuild, and this file's options.
 */
let inputs: string | undefined;
function bundleInputs(): string {
  if (inputs) return inputs;
  const hash = createHash("sha256");
  for (const f of readdirSync("scripts").sort())
    if (f.endsWith(".mjs")) hash.update(f).update(readFileSync(join("scripts", f)));
  hash.update(readFileSync("package-lock.json")).update(esbuildVersion);
  hash.update(readFileSync(new URL(import.meta.url)));
  inputs = hash.digest("hex");
  return inputs;
}

/**
 * The bundle's text, from the machine's temp dir when these exact inputs were bundled before (by an
 * earlier run: each of the patches' files bundles Ink and React twice, ~1 s of esbuild's CPU, and the
 * same again on every run). Kept beside the probes' answers (test/helpers/aws-clis.ts), which also
 * outlive the run; written whole under a temporary name, then renamed, for two workers at once.
 */
async function bundled(program: string, patched: boolean): Promise<string> {
  const key = createHash("sha256").update(bundleInputs()).update(String(patched)).update(program);
  const dir = join(process.env.GOLIVE_MACHINE_TMPDIR ?? tmpdir(), "golive-ink-bundles");
  const kept = join(dir, `${key.digest("hex").slice(0, 32)}.mjs`);
  try {
    return readFileSync(kept, "utf8");
  } catch {
    const text = await esbuildInk(program, patched);
    mkdirSync(dir, { recursive: true });
    const part = `${kept}.${process.pid}`;
    writeFileSync(part, text);
    renameSync(part, kept);
    pruneStale(dir);
    return text;
  }
}

/**
 * A bundle is kept per set of inputs, so every change to the patches or the lockfile leaves the old
 * ones behind (~1 MB each): on a new one, those not written for two weeks go. A run that still wants
 * one bundles it again (~1 s).
 */
function pruneStale(dir: string): void {
  const before = Date.now() - 14 * 24 * 3600_000;
  for (const f of readdirSync(dir))
    try {
      if (statSync(join(dir, f)).mtimeMs < before) rmSync(join(dir, f), { force: true });
    } catch {
      // Another worker pruned it first.
    }
}

export async function bundleInkProgram(program: string, patched: boolean, file: string): Promise<string> {
  writeFileSync(file, await bundled(program, patched));
  return file;
}

async function esbuildInk(program: string, patched: boolean): Promise<string> {
  const r = await build({
    stdin: { contents: program, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    define: { "process.env.NODE_ENV": '"production"' },
    banner: {
      js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    },
    plugins: [noDevtools, ...(patched ? [inkOutputCaches] : [])],
    logLevel: "silent",
  });
  return r.outputFiles[0]!.text;
}

/** `program` bundled into `dir` with Ink as published or with the bundle's patches, imported. */
export async function importInkProgram<T>(program: string, patched: boolean, dir: string): Promise<T> {
  const file = await bundleInkProgram(program, patched, join(dir, `${patched ? "patched" : "ink"}.mjs`));
  return (await import(pathToFileURL(file).href)) as T;
}

/** `program` bundled with Ink as published and with the bundle's patches, each imported. */
export async function importInkPrograms<T>(program: string, prefix: string): Promise<{ ink: T; patched: T }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const [ink, patched] = await Promise.all([false, true].map((p) => importInkProgram<T>(program, p, dir)));
  return { ink: ink!, patched: patched! };
}

/**
 * For a driver's source: `terminal(columns, rows, tty)` gives a fake stdout and stdin for Ink's
 * render(), with `out.last` (the last write), `out.all` (every write) and `out.writes` (how many).
 */
export const fakeTerminal = `
import { EventEmitter } from "node:events";
function terminal(columns, rows, tty = false) {
  const stdout = new EventEmitter();
  const out = { last: "", all: [], writes: 0 };
  stdout.write = (s) => { out.last = s; out.all.push(s); out.writes++; return true; };
  stdout.columns = columns;
  stdout.rows = rows;
  if (tty) stdout.isTTY = true;
  return { stdout, stdin: new EventEmitter(), out };
}
`;
