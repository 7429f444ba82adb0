/** Pure string formatting for the cockpit: fixed widths, numbers, sparklines. */
const BARS = "▁▂▃▄▅▆▇█";

export function padTo(s: string, width: number): string {
  if (width <= 0) return "";
  const chars = [...s];
  if (chars.length <= width) return s + " ".repeat(width - chars.length);
  return `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

export function clip(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

export function pct(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined ? "no data" : `${v.toFixed(digits)} %`;
}

export function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? "no data" : `${v.toFixed(0)} ms`;
}

export function rps(v: number | null | undefined): string {
  return v === null || v === undefined ? "no data" : `${v.toFixed(1)} req/s`;
}

/** A sparkline of the last `width` values; gaps (no data) are spaces, never a zero bar. */
export function sparkline(values: (number | null)[], width: number, max?: number): string {
  const tail = values.slice(-width);
  const nums = tail.filter((v): v is number => v !== null);
  const top = max ?? Math.max(...nums, 0);
  const out = tail.map((v) => {
    if (v === null) return " ";
    if (top <= 0) return BARS[0]!;
    return BARS[Math.min(BARS.length - 1, Math.floor((v / top) * (BARS.length - 1)))]!;
  });
  return " ".repeat(Math.max(0, width - out.length)) + out.join("");
}

export function hhmmss(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** The canary gauge: blue share then green share, as blocks, e.g. `████████▒▒`. */
export function gauge(blue: number, green: number, width: number): string {
  const total = blue + green || 1;
  const g = Math.round((green / total) * width);
  return "█".repeat(width - g) + "▒".repeat(g);
}

/**
 * An ARN that fits `width` without being cut mid-token: the account/region prefix goes first, then
 * the middle of the resource path becomes "…", keeping the resource's name and its final id (what
 * tells two listeners apart). A line break inside an ARN would be copied with the break.
 */
export function shortenArn(arn: string, width: number): string {
  if ([...arn].length <= width) return arn;
  const resource = arn.replace(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/, "");
  if ([...resource].length <= width) return resource;
  const parts = resource.split("/");
  if (parts.length >= 3) {
    // listener/app/<name>/<lb id>/<listener id> → <name>/…/<listener id>
    const name = parts.length >= 5 ? parts[2]! : parts[1]!;
    const tail = parts.at(-1)!;
    const short = `${name}/…/${tail}`;
    if ([...short].length <= width) return short;
    const justTail = `…/${tail}`;
    if ([...justTail].length <= width) return justTail;
  }
  const chars = [...resource];
  return width <= 1 ? "…" : `…${chars.slice(chars.length - (width - 1)).join("")}`;
}

const ARN = /\barn:aws[\w-]*:[\w-]+:[\w-]*:\d*:[^\s"'`,;)\]]+/g;

/**
 * A line that does not fit `width`: its ARNs shortened first (name/…/id, see shortenArn), so what
 * is cut at the end is prose, never an ARN half shown as if whole. Lines that fit are untouched.
 */
export function fitArns(line: string, width: number): string {
  if ([...line].length <= width) return line;
  const arns = line.match(ARN) ?? [];
  if (!arns.length) return line;
  // Each ARN gets an even share of what the rest of the line leaves, but never less than its id.
  const rest = [...line.replace(ARN, "")].length;
  const share = Math.max(20, Math.floor((width - rest) / arns.length));
  const spans: [number, number][] = [];
  let out = "";
  let last = 0;
  for (const m of line.matchAll(ARN)) {
    out += line.slice(last, m.index);
    const short = shortenArn(m[0], share);
    spans.push([[...out].length, [...out].length + [...short].length]);
    out += short;
    last = m.index + m[0].length;
  }
  out += line.slice(last);
  const chars = [...out];
  if (chars.length <= width) return out;
  // Still too long: cut the prose, or before an ARN that would be cut, never inside one.
  let cut = Math.max(0, width - 1);
  const inside = spans.find(([a, b]) => cut > a && cut < b);
  if (inside) cut = inside[0];
  return `${chars.slice(0, cut).join("").trimEnd()}…`;
}

/** A timestamp for a row: HH:MM today, "Nov 22 HH:MM" on any other day (UTC, as everywhere). */
export function dayAndTime(at: number, now: number): string {
  const d = new Date(at).toISOString();
  if (d.slice(0, 10) === new Date(now).toISOString().slice(0, 10)) return d.slice(11, 16);
  return `${MONTHS[new Date(at).getUTCMonth()]} ${d.slice(8, 10)} ${d.slice(11, 16)}`;
}

/** en-US short month names: the timeline asks for them on every frame, and Intl's formatting was a
 * visible share of the idle cockpit's CPU. */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
