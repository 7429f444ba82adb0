/**
 * What a running demo has read from its sandbox, from the sandbox's own call log
 * (`GET /_sandbox/log`): tests that move the demo's clock wait for the demo's next polls rather than
 * for a guessed number of wall-clock seconds, and never move the clock past the point where a read
 * the gate depends on (the listener, the health probes) would go stale before its poll comes round.
 */

import { LISTENER_POLL_MS, PROBE_POLL_MS } from "../../source/engine/limits.js";
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
const isRead = (e: LogEntry) => e.kind === "api" || e.kind === "kube" || e.kind === "health";

/**
 * The reads the demo repeats on a period in the last 3 s of wall clock (three or more, a second or
 * more apart first to last): its fast polls (metrics, the fleet, the Kubernetes watch; a second
 * each in a demo). The listener and the health probes poll every 5 s and are not among them
 * (freshFor keeps those fresh); a burst of reads an action made is not either.
 */
function fastPolls(log: LogEntry[]): Set<string> {
  const end = log.at(-1)?.realAt ?? 0;
  const seen = new Map<string, number[]>();
  for (const e of log)
    if (isRead(e) && e.realAt > end - 3000) seen.set(key(e), [...(seen.get(key(e)) ?? []), e.realAt]);
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
export async function nextPolls(d: DemoRef, o: { stepMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const { stepMs, timeoutMs = 30_000 } = o;
  const fast = fastPolls(await calls(d));
  if (stepMs !== undefined)
    await admin(d.port, "clock", { method: "POST", body: JSON.stringify({ advanceMs: stepMs }) });
  const since = (await calls(d)).at(-1)?.seq ?? 0;
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    const after = (await calls(d)).filter((e) => e.seq > since && isRead(e));
    const polled = (k: string) => {
      const same = after.filter((e) => key(e) === k);
      return same.length >= 2 && same.at(-1)!.realAt - same[0]!.realAt >= 500;
    };
    const waiting = fast.size ? [...fast].filter((k) => !polled(k)) : after.length ? [] : ["any read"];
    // A read that has not come round in 5 s while others have is not one of the second-long polls
    // (an action's reads can look like one): the others have drawn the moved world.
    if (!waiting.length || (waiting.length < fast.size && Date.now() > started + 5000)) return;
    if (Date.now() > deadline)
      throw new Error(`the demo did not poll twice within ${timeoutMs} ms: ${waiting.join(", ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Before the clock moves on by `ms`: waits (if need be) for the demo's next listener read and health
 * probe, so that neither is older than half the age at which the gate calls it stale once the
 * clock has moved (engine/limits.ts: three polls, in sandbox time at the demo's speed). Without
 * this, steps a second apart outrun the 5 s listener poll and the gate closes on "stale" evidence.
 */
export async function freshFor(d: DemoRef, ms: number, timeoutMs = 30_000): Promise<void> {
  const { speed } = await admin<{ speed: number }>(d.port, "clock");
  const limits: [string, number][] = [
    ["api DescribeListeners", 3 * LISTENER_POLL_MS * speed],
    ["health GET /health/blue", 3 * PROBE_POLL_MS * speed],
    ["health GET /health/green", 3 * PROBE_POLL_MS * speed],
  ];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await calls(d);
    const { now } = await admin<{ now: number }>(d.port, "clock");
    const old = limits.filter(([k, limit]) => {
      const last = log.findLast((e) => key(e) === k);
      return last && now + ms - last.at > limit / 2;
    });
    if (!old.length) return;
    if (Date.now() > deadline)
      throw new Error(`the demo did not read ${old.map(([k]) => k).join(", ")} again within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
