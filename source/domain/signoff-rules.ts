/**
 * What an honest sign-off needs. `success` is refused while anything the runbook requires by now is
 * open (items, role blanks), an alert is unacknowledged, a rollback trigger is active, green is not
 * serving 100 % as AWS last confirmed, or a monitoring checkpoint after the last promotion is
 * missing; `--accept REASON` signs anyway and the list of what was accepted goes into the record.
 */
import type { SessionEvent, SessionState } from "./events.js";
import type { Field, Runbook, Section } from "./runbook.js";
import { isItemDone, timeline } from "./timeline.js";

export interface Blocker {
  kind: "item" | "role" | "alert" | "trigger" | "traffic" | "checkpoint";
  /** One line, as the record lists it. */
  text: string;
}

/** One role of the sign-off block: the person's blank and the date/time/signature blanks beside it. */
export interface RoleBlank {
  role: string;
  name: Field;
  date?: Field;
  time?: Field;
  signature?: Field;
}

const SIGNOFF_TITLE = /sign[- ]?off|signatures?|approvals?/i;
const DATE = /\bdate\b/i;
const TIME = /^(?:time|signed at|at)$/i;
const SIGNATURE = /signature|sign here|^signed$|initials/i;

export function signoffSection(rb: Runbook): Section | undefined {
  return rb.sections.find((s) => SIGNOFF_TITLE.test(s.title));
}

/**
 * The sign-off block's roles in source order. A blank labelled with a person's role ("Deployment
 * Lead", "Release Manager", "Approved by") starts a role; date, time and signature blanks after it
 * belong to it, in whatever wording the team used.
 */
export function roleBlanks(rb: Runbook): RoleBlank[] {
  const section = signoffSection(rb);
  if (!section) return [];
  const inBlock = new Set(
    rb.sections.filter((s) => s.id === section.id || isUnder(rb, s, section.id)).map((s) => s.id),
  );
  const roles: RoleBlank[] = [];
  for (const f of rb.fields) {
    if (!inBlock.has(f.section) || f.kind === "choice" || f.table) continue;
    const label = f.label.replace(/[*:]/g, "").trim();
    const current = roles.at(-1);
    if (DATE.test(label) && current && !current.date) current.date = f;
    else if (TIME.test(label) && current && !current.time) current.time = f;
    else if (SIGNATURE.test(label) && current && !current.signature) current.signature = f;
    else if (!DATE.test(label) && !TIME.test(label) && !SIGNATURE.test(label))
      roles.push({ role: label || "Signer", name: f });
  }
  return roles;
}

function isUnder(rb: Runbook, s: Section, ancestor: string): boolean {
  let cur: Section | undefined = s;
  while (cur?.parent) {
    if (cur.parent === ancestor) return true;
    cur = rb.sections.find((x) => x.id === cur!.parent);
  }
  return false;
}

/** `approver` finds "Approver"; `release manager` finds "Release Manager:"; exact words win. */
export function findRole(roles: RoleBlank[], name: string): RoleBlank | undefined {
  const want = name.trim().toLowerCase();
  return (
    roles.find((r) => r.role.toLowerCase() === want) ??
    roles.find((r) => r.role.toLowerCase().includes(want) || want.includes(r.role.toLowerCase()))
  );
}

/** The role a lead signs when no --role is named: the lead/manager role, else the first. */
export function defaultRole(roles: RoleBlank[]): RoleBlank | undefined {
  return roles.find((r) => /lead|manager|owner|signed by|name/i.test(r.role)) ?? roles[0];
}

/** The values that sign one role: the signer's name, the date and time (UTC), the signature. */
export function roleValues(r: RoleBlank, signer: string, at: Date): { field: string; value: string }[] {
  const iso = at.toISOString();
  const out = [{ field: r.name.id, value: signer }];
  if (r.date) out.push({ field: r.date.id, value: iso.slice(0, 10) });
  if (r.time) out.push({ field: r.time.id, value: `${iso.slice(11, 16)} UTC` });
  if (r.signature) out.push({ field: r.signature.id, value: `/s/ ${signer}` });
  return out;
}

