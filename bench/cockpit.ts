/**
 * The benchmarks that watch a running cockpit: time to detect a green error spike, start-up to the
 * first complete frame, frame times and CPU, and a 24-hour go-live compressed by the sandbox clock.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { confirmHeldChecks } from "../test/helpers/manual-checks.js";
import { freePortPair } from "../test/helpers/ports.js";
import {
  BIN,
  benchSandbox,
  cockpitEnv,
  cpuSeconds,
  newSession,
  type Summary,
  sleep,
  summarize,
  TmuxSession,
  tempDir,
} from "./lib.js";

interface ProfileLine {
  t: "start" | "frame" | "sample";
  at: number;
  ms?: number;
  uptimeMs?: number;
  rss?: number;
  heapUsed?: number;
  heapTotal?: number;
  young?: number;
  code?: number;
  external?: number;
  arrayBuffers?: number;
  /** Each V8 space: [size, used] in bytes (commands/profile.ts). */
  space?: Record<string, [number, number]>;
  cpuUserUs?: number;
  cpuSystemUs?: number;
}

export function profileOf(file: string): ProfileLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ProfileLine);
}

export async function admin(port: number, path: string, body?: unknown) {
  const r = await fetch(`http://127.0.0.1:${port}/_sandbox${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await r.json()) as Record<string, unknown>;
}

export const sandboxNow = async (port: number) => Date.parse(String((await admin(port, "/state")).now));

/** A complete frame: header with its T-clock, the timeline and both metric panes. */
export const complete = (s: string) =>
  /T[+-]\d\d:\d\d:\d\d/.test(s) && s.includes("Timeline") && s.includes("BLUE") && s.includes("GREEN");

export async function until(
  t: TmuxSession,
  pred: (s: string) => boolean,
  what: string,
  timeoutMs = 120_000,
  everyMs = 10,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await t.screen();
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}\n${s}`);
    await sleep(everyMs);
  }
}

/**
 * p then y until the gate lets `percent` through. A gate that stays closed for `timeoutMs` of wall
 * time (a missed probe under load can pause the canary for good) ends the bench with the dialog's
 * reasons, instead of the bench pressing p forever.
 */
/**
 * Promotes to `percent` through the dialog. `overrideAfterMs`: a gate still held after that long is
 * overridden with a recorded reason (the endurance bench's steady scenario, where holding is not what
 * it measures); without it a held gate fails the bench after `timeoutMs`.
 */
export async function promoteTo(
  t: TmuxSession,
  percent: number,
  timeoutMs = 180_000,
  overrideAfterMs?: number,
) {
  const start = Date.now();
  const deadline = start + timeoutMs;
  for (;;) {
    await t.keys("p");
    // A p sent while an acknowledgement is being written can go unanswered: pressed again.
    const d = await until(
      t,
      (s) => s.includes(`Promote to ${percent} % green`) || s.includes("nothing to promote"),
      "promote dialog",
      Date.now() < deadline ? 15_000 : 120_000,
    ).catch((e: Error) => {
      if (Date.now() > deadline) throw e;
      return undefined;
    });
    if (d === undefined) continue;
    // The runbook's numberless rollback triggers, confirmed clear again before 50 % and 100 %.
    if (await confirmHeldChecks(t, d)) continue;
    const open = d.includes("✓ gate open");
    const held = !open && overrideAfterMs !== undefined && Date.now() - start >= overrideAfterMs;
    if (held && d.includes("✖ unacknowledged critical alert")) {
      // An override does not pass an unacknowledged critical alert: acknowledged first (recorded).
      await t.keys("Escape");
      await t.waitFor((s) => !s.includes("Promote to"), "dialog closed");
      await t.keys("A");
      await sleep(300);
      continue;
    }
    const go = (/GO DECISION[\s\S]*✖ /.test(d) && !open) || (held && !d.includes("nothing to promote"));
    if (go) {
      // The Go decision with the runbook's Go items open, or a gate held past overrideAfterMs: given
      // by override, recorded.
      await t.keys("o");
      // An o the loaded cockpit let pass unanswered (seen at load 18-21, the dialog open two minutes):
      // the dialog is closed and opened again, as p is pressed again above.
      const input = await until(t, (s) => s.includes("override reason"), "override input", 15_000).catch(
        (e: Error) => {
          if (Date.now() > deadline) throw e;
          return undefined;
        },
      );
      if (input === undefined) {
        await t.keys("Escape");
        await sleep(300);
        continue;
      }
      await t.keys("bench-go");
      await until(t, (s) => s.includes("bench-go"), "override reason");
    }
    if (go || open) {
      await t.keys(go ? "Enter" : "y");
      const done = `promote confirmed by AWS: blue ${100 - percent} / green ${percent}`;
      const after = await until(
        t,
        (s) => s.includes(done) || s.includes(`promotion to ${percent} % refused`),
        `${percent} % confirmed`,
      );
      if (after.includes(done)) return;
      // Refused on the gate judged again at sending (an alert re-raised meanwhile): once more.
      if (Date.now() > deadline) throw new Error(`bench: promotion to ${percent} % refused:\n${after}`);
      continue;
    }
    await t.keys("Escape");
    if (Date.now() > deadline)
      throw new Error(
        `bench: the gate stayed closed to ${percent} % green for ${timeoutMs / 1000} s; the last dialog:\n${d}`,
      );
    await sleep(300);
  }
}

