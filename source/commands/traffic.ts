/** `golive promote` and `golive rollback`: one canary step, or everything back to blue. */
import { formatLeft } from "../domain/canary.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { Gate } from "../domain/gate.js";
import { sourceText, stepsText, thresholdsText } from "../domain/in-force.js";
import type { Plan, ShiftResult } from "../engine/controller.js";
import type { Engine } from "../engine/engine.js";
import { describeAwsError } from "../engine/traffic-record.js";
import { actor, type Ctx, type GlobalOpts, out } from "./context.js";
import { confirm, needPart } from "./engine-context.js";
import { openEngine } from "./engine-open.js";

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
    if (wait?.needed(plan.step))
      wait.onRequest = (w) =>
        out(
          ctx,
          `waiting for a second person's approval of exactly this change (request ${w.request}, expires ${w.expiresAt}): they run golive approve --session ${h.store.id} (or golive watch --approve) with their own AWS identity; a rollback voids it`,
        );
    const r = await engine.executePlan(plan, { by: actor(ctx, o), override: o.override });
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

async function readingAws<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(
      `promote: could not read the listener from AWS, nothing was sent: ${describeAwsError(e)}`,
      ExitCode.aws,
      "check credentials and the endpoint with `golive doctor`; rollback (R) still works when AWS answers",
    );
  }
}

function describePlan(plan: Plan, g: Gate, engine: Engine): string {
  const lines: string[] = [];
  const f = plan.from;
  lines.push(
    `Promote: blue ${f.weights.blue} / green ${f.weights.green} (raw weights ${f.raw.blue}/${f.raw.green}, read from AWS at ${new Date(plan.readAt).toISOString().slice(11, 19)}Z) → blue ${plan.to.blue} / green ${plan.to.green}`,
  );
  if (f.actions && f.actions.length > 1)
    lines.push(
      `  the listener's other default actions are sent back unchanged (${f.actions.length - 1} more)`,
    );
  for (const o of f.others ?? []) lines.push(`  target group ${o.arn} keeps weight ${o.weight}`);
  lines.push(
    `Gate: ${g.allowed ? "open" : "closed"}${g.dwellLeftMs > 0 ? ` (dwell ${formatLeft(g.dwellLeftMs)} left)` : ""}`,
  );
  for (const r of g.reasons) lines.push(`  - ${r}`);
  const force = engine.inForce;
  const step = force.plan[g.nextIndex];
  if (step)
    lines.push(
      `Plan: ${stepsText(force.plan)} (${sourceText(step.stepFrom, force.runbookFile)}); step ${g.nextIndex + 1} of ${force.plan.length}, then ${step.dwellMinutes} min (${sourceText(step.dwellFrom, force.runbookFile)})`,
    );
  lines.push(`Thresholds ${thresholdsText(force)}`);
  if (g.isGoDecision) {
    lines.push("This is the GO decision. Go / No-Go criteria from the runbook (✓ met, or No-Go ruled out):");
    for (const c of engine.goCriteria())
      lines.push(`  ${c.ok === true ? "✓" : c.ok === false ? "✗" : "?"} ${c.text} — ${c.why}`);
  }
  return lines.join("\n");
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

function report(ctx: Ctx, r: ShiftResult): number {
  if (r.fallbackFile)
    ctx.stderr.write(
      `golive: the session could not record this; the record was written to ${r.fallbackFile}\n`,
    );
  if (r.ok && r.nothingToMove) {
    out(
      ctx,
      "✓ nothing to move: green already had weight 0; AWS confirms blue 100 / green 0 (recorded as such)",
    );
    return 0;
  }
  if (r.ok) {
    out(
      ctx,
      `✓ ${r.kind} confirmed by AWS: blue ${r.weights!.blue} / green ${r.weights!.green} (${(r.tookMs / 1000).toFixed(1)} s, ${r.attempts} calls)`,
    );
    return 0;
  }
  if (r.refused) {
    ctx.stderr.write(`golive: ${r.kind} refused: ${r.error}\n`);
    return ExitCode.refused;
  }
  ctx.stderr.write(`golive: ${r.kind} NOT confirmed: ${r.error}\n`);
  if (r.manualCommand)
    ctx.stderr.write(`  → run it by hand, then check with \`golive metrics\`:\n    ${r.manualCommand}\n`);
  return ExitCode.aws;
}
