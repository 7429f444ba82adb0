// The AWS SDK out of dist/cockpit.cjs (the demo's file) into a file of its own, dist/cockpit-aws.cjs,
// loaded through V8's code cache (source/cli/code-cache.ts) by the first module that uses it. Only the
// engine, team mode and doctor call AWS, all after the first frame; yet every demo read the SDK's
// ~1.45 MB with the rest of the file before that frame, and, its cache being kept at that frame,
// compiled the SDK without one each time it did run (bench/RESULTS.md §1l).
import { join } from "node:path";

/** What golive's source imports of the SDK, each under the name the chunk exports it as. */
const SPECIFIERS = {
  "@aws-sdk/client-cloudwatch": "cloudwatch",
  "@aws-sdk/client-ecs": "ecs",
  "@aws-sdk/client-elastic-load-balancing-v2": "elbv2",
  "@aws-sdk/client-s3": "s3",
  "@aws-sdk/client-sts": "sts",
  "@smithy/node-http-handler": "httpHandler",
};

// The one place the chunk is loaded: a CommonJS module of the cockpit bundle, so that an import of
// the SDK is a require() that runs when the importing module is first initialised (esbuild's lazy
// module init), not when the file loads. `require` and `__dirname` are the bundle's (dist/). The
// cache is kept as soon as the chunk has run: it holds the SDK's module init, and it is made under
// the V8 flags the chunk loads under (the engine's modules are imported before the cockpit changes
// them, commands/cockpit.ts). Kept at the run's end, it carried the flags the cockpit toggles while
// it runs (compact-when-fragmented.ts), and V8 rejected it at the next load.
const LOADER = `let chunk;
exports.awsChunk = () => {
  if (!chunk) {
    const loaded = require("./code-cache.cjs").loadCached(require("node:path").join(__dirname, "cockpit-aws.cjs"));
    loaded.keep();
    chunk = loaded.exports;
  }
  return chunk;
};`;

/** esbuild plugin for dist/cockpit.cjs: golive's imports of the SDK go to the chunk. */
export const awsChunk = {
  name: "aws-chunk",
  setup(b) {
    b.onResolve({ filter: /^@(aws-sdk|smithy)\// }, (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
      if (!(args.path in SPECIFIERS))
        throw new Error(`${args.importer} imports ${args.path}: add it to scripts/cockpit-aws.mjs`);
      return { path: args.path, namespace: "aws-chunk" };
    });
    b.onResolve({ filter: /^golive-aws-chunk-load$/ }, () => ({ path: "load", namespace: "aws-chunk-load" }));
    b.onResolve({ filter: /^\.\/code-cache\.cjs$/ }, (args) =>
      args.namespace === "aws-chunk-load" ? { path: args.path, external: true } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "aws-chunk-load" }, () => ({ contents: LOADER, loader: "js" }));
    b.onLoad({ filter: /.*/, namespace: "aws-chunk" }, (args) => ({
      contents: `module.exports = require("golive-aws-chunk-load").awsChunk().${SPECIFIERS[args.path]};`,
      loader: "js",
    }));
  },
};

/** esbuild options for dist/cockpit-aws.cjs, from the cockpit bundle's (scripts/cockpit-bundle.mjs). */
export function awsChunkBundle(cockpit) {
  return {
    ...cockpit,
    stdin: {
      contents: Object.entries(SPECIFIERS)
        .map(([specifier, key]) => `export * as ${key} from "${specifier}";`)
        .join("\n"),
      resolveDir: join(import.meta.dirname, ".."),
      sourcefile: "cockpit-aws-entry.js",
      loader: "js",
    },
    outfile: "dist/cockpit-aws.cjs",
  };
}
