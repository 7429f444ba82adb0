#!/usr/bin/env node
// The CLI ships as an ES module bundle (dist/): each command, the cockpit (Ink/React), the AWS SDK
// clients, the Kubernetes client and the sandbox land in chunks loaded only by the commands that use
// them, so `golive --help` or `status` never parse the ~1,000 modules the cockpit needs. Types are
// checked by `npm run typecheck` (tsc); this only transforms and bundles.
import { rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });
await build({
  // session/store is an entry of its own: the kill -9 tests' appender child processes import it.
  entryPoints: { cli: "source/cli.tsx", "session/store": "source/session/store.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  jsx: "automatic",
  sourcemap: "linked",
  // React and its reconciler pick their production builds; tests that need development React run
  // the sources through vitest, not dist/.
  define: { "process.env.NODE_ENV": '"production"' },
  // CommonJS dependencies bundled into ES modules still call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __goliveRequire } from "node:module"; const require = __goliveRequire(import.meta.url);',
  },
  // ink imports react-devtools-core only when DEV=true; it is not installed and never needed.
  external: ["react-devtools-core"],
  logLevel: "warning",
});
