/** `golive promote` and `golive rollback`: one canary step, or everything back to blue. */
import { formatLeft } from "../domain/canary.js";
import { ExitCode } from "../domain/errors.js";
import { sourceText, stepsText, thresholdsText } from "../domain/in-force.js";
import type { ShiftResult } from "../engine/controller.js";
import { actor, type Ctx, type GlobalOpts, out } from "./context.js";
import { confirm, openEngine } from "./engine-context.js";

export async function promote(
  ctx: Ctx,
  o: GlobalOpts & { override?: string; yes?: boolean },
): Promise<number> {
  const h = await openEngine(ctx, o, "golive promote");
  try {
    const { engine } = h;
    await Promise.all([
      engine.monitor.pollListener(),
      engine.monitor.pollMetrics(),
      engine.monitor.pollProbes(),
    ]);
    const g = engine.gate();
    const lines: string[] = [];
    const w = h.store.state.weights;
    if (g.next)
      lines.push(
        `Promote: blue ${w?.blue ?? "?"} / green ${w?.green ?? "?"} → blue ${g.next.blue} / green ${g.next.green}`,
      );
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
    if (g.isGoDecision && g.next) {
      lines.push(
        "This is the GO decision. Go / No-Go criteria from the runbook (✓ met, or No-Go ruled out):",
      );
      for (const c of engine.goCriteria())
        lines.push(`  ${c.ok === true ? "✓" : c.ok === false ? "✗" : "?"} ${c.text} — ${c.why}`);
    }
    out(ctx, lines.join("\n"));
    if (g.next)
      await confirm(
        ctx,
        `Shift to blue ${g.next.blue} / green ${g.next.green}${o.override ? ` with override "${o.override}"` : ""}?`,
        o.yes,
      );
    const r = await engine.promote({ by: actor(ctx, o), override: o.override });
    return report(ctx, r);
  } finally {
    await h.close();
  }
}

export async function rollback(ctx: Ctx, o: GlobalOpts & { reason: string; yes?: boolean }): Promise<number> {
  const h = await openEngine(ctx, o, "golive rollback", { allowLocked: true });
  try {
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
    out(ctx, `Rollback: ${current} → blue 100 / green 0 on ${h.config.alb.listenerArn}\nReason: ${o.reason}`);
    await confirm(ctx, "Roll back to 100 % blue?", o.yes);
    const r = await h.engine.rollback({ by: actor(ctx, o), reason: o.reason });
    const code = report(ctx, r);
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
  if (r.ok) {
    out(
      ctx,
      `✓ ${r.kind} confirmed by AWS: blue ${r.weights!.blue} / green ${r.weights!.green} (${(r.tookMs / 1000).toFixed(1)} s, ${r.attempts} calls)`,
    );
    return 0;
  }
  ctx.stderr.write(`golive: ${r.kind} NOT confirmed: ${r.error}\n`);
  if (r.manualCommand)
    ctx.stderr.write(`  → run it by hand, then check with \`golive metrics\`:\n    ${r.manualCommand}\n`);
  return ExitCode.aws;
}
