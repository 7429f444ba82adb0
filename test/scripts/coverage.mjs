// `npm run coverage`: line and branch coverage of source/, in-process AND in child processes.
//
// The suite runs golive in-process (vitest's v8 coverage) and as real child processes (bin/golive.js
// in tmux, spawned CLIs, the kill -9 appenders) that run the bundle in dist/. Every process started
// with NODE_V8_COVERAGE set writes V8's raw coverage on exit; c8 maps the dist/ parts back to
// source/ through the bundle's source maps. The two maps are merged, then reported overall and per
// folder against the targets (>= 90 % lines, >= 80 % branches). Exit 1 when a target is missed.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import libCoverage from "istanbul-lib-coverage";
import { mergeHalves } from "./coverage-merge.mjs";

const root = resolve(import.meta.dirname, "..", "..");
const out = join(root, "coverage");
const raw = join(out, "v8-raw");
// `--merge-only`: report again from the halves the last run left in coverage/ (no test run).
const mergeOnly = process.argv.includes("--merge-only");
if (!mergeOnly) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(raw, { recursive: true });
}

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
};

// 1. The suite, with vitest's own v8 coverage for what runs in-process, and NODE_V8_COVERAGE for
//    every child process (tests pass it on to the processes they start, tmux included).
const testStatus = mergeOnly
  ? 0
  : run(
      "npx",
      [
        "vitest",
        "run",
        "--coverage.enabled",
        "--coverage.provider=v8",
        "--coverage.include=source/**",
        "--coverage.reporter=json",
        // A failed test must not throw away what every other test covered.
        "--coverage.reportOnFailure",
        `--coverage.reportsDirectory=${join(out, "in-process")}`,
        ...process.argv.slice(2),
      ],
      { NODE_V8_COVERAGE: raw },
    );
if (testStatus !== 0)
  console.log(`\ncoverage: the test run failed (exit ${testStatus}); numbers below are still what ran\n`);

// 2. Child processes: only what they ran from the bundle (dist/), mapped back to source/.
if (!mergeOnly)
  run("npx", [
    "c8",
    "report",
    "--temp-directory",
    raw,
    "--reports-dir",
    join(out, "children"),
    "--reporter=json",
    "--include=dist/**",
    "--all=false",
  ]);

// 3. Merge (see coverage-merge.mjs for why it is not istanbul's union alone) and report.
const halves = {};
for (const part of ["in-process", "children"]) {
  try {
    const data = JSON.parse(readFileSync(join(out, part, "coverage-final.json"), "utf8"));
    halves[part] = Object.fromEntries(
      Object.entries(data).filter(([file]) => relative(root, file).startsWith("source/")),
    );
  } catch (e) {
    halves[part] = {};
    console.log(`coverage: no ${part} coverage (${e.message})`);
  }
}
const map = mergeHalves(halves["in-process"], halves.children, (file) =>
  readFileSync(file, "utf8").split("\n"),
);
const union = libCoverage.createCoverageMap({});
for (const half of Object.values(halves)) union.merge(half);
writeFileSync(join(out, "coverage-merged.json"), JSON.stringify(map.toJSON()));

const folders = new Map();
const total = libCoverage.createCoverageSummary();
for (const file of map.files()) {
  const s = map.fileCoverageFor(file).toSummary();
  const rel = relative(join(root, "source"), file).split("/");
  const folder = rel.length > 1 ? rel[0] : "(top)";
  if (!folders.has(folder)) folders.set(folder, libCoverage.createCoverageSummary());
  folders.get(folder).merge(s);
  total.merge(s);
}
const pct = (x) => `${x.pct.toFixed(1).padStart(5)} % (${x.covered}/${x.total})`;
console.log("\ncoverage of source/ (in-process + child processes)");
console.log(`${"folder".padEnd(14)} ${"lines".padEnd(24)} branches`);
for (const [f, s] of [...folders].sort())
  console.log(`${f.padEnd(14)} ${pct(s.lines).padEnd(24)} ${pct(s.branches)}`);
console.log(`${"OVERALL".padEnd(14)} ${pct(total.lines).padEnd(24)} ${pct(total.branches)}`);
const unionTotal = libCoverage.createCoverageSummary();
for (const file of union.files()) unionTotal.merge(union.fileCoverageFor(file).toSummary());
console.log(
  `(istanbul's location union alone, which counts a line run only in-process as not run: lines ${pct(unionTotal.lines)}, branches ${pct(unionTotal.branches)})`,
);
const cmd = folders.get("commands");
const misses = [];
if (total.lines.pct < 90) misses.push(`lines ${total.lines.pct.toFixed(1)} % < 90 %`);
if (total.branches.pct < 80) misses.push(`branches ${total.branches.pct.toFixed(1)} % < 80 %`);
if (cmd && cmd.lines.pct < 90) misses.push(`commands/ lines ${cmd.lines.pct.toFixed(1)} % < 90 %`);
if (cmd && cmd.branches.pct < 80) misses.push(`commands/ branches ${cmd.branches.pct.toFixed(1)} % < 80 %`);
console.log(misses.length ? `\ncoverage: BELOW TARGET: ${misses.join("; ")}` : "\ncoverage: targets met");
console.log(`(merged map: ${relative(root, join(out, "coverage-merged.json"))})`);
process.exit(misses.length || testStatus ? 1 : 0);
