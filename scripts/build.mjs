#!/usr/bin/env node
// The CLI ships as an ES module bundle (dist/): each command, the cockpit (Ink/React), the AWS SDK
// clients, the Kubernetes client and the sandbox land in chunks loaded only by the commands that use
// them, so `golive --help` or `status` never parse the ~1,000 modules the cockpit needs. Types are
// checked by `npm run typecheck` (tsc); this only transforms and bundles.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { BUILD_STAMP, buildInputs } from "./build-inputs.mjs";
import { awsChunk, awsChunkBundle } from "./cockpit-aws.mjs";
import { cockpitBundle, finishCockpitBundle, uiVendorBundle } from "./cockpit-bundle.mjs";
import { inkOutputCaches } from "./ink-patches.mjs";
import { lazyBuiltins } from "./lazy-builtins.mjs";
import { textWidthFastPaths } from "./text-width-patches.mjs";
import { uiVendor, uiVendorStubs } from "./ui-vendor.mjs";

rmSync("dist", { recursive: true, force: true });
// Read before the build: sources edited while it runs leave a stamp that no longer matches.
const inputs = buildInputs(process.cwd());

// commander requires node:child_process at load for executable subcommands, which golive has none
// of; loading it pulls in net, dgram and the stream stack before --help can print. It, and the other
// built-ins the cockpit's dependencies load without using them before its first frame, come from
// stand-ins that load the real module on first use (scripts/lazy-builtins.mjs).
// `golive --help` (source/cli/help-fast.ts) needs commander's Help class only, not the ~120 KB of its
// command tree: its import of commander is pointed at the one file that defines Help.
const commanderHelpOnly = {
  name: "commander-help-only",
  setup(b) {
    b.onResolve({ filter: /^commander$/ }, (args) =>
      /[\\/]cli[\\/]help-fast\.ts$/.test(args.importer)
        ? { path: join(import.meta.dirname, "..", "node_modules", "commander", "lib", "help.js") }
        : undefined,
    );
  },
};

// zod and the environment config's schemas are about a third of `golive status`'s start-up, yet
// only a session with a config validates one. config.ts reaches the schemas through
// config-schema-load.ts, which the bundle replaces with a synchronous load of the config-schema entry
// on first use (require of an ES module: Node >= 20.19, which package.json's engines require).
const lazyConfigSchema = {
  name: "lazy-config-schema",
  setup(b) {
    b.onResolve({ filter: /^\.\/config-schema-load\.js$/ }, () => ({
      path: "config-schema-load",
      namespace: "lazy-config-schema",
    }));
    b.onLoad({ filter: /.*/, namespace: "lazy-config-schema" }, () => ({
      contents: `import { createRequire } from "node:module";
        let schema;
        export const loadConfigSchema = () => (schema ??= createRequire(import.meta.url)("./config-schema.js"));`,
      loader: "js",
    }));
  },
};

// Yoga's WebAssembly loader (under Ink) fetches its own wasm, a base64 data: URL, with fetch() when
// the runtime has one: that first touch of fetch loads Node's undici (about a tenth of a second of
// the cockpit's start-up, before its first frame) to decode what the loader's other path decodes
// in place. The bundle takes that other path, which the loader keeps for runtimes without fetch.
const yogaWithoutFetch = {
  name: "yoga-without-fetch",
  setup(b) {
    b.onLoad(
      { filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ },
      async (args) => {
        const text = await readFile(args.path, "utf8");
        const uses = text.split('"function"!=typeof fetch').length - 1;
        if (uses !== 2)
          throw new Error(
            `yoga-layout's loader changed (${uses} uses of fetch, expected 2): review the yoga-without-fetch patch`,
          );
        return { contents: text.replaceAll('"function"!=typeof fetch', "true"), loader: "js" };
      },
    );
  },
};

// `import process from "node:process"` (Ink and its helpers, a dozen times) makes Node build the
// built-in's ES module facade, which reads every property of process once, among them
// allowedNodeEnvironmentFlags: a set Node builds by parsing its whole option table (several ms
// before the first frame). They get the process object itself, which is what that import gives.
const processGlobal = {
  name: "process-global",
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, (args) =>
      args.kind === "import-statement" ? { path: "process", namespace: "process-global" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "process-global" }, () => ({
      contents:
        "const p = globalThis.process; export default p; export const env = p.env; export const versions = p.versions; export const cwd = () => p.cwd();",
      loader: "js",
    }));
  },
};

