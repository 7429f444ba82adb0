// The cockpit's verbs (open, the default; demo; watch) as one CommonJS file, dist/cockpit.cjs, which
// bin/golive.js runs through V8's code cache (source/cli/code-cache.ts). The split ES module build
// made the cockpit's first frame wait on Node's ES module loader (reading, compiling and linking
// ~45 modules: 29 % of the samples to that frame, bench/RESULTS.md §0x), and Node 20 keeps no
// compiled code of ES modules between runs. Every other command keeps the split build.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

// A CommonJS file cannot hold a top-level await; two modules of the cockpit's graph have them.
// Each is rewritten here to an equivalent the entry can wait for, and a module that changes in an
// update fails the build instead of being bundled unpatched.
const rewrites = [
  {
    // Yoga (under Ink) instantiates its WebAssembly with one. Its module now exports the same
    // object, filled in once the instance is ready, and `yogaReady`, which the entry awaits before
    // anything can lay out a node (Ink reads Yoga's members only when it builds or lays out nodes,
    // never while its modules load).
    filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
    pairs: [
      [
        "const Yoga = wrapAssembly(await loadYoga());",
        "const Yoga = {};\nexport const yogaReady = loadYoga().then((lib) => { Object.assign(Yoga, wrapAssembly(lib)); });",
      ],
    ],
  },
  {
    // Ink's reconciler awaits React's devtools and its own package.json only when DEV=true; the
    // devtools are not installed (the split build's import of them fails the same way).
    filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/,
    pairs: [
      [
        "await import('./devtools.js');",
        'throw Object.assign(new Error("react-devtools-core is not bundled"), { code: "ERR_MODULE_NOT_FOUND" });',
      ],
      ["? await loadPackageJson()", "? { name: undefined, version: undefined }"],
    ],
  },
];

function rewrite(path, text) {
  for (const r of rewrites)
    if (r.filter.test(path))
      for (const [from, to] of r.pairs) {
        if (!text.includes(from))
          throw new Error(`${path} changed (no "${from}"): review scripts/cockpit-bundle.mjs`);
        text = text.replace(from, to);
      }
  return text;
}

/** `plugin` with the rewrites applied to what its onLoad callbacks return. */
function rewritten(plugin) {
  return {
    name: plugin.name,
    setup(b) {
      plugin.setup({
        ...b,
        onResolve: b.onResolve.bind(b),
        onLoad: (options, callback) =>
          b.onLoad(options, async (args) => {
            const result = await callback(args);
            return result?.contents === undefined
              ? result
              : { ...result, contents: rewrite(args.path, result.contents) };
          }),
      });
    },
  };
}

/** The rewrites of the modules no other plugin loads. */
const rewriteRest = {
  name: "cockpit-cjs-rewrites",
  setup(b) {
    for (const r of rewrites)
      b.onLoad({ filter: r.filter }, async (args) => ({
        contents: rewrite(args.path, await readFile(args.path, "utf8")),
        loader: "js",
      }));
  },
};

/** esbuild options for dist/cockpit.cjs; `common` carries the split build's define and plugins. */
export function cockpitBundle({ define, plugins }) {
  return {
    stdin: {
      contents: 'export { main } from "./source/cli.tsx";\nexport { yogaReady } from "yoga-layout";',
      resolveDir: process.cwd(),
      sourcefile: "cockpit-entry.js",
      loader: "js",
    },
    outfile: "dist/cockpit.cjs",
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20.19",
    jsx: "automatic",
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    define: { ...define, "import.meta.url": "__goliveUrl" },
    banner: { js: 'const __goliveUrl = require("node:url").pathToFileURL(__filename).href;' },
    // The Kubernetes client is a third of the file (2 MB) and only a Kubernetes session's engine, after
    // the first frame, loads it: every start read it, and the cockpit held its text for the run.
    // From node_modules instead, where the split build's chunk would have come from.
    external: ["react-devtools-core", "@kubernetes/client-node"],
    logLevel: "warning",
    plugins: [...plugins.map(rewritten), rewriteRest],
  };
}

/**
 * esbuild options for dist/ui-vendor.cjs: React, Ink and the table, with Yoga's `yogaReady`, as one
 * CommonJS file for V8's code cache, which the split build's imports of them load (scripts/ui-vendor.mjs).
 */
export function uiVendorBundle({ define, plugins }) {
  return {
    ...cockpitBundle({ define, plugins }),
    stdin: {
      contents: [
        'export * as react from "react";',
        'export * as jsxRuntime from "react/jsx-runtime";',
        'export * as ink from "ink";',
        'export * as inkTable from "@alcalzone/ink-table";',
        'export { yogaReady } from "yoga-layout";',
      ].join("\n"),
      resolveDir: process.cwd(),
      sourcefile: "ui-vendor-entry.js",
      loader: "js",
    },
    outfile: "dist/ui-vendor.cjs",
  };
}

/**
 * esbuild escapes what is not ASCII in strings but not in regular expressions (the runbook parser's
 * ☐ → ≤ …): one such character made V8 decode all ~4 MB as two-byte text at every start (95 M
 * instructions, callgrind) and hold it at twice the size. Escaped, the file is one-byte text.
 * Then its SHA-256 beside it: bin/golive.js keys the code cache by it without hashing megabytes.
 */
export function finishCockpitBundle(file = "dist/cockpit.cjs") {
  const text = readFileSync(file, "utf8").replace(/[^\x00-\x7f]/gu, (c) => {
    const code = c.codePointAt(0);
    if (code > 0xffff) throw new Error(`${file}: ${c} is outside the BMP: escape it in the source`);
    return `\\u${code.toString(16).padStart(4, "0")}`;
  });
  writeFileSync(file, text);
  writeFileSync(`${file}.sha256`, createHash("sha256").update(text).digest("hex"));
}
