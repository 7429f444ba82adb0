/**
 * Records each settled metric period of both arms once, as a chained `metrics.period` event, and
 * judges the step's canary verdict from the record (domain/verdict-step.ts) after each new period,
 * acting on a FAIL at the trigger's trust level (judgeVerdict). Nothing here reads AWS: it takes
 * the series the monitor already polled.
 */
import type { EnvConfig } from "../domain/config.js";
import type { SessionState } from "../domain/events.js";
import type { EngineClock, PeriodPoint } from "../domain/ports.js";
import type { Readings } from "../domain/stated.js";
import { trustEffects } from "../domain/trust.js";
import { verdictLine } from "../domain/verdict.js";
import { type StepVerdict, stepVerdict, verdictOptions } from "../domain/verdict-step.js";
import type { AlertBook } from "./alerts.js";
import type { CanaryController, Recorder } from "./controller.js";
import { pendingCount, pendingPeriods } from "./pending-periods.js";

export const VERDICT_ALERT_KEY = "canary-verdict";

/** The last live verdict and what it was computed from: the cockpit asks for it every frame. */
let memo: { s: SessionState; pending: string; config: EnvConfig; v: StepVerdict | null } | undefined;

/** The step's verdict from the record plus the settled periods the monitor polled but has not recorded. */
export function liveVerdict(
  d: { recorder: Recorder; clock: EngineClock; config: EnvConfig },
  m: {
    periodMs: number;
    settleMs: number;
    snapshot: { blue: { series: PeriodPoint[] }; green: { series: PeriodPoint[] } };
  },
): StepVerdict | null {
  const s = d.recorder.state;
  const c = { now: d.clock.now(), periodMs: m.periodMs, settleMs: m.settleMs };
  const series = { blue: m.snapshot.blue.series, green: m.snapshot.green.series };
  // The cockpit's clock asks every second: while the record, the series (replaced by each poll) and
  // the number of settled periods stand still, so do the pending periods, without building them.
  const count = pendingCount(s, series, c);
  const q = quick;
  if (q?.s === s && q.blue === series.blue && q.green === series.green && q.count === count && q.c === key(c))
    if (memo?.s === s && memo.config === d.config) return memo.v;
  const pending = pendingPeriods(s, series, c);
  // The session state is replaced on every event, so (state, pending periods) identifies the inputs.
  const pendingKey = JSON.stringify(pending);
  if (!(memo && memo.s === s && memo.pending === pendingKey && memo.config === d.config)) {
    const live = pending.length ? { ...s, periods: [...(s.periods ?? []), ...pending] } : s;
    memo = { s, pending: pendingKey, config: d.config, v: stepVerdict(live, verdictOptions(d.config)) };
  }
  quick = { s, blue: series.blue, green: series.green, count, c: key(c) };
  return memo.v;
}

/** What the last pending periods were built from (with `memo`, the verdict they gave). */
let quick:
  | { s: SessionState; blue: PeriodPoint[]; green: PeriodPoint[]; count: number; c: string }
  | undefined;

function key(c: { periodMs: number; settleMs: number }): string {
  return `${c.periodMs}/${c.settleMs}`;
}

/**
 * Appends the periods that settled since the last recorded one (oldest first) and judges the
 * verdict after them; returns how many. A period with traffic in neither arm is not recorded.
 */
export async function recordPeriods(
  d: {
    recorder: Recorder;
    config: EnvConfig;
    alerts: AlertBook;
    /** Acts on a FAIL at trust "rollback" (with auto-rollback enabled). */
    controller?: Pick<CanaryController, "rollback">;
  },
  series: { blue: PeriodPoint[]; green: PeriodPoint[] },
  c: { now: number; periodMs: number; settleMs: number },
  readings?: Readings,
): Promise<number> {
  const pending = pendingPeriods(d.recorder.state, series, c, readings);
  for (const p of pending) await d.recorder.append("metrics.period", p, "golive");
  if (pending.length) await judgeVerdict(d);
  return pending.length;
}

/**
 * After new evidence, a FAIL acts at the canary-verdict trigger's trust level (domain/trust.ts):
 * advisory shows and records it only; pause is a critical alert episode while it lasts (the gate
 * holds promotion); rollback is that alert and, with auto-rollback enabled and green serving, a
 * rollback at once (the verdict is already a sequential, confident judgement: no streak on top).
 */
export async function judgeVerdict(d: {
  recorder: Recorder;
  config: EnvConfig;
  alerts: AlertBook;
  controller?: Pick<CanaryController, "rollback">;
}): Promise<void> {
  const v = stepVerdict(d.recorder.state, verdictOptions(d.config));
  if (!v || v.trust === "advisory" || v.verdict.result !== "FAIL") {
    d.alerts.recovered(VERDICT_ALERT_KEY);
    return;
  }
  const line = `canary verdict at green ${v.step} %: ${verdictLine(v.verdict)}`;
  await d.alerts.breached(
    VERDICT_ALERT_KEY,
    trustEffects(v.trust).severity,
    `${line} (${v.trust === "rollback" ? "trust rollback; " : ""}R rolls back)`,
    v.trust,
  );
  if (
    trustEffects(v.trust).autoRollback &&
    d.config.autoRollback.enabled &&
    d.controller &&
    (d.recorder.state.weights?.green ?? 0) > 0
  )
    await d.controller.rollback({
      by: "golive (auto-rollback)",
      kind: "auto-rollback",
      reason: `auto-rollback on the ${line} (trust rollback)`,
    });
}
