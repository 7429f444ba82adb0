/**
 * A runbook message template filled from the session: each slot golive knows gets its value (and
 * says where it came from), a slot it does not know stays as written until the lead types it. The
 * text is made terminal-safe here, once: it is shown, copied (OSC 52) and written to a file, and a
 * value from data (an alert's message, a reason, `--by`) must never carry a live escape sequence.
 */
import type { SessionState } from "./events.js";
import { type MessageMoment, type MessageTemplate, slotKey, type TemplateSlot } from "./message-templates.js";
import { norm, sessionValue } from "./message-values.js";
import { terminalText } from "./sanitize.js";
import type { PhaseView } from "./timeline.js";

export interface MessageContext {
  s: SessionState;
  views: PhaseView[];
  now: number;
  user: string;
}

export interface FilledSlot extends TemplateSlot {
  /** Undefined: still as written; the lead types it. */
  value?: string;
  from: "session" | "lead" | "open";
}

export interface ComposedMessage {
  name: string;
  line: number;
  text: string;
  slots: FilledSlot[];
}

/** `moment` the session is in now: the templates for it come first in the picker. */
export function momentNow(s: SessionState, now: number): MessageMoment {
  if (s.rollback || s.shift?.kind === "rollback" || s.shift?.kind === "auto-rollback") return "rollback";
  if (s.alerts.some((a) => !a.acknowledged && a.severity === "critical")) return "incident";
  if (s.live && !s.live.endedAt) return "post";
  if (now >= s.t0 || (s.weights?.green ?? 0) > 0) return "during";
  return "pre";
}

/** The templates, those that fit the moment first (their order in the runbook otherwise kept). */
export function templatesForMoment(ts: MessageTemplate[], moment: MessageMoment): MessageTemplate[] {
  return [...ts.filter((t) => t.moment === moment), ...ts.filter((t) => t.moment !== moment)];
}

/**
 * `overrides`: what the lead typed, by slot label or slot text (case-insensitive, brackets
 * optional) or by index (`#3`); it wins over golive's value.
 */
export function composeMessage(
  t: MessageTemplate,
  c: MessageContext,
  overrides: Record<string, string> = {},
): ComposedMessage {
  const typed = new Map(Object.entries(overrides).map(([k, v]) => [norm(k), v]));
  const slots: FilledSlot[] = t.slots.map((slot, i) => {
    const mine =
      typed.get(`#${i + 1}`) ??
      typed.get(norm(slotKey(t, i))) ??
      typed.get(norm(slot.label)) ??
      typed.get(norm(slot.text));
    if (mine !== undefined) return { ...slot, value: terminalText(mine), from: "lead" };
    const v = slot.kind ? sessionValue(slot, c) : undefined;
    return v === undefined ? { ...slot, from: "open" } : { ...slot, value: terminalText(v), from: "session" };
  });
  let k = 0;
  const lines = t.code.split("\n").map((line) =>
    line.replace(/\[([A-Za-z][^\]\n]{0,60})\]/g, (m, _w, at: number) => {
      const v = slots[k++]?.value;
      if (v === undefined) return m;
      // `Time: [Start] - [End] UTC`: the line says UTC itself, after the time golive wrote, which
      // may carry a note (`12:25 UTC (Handover starts)`); a zone the lead typed (`UTC+1`) stays.
      return /UTC/.test(line.slice(at + m.length)) ? v.replace(/ UTC(?=$| \()/, "") : v;
    }),
  );
  return { name: t.name, line: t.line, text: terminalText(lines.join("\n").trim()), slots };
}
