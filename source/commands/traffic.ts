/** `golive promote` and `golive rollback`: one canary step, or everything back to blue. */
import { ExitCode, UserError } from "../domain/errors.js";
import { actor, type Ctx, type GlobalOpts, out } from "./context.js";
import { confirm, needPart } from "./engine-context.js";
import { openEngine } from "./engine-open.js";
import { describePlan, readingAws, report } from "./traffic-plan.js";

export async function promote(
  ctx: Ctx,
  o: GlobalOpts & { override?: string; yes?: boolean },
): Promise<number> {
  const h = await openEngine(ctx, o, "golive promote");
  try {
    needPart(h, "alb", "promote: nothing was sent");
    const { engine } = h;
    // Reading AWS before anything is sent: a failure here is one line (exit 6), and nothing moved.
    const { plan, gate: g } = await readingAws(async () => {
      await engine.reconcileOnOpen(actor(ctx, o));
      await engine.refreshForGate();
      return engine.planPromote();
    });
    if (!plan) throw new UserError("nothing to promote: green already takes 100 %", ExitCode.refused);
    out(ctx, describePlan(plan, g, engine));
    await confirm(
      ctx,
      `Shift to blue ${plan.to.blue} / green ${plan.to.green}${o.override ? ` with override "${o.override}"` : ""}?`,
      o.yes,
    );
    const wait = engine.d.approval;
    // While it waits, Ctrl-C (or a hang-up) withdraws the request on record rather than leaving it
    // open for someone to approve a change nobody is waiting to send.
    let interrupted = false;
    const withdraw = () => {
      interrupted = !!wait?.withdraw(actor(ctx, o));
    };
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    if (wait?.needed(plan.step))
      wait.onRequest = (w) => {
        for (const s of signals) process.once(s, withdraw);
        out(
          ctx,
          `waiting for a second person's approval of exactly this change (request ${w.request}, expires ${w.expiresAt}): they run golive approve --session ${h.store.id} (or golive watch --approve) with their own AWS identity; a rollback voids it; Ctrl-C withdraws it`,
        );
      };
    const r = await engine.executePlan(plan, { by: actor(ctx, o), override: o.override }).finally(() => {
      for (const s of signals) process.off(s, withdraw);
    });
    if (interrupted) {
      ctx.stderr.write(`golive: promote withdrawn: ${r.error ?? "nothing was sent"}\n`);
      return ExitCode.refused;
    }
    if (r.changed) {
      ctx.stderr.write(
        `golive: nothing sent: the listener changed since this plan was read (AWS now shows blue ${r.changed.weights.blue} / green ${r.changed.weights.green}); recorded. Run \`golive promote\` again to see the new plan.\n`,
      );
      return ExitCode.refused;
    }
    return report(ctx, r);
  } finally {
    await h.close();
  }
}

export async function rollback(ctx: Ctx, o: GlobalOpts & { reason: string; yes?: boolean }): Promise<number> {
  const h = await openEngine(ctx, o, "golive rollback", { allowLocked: true });
  try {
    // Without a listener there is nothing golive could move back: said precisely, nothing recorded.
    const alb = needPart(h, "alb", "rollback: nothing was sent");
    if (h.lockedBy)
      ctx.stderr.write(
        `golive: note: ${h.lockedBy}; rolling back anyway, the record goes to a fallback file\n`,
      );
    let current = "unknown (could not read the listener)";
    try {
      const l = await h.engine.d.traffic.read();
      current = `blue ${l.weights.blue} / green ${l.weights.green}`;
    } catch {
      // Rollback does not depend on being able to read first.
    }
    const kube = h.engine.d.kube;
    out(
      ctx,
      `Rollback: ${current} → blue 100 / green 0 on ${alb.listenerArn}${kube ? `, then undo the rollout of ${kube.namespace}/${kube.deployment} (its previous revision's template)` : ""}\nReason: ${o.reason}`,
    );
    await confirm(ctx, "Roll back to 100 % blue?", o.yes);
    const r = await h.engine.rollback({ by: actor(ctx, o), reason: o.reason });
    let code = report(ctx, r);
    if (r.kube) {
      if (r.kube.ok) out(ctx, `✓ ${r.kube.text} (${(r.kube.tookMs / 1000).toFixed(1)} s)`);
      else {
        ctx.stderr.write(`golive: ${r.kube.text}\n`);
        if (r.kube.kubectl) ctx.stderr.write(`  → by hand:\n    ${r.kube.kubectl}\n`);
        code = code || ExitCode.aws;
      }
    }
    const v = h.store.state.rollback;
    if (r.ok && v?.verified !== undefined)
      out(ctx, `blue ${v.verified ? "verified healthy" : "NOT verified healthy — check blue now"}`);
    return code;
  } finally {
    await h.close();
  }
}
