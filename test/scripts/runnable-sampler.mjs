// Beside cpu-per-file.sh: every 10 ms, how many tasks of each worker's cgroup (the worker, its
// threads, every child it started) are running or runnable (state R in /proc/<tid>/stat). A file's
// samples with none of them runnable are time it waits on the clock, a socket or a child's sleep:
// wall time that a quiet machine does not shorten, unlike the time its tasks wait for a core here.
//   node runnable-sampler.mjs <run's cgroup dir> <out file>   (stopped by SIGTERM)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

const [cg, out] = process.argv.slice(2);
const lines = [];
const runnable = (tasks) => {
  let n = 0;
  for (const tid of tasks) {
    try {
      // comm may hold spaces and parentheses: the state follows the last ")".
      const stat = readFileSync(`/proc/${tid}/stat`, "utf8");
      if (stat[stat.lastIndexOf(")") + 2] === "R") n++;
    } catch {}
  }
  return n;
};
const tasksOf = (dir) => {
  try {
    return readFileSync(`${dir}/tasks`, "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
};
const timer = setInterval(() => {
  const row = [Date.now(), runnable(tasksOf(cg))];
  for (const d of readdirSync(cg, { withFileTypes: true }))
    if (d.isDirectory() && d.name.startsWith("w"))
      row.push(`${d.name.slice(1)}:${runnable(tasksOf(`${cg}/${d.name}`))}`);
  lines.push(row.join(" "));
}, 10);
process.on("SIGTERM", () => {
  clearInterval(timer);
  writeFileSync(out, `${lines.join("\n")}\n`);
  process.exit(0);
});
