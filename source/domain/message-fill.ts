/**
 * A runbook message template filled from the session: each slot golive knows gets its value (and
 * says where it came from), a slot it does not know stays as written until the lead types it. The
 * text is made terminal-safe here, once: it is shown, copied (OSC 52) and written to a file, and a
 * value from data (an alert's message, a reason, `--by`) must never carry a live escape sequence.
 */
import type { PeriodCounts, SessionState } from "./events.js";
import {
  choiceLevel,
  type MessageMoment,
  type MessageTemplate,
  slotKey,
  type TemplateSlot,
} from "./message-templates.js";
import { periodMetrics } from "./metrics.js";
import { terminalText } from "./sanitize.js";
import { nextDeadline, type PhaseView } from "./timeline.js";

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
      // `Time: [Start] - [End] UTC`: the line says UTC itself.
      return /UTC/.test(line.slice(at + m.length)) ? v.replace(/ UTC$/, "") : v;
    }),
  );
  return { name: t.name, line: t.line, text: terminalText(lines.join("\n").trim()), slots };
}

function norm(k: string): string {
  return k
    .trim()
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
}

const hhmm = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

function minutes(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  return m < 90 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function sessionValue(slot: TemplateSlot, c: MessageContext): string | undefined {
  const { s, views, now } = c;
  const current = views.find((v) => v.status === "current") ?? views.find((v) => v.status === "overdue");
  const next = views.find((v) => v.status === "due-soon" || v.status === "upcoming");
  const deadline = nextDeadline(views, now);
  switch (slot.kind) {
    case "lead":
      return s.lead || c.user;
    case "version":
      return s.version;
    case "phase":
      return current?.phase.section.title ?? (now < s.t0 ? "before T-0" : undefined);
    case "next-phase":
      return next?.phase.section.title;
    case "milestone":
      return next
        ? `${next.phase.section.title}${next.dueAt !== undefined ? ` at ${hhmm(next.dueAt)}` : ""}`
        : undefined;
    case "elapsed":
      return now < s.t0
        ? `T-0 in ${minutes(s.t0 - now)}`
        : s.live && !s.live.endedAt && slot.label.toLowerCase() === "duration" && /total/i.test(slot.text)
          ? `${minutes(Date.parse(s.live.at) - s.t0)} from T-0 to 100 % green`
          : `${minutes(now - s.t0)} since T-0`;
    case "t0-time":
      return hhmm(s.t0);
    case "t0-date":
      return new Date(s.t0).toISOString().slice(0, 10);
    case "now-time":
      return hhmm(now);
    case "next-update":
      return deadline ? `${hhmm(deadline.at)} (${deadline.label})` : hhmm(now + 30 * 60_000);
    case "rollback-eta":
      return s.rollback?.completedAt
        ? `completed ${hhmm(Date.parse(s.rollback.completedAt))} (confirmed by AWS)`
        : s.rollback
          ? `in progress since ${hhmm(Date.parse(s.rollback.startedAt))}`
          : undefined;
    case "details":
      return details(s);
    case "reason":
      return (
        s.rollback?.reason ??
        s.alerts.filter((a) => !a.acknowledged && a.severity === "critical").at(-1)?.message
      );
    case "issue": {
      const open = s.alerts.filter((a) => !a.acknowledged);
      return (open.filter((a) => a.severity === "critical").at(-1) ?? open.at(-1))?.message;
    }
    case "choice":
      return pick(slot.options ?? [], stateLevel(s));
    case "issues":
      return pick(slot.options ?? [], historyLevel(s));
    default:
      return undefined;
  }
}

type Level = "ok" | "progress" | "warn" | "bad";

function stateLevel(s: SessionState): Level {
  const open = s.alerts.filter((a) => !a.acknowledged);
  if (s.rollback || open.some((a) => a.severity === "critical")) return "bad";
  if (open.length) return "warn";
  return s.live && !s.live.endedAt ? "ok" : "progress";
}

/** `Issues: [None/Minor/Major]` is about the whole night, not the current minute. */
function historyLevel(s: SessionState): Level {
  if (s.rollback || s.alerts.some((a) => a.severity === "critical")) return "bad";
  return s.alerts.length ? "warn" : "ok";
}

/** The option standing for `level`; "in progress" reads as green where the slot has no such word. */
function pick(options: string[], level: Level): string | undefined {
  const order: Level[] =
    level === "progress" ? ["progress", "ok"] : level === "warn" ? ["warn", "bad"] : [level];
  for (const l of order) {
    const o = options.find((x) => choiceLevel(x) === l);
    if (o) return o;
  }
  return undefined;
}

function details(s: SessionState): string {
  const w = s.weights;
  const last = s.periods.at(-1);
  const arm = (name: string, p: PeriodCounts | null | undefined) => {
    if (!p || p.requests <= 0) return `${name}: no traffic in the last period (no evidence)`;
    const m = periodMetrics({
      t: 0,
      requests: p.requests,
      errors: p.errors,
      connectionErrors: p.connectionErrors,
      p95Ms: p.p95Ms,
    });
    return `${name}: error rate ${m.errorRate!.toFixed(2)} %, p95 ${p.p95Ms === null ? "no data" : `${Math.round(p.p95Ms)} ms`} (${p.requests} requests)`;
  };
  return [
    w
      ? `Traffic: blue ${w.blue} % / green ${w.green} % (as AWS confirmed it)`
      : "Traffic: not read from AWS yet",
    ...(last
      ? [
          `Metrics for the period from ${hhmm(Date.parse(last.t))}:`,
          `  ${arm("blue", last.blue)}`,
          `  ${arm("green", last.green)}`,
        ]
      : ["Metrics: none recorded yet (no evidence)"]),
    ...s.alerts
      .filter((a) => !a.acknowledged)
      .slice(-3)
      .map((a) => `Alert (${a.severity}): ${a.message}`),
  ].join("\n");
}
