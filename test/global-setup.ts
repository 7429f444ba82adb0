import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { probeAwsClis } from "./helpers/aws-clis.js";
import { fcSeed } from "./helpers/fc-seed-value.js";

/** Tests that spawn `bin/golive.js` need dist/ bundled from the current sources. */
export default function setup() {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
  // One seed for the run, resolved here so that "random" is one number shared by every worker
  // (they inherit this environment), and printed so that any run can be replayed.
  const seed = fcSeed(process.env.FC_SEED);
  process.env.FC_SEED = String(seed);
  // The aws CLIs, probed once for every worker (`findAwsClis` reads this): each probe starts Python.
  process.env.GOLIVE_TEST_AWS_CLIS = JSON.stringify(probeAwsClis());
  console.log(`fast-check seed ${seed} (replay or explore: FC_SEED=<n|random>)`);
}
