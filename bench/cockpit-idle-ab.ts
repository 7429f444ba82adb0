/**
 * Idle cockpits side by side, for A/B under load (bench/RESULTS.md §0zs): every variant's `golive
 * open` runs at once on one sandbox, so the machine's load, the sandbox's metric periods and the
 * window are the same for each; CPU is utime + stime from /proc over the same window.
 *
 *   node --import tsx bench/cockpit-idle-ab.ts --size 80x24 --seconds 120 --settle 15 \
 *     --variant base=/tmp/base/bin/golive.js --variant branch=bin/golive.js \
 *     --variant noturbo=bin/golive.js:--max-opt=1 [--frames] [--perf DIR]
 *
 * A variant is NAME=BIN[:NODE_FLAG[:NODE_FLAG...]] (a flag the cockpit sets itself at run time, as
 * the GC flags in commands/cockpit.ts, wins over the command line's: A/B those with a copy of the
 * build). One JSON line per variant on stdout. `--frames` adds each frame in the window (the
 * renderer's time), tagged: `tick` (another frame ~1 s before or after it: the one-second clock),
 * `other` (a poll's news), and `+gc` when one of V8's collections overlapped it (GOLIVE_PROFILE_GC).
 * `--perf DIR`: `perf record -e cpu-clock` of each cockpit over the window (on-CPU samples only,
 * unlike `--cpu-prof`'s wall-clock ones, which at load charge a write syscall with the time spent
 * waiting for a core); the cockpits run with `--perf-basic-prof` so JS frames are named.
 * `--keep-alive-ms N`: the sandbox's servers keep an idle connection N ms (Node's default: 5 s).
 * `connections` is how many connections the sandbox accepted in the window, all variants together.
 * `--timeline N`: each variant's CPU per N-second slice of the window, in ms a second, split into the
 * main thread and the others (V8's TurboFan and GC helper threads, libuv's pool): `main/others`.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { complete, profileOf, until } from "./cockpit.js";
import {
  benchSandbox,
  cockpitEnv,
  cpuSeconds,
  newSession,
  sleep,
  summarize,
  TmuxSession,
  tempDir,
} from "./lib.js";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "80x24" },
    seconds: { type: "string", default: "120" },
    settle: { type: "string", default: "15" },
    variant: { type: "string", multiple: true, default: [] },
    frames: { type: "boolean", default: false },
    perf: { type: "string" },
    "keep-alive-ms": { type: "string" },
    timeline: { type: "string" },
  },
});
const [columns, rows] = values.size.split("x").map(Number) as [number, number];
const variants = values.variant.map((v) => {
  const [name, rest] = v.split(/=(.*)/s) as [string, string];
  const [bin, ...flags] = rest.split(":");
  return { name, bin: bin!, flags: values.perf ? ["--perf-basic-prof", ...flags] : flags };
});
if (!variants.length) throw new Error("bench: at least one --variant NAME=BIN[:FLAG...]");

interface Frame {
  at: number;
  ms: number;
  tag?: string;
}

/**
 * The one-second clock draws a frame every second (the header's seconds), so each of its frames has
 * another about a second before or after it; a poll's news lands anywhere in the second.
 */
function tagFrames(frames: Frame[], gcs: { start: number; end: number }[]): Frame[] {
  const ats = frames.map((f) => f.at);
  const ticks = (at: number) => ats.some((a) => Math.abs(Math.abs(a - at) - 1000) <= 60);
  return frames.map((f) => {
    const gc = gcs.some((g) => g.start <= f.at && g.end >= f.at - f.ms);
    return { ...f, tag: `${ticks(f.at) ? "tick" : "other"}${gc ? "+gc" : ""}` };
  });
}

/** CPU seconds of a process's main thread and of its other threads, from /proc. */
function threadCpu(pid: number): [number, number] {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const parts = f.slice(f.lastIndexOf(")") + 2).split(" ");
      const s = (Number(parts[11]) + Number(parts[12])) / 100;
      if (tid === String(pid)) main += s;
      else others += s;
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return [main, others];
}

const keepAlive = setInterval(() => {}, 60_000);
const { sb, files } = await benchSandbox();
// The sandbox's servers are its own (private): reached here only to set and count what Node does.
const servers = sb as unknown as { aws: Server; kubeServer: Server };
if (values["keep-alive-ms"])
  servers.aws.keepAliveTimeout = servers.kubeServer.keepAliveTimeout = Number(values["keep-alive-ms"]);
