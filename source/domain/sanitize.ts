/**
 * Nothing from data reaches a terminal raw. Runbook text, notes, recorded values, `--by`, command
 * output, AWS error messages: any of them can carry an escape sequence (OSC 52 writes the clipboard
 * of whoever is looking, OSC 0 retitles the window, CSI 2J wipes the screen), a C1 control that some
 * terminals treat as ESC [, or a bidi override that makes text read differently from what it is.
 * This is the one place that turns them into visible text (`\e]52;c;…`), for the CLI's print and
 * error helpers and for everything the cockpit draws. golive's own sequences (the cockpit's
 * alternate screen, its OSC 52 copy) are written by golive directly and never pass through here.
 */

/** C0 controls, DEL, C1 controls, and the Unicode bidi embedding/override/isolate marks. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** UNSAFE without the newline and the tab, which text laid out in lines keeps. */
const UNSAFE_BUT_LAYOUT =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = {
  "\u001b": "\\e",
  "\u0007": "\\a",
  "\b": "\\b",
  "\r": "\\r",
  "\f": "\\f",
  "\v": "\\v",
  "\u0000": "\\0",
};

function visible(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text for a terminal where golive itself lays out lines (CLI output, error lines): newlines and
 * tabs stay, every other control character is shown escaped.
 */
export function terminalText(s: string): string {
  // Newlines and tabs are not in the pattern: a 100,000-line export would otherwise call back once a line.
  return s.replace(UNSAFE_BUT_LAYOUT, visible);
}

/**
 * Text for one cell of the cockpit, where a newline or a tab from data would break the layout: tabs
 * become a space, newlines stay only when `multiline` (a pane that shows output line by line).
 */
export function terminalLine(s: string, multiline = false): string {
  return s.replace(UNSAFE, (c) => (c === "\t" ? " " : c === "\n" && multiline ? c : visible(c)));
}

/** True when `s` holds anything `terminalText` would rewrite (for tests and warnings). */
export function hasTerminalControls(s: string): boolean {
  return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(s);
}

/**
 * Every string inside a JSON-like value made terminal-safe (the cockpit's view of the session).
 * Multiline text keeps its newlines: panes split it themselves.
 *
 * Copy-on-write: an array or plain object none of whose strings needs rewriting is returned itself,
 * and a copy shares every part that did not change. The session state and the monitor snapshot are
 * replaced, never mutated in place, when they change (domain/reduce.ts, engine/monitor.ts), so
 * sharing their unchanged parts is safe; copying the whole of them at every change was most of the
 * cockpit's allocation over a long go-live (bench/RESULTS.md §0zi).
 */
export function terminalDeep<T>(value: T): T {
  if (typeof value === "string") return terminalText(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const safe = terminalDeep(v);
      if (!out && safe !== v && !Number.isNaN(v)) out = value.slice(0, i);
      out?.push(safe);
    }
    return (out ?? value) as T;
  }
  if (value instanceof Date) return value;
  if (value && typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    // Anything but a plain object (a class instance, a Map) was always read as its own fields.
    let out: Record<string, unknown> | undefined =
      proto === Object.prototype || proto === null ? undefined : {};
    const entries = Object.entries(value);
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i]!;
      const safe = terminalDeep(v);
      if (!out && safe !== v && !Number.isNaN(v)) {
        out = {};
        for (let j = 0; j < i; j++) out[entries[j]![0]] = entries[j]![1];
      }
      if (out) out[k] = safe;
    }
    return (out ?? value) as T;
  }
  return value;
}