export async function demo(
  name: string,
  size: { columns: number; rows: number },
  speed: number,
  profile?: string,
) {
  const port = await freePortPair();
  const t = await TmuxSession.start(
    name,
    size,
    `node ${BIN} demo --speed ${speed} --port ${port}`,
    cockpitEnv(tempDir(), profile ? { GOLIVE_PROFILE: profile } : {}),
  );
  return { t, port };
}

// ---- 2. time to detect ---------------------------------------------------------------------------

export interface DetectResult {
  cloudwatch: { speed: number; wallMs: Summary; sandboxS: Summary };
  probes: { speed: number; wallMs: Summary; sandboxS: Summary };
}

/** Injects a green error `rate` at 10 % green, `trials` times, and times the alert matching `seen`. */
async function detectPath(trials: number, speed: number, rate: number, seen: RegExp) {
  const { t, port } = await demo(`detect-${speed}`, { columns: 200, rows: 50 }, speed);
  const wall: number[] = [];
  const sb: number[] = [];
  try {
    await until(t, complete, "the cockpit");
    await promoteTo(t, 10);
    await until(t, (s) => /GREEN 10 %[\s\S]*error rate ✓/.test(s), "green data at 10 %");
    for (let i = 0; i < trials; i++) {
      // Acknowledge everything, so the next alert on screen is the one this trial caused.
      for (let k = 0; k < 30 && (await t.screen()).includes("✖ ALERT"); k++) {
        await t.keys("a");
        await sleep(50);
      }
      await until(t, (s) => !s.includes("✖ ALERT"), "no open alert", 30_000);
      const sb0 = await sandboxNow(port);
      const wall0 = Date.now();
      await admin(port, "/fault", { type: "error-rate", target: "green", value: rate });
      await until(t, (s) => seen.test(s), "the alert", 180_000, 20);
      wall.push(Date.now() - wall0);
      sb.push((await sandboxNow(port)) - sb0);
      await admin(port, "/fault", { type: "clear" });
      // Recover before the next spike: two clean CloudWatch periods when those are what is measured
      // (fast-forwarded), a passing probe (5 s) when it is the probe.
      await sleep((speed > 1 ? (2 * 60_000) / speed : 6000) + 500);
    }
  } finally {
    t.kill();
  }
  return { speed, wallMs: summarize(wall), sandboxS: summarize(sb.map((x) => x / 1000)) };
}

export async function benchDetect(trials: number): Promise<DetectResult> {
  return {
    // 8 %: green's health URL stays up (it fails from 50 %), so only CloudWatch periods can tell.
    cloudwatch: await detectPath(trials, 60, 0.08, /✖ ALERT .*ROLLBACK TRIGGER .*green error rate/),
    // 60 % at real speed: the health probe (every 5 s) sees it long before the minute's period closes.
    probes: await detectPath(trials, 1, 0.6, /✖ ALERT .*green health check failing/),
  };
}

// ---- 3. start-up ----------------------------------------------------------------------------------

export interface StartupResult {
  demo: { toScreen: Summary; toFirstFrame: Summary };
  open: { toScreen: Summary; toFirstFrame: Summary };
}

export async function benchStartup(runs: number): Promise<StartupResult> {
  const res = {
    demo: { s: [] as number[], f: [] as number[] },
    open: { s: [] as number[], f: [] as number[] },
  };
  const { sb, files } = await benchSandbox();
  try {
    for (let i = 0; i < runs; i++) {
      for (const which of ["demo", "open"] as const) {
        const sessions = tempDir();
        if (which === "open") await newSession(sessions, files.config);
        const profile = join(tempDir(), "profile.jsonl");
        const port = await freePortPair();
        const command = which === "demo" ? `node ${BIN} demo --port ${port}` : `node ${BIN} open`;
        const at = Date.now();
        const t = await TmuxSession.start(
          `start-${which}-${i}`,
          { columns: 200, rows: 50 },
          command,
          cockpitEnv(sessions, { GOLIVE_PROFILE: profile }),
        );
        try {
          await until(t, complete, `${which} first frame`, 30_000, 5);
          res[which].s.push(Date.now() - at);
          await t.keys("q");
          await until(t, (s) => s.includes("[exited"), "exit", 10_000);
          const first = profileOf(profile).find((l) => l.t === "frame");
          if (first?.uptimeMs) res[which].f.push(first.uptimeMs);
        } finally {
          t.kill();
        }
      }
    }
  } finally {
    await sb.stop();
  }
  return {
    demo: { toScreen: summarize(res.demo.s), toFirstFrame: summarize(res.demo.f) },
    open: { toScreen: summarize(res.open.s), toFirstFrame: summarize(res.open.f) },
  };
}

