import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error: a build script in plain JavaScript, without types
import { builtFrom } from "../scripts/build-inputs.mjs";
import { realExecutable, remembered } from "./helpers/aws-clis.js";
import { fcSeed } from "./helpers/fc-seed-value.js";
import { which } from "./helpers/which.js";

/**
 * Tests that spawn `bin/golive.js` need dist/ bundled from the current sources. A build already of
 * these inputs (scripts/build-inputs.mjs: the stamp build.mjs writes last) is kept: the bundle was
 * 7–9 s of CPU (esbuild, the shipped parses, the help model) on every run, after `npm ci`'s own
 * build and on CI's second run of the same checkout too, and it wiped dist/ under any other run of
 * the suite in the same checkout.
 */
function ensureBuilt(root: string): void {
  if (builtFrom(root)) return;
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
}

export default function setup() {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  // A Stryker scope whose tests all run golive in-process (stryker.config.mjs) needs no dist/: its
  // sandbox has none (ignorePatterns), so the bundle was rebuilt there on every run, from the
  // instrumented sources, for nothing (test/MUTATION.md: most of a run's start-up).
  if (!process.env.GOLIVE_TEST_NO_BUILD) ensureBuilt(root);
  // Workers import the AWS SDK in-process, where bin/golive.js's silencing of its Node 20 notice
  // does not run: without this each worker printed it into the run's output (they inherit this).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // One seed for the run, resolved here so that "random" is one number shared by every worker
  // (they inherit this environment), and printed so that any run can be replayed.
  const seed = fcSeed(process.env.FC_SEED);
  process.env.FC_SEED = String(seed);
  // moto's Python, resolved past pyenv's shim once (every moto start paid its bash and pyenv
  // start-up). The aws CLIs and moto itself are probed by the workers that need them, once each
  // (test/helpers/aws-clis.ts, moto.ts): a run of one unit test file pays for neither.
  const python = which("python3");
  if (!process.env.GOLIVE_PYTHON && python)
    process.env.GOLIVE_PYTHON = remembered("python", [python], () => ({ exe: realExecutable(python) })).exe;
  // Every node a test starts (the CLI, demos, the cockpit in tmux, the workers) would decode this CA
  // bundle at start-up when the machine names one: 50–90 ms of CPU each here (bench/RESULTS.md), for
  // sockets that only reach 127.0.0.1 over plain HTTP. The suite never reaches a real AWS.
  delete process.env.NODE_EXTRA_CA_CERTS;
  // Ink decides once, at its first import in a worker, whether it runs in CI, and then draws only
  // final frames. With isolate: false that import can come from any earlier file (ink-testing-library
  // in test/ui), so the in-process cockpit tests on a fake terminal (test/helpers/fake-tty.ts) drew
  // nothing under CI=1, depending on file order; golive hides CI only around its own import of Ink
  // (cli.tsx). The workers see CI=0 (is-in-ci's "not CI"), and the suite keeps CI's meaning for
  // itself, no tool quietly skipped (test/helpers/tools.ts), through GOLIVE_TEST_CI.
  for (const k of ["CI", "CONTINUOUS_INTEGRATION"]) {
    const v = process.env[k];
    if (v !== undefined && v !== "0" && v !== "false") {
      process.env.GOLIVE_TEST_CI = v;
      process.env[k] = "0";
    }
  }
  // Every temp dir of the run (the helpers' sessions, sandboxes, aws homes, and whatever a test, a CLI
  // or a demo it starts puts in os.tmpdir()) under one root, removed when the run ends: a whole run
  // left ~5,000 dirs in /tmp before. The workers and their children inherit TMPDIR; nothing is
  // removed while a test runs, so a test that kill -9s a writer can still reopen its files.
  // What outlives the run stays in the machine's temp dir: the probes' answers (remembered(),
  // test/helpers/aws-clis.ts), reused by the next run, and the chaos table (test/chaos/table.ts).
  process.env.GOLIVE_MACHINE_TMPDIR ??= tmpdir();
  // A short name: every path a test shows on a screen grows by it (a 160-column notice of an export's
  // path, a kubectl command in a 140-column dialog).
  const tmpRoot = mkdtempSync(join(tmpdir(), "golive-"));
  process.env.TMPDIR = tmpRoot;
  console.log(`fast-check seed ${seed} (replay or explore: FC_SEED=<n|random>)`);
  return () => {
    // A process a test left behind may still write into it: retry, and never fail the run for it.
    // GOLIVE_KEEP_TMP=1 keeps it, to look at a failed test's session files after the run.
    if (process.env.GOLIVE_KEEP_TMP) return console.log(`kept ${tmpRoot}`);
    try {
      rmSync(tmpRoot, { recursive: true, force: true, maxRetries: 5 });
    } catch (e) {
      console.log(`left ${tmpRoot}: ${(e as Error).message}`);
    }
  };
}
