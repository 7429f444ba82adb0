/**
 * What a fired rollback trigger does, by its trust level (domain/trust.ts): advisory warns, pause
 * raises a critical alert (which holds promotion until acknowledged), rollback raises a critical
 * alert and rolls back when auto-rollback is enabled and enough periods in a row fired at that
 * level. The level is recorded with the alert and in the rollback's reason, so the record says why.
 */
import type { EnvConfig } from "../domain/config.js";
import {
  levelAt,
  TRUST_PREFIX,
  type TriggerPolicies,
  type TrustLevel,
  triggerOf,
  trustEffects,
  trustInForce,
  trustLabel,
} from "../domain/trust.js";
import type { AlertBook } from "./alerts.js";
import type { CanaryController, Recorder } from "./controller.js";
import type { PeriodVerdict } from "./triggers.js";

const PREFIX = TRUST_PREFIX;

export class TriggerActions {
  /** Per trigger key: settled periods in a row it fired in (a persisting trigger escalates). */
  private streaks = new Map<string, number>();
  /** Periods in a row with at least one trigger firing at level rollback. */
  private rollbackStreak = 0;

  constructor(
    private d: {
      alerts: AlertBook;
      controller: CanaryController;
      recorder: Recorder;
      config: EnvConfig;
      /** The runbook's bindings (its decision matrix), below the config's. */
      runbookTriggers?: TriggerPolicies;
    },
  ) {}

  /** The level a trigger key acts at now (with its streak), and how it is shown. */
  levelOf(key: string, streak = 1): { level: TrustLevel; label: string } {
    const name = triggerOf(key);
    if (!name) return { level: "rollback", label: "" };
    const t = trustInForce(name, this.d.config, this.d.runbookTriggers);
    const level = levelAt(t, streak);
    // The prefix says the level; where it came from is said when it is not the default, so the
    // default line stays short enough for its count to fit at 80 columns.
    return { level, label: t.from === "default" && !t.persist ? "" : `, ${trustLabel({ ...t, level })}` };
  }

  /** Acts on one judged period (triggers.ts); `at` names the period in the messages. */
  async onPeriod(v: PeriodVerdict): Promise<void> {
    const fired = new Set(v.findings.map((f) => f.key));
    for (const key of v.judged) if (!fired.has(key)) this.streaks.delete(key);
    if (!v.judged.length) return;
    const at = new Date(v.t).toISOString().slice(11, 16);
    const rollbackFindings: string[] = [];
    for (const f of v.findings) {
      const streak = (this.streaks.get(f.key) ?? 0) + 1;
      this.streaks.set(f.key, streak);
      const { level, label } = this.levelOf(f.key, streak);
      await this.d.alerts.breached(
        f.key,
        trustEffects(level).severity,
        `${PREFIX[level]} (${at} period${label}): ${f.message}`,
        level,
      );
      if (trustEffects(level).autoRollback) rollbackFindings.push(f.message);
    }
    this.rollbackStreak = rollbackFindings.length ? this.rollbackStreak + 1 : 0;
    const policy = this.d.config.autoRollback;
    if (
      rollbackFindings.length &&
      policy.enabled &&
      this.rollbackStreak >= policy.consecutiveBreaches &&
      (this.d.recorder.state.weights?.green ?? 0) > 0
    )
      await this.d.controller.rollback({
        by: "golive (auto-rollback)",
        kind: "auto-rollback",
        reason: `auto-rollback after ${this.rollbackStreak} consecutive breaching periods (trust rollback): ${rollbackFindings.join("; ")}`,
      });
  }
}
