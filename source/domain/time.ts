/** Time markers from runbook text, and the T-clock. Pure: callers pass `now`. */

export type TimeMarker =
  | { kind: "offset"; minutes: number; text: string }
  /** `T+X (Issue Detected)`: happens relative to an event, never scheduled on the clock. */
  | { kind: "event"; event: string; text: string };

export const UNIT_MINUTES: Record<string, number> = {
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  d: 1440,
  day: 1440,
  days: 1440,
};

const UNIT = "(minutes?|mins?|m|hours?|hrs?|h|days?|d)";

/** `T-24 hours`, `T+15 Minutes`, `T-0`, `T+1h`, `T + 30 min`; the unit defaults to minutes (`T+15`). */
const T_OFFSET = new RegExp(`\\bT\\s*([+\\-−–])\\s*(\\d+(?:\\.\\d+)?)(?:\\s*${UNIT}\\b)?`, "i");

const T_EVENT = /\bT\s*\+\s*([A-Z])\b(?:\s*\(([^)]*)\))?/;

const RELATIVE = new RegExp(
  `(\\d+(?:\\.\\d+)?)\\s*${UNIT}\\s+(before|after)\\s+(?:the\\s+)?go[- ]?live`,
  "i",
);

const AT_GO_LIVE = /^\s*(go[- ]?live time|at go[- ]?live|T\s*0)\b/i;

/** Finds a time marker anywhere in a short piece of text (a heading or a `Time:` line). */
export function findTimeMarker(text: string): TimeMarker | undefined {
  const ev = T_EVENT.exec(text);
  if (ev && !/^\d/.test(ev[1] ?? "")) {
    return { kind: "event", event: (ev[2] ?? ev[1] ?? "event").trim(), text: ev[0].trim() };
  }
  const off = T_OFFSET.exec(text);
  if (off) {
    const sign = off[1] === "+" ? 1 : -1;
    const n = Number(off[2]);
    const unit = (off[3] ?? "minutes").toLowerCase();
    return { kind: "offset", minutes: sign * n * (UNIT_MINUTES[unit] ?? 1) + 0, text: off[0].trim() };
  }
  const rel = RELATIVE.exec(text);
  if (rel) {
    const n = Number(rel[1]);
    const unit = (rel[2] ?? "minutes").toLowerCase();
    const sign = rel[3]?.toLowerCase() === "before" ? -1 : 1;
    return { kind: "offset", minutes: sign * n * (UNIT_MINUTES[unit] ?? 1), text: rel[0].trim() };
  }
  if (AT_GO_LIVE.test(text)) return { kind: "offset", minutes: 0, text: text.trim() };
  return undefined;
}

/** One number and its unit: `2 hours`, `30m`. */
const DURATION_PIECE = `(\\d+(?:\\.\\d+)?)\\s*${UNIT}(?![a-z])`;

/** `2 hours`, `30 minutes`, `1h30m`: durations as runbooks state them (Duration lines, dwell). */
export function parseDuration(text: string): number | undefined {
  // The unit ends where letters end, not at a word boundary: in `1h30m` the `h` is followed by a
  // digit, which \b does not separate, and the hour was dropped (a 90-minute dwell read as 30).
  const re = new RegExp(DURATION_PIECE, "gi");
  let total = 0;
  let found = false;
  for (const m of text.matchAll(re)) {
    found = true;
    total += Number(m[1]) * (UNIT_MINUTES[(m[2] ?? "m").toLowerCase()] ?? 1);
  }
  return found ? total : undefined;
}

/**
 * A duration that is the whole text (an annotation's `dwell=`): parseDuration reads the numbers it
 * finds anywhere, so `-5m` was 5 minutes and `5m or so` 5; a value written to configure golive gets
 * no such reading.
 */
export function parseDurationExact(text: string): number | undefined {
  const rest = text.replace(new RegExp(DURATION_PIECE, "gi"), "");
  return rest.trim() ? undefined : parseDuration(text);
}

/** `T-00:12:05` / `T+00:17:32`; whole seconds, rounded toward T-0 so the display never jumps ahead. */
export function formatTClock(nowMs: number, t0Ms: number): string {
  const diff = nowMs - t0Ms;
  const sign = diff < 0 ? "-" : "+";
  const s = Math.floor(Math.abs(diff) / 1000);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `T${sign}${pad(hh)}:${pad(mm)}:${pad(ss)}`;
}

/** Time left until `atMs` as `HH:MM:SS` (the deadline countdown in status and the header). */
export function formatCountdown(nowMs: number, atMs: number): string {
  return formatTClock(nowMs, atMs).slice(2);
}

export function formatOffset(minutes: number): string {
  if (minutes === 0) return "T-0";
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  if (abs % 1440 === 0 && abs > 2880) return `T${sign}${abs / 1440}d`;
  if (abs % 60 === 0) return `T${sign}${abs / 60}h`;
  if (abs > 60) return `T${sign}${Math.floor(abs / 60)}h${abs % 60}m`;
  return `T${sign}${abs}m`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