// The build's identity: a hash of every source file and the lockfile. Caches of derived data (the
// parsed runbook) are keyed by it, so a changed parser never reads an old parse.
const hash = createHash("sha256");
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory()) walk(join(dir, e.name));
    else hash.update(e.name).update(readFileSync(join(dir, e.name)));
  }
}
walk("source");
hash.update(readFileSync("package-lock.json"));
const buildId = hash.digest("hex").slice(0, 16);
// React and its reconciler pick their production builds; tests that need development React run
// the sources through vitest, not dist/. The split build and dist/cockpit.cjs share these.
const cockpitDefine = { "process.env.NODE_ENV": '"production"', __GOLIVE_BUILD__: JSON.stringify(buildId) };
const cockpitPlugins = [
  lazyBuiltins,
  lazyConfigSchema,
  inkOutputCaches,
  textWidthFastPaths,
  yogaWithoutFetch,
  processGlobal,
];
// React, Ink and the table first: the split build's imports of them are answered from this file
// (scripts/ui-vendor.mjs), whose export names the stand-ins list.
await build(uiVendorBundle({ define: cockpitDefine, plugins: cockpitPlugins }));
finishCockpitBundle("dist/ui-vendor.cjs");
await build({
  // session/store and session/lock are entries of their own: the kill -9 tests' appender and the
  // lock race's racer child processes import them; the team-mode bastions import the S3 ones.
  entryPoints: {
    cli: "source/cli.tsx",
    "config-schema": "source/domain/config-schema.ts",
    "session/store": "source/session/store.ts",
    "session/lock": "source/session/lock.ts",
    "session/s3-store": "source/session/s3-store.ts",
    "integrations/s3-log": "source/integrations/s3-log.ts",
    "runbook/shipped": "source/runbook/shipped.ts",
  },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  jsx: "automatic",
  sourcemap: "linked",
  define: cockpitDefine,
  // CommonJS dependencies bundled into ES modules still call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __goliveRequire } from "node:module"; const require = __goliveRequire(import.meta.url);',
  },
  // ink imports react-devtools-core only when DEV=true; it is not installed and never needed.
  external: ["react-devtools-core"],
  logLevel: "warning",
  plugins: [uiVendor(uiVendorStubs()), ...cockpitPlugins],
});

// `golive status` on a session whose kept state and parsed runbook are cached (the usual case) runs
// from one file: loading the ~30 chunks its split graph spans cost more than all its own work. This
// copy of status's modules never reaches the split build's: every dynamic import in it (the session
// store, the runbook parser, --live, team mode, the signature ledger) is replaced by a module that
// marks a miss and throws; status-fast.ts then discards what the run would have written and lets
// commander's path answer. Only the config schema is shared (it holds no state).
const quickMiss = {
  name: "quick-miss",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, namespace: "quick-miss" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "quick-miss" }, () => ({
      contents:
        'globalThis[Symbol.for("golive.quickStatusMiss")] = true; throw new Error("not on the quick path");',
      loader: "js",
    }));
  },
};
// `golive status` from the kept state does all its reading with node:fs: node:fs/promises (and the
// readline and stream modules it pulls in) loads only when something in the bundle calls it, as the
// session store does on a miss (~5 M instructions of status's start, bench/RESULTS.md §1c).
const lazyFsPromises = {
  name: "lazy-fs-promises",
  setup(b) {
    // The shim's own require is the real module (else it would require itself).
    b.onResolve({ filter: /^(node:)?fs\/promises$/ }, (args) =>
      args.namespace === "lazy-fsp"
        ? { path: "node:fs/promises", external: true }
        : { path: "fs-promises", namespace: "lazy-fsp" },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-fsp" }, async () => {
      const names = Object.keys(await import("node:fs/promises")).filter(
        (k) => k !== "constants" && k !== "default",
      );
      return {
        contents: [
          'const fsp = () => require("node:fs/promises");',
          'export const constants = require("node:fs").constants;',
          ...names.map((k) => `export const ${k} = (...a) => fsp().${k}(...a);`),
        ].join("\n"),
        loader: "js",
      };
    });
  },
};
/** A bundle of one file: nothing shared with the split build's chunks (see above). */
const oneFile = (entry, source, plugins, format = "esm") =>
  build({
    entryPoints: { [entry]: source },
    outdir: "dist",
    bundle: true,
    format,
    platform: "node",
    target: "node20.19",
    sourcemap: "linked",
    define: {
      "process.env.NODE_ENV": '"production"',
      __GOLIVE_BUILD__: JSON.stringify(buildId),
      ...(format === "cjs" ? { "import.meta.url": "__goliveUrl" } : {}),
    },
    banner: {
      js:
        format === "cjs"
          ? 'const __goliveUrl = require("node:url").pathToFileURL(__filename).href;'
          : 'import { createRequire as __goliveRequire } from "node:module"; const require = __goliveRequire(import.meta.url);',
    },
    ...(format === "cjs" ? { outExtension: { ".js": ".cjs" } } : {}),
    logLevel: "warning",
    plugins,
  });
