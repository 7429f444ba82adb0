#!/usr/bin/env node
// The published entry: the compiled CLI (built by `npm install` through the prepare script).

// CommonJS (bin/package.json): `golive status` then runs without Node's ES module loader at all, whose
// start-up was a good part of what status cost over `node -e 0` (bench/RESULTS.md §0w).
const { join } = require("node:path");

const argv = process.argv.slice(2);
const dist = join(__dirname, "..", "dist");
// Help and the version are answered from the build's help text without loading commander's
// command tree or the CLI (source/cli/help-fast.ts); a bad GOLIVE_NOW still gets commander's path.
const asksHelp =
  !process.env.GOLIVE_NOW &&
  (argv[0] === "help" || ["-h", "--help", "-V", "--version"].includes(argv.at(-1)));
// To anything but a terminal, before anything else is loaded or set up: the whole answer the build
// wrote, in one write (source/cli/help-plain.ts). Everything below cost --help 15-23 ms of CPU
// over `node -e 0` (bench/RESULTS.md §0zw).
if (!(asksHelp && require(join(dist, "help-plain.cjs")).plainHelp(argv, dist))) start();

function start() {
  // Node 22+ keeps V8's compiled code of golive's modules between runs: start-up then skips most of
  // the parsing and compiling. Node 20 has no such cache (nor node:os loaded for it). In the user's
  // own cache directory, never the shared temp directory Node defaults to: on a bastion host another
  // account could create that directory first and plant compiled code golive would run.
  const { enableCompileCache } = require("node:module");
  if (enableCompileCache)
    enableCompileCache(
      process.env.NODE_COMPILE_CACHE ??
        join(
          process.env.XDG_CACHE_HOME || join(require("node:os").homedir(), ".cache"),
          "golive",
          "compile-cache",
        ),
    );

  // The AWS SDK tells every run that releases after January 2027 need Node 22. golive pins its SDK
  // and supports Node >= 20.19, so on the lead's screen that notice is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // Without it React and its reconciler load their development builds: every frame took 21 ms (p50) at
  // 200×50 instead of a few (bench/RESULTS.md). Tests set their own NODE_ENV and keep it.
  process.env.NODE_ENV ??= "production";

  // The cockpit (open is the default verb) runs for hours: its young generation stays at the 1-2 MB it
  // starts with instead of growing to 8 MB while the modules load and staying there. Endurance
  // with the sandbox in its own process: RSS at the end 109-119 -> 103-114 MB; CPU to the first frame
  // of `golive open` the same (medians 374 and 374 ms, bench/RESULTS.md §0zn). Here, not in the
  // cockpit's code: by the time that runs, the young generation has grown already. Not for help,
  // which opens no cockpit.
  const verb = argv.find((a) => !a.startsWith("-"));
  if (!asksHelp && (verb === undefined || verb === "open" || verb === "demo" || verb === "watch"))
    require("node:v8").setFlagsFromString("--semi-space-growth-factor=1");

  // `golive status | head`: the reader leaving early is not a failure of golive's. Writes after it are
  // dropped and the command still finishes what it started: a promote piped to `head -1` must still
  // read back and record the change, which dying of SIGPIPE (or an EPIPE stack) would cut short.
  // Attached when each stream is first built, not by building both here: `status` to a non-terminal
  // never builds them (~15 M instructions, bench/RESULTS.md §0zw).
  for (const name of ["stdout", "stderr"]) {
    const own = Object.getOwnPropertyDescriptor(process, name);
    let stream;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: own.enumerable,
      get() {
        if (!stream) {
          stream = own.get.call(process);
          stream.on("error", (e) => {
            if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
          });
        }
        return stream;
      },
    });
  }

  run(verb).then((code) => {
    process.exitCode = code;
  });
}

async function run(verb) {
  // Help to a terminal: wrapped at its width by commander's Help class alone. A require, not
  // import(): the ES module loader's async reads started libuv's four threads and 220 more page
  // faults for one 30 KB file.
  if (asksHelp && require(join(dist, "help.cjs")).fastHelp(argv, process.stdout)) return 0;
  // `status` in its plain forms runs without commander too (source/cli/status-fast.ts), through
  // V8's code cache (source/cli/code-cache.ts); undefined means commander must parse the arguments.
  if (argv[0] === "status") {
    const code = await require(join(dist, "code-cache.cjs")).runCached(join(dist, "quick-status.cjs"), (m) =>
      m.fastStatus(argv.slice(1)),
    );
    if (code !== undefined) return code;
  }
  // `golive demo` and `golive open` (the default verb) run from one CommonJS file through V8's code
  // cache (scripts/cockpit-bundle.mjs): the same `main`, without the ES module loader before the first
  // frame (Node 20 compiles its ~45 modules at every start), the cache kept once that frame is on
  // screen. `open` took this path once and went back for the cockpit's RSS over its day (§0zt); the
  // file has since lost the Kubernetes client and the AWS SDK (now 2 MB), and a day of `open` ends at
  // the same RSS either way, its heap ~6 MB larger (bench/RESULTS.md §1v). Not yet `watch`.
  if (verb === "demo" || verb === "open" || verb === undefined) {
    return require(join(dist, "code-cache.cjs")).runCached(join(dist, "cockpit.cjs"), async (m, keep) => {
      await m.yogaReady;
      return m.main(argv, { firstFrame: keep });
    });
  }
  const { main } = await import("../dist/cli.js");
  // React and Ink's code cache (scripts/ui-vendor.mjs) is kept at the cockpit's first frame, before it
  // changes V8's flags; present once they have loaded.
  const keepUi = () => globalThis[Symbol.for("golive.keepUiVendorCache")]?.();
  return main(argv, { firstFrame: keepUi });
}
