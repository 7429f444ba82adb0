/**
 * `golive sign`: fills the runbook's sign-off block and signs the session. `--role NAME` signs one
 * role of the block (each role separately, without closing the session unless --status is given);
 * `--status success` is refused while anything required is open, unless `--accept REASON`, which
 * puts the list of what was accepted into the record.
 */
import { ExitCode, UserError } from "../domain/errors.js";
import type { SignStatus } from "../domain/events.js";
import {
  defaultRole,
  findRole,
  type RoleBlank,
  roleBlanks,
  roleValues,
  signoffSection,
  successBlockers,
} from "../domain/signoff-rules.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";

const STATUS_OPTION: Record<SignStatus, RegExp> = {
  success: /success/i,
  "rolled-back": /rolled\s*back/i,
  "in-progress": /in\s*progress/i,
};

export async function run(
  ctx: Ctx,
  o: GlobalOpts & { status?: SignStatus; signer: string; role?: string; accept?: string },
): Promise<number> {
  if (!o.status && !o.role)
    throw new UserError(
      "golive sign needs --status (success, rolled-back, in-progress) or --role NAME",
      ExitCode.usage,
      "sign one role of the sign-off block with --role; sign the deployment with --status",
    );
  if (o.accept !== undefined && !o.accept.trim())
    throw new UserError("--accept needs a reason (it goes into the record)", ExitCode.usage);
  const { store, runbook } = await openSession(ctx, o, true, "golive sign");
  try {
    const by = actor(ctx, o);
    const now = ctx.clock.now();
    const at = new Date(now);
    const roles = roleBlanks(runbook);
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
      const signed = store.state.fields[role.name.id];
      if (signed)
        throw new UserError(
          `role ${role.role} is already signed by ${signed.value} (${signed.at}); nothing recorded is overwritten`,
          ExitCode.refused,
        );
    } else if (!store.state.fields[defaultRole(roles)?.name.id ?? ""]) {
      role = defaultRole(roles);
    }

    let accepted: { reason: string; open: string[] } | undefined;
    if (o.status === "success") {
      const blockers = successBlockers(runbook, store.state, store.events, now, role ? [role.role] : []);
      if (blockers.length && o.accept === undefined) {
        const shown = blockers.slice(0, 12).map((b) => `  ✖ ${b.text}`);
        if (blockers.length > 12) shown.push(`  … and ${blockers.length - 12} more`);
        ctx.stderr.write(`${shown.join("\n")}\n`);
        throw new UserError(
          `refused: cannot sign success with ${blockers.length} open point(s) listed above`,
          ExitCode.refused,
          'close them, or sign with --accept "why" (the list goes into the record)',
        );
      }
      if (blockers.length) accepted = { reason: o.accept!.trim(), open: blockers.map((b) => b.text) };
    }
    if (o.status === "rolled-back" && !store.state.rollback?.completedAt)
      throw new UserError(
        "refused: no rollback was confirmed by AWS in this session, so it cannot be signed rolled-back",
        ExitCode.refused,
        "roll back first (R in the cockpit, or golive rollback --reason …), or sign another status",
      );

    // With a status, one event carries the sign-off and every blank it fills: a kill never leaves half.
    const filled: { field: string; value: string }[] = [];
    if (role)
      for (const v of roleValues(role, o.signer, at))
        if (!store.state.fields[v.field]) filled.push({ field: v.field, value: v.value });
    if (!o.status) {
      for (const f of filled) await store.append("field.recorded", { ...f, source: "engine" }, by);
      out(ctx, `signed role ${role!.role} as ${o.signer}; ${openRoles(roles, store.state.fields)}`);
      return 0;
    }
    // The block's status boxes, where the runbook has them.
    const section = signoffSection(runbook);
    if (section) {
      const choice = runbook.fields.find(
        (f) => f.kind === "choice" && f.section === section.id && !store.state.fields[f.id],
      );
      const value = choice?.options?.find((opt) => STATUS_OPTION[o.status!].test(opt));
      if (choice && value) filled.push({ field: choice.id, value });
    }
    await store.append(
      "session.signed",
      { status: o.status, signer: o.signer, role: role?.role, accepted, fields: filled },
      by,
    );
    out(
      ctx,
      `signed ${o.status} by ${o.signer}${role ? ` as ${role.role}` : ""}${accepted ? ` — ACCEPTED ${accepted.open.length} open point(s), listed in the record` : ""}; export the record with: golive export`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

function openRoles(roles: RoleBlank[], fields: Record<string, unknown>): string {
  const open = roles.filter((r) => !fields[r.name.id]).map((r) => r.role);
  return open.length ? `still open: ${open.join(", ")}` : "every role of the sign-off block is signed";
}