// CommonJS, so bin/golive.js can run it through V8's code cache on Node 20 (source/cli/code-cache.ts).
await oneFile(
  "quick-status",
  "source/cli/status-fast.ts",
  [lazyConfigSchema, quickMiss, lazyFsPromises],
  "cjs",
);
// As the cockpit's file: one-byte text (its regular expressions held a non-ASCII character, and V8
// decoded all 196 KB as two-byte), and its SHA-256 beside it, which code-cache.ts otherwise hashed at
// every status (~8 M instructions of the 196 KB as text).
finishCockpitBundle("dist/quick-status.cjs");
await oneFile("code-cache", "source/cli/code-cache.ts", [], "cjs");
// `golive --help` likewise: commander's Help class and the printing, one CommonJS file (bin/golive.js
// requires it without starting the ES module loader).
await oneFile("help", "source/cli/help-fast.ts", [commanderHelpOnly], "cjs");
// Help to a non-terminal, written whole at build (source/cli/help-plain.ts): no banner, so the file
// loads nothing beyond node:fs and node:path, which Node itself has loaded already.
await build({
  entryPoints: { "help-plain": "source/cli/help-plain.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20.19",
  logLevel: "warning",
});

// The cockpit's verbs in one CommonJS file for V8's code cache (scripts/cockpit-bundle.mjs says why).
// The config's schemas (zod) inside it: the demo validates the config it writes before its first
// frame, and loading dist/config-schema.js there started Node's ES module loader and compiled zod
// without a cache (~30 ms of the main thread's CPU before the frame, bench/RESULTS.md §1d).
const cockpit = cockpitBundle({
  define: cockpitDefine,
  plugins: cockpitPlugins.filter((p) => p !== lazyConfigSchema),
});
// The AWS SDK beside it, in a file of its own that loads after the first frame (scripts/cockpit-aws.mjs).
await build(awsChunkBundle(cockpit));
finishCockpitBundle("dist/cockpit-aws.cjs");
await build({ ...cockpit, plugins: [awsChunk, ...cockpit.plugins] });
finishCockpitBundle();

// The shipped checklists' parses, for `golive demo` (source/runbook/shipped.ts says why).
const { shippedParses, SHIPPED_PARSES } = await import(
  join(import.meta.dirname, "..", "dist", "runbook", "shipped.js")
);
writeFileSync(join("dist", SHIPPED_PARSES), JSON.stringify(await shippedParses(process.cwd(), buildId)));

// Every command's help, as commander's own Help gives it, for help-fast.ts to print.
const { helpModel } = await import(join(import.meta.dirname, "..", "dist", "cli.js"));
const model = helpModel();
writeFileSync("dist/help.json", JSON.stringify(model));
// What help-fast.ts answers to a non-terminal (commander's width 80 there), each path whole.
const { fastHelp } = createRequire(import.meta.url)("../dist/help.cjs");
const plain = {};
for (const path of Object.keys(model.commands)) {
  let text = "";
  const out = { isTTY: false, write: (s) => (text += s) };
  if (!fastHelp([...(path ? path.split(" ") : []), "--help"], out, model))
    throw new Error(`no help for ${path}`);
  plain[path] = text;
}
writeFileSync("dist/help-plain.json", JSON.stringify({ commands: plain }));

// Last: dist/ is a finished build of these inputs (test/global-setup.ts builds again only if not).
writeFileSync(join("dist", BUILD_STAMP), inputs);
