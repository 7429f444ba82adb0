/**
 * The key help (`?`): every binding with what it does and, when it cannot act now, why. At 80×24 the
 * list is taller and wider than the dialog, so lines wrap at words under their description and the
 * list scrolls (j/k, ↑/↓) instead of losing its tail: a key the help does not show is a key the lead
 * does not know about.
 */
import { wordWrap } from "../format/wrap.js";
import type { Binding, KeyContext } from "../keys/keymap.js";
import type { DialogContent } from "./dialogs.js";
import type { Dialog } from "./reducer.js";

type HelpDialog = Extract<Dialog, { kind: "help" }>;

/** Columns before a binding's description: the key's label (6), a space, the ⚠ mark or two spaces. */
const DESCRIPTION_COLUMN = 9;

export function helpTopMax(
  help: { bindings: Binding[]; keyCtx: KeyContext },
  readOnly: boolean,
  viewWidth: number,
  maxHeight: number,
): number {
  // DialogView's own arithmetic: at most 140 columns, a border and a column of padding each side.
  const { all, rows } = helpRows(helpLines(help, readOnly, Math.min(viewWidth, 140) - 4), maxHeight);
  return rows === undefined ? 0 : Math.max(0, all.length - rows);
}

/**
 * Title, footer and the border take four rows; a list that does not fit gives one more to its
 * position line. `rows`: how many of the list's lines show at once, undefined when all fit.
 */
function helpRows(all: string[], maxHeight: number) {
  return { all, rows: all.length <= maxHeight - 4 ? undefined : Math.max(1, maxHeight - 5) };
}

function helpLines(help: { bindings: Binding[]; keyCtx: KeyContext }, readOnly: boolean, width: number) {
  const keys = help.bindings.map((b) => {
    const why = b.disabledReason(help.keyCtx);
    return `${b.label.padEnd(6)} ${b.dangerous ? "⚠ " : "  "}${b.description}${why ? `  [now: ${why}]` : ""}`;
  });
  const notes = readOnly
    ? []
    : [
        "",
        "Below 80×24 only R (roll back) and q work; the screen keeps showing the traffic state.",
        "Over a dialog this help hides it: the dialog waits, inert, and the key that closes the help does nothing else.",
        "p shows one plan (the listener read, its age, the exact weights); y sends it only if AWS still shows that listener.",
        'q or Ctrl-C while a rollback is in flight: golive says "finishing rollback…" and exits once AWS confirms (or the wait times out, recorded).',
      ];
  return [
    ...keys.flatMap((l) => wordWrap(l, width, DESCRIPTION_COLUMN)),
    ...notes.flatMap((l) => wordWrap(l, width, 2)),
  ];
}

export function helpContent(
  d: HelpDialog,
  help: { bindings: Binding[]; keyCtx: KeyContext },
  readOnly: boolean,
  width: number,
  maxHeight: number,
): DialogContent {
  const { all, rows } = helpRows(helpLines(help, readOnly, width), maxHeight);
  const footer = readOnly
    ? "read-only viewer: keys that change traffic or the session are absent"
    : "R (or Ctrl-R while typing) rolls back from anywhere";
  const short = readOnly ? "read-only viewer" : "R rolls back from anywhere";
  if (rows === undefined)
    return { title: "Keys", tone: "info", lines: all, footer: `${footer} · any key closes` };
  const top = Math.min(d.top ?? 0, Math.max(0, all.length - rows));
  const shown = all.slice(top, top + rows);
  const end = top + shown.length >= all.length;
  return {
    title: "Keys",
    tone: "info",
    lines: [
      `lines ${top + 1}–${top + shown.length} of ${all.length}${end ? "" : " · j / ↓ shows more"}`,
      ...shown.map((l) => l || " "),
    ],
    footer: `${short} · j/k scroll · any other key closes`,
  };
}
