/** Time markers from runbook text, and the T-clock. Pure: callers pass `now`. */

export type TimeMarker =
  | { kind: "offset"; minutes: number; text: string }
  /** `T+X (Issue Detected)`: happens relative to an event, never scheduled on the clock. */
  | { kind: "event"; event: string; text: string };

const UNIT_MINUTES: Record<string, number> = {
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

/** `2 hours`, `30 minutes`, `1h30m`: durations as runbooks state them (Duration lines, dwell). */
export function parseDuration(text: string): number | undefined {
  const re = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*${UNIT}\\b`, "gi");
  let total = 0;
  let found = false;
  for (const m of text.matchAll(re)) {
    found = true;
    total += Number(m[1]) * (UNIT_MINUTES[(m[2] ?? "m").toLowerCase()] ?? 1);
  }
  return found ? total : undefined;
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

/**
 * Parses T-0 as a lead types it: ISO-8601 with an offset or Z, or a plain local time with an IANA
 * zone (`2026-11-24 18:00 Europe/Paris`, `18:00 America/New_York` = today in that zone), or
 * `now`/`now+30m`/`now-2h` for rehearsals. A local time without a zone is refused: on a bastion
 * in UTC it would silently be hours off.
 */
export function parseT0(input: string, nowMs: number): number {
  const text = input.trim();
  const rel = /^now\s*(?:([+-])\s*(\d+(?:\.\d+)?)\s*(m|min|minutes?|h|hours?|d|days?)?)?$/i.exec(text);
  if (rel) {
    if (!rel[1]) return nowMs;
    const minutes = Number(rel[2]) * (UNIT_MINUTES[(rel[3] ?? "m").toLowerCase()] ?? 1);
    return nowMs + (rel[1] === "-" ? -1 : 1) * minutes * 60_000;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(
    text,
  );
  if (iso) {
    // Date.parse rolls 2026-02-30 over to 2 March: a day the calendar does not have is refused.
    checkCalendar(text, +iso[1]!, +iso[2]!, +iso[3]!, +iso[4]!, +iso[5]!, +(iso[6] ?? 0));
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  const local =
    /^(?:(\d{4})-(\d{2})-(\d{2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2}))?\s+([A-Za-z_]+(?:\/[A-Za-z_+-]+)*|UTC)$/.exec(
      text,
    );
  if (local) {
    const zone = local[7]!;
    if (!isValidZone(zone))
      throw new RangeError(`unknown time zone "${zone}" (use an IANA name like Europe/Paris)`);
    let [y, mo, d] = [Number(local[1]), Number(local[2]), Number(local[3])];
    if (!local[1]) [y, mo, d] = zonedDate(nowMs, zone);
    const h = Number(local[4]);
    const mi = Number(local[5]);
    const s = Number(local[6] ?? 0);
    checkCalendar(text, y, mo, d, h, mi, s);
    return zonedToUtc(y, mo, d, h, mi, s, zone);
  }
  throw new RangeError(
    `cannot read "${text}" as a time; use ISO-8601 (2026-11-24T18:00:00Z), a local time with a zone (2026-11-24 18:00 Europe/Paris) or now+30m`,
  );
}

function checkCalendar(text: string, y: number, mo: number, d: number, h: number, mi: number, s: number) {
  const days = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 59) {
    throw new RangeError(
      `"${text}" is not a valid date and time${days && d > days ? ` (${y}-${String(mo).padStart(2, "0")} has ${days} days)` : ""}`,
    );
  }
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function zoneParts(ms: number, zone: string): number[] {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(ms);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return [get("year"), get("month"), get("day"), get("hour"), get("minute"), get("second")];
}

function zonedDate(ms: number, zone: string): [number, number, number] {
  const [y, m, d] = zoneParts(ms, zone);
  return [y!, m!, d!];
}

/** The zone's offset from UTC at an instant, in ms. */
function zoneOffset(ms: number, zone: string): number {
  const [y, mo, d, h, mi, s] = zoneParts(ms, zone);
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - (ms - (ms % 1000));
}

/**
 * Wall time in a zone → UTC ms. The offsets a day before and after cover any DST change; a wall time
 * that none of them reaches does not exist (the spring-forward gap), and one that two of them reach
 * happens twice (fall back). Both are refused: a go-live an hour off is worse than a question.
 */
export function zonedToUtc(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  zone: string,
): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const offsets = new Set([zoneOffset(wall - 86_400_000, zone), zoneOffset(wall + 86_400_000, zone)]);
  const found = [...offsets]
    .map((off) => wall - off)
    .filter((c) => {
      const [py, pm, pd, ph, pmi, ps] = zoneParts(c, zone);
      return Date.UTC(py!, pm! - 1, pd!, ph!, pmi!, ps!) === wall;
    })
    .sort((a, b) => a - b);
  const label = `${new Date(wall).toISOString().slice(0, 16).replace("T", " ")} ${zone}`;
  if (found.length === 0)
    throw new RangeError(
      `${label} does not exist (the clocks skip it for daylight saving time); pick a time outside the gap or give an ISO-8601 time with its offset`,
    );
  if (found.length > 1)
    throw new RangeError(
      `${label} happens twice (the clocks go back for daylight saving time): ${found.map((c) => new Date(c).toISOString()).join(" or ")}; give an ISO-8601 time with its offset`,
    );
  return found[0]!;
}
