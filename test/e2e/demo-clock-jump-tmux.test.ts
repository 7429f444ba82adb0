/**
 * `golive demo` wires its sandbox clock's moves to the monitor (commands/demo.ts, `onJump`): a lead
 * who moves the rehearsal's clock sees every pane read again at once, not when each poll's timer
 * comes round. At --speed 1 the demo reads the metrics every 15 real seconds and the listener every
 * 5; so after a move, the metrics read the move brought comes with the listener's read of that move
 * (one), where a demo deaf to moves reads the listener two or three times on its timer first.
 * Counted in the sandbox's own call log, so nothing here is a wall-clock figure.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import type { LogEntry } from "../../source/sandbox/world/fault-types.js";
import { firstFrame, startDemo } from "../helpers/demo.js";
import { killTmuxServer } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

async function admin<T>(port: number, path: string, init?: RequestInit): Promise<T> {
  const r = await fetch(`http://127.0.0.1:${port}/_sandbox/${path}`, init);
  if (!r.ok) throw new Error(`sandbox ${path}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

const log = async (port: number) => (await admin<{ entries: LogEntry[] }>(port, "log?since=0")).entries;
const isMetrics = (e: LogEntry) => e.kind === "api" && e.operation === "GetMetricData";
const isListener = (e: LogEntry) => e.kind === "api" && e.operation === "DescribeListeners";
const isProbe = (e: LogEntry) => e.kind === "health";

/** Moves the demo's clock on a minute: the move's own entry in the log. */
async function move(port: number): Promise<LogEntry> {
  await admin(port, "clock", { method: "POST", body: JSON.stringify({ advanceMs: 60_000 }) });
  const moved = (await log(port)).findLast((e) => e.kind === "clock");
  if (!moved) throw new Error("the clock's move is not in the sandbox's log");
  return moved;
}

/** The log from `after` on, once `done` holds for it (polled; the demo's reads are what is waited for). */
async function logFrom(port: number, after: LogEntry, done: (since: LogEntry[]) => boolean) {
  let since: LogEntry[] = [];
  await vi.waitFor(
    async () => {
      since = (await log(port)).filter((e) => e.seq > after.seq);
      expect(done(since), `after the move: ${since.map((e) => e.operation ?? e.kind).join(", ")}`).toBe(true);
    },
    { timeout: 60_000, interval: 50 },
  );
  return since;
}

describe("the demo's monitor follows a move of its sandbox clock", () => {
  it("at --speed 1, a move brings the metrics read at once, before the listener's timer comes round", async () => {
    const d = await startDemo("jump", { columns: 80, rows: 24 }, { speed: 1 });
    try {
      await firstFrame(d);
      // A first move, not counted: once its reads are all in, no poll is in flight and every timer
      // was set by it (or, deaf to moves, by the reads that came on their own).
      const first = await move(d.port);
      await logFrom(d.port, first, (s) => s.some(isMetrics) && s.some(isListener) && s.some(isProbe));
      for (let i = 0; i < 2; i++) {
        const moved = await move(d.port);
        const since = await logFrom(d.port, moved, (s) => s.some(isMetrics) && s.some(isProbe));
        const untilMetrics = since.slice(0, since.findIndex(isMetrics));
        expect(
          untilMetrics.filter(isListener).length,
          `listener reads between move ${i + 1} and its metrics read`,
        ).toBeLessThanOrEqual(1);
      }
      await d.t.keys("q");
      await d.t.waitFor((x) => x.includes("[exited 0]"), "quit");
    } finally {
      d.kill();
    }
  }, 180_000);
});
