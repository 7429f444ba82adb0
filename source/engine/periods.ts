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

/**
 * The last live verdict (the cockpit asks for it every frame) and what it was built from: the
 * record, the config, the series (replaced by each poll), how many of their points had settled and
 * the period lengths; and the pending periods by value, so a poll that read the same periods again
 * reuses the verdict.
 */
let memo:
  | {
      s: SessionState;
      config: EnvConfig;
      blue: PeriodPoint[];
      green: PeriodPoint[];
      count: number;
      c: string;
      pending: string;
      v: StepVerdict | null;
    }
  | undefined;

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
  // The cockpit's clock asks every second: while the record, the series and the number of settled
  // points stand still, so do the pending periods, and they are not built again.
  const count = pendingCount(s, series, c);
  const m0 = memo?.s === s && memo.config === d.config ? memo : undefined;
  if (m0 && m0.blue === series.blue && m0.green === series.green && m0.count === count && m0.c === key(c))
    return m0.v;
  const pending = pendingPeriods(s, series, c);
  const pendingKey = JSON.stringify(pending);
  const v =
    m0?.pending === pendingKey
      ? m0.v
      : stepVerdict(
          pending.length ? { ...s, periods: [...(s.periods ?? []), ...pending] } : s,
          verdictOptions(d.config),
        );
  memo = { s, config: d.config, ...series, count, c: key(c), pending: pendingKey, v };
  return v;
}

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
