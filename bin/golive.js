#!/usr/bin/env node
// The published entry: the compiled CLI (built by `npm install` through the prepare script).

import module from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";

// Node 22+ keeps V8's compiled code of golive's modules between runs: start-up then skips most of
// the parsing and compiling. Node 20 has no such cache. In the user's own cache directory, never
// the shared temp directory Node defaults to: on a bastion host another account could create that
// directory first and plant compiled code golive would run.
module.enableCompileCache?.(
  process.env.NODE_COMPILE_CACHE ??
    join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "golive", "compile-cache"),
);

// The AWS SDK tells every run that releases after January 2027 need Node 22. golive pins its SDK
// and supports Node >= 20.19, so on the lead's screen that notice is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// Without it React and its reconciler load their development builds: every frame took 21 ms (p50) at
// 200×50 instead of a few (bench/RESULTS.md). Tests set their own NODE_ENV and keep it.
process.env.NODE_ENV ??= "production";

// `golive status | head`: the reader leaving early is not a failure of golive's. Writes after it are
// dropped and the command still finishes what it started: a promote piped to `head -1` must still
// read back and record the change, which dying of SIGPIPE (or an EPIPE stack) would cut short.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
  });
}

const argv = process.argv.slice(2);
// Help and the version are answered from the build's help text without loading commander's command
// tree or the CLI (source/cli/help-fast.ts); a bad GOLIVE_NOW still gets commander's path and error.
const asksHelp =
  !process.env.GOLIVE_NOW &&
  (argv[0] === "help" || ["-h", "--help", "-V", "--version"].includes(argv.at(-1)));
// `status` in its plain forms runs without commander too (source/cli/status-fast.ts); undefined
// means commander must parse the arguments.
const code =
  asksHelp && (await import("../dist/help.js")).fastHelp(argv, process.stdout)
    ? 0
    : argv[0] === "status"
      ? await (await import("../dist/quick-status.js")).fastStatus(argv.slice(1))
      : undefined;
if (code !== undefined) {
  process.exitCode = code;
} else {
  const { main } = await import("../dist/cli.js");
  process.exitCode = await main(argv);
}
