// `npm run test:soak [-- RUNS [test files…]]`: `npm test` RUNS times (default 10) in a row while a
// CPU-heavy process (a busy loop on one core) runs beside it, as on a loaded CI box. With test files,
// only `vitest run FILES` is repeated (to soak a suspected flaky file cheaply). Each run's tests are
// read from vitest's JSON report, so the summary names the flaky tests (failed in some runs, passed
// in others) and the broken ones (failed in every run), with the load average each run saw.
// Exits 1 if any run failed. Each run's wall time is printed, and how many took over 3 minutes: the
// busy core takes half the machine, so a run beside it is slower than issue 19's ≤ 3 min, which is
// the suite's figure on the 2 cores alone (npm test's own run, and CI's).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const [first, ...files] = process.argv.slice(2);
const runs = Number(first ?? 10);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`soak: RUNS must be a whole number ≥ 1, got "${first}" (npm run test:soak -- 10 [files…])`);
  process.exit(2);
}
const LIMIT_S = 180;
const dir = mkdtempSync(join(tmpdir(), "golive-soak-"));
const hog = spawn(process.execPath, ["-e", "for(;;){Math.sqrt(Math.random())}"], { stdio: "ignore" });

/** name → outcome per run ("passed" | "failed" | "skipped" …) */
const outcomes = new Map();
const results = [];
try {
  for (let i = 1; i <= runs; i++) {
    const report = join(dir, `run-${i}.json`);
    const json = ["--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
    const [cmd, args] = files.length
      ? ["npx", ["vitest", "run", ...json, ...files]]
      : ["npm", ["test", "--", ...json]];
    const load = loadavg()[0];
    const t = Date.now();
    const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    const s = (Date.now() - t) / 1000;
    const failedHere = [];
    let counted = 0;
    try {
      const rep = JSON.parse(readFileSync(report, "utf8"));
      for (const f of rep.testResults) {
        const file = f.name.replace(`${process.cwd()}/`, "");
        // A file that failed outside any test (an import error, a hook, the lock guard) is one outcome too.
        if (f.status === "failed" && f.assertionResults.every((a) => a.status !== "failed")) {
          const name = `${file} (file: ${(f.message ?? "").split("\n")[0].slice(0, 120)})`;
          failedHere.push(name);
          record(name, i, "failed");
        }
        for (const a of f.assertionResults) {
          const name = `${file} > ${a.fullName}`;
          record(name, i, a.status);
          counted++;
          if (a.status === "failed") failedHere.push(name);
        }
      }
    } catch {
      // No report: lint or typecheck failed before vitest ran, or vitest itself crashed.
      failedHere.push(`no test report (${(r.stderr || r.stdout).trim().split("\n").at(-1) ?? "?"})`);
    }
    const ok = r.status === 0;
    results.push({ ok, s, load });
    console.log(
      `soak ${i}/${runs}: ${ok ? "pass" : "FAIL"} in ${s.toFixed(0)} s (${counted} tests, load ${load.toFixed(1)} at start)${!files.length && s > LIMIT_S ? " (over 3 min)" : ""}${failedHere.length ? `\n    ${failedHere.slice(0, 8).join("\n    ")}` : ""}`,
    );
  }
} finally {
  hog.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}

function record(name, run, status) {
  if (!outcomes.has(name)) outcomes.set(name, []);
  outcomes.get(name)[run - 1] = status;
}

const flaky = [];
const broken = [];
for (const [name, o] of outcomes) {
  const failed = o.filter((x) => x === "failed").length;
  if (failed === 0) continue;
  if (failed === runs) broken.push(name);
  else flaky.push(`${name}: failed ${failed}/${runs}`);
}
const passed = results.filter((r) => r.ok).length;
const slow = files.length ? 0 : results.filter((r) => r.s > LIMIT_S).length;
const max = Math.max(...results.map((r) => r.s));
console.log(
  `soak: ${passed}/${runs} runs passed beside a busy core; slowest ${max.toFixed(0)} s${files.length ? "" : `; ${slow} over 3 min`}`,
);
console.log(flaky.length ? `flaky (${flaky.length}):\n  ${flaky.join("\n  ")}` : "flaky: none");
if (broken.length) console.log(`failed in every run (${broken.length}):\n  ${broken.join("\n  ")}`);
process.exit(passed === runs ? 0 : 1);
