/**
 * The idle cockpit on its own, for A/B runs (bench/RESULTS.md §0l):
 *
 *   node --import tsx bench/cockpit-idle.ts --size 200x50 --seconds 60 [--bin DIR/bin/golive.js]
 *     [--cpu-prof DIR] [--colour] [--settle SECONDS]
 *
 * One JSON line on stdout: size, CPU % of a core, frames per second, Ink's frame time p50/p95, RSS and
 * the load average. `--bin` measures another build (a `git archive` of an earlier commit, built).
 * `--settle`: seconds after the first complete frame before the window opens (default 3, as in the
 * earlier sections). The engine loads after the first frame (commands/cockpit.ts), and at 200×50 its
 * tail reached well into a window opened 3 s after it (bench/RESULTS.md §0zo); 15 measures the
 * cockpit at rest.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { idleCockpit } from "./cockpit.js";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "200x50" },
    seconds: { type: "string", default: "60" },
    bin: { type: "string" },
    "cpu-prof": { type: "string" },
    colour: { type: "boolean", default: false },
    settle: { type: "string", default: "3" },
  },
});
const [columns, rows] = values.size.split("x").map(Number) as [number, number];
// The tmux control client does not hold the process open while a capture is awaited.
const keepAlive = setInterval(() => {}, 60_000);
try {
  const r = await idleCockpit({ columns, rows }, Number(values.seconds), {
    bin: values.bin,
    cpuProf: values["cpu-prof"],
    colour: values.colour,
    settleSeconds: Number(values.settle),
  });
  console.log(
    JSON.stringify({
      size: values.size,
      seconds: r.seconds,
      cpuPercent: +r.cpuPercent.toFixed(2),
      fps: +r.fps.toFixed(2),
      p50: +r.frameMs.p50.toFixed(2),
      p95: +r.frameMs.p95.toFixed(2),
      rssMb: Math.round(r.rssMb),
      load: Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]),
    }),
  );
} finally {
  clearInterval(keepAlive);
}
