/**
 * Whether a monitor notification changes what the cockpit shows. Every poll notifies when it
 * answers (listener and probes every few seconds, metrics, fleet), changed or not, and each
 * notification drew a whole frame: the idle cockpit drew 1.6–2.8 frames a second for a screen that
 * changes once a second. A read that moved only its own time (the listener read again with the same
 * weights, a probe answering the same status) has nothing new to show but ages, and ages are drawn
 * by the clock's frame every second from the newest snapshot: such a notification draws no frame.
 * So an age may show up to a second late, never younger than it is. Pure.
 */
import type { MonitorSnapshot } from "../../engine/monitor.js";

/**
 * When each read was made, and how long a probe took: shown only as ages, or not at all. When the
 * listener's read began moves with every read too (every 5 s): it decides only whether the listener's
 * note may speak of AWS now (freshness.ts), and that note is in the App's time key, so a change it
 * makes is drawn at the next tick. As news it drew the whole App every 5 s for nothing.
 */
const READ_TIMES = ["metricsAt", "listenerAt", "listenerReadFrom", "fleetAt"] as const;
const PROBE_TIMES = ["at", "ms"] as const;

export function monitorNews(
  before: MonitorSnapshot | undefined,
  after: MonitorSnapshot | undefined,
): boolean {
  if (before === after) return false;
  if (!before || !after) return true;
  return !same(withoutReadTimes(before), withoutReadTimes(after));
}

function withoutReadTimes(s: MonitorSnapshot): Record<string, unknown> {
  const o: Record<string, unknown> = { ...s };
  for (const k of READ_TIMES) delete o[k];
  const probes: Record<string, unknown> = {};
  for (const [color, p] of Object.entries(s.probes)) {
    const q: Record<string, unknown> = { ...p };
    for (const k of PROBE_TIMES) delete q[k];
    probes[color] = q;
  }
  o.probes = probes;
  return o;
}

/** Structural equality of JSON-like values (a key holding undefined equals a missing key). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => same(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!same(ao[k], bo[k])) return false;
  return true;
}
