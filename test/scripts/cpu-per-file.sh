#!/usr/bin/env bash
# What the suite (or part of it) costs in CPU, per test file and in all, measured in cpuacct cgroups
# (v1; root): CPU, not wall time, which on a shared 2-core machine says more about the others' load.
#   test/scripts/cpu-per-file.sh OUT.jsonl [vitest args…]   (e.g. test/e2e, or nothing for all)
# Prints the whole run's CPU (vitest, the build, every child) and the files by CPU, costliest first.
set -uo pipefail
out=$1; shift
cg=/sys/fs/cgroup/cpuacct/golive-suite-$$
mkdir "$cg" && echo $$ > "$cg/cgroup.procs" || { echo "no cpuacct cgroup (v1, root) here"; exit 2; }
rm -f "$out"
start=$(date +%s.%N)
GOLIVE_CPU_PER_FILE=$out npx vitest run "$@"; rc=$?
node -e '
const [out, usage, wall] = process.argv.slice(1);
const rows = require("fs").readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const sum = rows.reduce((s, r) => s + r.cpu, 0);
console.log(`whole run: ${(usage / 1e9).toFixed(1)} s CPU, ${(+wall).toFixed(0)} s wall; ${rows.length} files: ${sum.toFixed(1)} s CPU`);
for (const r of rows.sort((a, b) => b.cpu - a.cpu))
  console.log(`${r.cpu.toFixed(1).padStart(7)} s cpu ${r.worker.toFixed(1).padStart(6)} worker ${r.wall.toFixed(1).padStart(6)} s wall  ${r.file.replace(process.cwd() + "/", "")}`);
' "$out" "$(cat "$cg/cpuacct.usage")" "$(echo "$(date +%s.%N) - $start" | bc)"
echo $$ > /sys/fs/cgroup/cpuacct/cgroup.procs
for w in "$cg"/w*; do rmdir "$w" 2>/dev/null; done; rmdir "$cg" 2>/dev/null
exit $rc
