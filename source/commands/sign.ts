/**
 * `golive sign`: fills the runbook's sign-off block and signs the session. `--role NAME` signs one
 * role of the block (each role separately, without closing the session unless --status is given);
 * `--status success` is refused while anything required is open, unless `--accept REASON`, which
 * puts the list of what was accepted into the record. The rules are domain/signoff-plan.ts's, the
 * same the cockpit's sign dialog (S) applies. `--key` then writes the JSON export and signs it
 * with an SSH key (sign-record.ts); `--key` alone signs the record as it stands.
 */
import { ExitCode, UserError } from "../domain/errors.js";
import type { SignStatus } from "../domain/events.js";
import { checkSignInput, openRoles, planSignoff, recordSignoff } from "../domain/signoff-plan.js";
import { roleBlanks } from "../domain/signoff-roles.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";
import { exportTarget } from "./export.js";
import { signRecord } from "./sign-ledger.js";
import { signerFor } from "./sign-record.js";

type SignOpts = GlobalOpts & {
  status?: SignStatus;
  signer?: string;
  role?: string;
  accept?: string;
  key?: string;
  out?: string;
  force?: boolean;
};

export async function run(ctx: Ctx, o: SignOpts): Promise<number> {
  const signsOff = !o.key || o.status !== undefined || o.role !== undefined;
  if (signsOff) {
    checkSignInput(o as SignOpts & { signer: string });
    if (!o.signer?.trim())
      throw new UserError("golive sign --status/--role needs --signer NAME (who signs off)", ExitCode.usage);
  } else if (o.signer || o.accept)
    throw new UserError(
      "--signer and --accept go with --status or --role; --key alone signs the record as it stands",
      ExitCode.usage,
    );
  // A key that cannot sign is found before anything is recorded.
  const signer = o.key ? await signerFor(ctx, o.key) : undefined;
  if (signsOff) {
    const code = await signOff(ctx, o as SignOpts & { signer: string });
    if (code !== 0) return code;
  }
  if (!signer) return 0;
  const { store } = await openSession(ctx, o, false, "golive sign --key");
  try {
    const { target, sig } = await signRecord(
      ctx,
      store,
      signer,
      exportTarget(ctx, store, "json", o.out),
      o.force ?? false,
    );
    out(
      ctx,
      `${target}  (${store.events.length} events, head ${store.state.head.slice(0, 12)}…${store.sealed ? "" : ", NOT signed off"})\n${sig}  (${signer.pub.type} ${signer.pub.fingerprint}, namespace golive)\ncheck it with: ssh-keygen -Y verify -n golive -f ALLOWED_SIGNERS -I IDENTITY -s ${sig} < ${target}   or: golive verify ${target} --allowed-signers ALLOWED_SIGNERS`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function signOff(ctx: Ctx, o: SignOpts & { signer: string }): Promise<number> {
  // With --key the record is signed right after (run above): no re-signing on close as well.
  const { store, runbook } = await openSession(ctx, o, true, "golive sign", { resign: !o.key });
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
      `signed ${plan.status} by ${o.signer}${plan.role ? ` as ${plan.role.role}` : ""}${plan.accepted ? ` — ACCEPTED ${plan.accepted.open.length} open point(s), listed in the record` : ""}${o.key ? "" : "; export the record with: golive export"}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
