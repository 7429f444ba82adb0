/**
 * What a fired rollback trigger does, by its trust level (domain/trust.ts): advisory warns, pause
 * raises a critical alert (which holds promotion until acknowledged), rollback raises a critical
 * alert and rolls back when auto-rollback is enabled and enough periods in a row fired at that
 * level. The level is recorded with the alert and in the rollback's reason, so the record says why.
 */
import type { EnvConfig } from "../domain/config.js";
import { type TrustLevel, triggerOf } from "../domain/triggers.js";
import {
  levelAt,
  TRUST_PREFIX,
  type TriggerPolicies,
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

  /**
   * Keys a period's young data already proved breached (onEarly), and whether that counted toward
   * the rollback streak: the period is acted on once, whether it is first seen young or settled.
   */
  private early = new Map<number, { keys: Set<string>; counted: boolean }>();

  /** The keys of period `t` already acted on early (the monitor leaves their episodes open). */
  earlyKeys(t: number): ReadonlySet<string> {
    return this.early.get(t)?.keys ?? new Set();
  }

  /**
   * Acts on breaches proven on a period that has not settled (triggers.ts judgeYoungPeriod). True
   * the first time the period breaches, so the monitor counts it as one breaching period.
   */
  async onEarly(v: PeriodVerdict): Promise<boolean> {
    const e = this.early.get(v.t) ?? { keys: new Set<string>(), counted: false };
    this.early.set(v.t, e);
    const fresh = v.findings.filter((f) => !e.keys.has(f.key));
    if (!fresh.length) return false;
    const first = e.keys.size === 0;
    for (const f of fresh) e.keys.add(f.key);
    const rollbackFindings = await this.raise(v.t, fresh);
    if (rollbackFindings.length && !e.counted) {
      e.counted = true;
      this.rollbackStreak++;
    }
    await this.autoRollback(rollbackFindings);
    return first;
  }

  /** Acts on one judged (settled) period; keys acted on while it was young are not acted on twice. */
  async onPeriod(v: PeriodVerdict): Promise<void> {
    const e = this.early.get(v.t);
    this.early.delete(v.t);
    for (const t of this.early.keys()) if (t < v.t) this.early.delete(t);
    const already = e?.keys ?? new Set<string>();
    const fired = new Set([...v.findings.map((f) => f.key), ...already]);
    for (const key of v.judged) if (!fired.has(key)) this.streaks.delete(key);
    if (!v.judged.length && !already.size) return;
    const rollbackFindings = await this.raise(
      v.t,
      v.findings.filter((f) => !already.has(f.key)),
    );
    if (!e?.counted) this.rollbackStreak = rollbackFindings.length ? this.rollbackStreak + 1 : 0;
    await this.autoRollback(rollbackFindings);
  }

  /** Raises each finding at its level in force; returns the messages of those at level rollback. */
  private async raise(t: number, findings: PeriodVerdict["findings"]): Promise<string[]> {
    const at = new Date(t).toISOString().slice(11, 16);
    const rollbackFindings: string[] = [];
    for (const f of findings) {
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
    return rollbackFindings;
  }

  private async autoRollback(rollbackFindings: string[]): Promise<void> {
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
