import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { realExecutable, remembered } from "./helpers/aws-clis.js";
import { fcSeed } from "./helpers/fc-seed-value.js";
import { which } from "./helpers/which.js";

/** Tests that spawn `bin/golive.js` need dist/ bundled from the current sources. */
export default function setup() {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
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
  console.log(`fast-check seed ${seed} (replay or explore: FC_SEED=<n|random>)`);
}
