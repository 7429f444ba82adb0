/**
 * `golive sign`: fills the runbook's sign-off block and signs the session. `--role NAME` signs one
 * role of the block (each role separately, without closing the session unless --status is given);
 * `--status success` is refused while anything required is open, unless `--accept REASON`, which
 * puts the list of what was accepted into the record. The rules are domain/signoff-plan.ts's, the
 * same the cockpit's sign dialog (S) applies.
 */
import { ExitCode, UserError } from "../domain/errors.js";
import type { SignStatus } from "../domain/events.js";
import { checkSignInput, openRoles, planSignoff, recordSignoff } from "../domain/signoff-plan.js";
import { roleBlanks } from "../domain/signoff-rules.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";

export async function run(
  ctx: Ctx,
  o: GlobalOpts & { status?: SignStatus; signer: string; role?: string; accept?: string },
): Promise<number> {
  checkSignInput(o);
  const { store, runbook } = await openSession(ctx, o, true, "golive sign");
  try {
    const by = actor(ctx, o);
    const plan = planSignoff(runbook, store.state, store.events, ctx.clock.now(), o);
    if (plan.kind === "refused") {
      const shown = plan.blockers.slice(0, 12).map((b) => `  ✖ ${b.text}`);
      if (plan.blockers.length > 12) shown.push(`  … and ${plan.blockers.length - 12} more`);
      ctx.stderr.write(`${shown.join("\n")}\n`);
      throw new UserError(
        `refused: cannot sign success with ${plan.blockers.length} open point(s) listed above`,
        ExitCode.refused,
        'close them, or sign with --accept "why" (the list goes into the record)',
      );
    }
    await recordSignoff(plan, o.signer, (type, data) => store.append(type, data, by));
    if (plan.kind === "role") {
      out(
        ctx,
        `signed role ${plan.role.role} as ${o.signer}; ${openRoles(roleBlanks(runbook), store.state.fields)}`,
      );
      return 0;
    }
    out(
      ctx,
      `signed ${plan.status} by ${o.signer}${plan.role ? ` as ${plan.role.role}` : ""}${plan.accepted ? ` — ACCEPTED ${plan.accepted.open.length} open point(s), listed in the record` : ""}; export the record with: golive export`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
