import type { EnvConfig } from "../domain/config.js";
import type { SessionState } from "../domain/events.js";
import type { Runbook } from "../domain/runbook.js";
import { planCommand } from "./check-command.js";
import { type CheckDeps, type CheckOutcome, type CheckPlan, planCheck, runCheck } from "./checks.js";
import type { Recorder } from "./traffic-record.js";

/** `i12` (an item's check) or `c5` (a command block), as the lead types it. */
export function planFor(
  rb: Runbook,
  ref: string,
  state: SessionState,
  config: EnvConfig | undefined,
): CheckPlan {
  const r = ref.trim().toLowerCase();
  if (/^c\d+$/.test(r)) return planCommand(rb, r, state, config);
  const id = /^\d+$/.test(r) ? `i${r}` : r;
  const item = rb.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item "${ref}" in this runbook (items are i1–i${rb.items.length})`);
  return planCheck(rb, item, state, config);
}

/**
 * Runs a confirmed plan and records it: `check.ran` always (a failure to run is a failed check
 * with the reason as evidence), and the item ticked when the check passed.
 */
export async function runAndRecord(
  plan: CheckPlan,
  d: CheckDeps,
  recorder: Recorder,
  by: string,
): Promise<CheckOutcome> {
  const r = await runCheck(plan, d, by).catch((e: Error) => ({
    ok: false,
    evidence: `could not run: ${e.message}`,
    exitCode: undefined,
  }));
  await recorder.append(
    "check.ran",
    {
      item: plan.item.id,
      kind: plan.kind,
      ok: r.ok,
      evidence: r.evidence,
      command: plan.command,
      exitCode: r.exitCode,
    },
    by,
  );
  // Baseline ticks its own item; a command block (c5) is not an item.
  if (r.ok && plan.kind !== "baseline" && plan.item.id.startsWith("i")) {
    await recorder.append("item.checked", { item: plan.item.id, evidence: r.evidence.split("\n")[0] }, by);
  }
  return r;
}
