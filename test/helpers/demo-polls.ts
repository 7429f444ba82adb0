/**
 * What a running demo has read from its sandbox, from the sandbox's own call log
 * (`GET /_sandbox/log`): tests that move the demo's clock wait for the demo's next polls rather than
 * for a guessed number of wall-clock seconds. A move of the clock is a jump the demo's monitor reads
 * everything again on at once (engine/poll-loops.ts), so the gate's inputs (the listener, the health
 * probes) are read again right after any step, however large, instead of going stale until their
 * next polls come round.
 */

import type { LogEntry } from "../../source/sandbox/world.js";

/**
 * Each demo's log as read so far, by tmux session and port (a later demo may get the same port):
 * entries are fetched once, from the last seq seen.
 */
const logs = new Map<string, LogEntry[]>();

/** A running demo: its tmux session's name and its sandbox's port. */
export interface DemoRef {
  t: { name: string };
  port: number;
}

async function admin<T>(port: number, path: string, init?: RequestInit): Promise<T> {
  const r = await fetch(`http://127.0.0.1:${port}/_sandbox/${path}`, init);
  if (!r.ok) throw new Error(`sandbox ${path}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

async function calls({ t, port }: DemoRef): Promise<LogEntry[]> {
  const id = `${t.name}@${port}`;
  const log = logs.get(id) ?? [];
  const since = log.at(-1)?.seq ?? 0;
  const { entries } = await admin<{ entries: LogEntry[] }>(port, `log?since=${since}`);
  log.push(...entries);
  // The demo's whole run is not needed: the last minutes of wall clock are (what polls how often).
  if (log.length > 5000) log.splice(0, log.length - 2000);
  logs.set(id, log);
  return log;
}

const key = (e: LogEntry) => `${e.kind} ${e.operation ?? ""}`;
/** What the gate reads besides metrics: a jump of the clock reads them again at once. */
const GATE_READS = ["api DescribeListeners", "health GET /health/blue", "health GET /health/green"];
const isRead = (e: LogEntry) => e.kind === "api" || e.kind === "kube" || e.kind === "health";

/**
 * The reads the demo repeats on a period in the last 3 s of wall clock (three or more, a second or
 * more apart first to last): its fast polls (metrics, the fleet, the Kubernetes watch; a second
 * each in a demo). The listener and the health probes are waited for on their own after a move (a
 * demo reads them every second too now, but at 1× every 5 s; a promote's read-backs of the listener
 * taken for a fast poll that then never came round cost each wait its 5 s fallback); a burst of
 * reads an action made is not a poll either.
 */
function fastPolls(log: LogEntry[]): Set<string> {
  const end = log.at(-1)?.realAt ?? 0;
  const seen = new Map<string, number[]>();
  for (const e of log)
    if (isRead(e) && e.realAt > end - 3000 && !GATE_READS.includes(key(e)))
      seen.set(key(e), [...(seen.get(key(e)) ?? []), e.realAt]);
  return new Set([...seen].filter(([, at]) => at.length >= 3 && at.at(-1)! - at[0]! >= 1000).map(([k]) => k));
}

/**
 * Waits until each of the demo's fast polls has run twice since now (or, with `ms`, since its clock
 * was moved on by `ms`): the first read saw the world as it is, and the second is only sent once
 * the first's result is in the model (each poll loop awaits its read before it sets the next
 * timer), so the frame drawn from it is on its way to the terminal. Two reads of one request count
 * as two polls only when half a second apart (a poll's requests go out together; polls are a
 * second apart in a demo).
 */
export async function nextPolls(
  d: DemoRef,
  o: { stepMs?: number; timeoutMs?: number; until?: () => boolean } = {},
): Promise<void> {
  const { stepMs, timeoutMs = 30_000, until = () => false } = o;
  const before = await calls(d);
  const fast = fastPolls(before);
  // Only what this demo reads at all (a demo without health URLs probes nothing).
  const gate = GATE_READS.filter((k) => before.some((e) => key(e) === k));
  if (stepMs !== undefined)
    await admin(d.port, "clock", { method: "POST", body: JSON.stringify({ advanceMs: stepMs }) });
  // From the move itself (logged before any read it caused): the jump's reads may already be in.
  const log = await calls(d);
  const since = (stepMs === undefined ? log.at(-1) : log.findLast((e) => e.kind === "clock"))?.seq ?? 0;
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    // The caller has what it waited for (waitOnClock saw its screen): nothing more to wait for.
    if (until()) return;
    const after = (await calls(d)).filter((e) => e.seq > since && isRead(e));
    const polled = (k: string) => {
      const same = after.filter((e) => key(e) === k);
      return same.length >= 2 && same.at(-1)!.realAt - same[0]!.realAt >= 500;
    };
    // After a move: the gate's reads the jump made, too (their 5 s timers would not be that soon).
    const jumped = stepMs === undefined ? [] : gate.filter((k) => !after.some((e) => key(e) === k));
    const fastWaiting = fast.size ? [...fast].filter((k) => !polled(k)) : after.length ? [] : ["any read"];
    const waiting = [...jumped, ...fastWaiting];
    // A read that has not come round in 5 s while others have is not one of the second-long polls
    // (an action's reads can look like one): the others have drawn the moved world.
    if (!waiting.length || (!jumped.length && fastWaiting.length < fast.size && Date.now() > started + 5000))
      return;
    if (Date.now() > deadline)
      throw new Error(`the demo did not poll twice within ${timeoutMs} ms: ${waiting.join(", ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