let connections = 0;
for (const server of [servers.aws, servers.kubeServer]) server.on("connection", () => connections++);
const runs: { name: string; t: TmuxSession; profile: string }[] = [];
try {
  for (const v of variants) {
    const sessions = tempDir();
    await newSession(sessions, files.config, v.bin);
    const profile = join(tempDir(), "profile.jsonl");
    const env = cockpitEnv(sessions, { GOLIVE_PROFILE: profile, GOLIVE_PROFILE_GC: "1" });
    const t = await TmuxSession.start(
      `idle-ab-${v.name}-${process.pid}`,
      { columns, rows },
      `node ${v.flags.join(" ")} ${v.bin} open`,
      env,
    );
    runs.push({ name: v.name, t, profile });
  }
  for (const r of runs) await until(r.t, complete, `${r.name}'s first frame`);
  await sleep(Number(values.settle) * 1000);
  const pids = await Promise.all(runs.map((r) => r.t.programPid()));
  const perfs = values.perf
    ? pids.map((pid, i) =>
        spawn(
          "perf",
          [
            "record",
            "-q",
            "-e",
            "cpu-clock",
            "-F",
            "997",
            "-g",
            "-p",
            String(pid),
            "-o",
            join(values.perf!, `${runs[i]!.name}.data`),
          ],
          { stdio: "ignore" },
        ),
      )
    : [];
  const cpu0 = pids.map(cpuSeconds);
  const connections0 = connections;
  const from = Date.now();
  const slice = Number(values.timeline ?? 0) * 1000;
  const timeline: string[][] = pids.map(() => []);
  if (slice > 0) {
    let before = pids.map(threadCpu);
    for (let t = slice; t <= Number(values.seconds) * 1000; t += slice) {
      await sleep(from + t - Date.now());
      const after = pids.map(threadCpu);
      after.forEach(([m, o], i) => {
        const [m0, o0] = before[i]!;
        timeline[i]!.push(
          `${((1000 * (m - m0)) / (slice / 1000)).toFixed(1)}/${((1000 * (o - o0)) / (slice / 1000)).toFixed(1)}`,
        );
      });
      before = after;
    }
  }
  await sleep(from + Number(values.seconds) * 1000 - Date.now());
  const cpu = pids.map((pid, i) => cpuSeconds(pid) - cpu0[i]!);
  const took = (Date.now() - from) / 1000;
  for (const p of perfs) p.kill("SIGINT");
  await Promise.all(perfs.map((p) => new Promise((r) => p.once("exit", r))));
  const accepted = connections - connections0;
  const load = Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
  runs.forEach((r, i) => {
    const lines = profileOf(r.profile) as unknown as { t: string; at: number; ms: number; start?: number }[];
    const inWindow = lines.filter((l) => l.t === "frame" && l.at >= from && l.at <= from + took * 1000);
    const gcs = lines
      .filter((l) => l.t === "gc")
      .map((g) => ({ start: g.start!, end: g.start! + g.ms, kind: (g as { kind?: number }).kind ?? 0 }));
    const gcWindow = gcs.filter((g) => g.start >= from && g.start <= from + took * 1000);
    const frames = tagFrames(inWindow, gcs);
    const s = summarize(frames.map((f) => f.ms));
    // perf_hooks kinds: 1 minor (scavenge), 4 major (mark-sweep-compact), 8 incremental marking, 16 weak callbacks.
    const gcKinds: Record<number, [number, number, number]> = {};
    for (const g of gcWindow) {
      const k = gcKinds[g.kind] ?? [0, 0, 0];
      gcKinds[g.kind] = k;
      k[0]++;
      k[1] = +(k[1] + g.end - g.start).toFixed(2);
      k[2] = +Math.max(k[2], g.end - g.start).toFixed(2);
    }
    const tags: Record<string, number[]> = {};
    for (const f of frames) {
      tags[f.tag!] ??= [];
      tags[f.tag!]!.push(+f.ms.toFixed(2));
    }
    const rss = lines.filter((l) => l.t === "sample").at(-1) as { rss?: number } | undefined;
    console.log(
      JSON.stringify({
        variant: r.name,
        size: values.size,
        seconds: +took.toFixed(1),
        cpuPercent: +((100 * cpu[i]!) / took).toFixed(3),
        cpuMsPerS: +((1000 * cpu[i]!) / took).toFixed(2),
        fps: +(frames.length / took).toFixed(2),
        p50: +s.p50.toFixed(2),
        p95: +s.p95.toFixed(2),
        gcPerS: +(gcWindow.length / took).toFixed(2),
        gcMsPerS: +(gcWindow.reduce((a, g) => a + g.end - g.start, 0) / took).toFixed(2),
        gcKinds,
        // Each full GC: seconds into the window, wall ms (they set most of a short window's figure).
        majors: gcWindow
          .filter((g) => g.kind === 4)
          .map((g) => [+((g.start - from) / 1000).toFixed(1), +(g.end - g.start).toFixed(1)]),
        rssMb: Math.round((rss?.rss ?? 0) / 1024 / 1024),
        connections: accepted,
        load,
        ...(slice > 0 ? { timeline: timeline[i] } : {}),
        ...(values.frames ? { frames: tags } : {}),
      }),
    );
  });
} finally {
  for (const r of runs) r.t.kill();
  await sb.stop();
  clearInterval(keepAlive);
}
