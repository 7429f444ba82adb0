import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Plugin } from "vitest/config";
// @ts-expect-error: a build script in plain JavaScript, without types
import { inkOutputCaches } from "./scripts/ink-patches.mjs";
// @ts-expect-error: a build script in plain JavaScript, without types
import { textWidthFastPaths } from "./scripts/text-width-patches.mjs";

/**
 * The bundle keeps each runbook's parse beside the sessions, keyed by the text and the build's hash
 * (source/runbook/cache.ts); from source that hash is undefined, so every in-process golive command
 * of a test parsed its runbook again with micromark: half of approval.test.ts's CPU. This gives
 * cache.ts alone a hash of source/ as the build does (scripts/build.mjs), so in-process commands
 * take the bundle's path: parsed by `new`, read back after. Tests of the parse call it directly;
 * Stryker's config (vitest.mutate.config.ts) keeps every command on the parse. verified.ts and
 * shipped.ts keep no hash, as before (tests set verified's through setVerifiedBuild).
 */
function runbookCacheBuild(): Plugin {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)))
      if (e.isDirectory()) walk(join(dir, e.name));
      else hash.update(e.name).update(readFileSync(join(dir, e.name)));
  };
  walk("source");
  const build = JSON.stringify(hash.digest("hex").slice(0, 16));
  return {
    name: "runbook-cache-build",
    enforce: "post",
    // The transformed file kept on disk (fsModuleCache) is keyed by cache.ts's own text: the hash of
    // the rest of source/ goes into the key too.
    configureVitest({ experimental_defineCacheKeyGenerator }) {
      experimental_defineCacheKeyGenerator(({ id }) =>
        id.endsWith("/source/runbook/cache.ts") ? `runbook-cache-build ${build}` : undefined,
      );
    },
    transform(code, id) {
      if (!id.endsWith("/source/runbook/cache.ts")) return undefined;
      const out = code.replace(/typeof __GOLIVE_BUILD__ === "string" \? __GOLIVE_BUILD__ : undefined/, build);
      if (out === code)
        throw new Error("source/runbook/cache.ts no longer reads __GOLIVE_BUILD__ as expected");
      return { code: out, map: null };
    },
  };
}

type Hook = [{ filter: RegExp; namespace?: string }, (args: Record<string, string>) => unknown];

/** Ink and the libraries it measures text with, as the shipped bundle patches them (below). */
const PATCHED =
  /\/node_modules\/(ink|string-width|slice-ansi|@alcalzone\/ansi-tokenize|widest-line|wrap-ansi)\//;

/**
 * The shipped bundle's esbuild patches to Ink and its text measuring (scripts/ink-patches*.mjs,
 * text-width-patches.mjs) applied to the same files in the workers, through vite's resolveId and
 * load: in-process cockpits (test/ui, the fake-terminal tests) render with the Ink golive ships, not
 * the published one, whose per-frame text measuring (string-width, slice-ansi, ansi-tokenize
 * splitting every string into graphemes) was most of test/ui's CPU. The patches' own tests compare
 * both Inks in bundles of their own (test/helpers/ink-bundle.ts, patched-modules.ts), unaffected.
 */
function shippedInkPatches(plugins: { setup(b: unknown): void }[]): Plugin {
  const hash = createHash("sha256");
  for (const f of readdirSync("scripts").sort())
    if (/^(ink-patches.*|text-width-patches)\.mjs$/.test(f))
      hash.update(f).update(readFileSync(join("scripts", f)));
  const patches = hash.digest("hex").slice(0, 16);
  const resolves: Hook[] = [];
  const loads: Hook[] = [];
  for (const p of plugins)
    p.setup({
      onResolve: (o: Hook[0], f: Hook[1]) => resolves.push([o, f]),
      onLoad: (o: Hook[0], f: Hook[1]) => loads.push([o, f]),
    });
  return {
    name: "shipped-ink-patches",
    enforce: "pre",
    // A patched file kept on disk (fsModuleCache) is keyed by its own text: the patches' go in too.
    configureVitest({ experimental_defineCacheKeyGenerator }) {
      experimental_defineCacheKeyGenerator(({ id }) =>
        PATCHED.test(id) ? `shipped-ink-patches ${patches}` : undefined,
      );
    },
    async resolveId(id) {
      for (const [o, f] of resolves)
        if (o.filter.test(id)) {
          const r = (await f({ path: id })) as { path: string; namespace: string };
          return `\0${r.namespace}:${r.path}`;
        }
      return undefined;
    },
    async load(id) {
      const virtual = /^\0([^:]+):(.*)$/.exec(id);
      const [namespace, path] = virtual ? [virtual[1], virtual[2]] : [undefined, id.split("?")[0]!];
      for (const [o, f] of loads)
        if (o.namespace === namespace && o.filter.test(path!)) {
          const r = (await f({ path: path!, namespace: namespace ?? "file" })) as { contents: string };
          return { code: r.contents, map: null };
        }
      return undefined;
    },
  };
}

export default defineConfig({
  plugins: [runbookCacheBuild(), shippedInkPatches([inkOutputCaches, textWidthFastPaths])],
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // The fault suite has its own config (vitest.chaos.config.ts, `npm run chaos`).
    exclude: ["test/chaos/**", "**/node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    // Fails a file that leaves a session lock held (a store it never closed). cpu-per-file: what each
    // file costs in CPU, with GOLIVE_CPU_PER_FILE=out.jsonl (test/scripts/cpu-per-file.sh).
    setupFiles: ["test/helpers/cpu-per-file.ts", "test/helpers/no-held-locks.ts", "test/helpers/fc-seed.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start sandboxes on loopback ports and spawn CLIs; two workers match the 2-core CI box.
    maxWorkers: 2,
    pool: "forks",
    // One module graph per worker (176 s instead of ~280 s). Module state is therefore shared
    // between the files a worker runs: keep it immutable or per-instance (see
    // test/unit/scenario-defaults.test.ts for the leak that once broke this).
    isolate: false,
    // Transformed TypeScript kept on disk (node_modules/.experimental-vitest-cache, keyed by each
    // file's content): a second run skips the transforms. test/ui, A/B at load 15–20: 62.5 s of CPU
    // without, 56.5 s warm, 71.5 s on the run that fills it (bench/RESULTS.md §0v).
    experimental: { fsModuleCache: true },
    server: {
      deps: {
        inline: [
          /node_modules\/(ink|ink-testing-library|@alcalzone\/ink-table|string-width|slice-ansi|@alcalzone\/ansi-tokenize|widest-line|wrap-ansi|cli-truncate)\//,
        ],
      },
    },
  },
});
