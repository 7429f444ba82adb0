// `npm run test:alone [-- JOBS [files…]]`: every test file (or the ones named) in a vitest of its
// own, JOBS at a time (default 2): a file that passes only after another file ran (state it left, a
// port, a build, a module cache warmed by a neighbour) fails here. dist/ is built once first, so each
// run skips the global setup's build. Exits 1 if any file failed, naming each with its last lines.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const [first, ...named] = process.argv.slice(2);
const jobs = Number(first ?? 2);
if (!Number.isInteger(jobs) || jobs < 1) {
  console.error(
    `test:alone: JOBS must be a whole number ≥ 1, got "${first}" (npm run test:alone -- 2 [files…])`,
  );
  process.exit(2);
}
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
// The directories vitest.config.ts includes (test/chaos is the chaos suite's).
const files = named.length
  ? named
  : ["test/unit", "test/ui", "test/integration", "test/e2e"].flatMap((d) => walk(d)).sort();

const build = spawnSync("npm", ["run", "build"], { stdio: ["ignore", "pipe", "inherit"] });
if (build.status !== 0) process.exit(build.status ?? 1);
const env = { ...process.env, GOLIVE_TEST_NO_BUILD: "1" };
delete env.NODE_EXTRA_CA_CERTS;

const failed = [];
let next = 0;
let done = 0;
const t0 = Date.now();
function one(file) {
  return new Promise((resolve) => {
    const p = spawn(join("node_modules", ".bin", "vitest"), ["run", file], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.stderr.on("data", (d) => {
      out += d;
    });
    p.on("close", (code) => {
      done++;
      if (code !== 0) {
        failed.push(file);
        const tail = out
          .replace(/\x1b\[[0-9;]*m/g, "")
          .trim()
          .split("\n")
          .slice(-12)
          .join("\n    ");
        console.log(`FAIL ${relative(".", file)} (exit ${code})\n    ${tail}`);
      }
      if (done % 25 === 0 || done === files.length)
        console.log(
          `test:alone: ${done}/${files.length} files, ${failed.length} failed, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
        );
      resolve();
    });
  });
}
async function worker() {
  while (next < files.length) await one(files[next++]);
}
await Promise.all(Array.from({ length: jobs }, worker));
console.log(
  failed.length
    ? `test:alone: ${failed.length} of ${files.length} files failed alone:\n  ${failed.join("\n  ")}`
    : `test:alone: all ${files.length} files passed, each in a vitest of its own`,
);
process.exit(failed.length ? 1 : 0);
