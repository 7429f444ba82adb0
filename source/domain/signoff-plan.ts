/**
 * One sign-off, planned: what `golive sign` and the cockpit's sign dialog (`S`) record, or why they
 * refuse. Both apply these same rules (signoff-rules.ts): `success` is refused while anything
 * required is open unless accepted with a reason (the list goes into the record), `rolled-back`
 * needs a rollback AWS confirmed, a role is signed once. Pure: the caller appends what it returns.
 */
import { ExitCode, UserError } from "./errors.js";
import type { SessionEvent, SessionState, SignStatus } from "./events.js";
import type { Runbook } from "./runbook.js";
import {
  defaultRole,
  findRole,
  type RoleBlank,
  roleBlanks,
  roleValues,
  signoffSection,
} from "./signoff-roles.js";
import { type Blocker, successBlockers } from "./signoff-rules.js";

const STATUS_OPTION: Record<SignStatus, RegExp> = {
  success: /success/i,
  "rolled-back": /rolled\s*back/i,
  "in-progress": /in\s*progress/i,
};

export interface SignInput {
  status?: SignStatus;
  signer: string;
  role?: string;
  accept?: string;
}

export type SignPlan =
  /** `success` with open points and no reason: nothing is recorded. */
  | { kind: "refused"; blockers: Blocker[] }
  /** A role alone: its blanks, recorded as field.recorded each. */
  | { kind: "role"; role: RoleBlank; fields: { field: string; value: string }[] }
  | {
      kind: "signed";
      status: SignStatus;
      role?: RoleBlank;
      accepted?: { reason: string; open: string[] };
      fields: { field: string; value: string }[];
    };

/** Input no session could take: neither a status nor a role, an empty reason. */
export function checkSignInput(o: SignInput): void {
  if (!o.status && !o.role)
    throw new UserError(
      "golive sign needs --status (success, rolled-back, in-progress) or --role NAME",
      ExitCode.usage,
      "sign one role of the sign-off block with --role; sign the deployment with --status",
    );
  if (o.accept !== undefined && !o.accept.trim())
    throw new UserError("--accept needs a reason (it goes into the record)", ExitCode.usage);
}

/** Throws a UserError for input no sign-off can take (unknown role, a role signed already…). */
export function planSignoff(
  rb: Runbook,
  s: SessionState,
  events: readonly SessionEvent[],
  now: number,
  o: SignInput,
): SignPlan {
  checkSignInput(o);
  const roles = roleBlanks(rb);
  let role: RoleBlank | undefined;
  if (o.role) {
    role = findRole(roles, o.role);
    if (!role)
      throw new UserError(
        roles.length
          ? `no role "${o.role}" in the runbook's sign-off block (roles: ${roles.map((r) => r.role).join(", ")})`
          : `the runbook has no sign-off block with role blanks, so there is no role "${o.role}" to sign`,
        ExitCode.usage,
      );
    const signed = s.fields[role.name.id];
    if (signed)
      throw new UserError(
        `role ${role.role} is already signed by ${signed.value} (${signed.at}); nothing recorded is overwritten`,
        ExitCode.refused,
      );
  } else if (!s.fields[defaultRole(roles)?.name.id ?? ""]) {
    role = defaultRole(roles);
  }
  let accepted: { reason: string; open: string[] } | undefined;
  if (o.status === "success") {
    const blockers = successBlockers(rb, s, events, now, role ? [role.role] : []);
    if (blockers.length && o.accept === undefined) return { kind: "refused", blockers };
    if (blockers.length) accepted = { reason: o.accept!.trim(), open: blockers.map((b) => b.text) };
  }
  if (o.status === "rolled-back" && !s.rollback?.completedAt)
    throw new UserError(
      "refused: no rollback was confirmed by AWS in this session, so it cannot be signed rolled-back",
      ExitCode.refused,
      "roll back first (R in the cockpit, or golive rollback --reason …), or sign another status",
    );
  const fields: { field: string; value: string }[] = [];
  if (role)
    for (const v of roleValues(role, o.signer, new Date(now)))
      if (!s.fields[v.field]) fields.push({ field: v.field, value: v.value });
  if (!o.status) return { kind: "role", role: role!, fields };
  // The block's status boxes, where the runbook has them.
  const section = signoffSection(rb);
  if (section) {
    const choice = rb.fields.find((f) => f.kind === "choice" && f.section === section.id && !s.fields[f.id]);
    const value = choice?.options?.find((opt) => STATUS_OPTION[o.status!].test(opt));
    if (choice && value) fields.push({ field: choice.id, value });
  }
  return {
    kind: "signed",
    status: o.status,
    ...(role ? { role } : {}),
    ...(accepted ? { accepted } : {}),
    fields,
  };
}

/** What is still unsigned in the sign-off block. */
export function openRoles(roles: RoleBlank[], fields: Record<string, unknown>): string {
  const open = roles.filter((r) => !fields[r.name.id]).map((r) => r.role);
  return open.length ? `still open: ${open.join(", ")}` : "every role of the sign-off block is signed";
}

/** Appends what the plan records (one event for a sign-off: a kill never leaves half). */
export async function recordSignoff(
  plan: Exclude<SignPlan, { kind: "refused" }>,
  signer: string,
  append: (type: "field.recorded" | "session.signed", data: never) => Promise<unknown>,
): Promise<void> {
  if (plan.kind === "role") {
    for (const f of plan.fields) await append("field.recorded", { ...f, source: "engine" } as never);
    return;
  }
  await append("session.signed", {
    status: plan.status,
    signer,
    role: plan.role?.role,
    accepted: plan.accepted,
    fields: plan.fields,
  } as never);
}
