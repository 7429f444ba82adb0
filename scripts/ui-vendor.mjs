// The split build's React, Ink and @alcalzone/ink-table come from one CommonJS file, dist/ui-vendor.cjs,
// run through V8's code cache (source/cli/code-cache.ts), as `golive demo`'s whole CLI is
// (scripts/cockpit-bundle.mjs): compiling their ~1 MB as an ES module chunk, which Node 20 caches
// nothing of, was the largest single piece of `golive open`'s loading before its first frame
// (bench/RESULTS.md §1a). Only the libraries: golive's own modules stay in the split build, so the
// cockpit holds no more code than before. Each import of them in golive's source is answered by a
// module that re-exports the one loaded instance (React's hooks need the reconciler's React).
import { createRequire } from "node:module";
import { join } from "node:path";

const SPECIFIERS = {
  react: "react",
  "react/jsx-runtime": "jsxRuntime",
  ink: "ink",
  "@alcalzone/ink-table": "inkTable",
};
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The stand-in modules' text, from the names the built dist/ui-vendor.cjs exports. */
export function uiVendorStubs(dist = "dist") {
  // Loads React, Ink and the table in the build's process only to read their export names.
  const vendor = createRequire(import.meta.url)(join(process.cwd(), dist, "ui-vendor.cjs"));
  const stubs = {};
  for (const [specifier, key] of Object.entries(SPECIFIERS)) {
    const names = Object.keys(vendor[key]).filter(
      (n) => n !== "default" && n !== "__esModule" && IDENTIFIER.test(n),
    );
    if (!names.length) throw new Error(`dist/ui-vendor.cjs exports nothing of ${specifier}`);
    stubs[specifier] = [
      'import { vendor } from "golive-ui-vendor-load";',
      `const m = vendor.${key};`,
      ...("default" in vendor[key] ? ["export default m.default;"] : []),
      `export const { ${names.join(", ")} } = m;`,
    ].join("\n");
  }
  return stubs;
}

/** esbuild plugin for the split build: golive's imports of the libraries above go to their stand-ins. */
export function uiVendor(stubs) {
  return {
    name: "ui-vendor",
    setup(b) {
      b.onResolve({ filter: /^(react|react\/jsx-runtime|ink|@alcalzone\/ink-table)$/ }, (args) =>
        /[\\/]node_modules[\\/]/.test(args.importer)
          ? undefined
          : { path: args.path, namespace: "ui-vendor" },
      );
      b.onResolve({ filter: /^golive-ui-vendor-load$/ }, () => ({
        path: join(import.meta.dirname, "ui-vendor-load.mjs"),
      }));
      // Built beside it (scripts/build.mjs), loaded at run time.
      b.onResolve({ filter: /^\.\/code-cache\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: "ui-vendor" }, (args) => ({
        contents: stubs[args.path],
        loader: "js",
      }));
    },
  };
}
