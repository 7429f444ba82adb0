/** Filling a step's blanks from green's metrics once its dwell has ended. */
import { inForceWith } from "../domain/in-force.js";
import type { Field } from "../domain/runbook.js";
import { type CheckpointDeps, windowOf } from "./checkpoints.js";
import { stepBlanks, verifyBlanks } from "./step-blanks.js";

/**
 * For each confirmed step whose dwell has ended (the next step, or its dwell time, whichever comes
 * first), its blanks from green's metrics over the dwell. Returns how many blanks it filled.
 */
export async function fillStepBlanks(d: CheckpointDeps): Promise<number> {
  const s = d.recorder.state;
  // The dwell the plan in force holds at each step (the runbook's, the config's or the default).
  const plan = inForceWith(d.runbook, d.config).plan;
  const dwellMinutes = (step: number) =>
    plan.find((p) => p.green === step)?.dwellMinutes ?? plan[0]!.dwellMinutes;
  const now = d.clock.now();
  const settle = (d.config.metrics.settleSeconds ?? 60) * 1000;
  let filled = 0;
  for (const [i, st] of s.steps.entries()) {
    const b = stepBlanks(d.runbook, st.step);
    const open = [b?.errorRate, b?.latencyP95].filter((f): f is Field => !!f && !s.fields[f.id]);
    if (!b || !open.length) continue;
    const start = Date.parse(st.confirmedAt);
    const next = s.steps[i + 1] ? Date.parse(s.steps[i + 1]!.confirmedAt) : Number.POSITIVE_INFINITY;
    const end = Math.min(start + dwellMinutes(st.step) * 60000, next);
    // Judged once CloudWatch has the dwell's last period. A step promoted past at once had no
    // dwell: nothing to measure (and CloudWatch refuses an empty window, which failed the poll).
    if (end === Number.POSITIVE_INFINITY || now < end + settle || end <= start) continue;
    filled += await record(d, b, await windowOf(d, start, end, "green"));
  }
  // The verification after the canary: green's numbers over the 100 % dwell of the current attempt.
  const v = verifyBlanks(d.runbook);
  const live = s.live && !s.live.endedAt ? Date.parse(s.live.at) : undefined;
  if (v && live !== undefined && [v.errorRate, v.latencyP95].some((f) => f && !s.fields[f.id])) {
    const end = live + dwellMinutes(100) * 60000;
    if (now >= end + settle) filled += await record(d, v, await windowOf(d, live, end, "green"));
  }
  return filled;
}

/** Records the open blanks from the window's numbers (none where the window has no datapoints). */
async function record(
  d: CheckpointDeps,
  b: { errorRate?: Field; latencyP95?: Field },
  m: { errorRate: number | null; latencyP95: number | null },
): Promise<number> {
  const s = d.recorder.state;
  const values: [Field | undefined, number | null, number][] = [
    [b.errorRate, m.errorRate, 2],
    [b.latencyP95, m.latencyP95, 0],
  ];
  let filled = 0;
  for (const [f, v, digits] of values) {
    if (!f || s.fields[f.id] || v === null) continue;
    await d.recorder.append(
      "field.recorded",
      { field: f.id, value: v.toFixed(digits), source: "metrics" },
      "golive",
    );
    filled++;
  }
  return filled;
}
