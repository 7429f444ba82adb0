/** What promote and rollback show: the plan before the confirmation, and the result read back from AWS. */
import { formatLeft } from "../domain/canary.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { Gate } from "../domain/gate.js";
import { sourceText, stepsText, thresholdsText } from "../domain/in-force-text.js";
import type { Engine } from "../engine/engine.js";
import { describeAwsError } from "../engine/traffic-record.js";
import type { Plan, ShiftResult } from "../engine/traffic-types.js";
import { type Ctx, out } from "./context.js";

const NO_S3 = "a rollback needs neither S3 nor the lease: `golive rollback` works without S3";

export async function readingAws<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    // Team mode's fence is read from S3 first: S3 not answering left the lead guessing whether it moved.
    if (e instanceof UserError && e.exitCode === ExitCode.aws && / in s3:\/\//.test(e.message))
      throw new UserError(`promote: nothing was sent: ${e.message}`, e.exitCode, `${e.hint}; ${NO_S3}`);
    if (e instanceof UserError) throw e;
    throw new UserError(
      `promote: could not read the listener from AWS, nothing was sent: ${describeAwsError(e)}`,
      ExitCode.aws,
      "check credentials and the endpoint with `golive doctor`; rollback (R) still works when AWS answers",
    );
  }
}

export function describePlan(plan: Plan, g: Gate, engine: Engine): string {
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

export function report(ctx: Ctx, r: ShiftResult): number {
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
