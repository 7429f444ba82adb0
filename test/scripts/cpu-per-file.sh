#!/usr/bin/env bash
# What the suite (or part of it) costs in CPU, per test file and in all, measured in cpuacct cgroups
# (v1; root): CPU, not wall time, which on a shared 2-core machine says more about the others' load.
#   test/scripts/cpu-per-file.sh OUT.jsonl [vitest args…]   (e.g. test/e2e, or nothing for all)
# Prints the whole run's CPU (vitest, the build, every child) and the files by CPU, costliest first,
# each with its wall time and its idle time: the samples (runnable-sampler.mjs, every 10 ms) in which
# nothing of its worker's cgroup was running or runnable. Idle is waiting on real time (a poll's
# period, a timeout, a child's sleep), which a quiet machine keeps; the rest of the wall beyond the
# CPU is waiting for a core, which it does not. A file whose idle is a large part of its wall is one
# to make wait on a condition or the injected clock.
set -uo pipefail
out=$1; shift
here=$(dirname "$0")
cg=/sys/fs/cgroup/cpuacct/golive-suite-$$
mkdir "$cg" && echo $$ > "$cg/cgroup.procs" || { echo "no cpuacct cgroup (v1, root) here"; exit 2; }
rm -f "$out" "$out.samples"
node "$here/runnable-sampler.mjs" "$cg" "$out.samples" &
sampler=$!
echo $sampler > /sys/fs/cgroup/cpuacct/cgroup.procs
start=$(date +%s.%N)
GOLIVE_CPU_PER_FILE=$out npx vitest run "$@"; rc=$?
wall=$(echo "$(date +%s.%N) - $start" | bc)
kill -TERM $sampler; wait $sampler
node -e '
const fs = require("fs");
const [out, usage, wall] = process.argv.slice(1);
const rows = fs.readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const samples = fs.readFileSync(`${out}.samples`, "utf8").trim().split("\n").map((l) => {
  const [t, all, ...ws] = l.split(" ");
  const w = Object.fromEntries(ws.map((x) => x.split(":").map(Number)));
  return { t: +t, all: +all + Object.values(w).reduce((a, b) => a + b, 0), w };
});
// Whole run: the time with nothing of the suite runnable, with one task, with two or more.
const runs = [0, 0, 0];
for (let i = 1; i < samples.length; i++) runs[Math.min(samples[i].all, 2)] += (samples[i].t - samples[i - 1].t) / 1000;
for (const r of rows) {
  r.idle = 0;
  for (let i = 1; i < samples.length; i++) {
    const s = samples[i];
    if (s.t <= r.t0 || s.t > r.t1) continue;
    if ((s.w[r.pid] ?? 0) === 0) r.idle += (s.t - samples[i - 1].t) / 1000;
  }
}
const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
console.log(`whole run: ${(usage / 1e9).toFixed(1)} s CPU, ${(+wall).toFixed(0)} s wall; ${rows.length} files: ${sum("cpu").toFixed(1)} s CPU, ${sum("idle").toFixed(1)} s idle`);
console.log(`the suite runnable: none ${runs[0].toFixed(0)} s, one task ${runs[1].toFixed(0)} s, two or more ${runs[2].toFixed(0)} s`);
for (const r of rows.sort((a, b) => b.cpu - a.cpu))
  console.log(`${r.cpu.toFixed(1).padStart(7)} s cpu ${r.worker.toFixed(1).padStart(6)} worker ${r.wall.toFixed(1).padStart(6)} s wall ${r.idle.toFixed(1).padStart(6)} s idle  ${r.file.replace(process.cwd() + "/", "")}`);
' "$out" "$(cat "$cg/cpuacct.usage")" "$wall"
echo $$ > /sys/fs/cgroup/cpuacct/cgroup.procs
for w in "$cg"/w*; do rmdir "$w" 2>/dev/null; done; rmdir "$cg" 2>/dev/null
exit $rc
