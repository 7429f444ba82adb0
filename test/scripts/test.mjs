// `npm test`: biome, tsc and vitest side by side instead of one after the other. The suite leaves
// about a third of the 2-core machine idle while its end-to-end tests wait on tmux and the demos'
// clocks (632 s CPU in 388 s wall, bench/RESULTS.md §0s), which the 18 s of CPU biome and tsc cost
// fills; run in series they added their whole time to the wall clock. vitest's output streams as
// before; biome's and tsc's are printed after it, and a failure of any of the three fails the run.
// tsc is incremental, its build info under node_modules/.cache (gone with a fresh `npm ci`).
// Each tool runs from node_modules/.bin, not through npx: npx's own start was ~0.65 s of CPU per
// tool here (0.78 against 0.13 s for `biome --version`), three times a run. None of them reaches
// the network, so none needs the machine's extra CA bundle decoded at its start.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = (cmd) => join(dirname(fileURLToPath(import.meta.url)), "..", "..", "node_modules", ".bin", cmd);
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

const quiet = (cmd, args) =>
  new Promise((resolve) => {
    const p = spawn(bin(cmd), args, { stdio: ["ignore", "pipe", "pipe"], env });
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.stderr.on("data", (d) => {
      out += d;
    });
    p.on("close", (code) => resolve({ name: cmd, code: code ?? 1, out }));
  });

const checks = [
  quiet("biome", ["check", "."]),
  quiet("tsc", [
    "-p",
    "tsconfig.json",
    "--noEmit",
    "--incremental",
    "--tsBuildInfoFile",
    "node_modules/.cache/golive/tsconfig.tsbuildinfo",
  ]),
];
const vitest = await new Promise((resolve) => {
  const p = spawn(bin("vitest"), ["run", ...process.argv.slice(2)], { stdio: "inherit", env });
  p.on("close", (code) => resolve({ name: "vitest", code: code ?? 1 }));
});
const done = [...(await Promise.all(checks)), vitest];
for (const c of done.slice(0, 2))
  if (c.code !== 0 || c.out.trim()) process.stdout.write(`\n${c.name}:\n${c.out}`);
console.log(
  `\nnpm test: ${done.map((c) => `${c.name} ${c.code === 0 ? "passed" : `FAILED (exit ${c.code})`}`).join(", ")}`,
);
process.exit(done.some((c) => c.code !== 0) ? 1 : 0);
