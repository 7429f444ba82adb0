/** The sign-off block's roles: each person's blank with its date, time and signature blanks. */
import type { Field, Runbook, Section } from "./runbook.js";

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
