/**
 * Setup file, on only with GOLIVE_CPU_PER_FILE=<jsonl file>: each worker moves itself into a cpuacct
 * cgroup (v1) of its own under the run's, so what a test file costs in CPU — its tmux server, demos,
 * CLIs and moto included, since children stay in their parent's cgroup — is read around the file,
 * even with two workers side by side on a machine others load too (wall time says nothing there).
 * One line per file: {file, cpu, worker (the worker process alone), wall}, in seconds, and where it ran
 * ({pid, t0, t1}: the worker, epoch ms) for test/scripts/runnable-sampler.mjs's samples.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect } from "vitest";

const out = process.env.GOLIVE_CPU_PER_FILE;

function ownCgroup(): string {
  const line = readFileSync("/proc/self/cgroup", "utf8")
    .split("\n")
    .find((l) => /^\d+:([^:]*,)?cpuacct(,[^:]*)?:/.test(l));
  if (!line) throw new Error("GOLIVE_CPU_PER_FILE needs a cgroup v1 cpuacct hierarchy");
  const parent = `/sys/fs/cgroup/cpuacct${line.split(":")[2]}`.replace(/\/w\d+$/, "").replace(/\/$/, "");
  const mine = `${parent}/w${process.pid}`;
  mkdirSync(mine, { recursive: true });
  writeFileSync(`${mine}/cgroup.procs`, String(process.pid));
  return mine;
}

if (out) {
  const cg = ownCgroup();
  const usage = () => Number(readFileSync(`${cg}/cpuacct.usage`, "utf8")) / 1e9;
  let start = 0;
  let wall = 0;
  let self = process.cpuUsage();
  beforeAll(() => {
    start = usage();
    wall = Date.now();
    self = process.cpuUsage();
  });
  // Registered before the file's own hooks, so (hooks run as a stack) it reads after their teardown.
  afterAll(() => {
    const u = process.cpuUsage(self);
    const row = {
      file: expect.getState().testPath,
      cpu: +(usage() - start).toFixed(2),
      worker: +((u.user + u.system) / 1e6).toFixed(2),
      wall: (Date.now() - wall) / 1000,
      pid: process.pid,
      t0: wall,
      t1: Date.now(),
    };
    appendFileSync(out, `${JSON.stringify(row)}\n`);
  });
}
