/** What the session says for a template slot: times, deadlines, levels, the T-clock. */
import type { MessageContext } from "./message-fill.js";
import { details, hhmm, historyLevel, pick, stateLevel } from "./message-levels.js";
import type { TemplateSlot } from "./message-templates.js";
import { nextDeadline } from "./timeline.js";

export function norm(k: string): string {
  return k
    .trim()
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
}

function minutes(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60000);
  return m < 90 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function sessionValue(slot: TemplateSlot, c: MessageContext): string | undefined {
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
      return deadline ? `${hhmm(deadline.at)} (${deadline.label})` : hhmm(now + 30 * 60000);
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