// ---- 4. rendering and idle CPU --------------------------------------------------------------------

export interface RenderResult {
  sizes: {
    size: string;
    frames: number;
    seconds: number;
    frameMs: Summary;
    fps: number;
    cpuPercent: number;
  }[];
  idle: { seconds: number; cpuPercent: number; fps: number; frameMs: Summary; rssMb: number; heapMb: number };
}

export async function benchRender(seconds: number, idleSeconds: number): Promise<RenderResult> {
  const sizes: RenderResult["sizes"] = [];
  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    const profile = join(tempDir(), "profile.jsonl");
    // At 60× the demo polls CloudWatch every second: metrics, sparklines and clocks change every frame.
    const { t } = await demo(`render-${columns}`, { columns, rows }, 60, profile);
    try {
      await until(t, complete, "the cockpit");
      await promoteTo(t, 10);
      const pid = await t.programPid();
      const cpu0 = cpuSeconds(pid);
      const from = Date.now();
      await sleep(seconds * 1000);
      const cpu = cpuSeconds(pid) - cpu0;
      const frames = profileOf(profile).filter((l) => l.t === "frame" && l.at >= from);
      sizes.push({
        size: `${columns}×${rows}`,
        frames: frames.length,
        seconds,
        frameMs: summarize(frames.map((f) => f.ms!)),
        fps: frames.length / seconds,
        cpuPercent: (100 * cpu) / seconds,
      });
    } finally {
      t.kill();
    }
  }
  return { sizes, idle: await idleCockpit({ columns: 200, rows: 50 }, idleSeconds) };
}

export type IdleResult = RenderResult["idle"];

/**
 * Idle: `golive open` at real speed on a live sandbox, nobody touching it; CPU (utime + stime from
 * /proc) over `seconds` after the first complete frame plus `settleSeconds` (3 by default). `bin` measures another build (A/B),
 * `cpuProf` writes the cockpit's V8 profile into that directory (it quits with q so V8 writes it).
 */
export async function idleCockpit(
  size: { columns: number; rows: number },
  seconds: number,
  o: { bin?: string; cpuProf?: string; colour?: boolean; settleSeconds?: number } = {},
): Promise<IdleResult> {
  const { sb, files } = await benchSandbox();
  const sessions = tempDir();
  // The measured build writes its own session: the tree's build may be rebuilt meanwhile (A/B runs).
  await newSession(sessions, files.config, o.bin);
  const profile = join(tempDir(), "profile.jsonl");
  const env = cockpitEnv(sessions, { GOLIVE_PROFILE: profile });
  if (o.colour) delete env.NO_COLOR;
  const prof = o.cpuProf ? `--cpu-prof --cpu-prof-dir=${o.cpuProf} ` : "";
  const t = await TmuxSession.start(
    `idle-${size.columns}x${size.rows}-${process.pid}`,
    size,
    `node ${prof}${o.bin ?? BIN} open`,
    env,
  );
  try {
    await until(t, complete, "the idle cockpit");
    await sleep((o.settleSeconds ?? 3) * 1000);
    const pid = await t.programPid();
    const cpu0 = cpuSeconds(pid);
    const from = Date.now();
    await sleep(seconds * 1000);
    const cpu = cpuSeconds(pid) - cpu0;
    const took = (Date.now() - from) / 1000;
    const lines = profileOf(profile);
    const frames = lines.filter((l) => l.t === "frame" && l.at >= from);
    const last = lines.filter((l) => l.t === "sample").at(-1);
    if (prof) {
      await t.keys("q");
      await until(t, (s) => s.includes("[exited"), "exit", 20_000);
    }
    return {
      seconds,
      cpuPercent: (100 * cpu) / took,
      fps: frames.length / took,
      frameMs: summarize(frames.map((f) => f.ms!)),
      rssMb: (last?.rss ?? 0) / 1024 / 1024,
      heapMb: (last?.heapUsed ?? 0) / 1024 / 1024,
    };
  } finally {
    t.kill();
    await sb.stop();
  }
}

// ---- 5. endurance ---------------------------------------------------------------------------------
