// `npm run test:shuffle [-- files…]`: the suite in a random order of files and of tests within them.
// The seed is printed first so a failing order can be replayed: SEED=<n> npm run test:shuffle.
import { spawnSync } from "node:child_process";

const seed = process.env.SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`test:shuffle: seed ${seed} (replay with SEED=${seed} npm run test:shuffle)`);
const r = spawnSync(
  "npx",
  ["vitest", "run", "--sequence.shuffle", `--sequence.seed=${seed}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
if (r.status !== 0) console.log(`test:shuffle: FAILED with seed ${seed}`);
process.exit(r.status ?? 1);
