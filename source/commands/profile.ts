/**
 * `GOLIVE_PROFILE=FILE`: the cockpit appends what the benchmarks measure, as JSON lines: each frame's
 * render time (Ink's onRender) and, every second, memory and CPU. Buffered and written once a second,
 * so profiling does not itself become the frame cost it measures.
 */
import { appendFileSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";

export interface Profile {
  frame(renderMs: number): void;
  stop(): void;
}

/** `gc`: each of V8's collections too (start and duration, wall ms since the epoch), to tell a frame a GC slowed. */
export function startProfile(file: string, o: { gc?: boolean } = {}): Profile {
  let lines: string[] = [];
  const flush = () => {
    if (!lines.length) return;
    const out = lines.join("");
    lines = [];
    try {
      appendFileSync(file, out);
    } catch {
      // Profiling never gets in the way of the cockpit.
    }
  };
  const sample = () => {
    // Under --expose-gc (the endurance benchmark), sample live memory, not the garbage awaiting GC.
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const c = process.cpuUsage();
    // The young generation apart (it grows to tens of MB under the cockpit's allocation rate).
    const spaces = getHeapSpaceStatistics();
    const young = spaces.find((s) => s.space_name === "new_space")?.space_size;
    const code = spaces.find((s) => s.space_name === "code_space")?.space_size;
    // Every space's size and use, to tell the old generation's slack from what is live in it.
    const space = Object.fromEntries(spaces.map((s) => [s.space_name, [s.space_size, s.space_used_size]]));
    lines.push(
      `${JSON.stringify({ t: "sample", at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, young, code, external: m.external, arrayBuffers: m.arrayBuffers, cpuUserUs: c.user, cpuSystemUs: c.system, space })}\n`,
    );
    flush();
  };
  lines.push(`${JSON.stringify({ t: "start", at: Date.now(), uptimeMs: process.uptime() * 1000 })}\n`);
  const timer = setInterval(sample, 1000);
  let first = true;
  timer.unref();
  const origin = performance.timeOrigin;
  const gcs = o.gc
    ? new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          lines.push(
            `${JSON.stringify({ t: "gc", start: origin + e.startTime, ms: e.duration, kind: (e as { detail?: { kind?: number } }).detail?.kind })}\n`,
          );
      })
    : undefined;
  gcs?.observe({ entryTypes: ["gc"] });
  return {
    frame(renderMs) {
      // The first frame's CPU too: the start-up bench's "CPU to the first frame".
      const cpu = first ? process.cpuUsage() : undefined;
      first = false;
      lines.push(
        `${JSON.stringify({ t: "frame", at: Date.now(), ms: renderMs, uptimeMs: process.uptime() * 1000, ...(cpu ? { cpuUs: cpu.user + cpu.system } : {}) })}\n`,
      );
    },
    stop() {
      clearInterval(timer);
      gcs?.disconnect();
      sample();
    },
  };
}