/**
 * Items golive requires before `success`: those of phases with a clock time up to and including
 * the sign-off phase (its own marker, else the moment of signing), and the sign-off phase's own.
 * Event-relative phases (T+X rollback steps) and phases due after the sign-off are not required.
 */
export function requiredOpenItems(rb: Runbook, s: SessionState, now: number) {
  const section = signoffSection(rb);
  const signAt = section?.time?.kind === "offset" ? s.t0 + section.time.minutes * 60_000 : now;
  return timeline(rb, s, now)
    .filter(
      (v) =>
        (v.dueAt !== undefined && v.dueAt <= signAt && v.phase.section.time?.kind === "offset") ||
        (section !== undefined && v.phase.section.id === section.id),
    )
    .flatMap((v) => v.phase.items.filter((i) => !isItemDone(i, s)).map((i) => ({ item: i, phase: v })));
}

/** When AWS last confirmed green at 100 % (the anchor of the checkpoints that count). */
export function lastFullPromotion(events: readonly SessionEvent[]): string | undefined {
  let at: string | undefined;
  for (const e of events)
    if (e.type === "traffic.shift.confirmed" && e.data.kind === "promote" && e.data.weights.green === 100)
      at = e.at;
  return at;
}

export function successBlockers(
  rb: Runbook,
  s: SessionState,
  events: readonly SessionEvent[],
  now: number,
  /** Roles signed in this same sign-off (their blanks are not recorded yet). */
  signingRoles: string[] = [],
): Blocker[] {
  const out: Blocker[] = [];
  for (const { item, phase } of requiredOpenItems(rb, s, now))
    out.push({ kind: "item", text: `${item.id} open: ${item.text} (${phase.phase.section.title})` });
  for (const r of roleBlanks(rb))
    if (!s.fields[r.name.id] && !signingRoles.includes(r.role))
      out.push({
        kind: "role",
        text: `role not signed: ${r.role} (${r.name.id}; golive sign --role "${r.role}")`,
      });
  for (const a of s.alerts.filter((x) => !x.acknowledged))
    out.push({ kind: "alert", text: `alert not acknowledged: ${a.severity} ${a.message} (${a.at})` });
  const live = lastFullPromotion(events);
  const w = s.weights;
  if (!w)
    out.push({ kind: "traffic", text: "traffic never read back from AWS: green at 100 % is not confirmed" });
  else if (w.green !== 100 || !live)
    out.push({
      kind: "traffic",
      text: `green is not serving 100 % (AWS last confirmed blue ${w.blue} / green ${w.green})`,
    });
  const trigger = activeTrigger(s, live);
  if (trigger) out.push({ kind: "trigger", text: trigger });
  const table = rb.tables.find((t) => t.checkpoints);
  if (table?.checkpoints && live) {
    for (const cp of table.checkpoints) {
      const rec = s.checkpoints[cp.offsetMinutes];
      if (!rec || rec.at < live)
        out.push({
          kind: "checkpoint",
          text: `checkpoint T+${cp.offsetMinutes} after the last promotion to 100 % (${live}) not recorded`,
        });
    }
  }
  // What is most serious first: the list a lead reads may be cut after a dozen lines.
  const order: Blocker["kind"][] = ["traffic", "trigger", "alert", "checkpoint", "role", "item"];
  return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/**
 * A rollback trigger is active when one fired since the last promotion to 100 % and no checkpoint
 * has read OK since, or when the latest checkpoint since then says Issue.
 */
function activeTrigger(s: SessionState, live: string | undefined): string | undefined {
  const since = live ?? "";
  const fired = s.alerts.filter((a) => a.id.startsWith("trigger-") && a.at >= since).at(-1);
  const cps = Object.values(s.checkpoints)
    .filter((c) => c.at >= since)
    .sort((a, b) => a.at.localeCompare(b.at));
  const last = cps.at(-1);
  if (last?.status === "Issue")
    return `rollback trigger active: checkpoint T+${last.offsetMinutes} reads Issue`;
  if (fired && !cps.some((c) => c.at > fired.at && c.status === "OK"))
    return `rollback trigger active: ${fired.message} (${fired.at}), no OK checkpoint since`;
  return undefined;
}
