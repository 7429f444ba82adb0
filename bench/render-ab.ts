/**
 * The render step's frames (bench/cockpit.ts benchRender: `golive demo --speed 60`, promoted to 10 %
 * green, Ink's onRender time of every frame over the window) for several builds, A/B: each round runs
 * every variant one after the other (the order turned each round), so each build's figure comes from
 * the same minutes of the machine's load. `--together` runs the round's variants at once instead.
 *
 *   node --import tsx bench/render-ab.ts --size 200x50 --seconds 60 --rounds 3 \
 *     --variant base=/tmp/base/bin/golive.js --variant branch=bin/golive.js
 *
 * One JSON line per variant and round on stdout: the frames' p50/p95/p99 (the render step's figures),
 * the load average at the start and end of the window, and the frames that one of V8's collections
 * overlapped (GOLIVE_PROFILE_GC): how many, and the p95 of the others. `--frames` adds every frame's
 * time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePortPair } from "../test/helpers/ports.js";
import { complete, profileOf, promoteTo, until } from "./cockpit.js";
import { cockpitEnv, cpuSeconds, sleep, summarize, TmuxSession, tempDir } from "./lib.js";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "200x50" },
    seconds: { type: "string", default: "60" },
    rounds: { type: "string", default: "1" },
    speed: { type: "string", default: "60" },
    variant: { type: "string", multiple: true, default: [] },
    together: { type: "boolean", default: false },
    frames: { type: "boolean", default: false },
  },
});
const [columns, rows] = values.size.split("x").map(Number) as [number, number];
const variants = values.variant.map((v) => {
  const [name, bin] = v.split(/=(.*)/s) as [string, string];
  return { name, bin };
});
if (!variants.length) throw new Error("bench: at least one --variant NAME=BIN");

const load = () => Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
const keepAlive = setInterval(() => {}, 60_000);

interface Line {
  t: string;
  at: number;
  ms: number;
  start?: number;
}

async function start(v: { name: string; bin: string }, round: number) {
  const port = await freePortPair();
  const profile = join(tempDir(), "profile.jsonl");
  const t = await TmuxSession.start(
    `render-ab-${v.name}-${round}-${process.pid}`,
    { columns, rows },
    `node ${v.bin} demo --speed ${values.speed} --port ${port}`,
    cockpitEnv(tempDir(), { GOLIVE_PROFILE: profile, GOLIVE_PROFILE_GC: "1" }),
  );
  return { ...v, t, profile };
}

async function measure(runs: Awaited<ReturnType<typeof start>>[], round: number) {
  try {
    for (const r of runs) await until(r.t, complete, `${r.name}'s first frame`);
    await Promise.all(runs.map((r) => promoteTo(r.t, 10)));
    const pids = await Promise.all(runs.map((r) => r.t.programPid()));
    const cpu0 = pids.map(cpuSeconds);
    const load0 = load();
    const from = Date.now();
    await sleep(Number(values.seconds) * 1000);
    const took = (Date.now() - from) / 1000;
    const cpu = pids.map((pid, i) => cpuSeconds(pid) - cpu0[i]!);
    const load1 = load();
    runs.forEach((r, i) => {
      const lines = profileOf(r.profile) as unknown as Line[];
      const frames = lines.filter((l) => l.t === "frame" && l.at >= from && l.at <= from + took * 1000);
      const gcs = lines.filter((l) => l.t === "gc").map((g) => ({ start: g.start!, end: g.start! + g.ms }));
      const withGc = frames.filter((f) => gcs.some((g) => g.start <= f.at && g.end >= f.at - f.ms));
      const s = summarize(frames.map((f) => f.ms));
      const clean = summarize(frames.filter((f) => !withGc.includes(f)).map((f) => f.ms));
      console.log(
        JSON.stringify({
          variant: r.name,
          round,
          size: values.size,
          load: [load0, load1],
          n: s.n,
          p50: +s.p50.toFixed(2),
          p95: +s.p95.toFixed(2),
          p99: +s.p99.toFixed(2),
          iqr: +s.iqr.toFixed(2),
          fps: +(frames.length / took).toFixed(2),
          cpuPercent: +((100 * cpu[i]!) / took).toFixed(2),
          gcFrames: withGc.length,
          gcFramesP50: +summarize(withGc.map((f) => f.ms)).p50.toFixed(2),
          p95WithoutGc: +clean.p95.toFixed(2),
          profile: r.profile,
          ...(values.frames ? { frames: frames.map((f) => [f.at - from, +f.ms.toFixed(2)]) } : {}),
        }),
      );
    });
  } finally {
    for (const r of runs) r.t.kill();
  }
}

try {
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
    if (values.together) await measure(await Promise.all(order.map((v) => start(v, round))), round);
    else for (const v of order) await measure([await start(v, round)], round);
  }
} finally {
  clearInterval(keepAlive);
}
process.exit(0);
