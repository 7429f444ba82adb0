/** IANA zones with the runtime's Intl: validity, wall-clock parts, and zoned local time to UTC. */
export function isValidZone(zone: string): boolean {
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

export function zonedDate(ms: number, zone: string): [number, number, number] {
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
  const offsets = new Set([zoneOffset(wall - 86400000, zone), zoneOffset(wall + 86400000, zone)]);
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
