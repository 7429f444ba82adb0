/**
 * Cockpit `m` (issue 13): a picker of the runbook's message templates, those that fit the moment
 * first, and a preview of one filled from the session. The preview shows the exact text `y` copies
 * (OSC 52) and writes to a file; a text taller than the dialog scrolls, and `y` acts only once its
 * last line is on screen (nothing acts unseen).
 */
import {
  type ComposedMessage,
  composeMessage,
  momentNow,
  templatesForMoment,
} from "../../domain/message-fill.js";
import { type MessageTemplate, MOMENT_LABEL, slotKey } from "../../domain/message-templates.js";
import { timeline } from "../../domain/timeline.js";
import type { DialogContent } from "./dialogs.js";
import type { CockpitModel } from "./model.js";
import type { Dialog, MessageDialog } from "./reducer.js";

export function templatesNow(model: CockpitModel) {
  const moment = momentNow(model.state(), model.now());
  return { moment, list: templatesForMoment(model.templates, moment) };
}

export function composeFor(model: CockpitModel, d: MessageDialog): ComposedMessage | undefined {
  const t = model.templates.find((x) => x.name === d.name);
  if (!t) return undefined;
  const s = model.state();
  const now = model.now();
  return composeMessage(t, { s, views: timeline(model.runbook, s, now), now, user: model.user }, d.typed);
}

export function messagesContent(
  d: Extract<Dialog, { kind: "messages" }>,
  model: CockpitModel,
): DialogContent {
  const { moment, list } = templatesNow(model);
  const open = (t: MessageTemplate) => t.slots.filter((s) => !s.kind).length;
  return {
    title: `Status messages — the runbook's templates (now: ${MOMENT_LABEL[moment]})`,
    tone: "info",
    lines: list.length
      ? list.map(
          (t, i) =>
            `${i === d.index ? "▸" : " "} ${t.moment === moment ? "★" : " "} ${t.name.padEnd(22)} ${MOMENT_LABEL[t.moment].padEnd(22)} line ${t.line}${open(t) ? ` · ${open(t)} slot${open(t) === 1 ? "" : "s"} for you to type` : ""}`,
        )
      : ["the runbook has no message templates (fenced blocks with Subject: or [Placeholder] slots)"],
    footer: "★ fits now · j/k select · Enter previews (filled from the session) · n / Esc closes",
  };
}

/** What the preview shows in `rows` text rows of `width` columns, and whether its end is on screen. */
export function messageView(d: MessageDialog, model: CockpitModel, width: number, maxHeight: number) {
  const m = composeFor(model, d);
  const text = m?.text ?? `no template "${d.name}"`;
  const wrapped = text.split("\n").flatMap((l) => wrap(l, Math.max(10, width)));
  // Title, footer and the border (4), the position line, a blank and two slot / clipboard lines.
  const rows = Math.max(1, maxHeight - 4 - 4 - (d.editing !== null ? 2 : 0));
  const top = Math.min(d.top, Math.max(0, wrapped.length - rows));
  const atEnd = top + rows >= wrapped.length;
  return { m, lines: wrapped.slice(top, top + rows), top, total: wrapped.length, atEnd };
}

export function messageContent(
  d: MessageDialog,
  model: CockpitModel,
  width: number,
  maxHeight: number,
): DialogContent {
  const v = messageView(d, model, width, maxHeight);
  const t = model.templates.find((x) => x.name === d.name);
  const slot = v.m?.slots[d.slot];
  const open = v.m?.slots.filter((s) => s.from === "open").length ?? 0;
  const slotLine =
    slot && t
      ? `slot ${d.slot + 1}/${v.m!.slots.length} ${slotKey(t, d.slot)}: ${
          slot.from === "open"
            ? `${slot.text} NOT FILLED — golive does not know it; e types it`
            : `${slot.value!.split("\n")[0]}${slot.value!.includes("\n") ? " …" : ""} (${slot.from === "lead" ? "typed by you" : "from the session"})`
        }${open ? ` · ${open} still as written` : ""}`
      : "no slots";
  const clip = d.clip
    ? d.clip.passes === false
      ? `✖ y writes the file but will NOT copy: ${d.clip.why}`
      : `y copies with OSC 52 (${d.clip.why}) and writes it to a file`
    : "y copies with OSC 52 and writes it to a file";
  return {
    title: `Message "${d.name}" (runbook line ${t?.line ?? "?"}) — exactly what y copies and writes`,
    tone: "info",
    lines: [
      `lines ${v.total ? v.top + 1 : 0}–${v.top + v.lines.length} of ${v.total}${v.atEnd ? "" : " · j scrolls down: y needs the end on screen"}`,
      // Ink draws an empty line as nothing: a space keeps the message's blank lines on screen.
      ...v.lines.map((l) => l || " "),
      " ",
      slotLine,
      clip,
    ],
    input:
      d.editing !== null
        ? { label: `${t ? slotKey(t, d.slot) : "slot"} (Enter sets it)`, value: d.editing }
        : undefined,
    footer:
      d.editing !== null
        ? "type the value · Enter sets it (empty: golive's value) · Esc back"
        : "y copies + writes (recorded) · Tab next slot · e types it · j/k scroll · n / Esc closes",
  };
}

function wrap(line: string, width: number): string[] {
  const cps = [...line];
  if (cps.length <= width) return [line];
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += width) out.push(cps.slice(i, i + width).join(""));
  return out;
}
