import { UNIT_MINUTES } from "./time.js";
import { isValidZone, zonedDate, zonedToUtc } from "./time-zone.js";

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
    return nowMs + (rel[1] === "-" ? -1 : 1) * minutes * 60000;
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
