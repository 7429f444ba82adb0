/**
 * The canary controller: the only code that changes the listener, and only through the traffic
 * actor (engine/traffic-actor.ts). A step is recorded as done only after DescribeListeners shows the
 * new weights. A promote is bound to its plan: the listener it was computed from is read again, and
 * if it changed nothing is sent. Rollback is never gated, fences everything else, and never waits
 * for the disk; if recording it fails, it still happens and is written to a fallback file.
 */

import { ROLLBACK_WEIGHTS, sameWeights, weightsForStep } from "../domain/canary.js";
import { decisionMatrix } from "../domain/decision-matrix.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { Weights } from "../domain/events.js";
import { withMatrixRow } from "../domain/matrix-alerts.js";
import { runbookTriggers } from "../domain/matrix-triggers.js";
import type { ListenerState } from "../domain/ports.js";
import type { AlertTriggerName } from "../domain/triggers.js";
import { TRUST_PREFIX, trustEffects, trustInForce, trustLabel } from "../domain/trust.js";
import { AlertBook } from "./alerts.js";
import { KubeActions } from "./k8s-actions.js";
import { KubeRollback } from "./k8s-rollback.js";
import { ListenerTruth, sameRaw, type TaggedRead, type Verdict } from "./listener-truth.js";
import { TrafficActor } from "./traffic-actor.js";
import { executeIn } from "./traffic-promote.js";
import { attemptsOf, describeAwsError, TrafficRecords } from "./traffic-record.js";
import { rollbackIn } from "./traffic-rollback.js";

export type { Recorder } from "./traffic-record.js";
export { describeAwsError } from "./traffic-record.js";

import type { ControllerDeps, Plan, PromoteOptions, ShiftResult } from "./traffic-types.js";

export type { ControllerDeps, Plan, ShiftResult } from "./traffic-types.js";

/** The alert episode "the listener changed outside golive" (drift, or a pending change AWS shows otherwise). */
const OUTSIDE = "listener:outside";

export class CanaryController {
  readonly actor: TrafficActor;
  readonly truth: ListenerTruth;
  readonly rec: TrafficRecords;
  /** The session's alert episodes, shared with the monitor (engine/alerts.ts). */
  readonly alerts: AlertBook;
  /** What the listener was when the open "changed outside golive" episode began. */
  private outsideFrom?: Weights;
  /** An EKS session's Deployment, rolled back after the listener in the same rollback intent. */
  readonly kube?: KubeRollback;
  /** Its image, pause and resume from the cockpit: fenced by rollbacks like a promote. */
  readonly kubeActions?: KubeActions;

  constructor(readonly d: ControllerDeps) {
    const matrix = decisionMatrix(d.runbook);
    this.alerts = new AlertBook(
      d.recorder,
      () => d.clock.now(),
      "golive",
      (k, m) => withMatrixRow(matrix, k, m),
    );
    this.actor = new TrafficActor({ clock: d.clock, fence: d.fence });
    this.truth = new ListenerTruth({
      traffic: d.traffic,
      actor: this.actor,
      clock: d.clock,
      settleMs: d.settleMs,
    });
    this.rec = new TrafficRecords(d);
    if (d.kube) {
      this.kube = new KubeRollback(d.kube, { rec: this.rec, clock: d.clock });
      const deps = {
        rec: this.rec,
        clock: d.clock,
        actor: this.actor,
        fence: d.fence,
        pollMs: d.kube.pollMs,
      };
      this.kubeActions = new KubeActions(d.kube, deps);
    }
  }

  get busy(): boolean {
    return this.actor.busy;
  }

  /** A poll: reads the listener, and records drift or reconciles a pending intent when the reads say so. */
  async observe(by = "golive", record = true): Promise<ListenerState> {
    const r = await this.truth.read();
    // A viewer (`golive watch`) reads what AWS shows as its own evidence and records nothing.
    if (record) await this.apply(this.truth.judge(r, this.rec.state), by);
    return r.listener;
  }

  /**
   * On open: a pending intent (its process died, or its confirmation was never recorded) against
   * two agreeing reads of AWS. A rollback requested but never confirmed that AWS shows at 100/0 is
   * recorded as observed on reopen; otherwise `rollbackPending` asks the cockpit to offer it again.
   */
  async reconcileOnOpen(by = "golive"): Promise<{ rollbackPending: boolean }> {
    const s = this.rec.state;
    const pendingRollback = !!s.rollback && !s.rollback.completedAt;
    if (!s.shift && !pendingRollback) {
      await this.observe(by).catch(() => undefined);
      return { rollbackPending: false };
    }
    let a: TaggedRead;
    let b: TaggedRead;
    try {
      a = await this.truth.read();
      b = await this.truth.read();
    } catch {
      return { rollbackPending: pendingRollback };
    }
    if (!sameRaw(a.listener, b.listener)) return { rollbackPending: pendingRollback };
    const w = b.listener.weights;
    if (pendingRollback && w.green === 0 && w.blue > 0) {
      await this.rec.record(
        "traffic.observed",
        {
          observation: "rollback-observed-on-reopen",
          weights: w,
          expected: ROLLBACK_WEIGHTS,
          detail: `the rollback was never confirmed; on reopen AWS shows blue ${w.blue} / green ${w.green} (observed, not golive's read-back)`,
        },
        by,
      );
      return { rollbackPending: false };
    }
    if (s.shift) {
      const to = s.shift.to;
      const observation = sameWeights(w, to)
        ? "reconciled-completed"
        : sameWeights(w, s.weights)
          ? "reconciled-not-applied"
          : "reconciled-other";
      await this.apply({ kind: "reconcile", observation, weights: w, expected: to }, by);
    }
    return { rollbackPending: pendingRollback && !(w.green === 0 && w.blue > 0) };
  }

  private async apply(v: Verdict, by: string): Promise<void> {
    if (v.kind === "first-sight") {
      // First sight of the listener: not drift, just what AWS says now.
      await this.rec.record("drift.detected", { expected: null, actual: v.weights }, by);
    } else if (v.kind === "drift") {
      await this.rec.record("drift.detected", { expected: v.expected, actual: v.actual }, by);
      await this.outside(
        `listener changed outside golive: blue ${v.expected.blue} / green ${v.expected.green} → blue ${v.actual.blue} / green ${v.actual.green} (read twice after the settle window)`,
        v.expected,
      );
      // Put back where it was when the episode began: the episode ends (the change is still recorded).
      if (this.outsideFrom && sameWeights(v.actual, this.outsideFrom)) this.insideAgain();
    } else if (v.kind === "reconcile") {
      const s = this.rec.state;
      const what = s.shift
        ? `a ${s.shift.kind} to blue ${s.shift.to.blue} / green ${s.shift.to.green}`
        : "a rollback";
      const detail = {
        "reconciled-completed": `${what} was pending and AWS shows it done`,
        "reconciled-not-applied": `${what} was pending and AWS shows it was not applied`,
        "reconciled-other": `${what} was pending and AWS shows something else`,
      }[v.observation as "reconciled-completed"];
      await this.rec.record(
        "traffic.observed",
        {
          observation: v.observation,
          weights: v.weights,
          expected: v.expected,
          detail: `${detail}: blue ${v.weights.blue} / green ${v.weights.green}`,
        },
        by,
      );
      if (v.observation === "reconciled-other")
        await this.outside(`${detail}: blue ${v.weights.blue} / green ${v.weights.green}`, v.expected);
    }
  }

  /**
   * The listener is not where golive put it: one critical alert per episode (alerts.ts), each
   * further change outside golive one more sighting of it; never dropped when the disk fails.
   */
  private async outside(message: string, from: Weights | null) {
    if (!this.alerts.isOpen(OUTSIDE)) this.outsideFrom = from ?? undefined;
    await this.fireTrigger("listener-drift", OUTSIDE, message);
  }

  /**
   * An alert trigger (a probe, drift, Kubernetes) fired: an alert at its trust level in force
   * (domain/trust.ts), shown and recorded like the period triggers'. At `rollback`, with
   * auto-rollback on and green serving (and the trigger about green), a rollback is started, not
   * awaited: the poll that saw it may be inside the traffic actor's queue, which the rollback fences.
   */
  async fireTrigger(trigger: AlertTriggerName, key: string, raw: string, aboutGreen = true): Promise<void> {
    const t = trustInForce(trigger, this.d.config, this.d.runbookTriggers ?? runbookTriggers(this.d.runbook));
    const fx = trustEffects(t.level);
    const label = t.from === "default" ? "" : ` (${trustLabel(t)})`;
    const isNew = !this.alerts.isOpen(key);
    await this.alerts
      .breached(key, fx.severity, `${TRUST_PREFIX[t.level]}${label}: ${raw}`, t.level)
      .catch(() => {});
    if (!isNew || !fx.autoRollback || !aboutGreen || !this.d.config.autoRollback.enabled) return;
    if ((this.rec.state.weights?.green ?? 0) <= 0) return;
    this.autoRollback = this.rollback({
      by: "golive (auto-rollback)",
      kind: "auto-rollback",
      reason: `auto-rollback (${trigger}, trust rollback): ${raw}`,
    }).catch(() => undefined);
  }

  /** The newest rollback an alert trigger started (fireTrigger), for whoever wants to wait for it. */
  autoRollback?: Promise<ShiftResult | undefined>;

  /** golive (a confirmed shift) or someone putting it back took the listener in hand again. */
  private insideAgain() {
    this.alerts.recovered(OUTSIDE);
    this.outsideFrom = undefined;
  }

  private ended(r: ShiftResult): ShiftResult {
    if (r.ok) this.insideAgain();
    return r;
  }

  /** Reads the listener (and its rules) now and plans the step to `greenPercent` from it. */
  async plan(greenPercent: number): Promise<{ plan: Plan; read: TaggedRead }> {
    // A rollback requested while this plan is being read voids it, like one requested after.
    const epoch = this.actor.rollbackEpoch;
    const fence = await this.actor.fenceNow();
    const read = await this.truth.read({ rules: true });
    return {
      read,
      plan: {
        kind: "promote",
        from: read.listener,
        readAt: read.startedAt,
        to: weightsForStep(greenPercent),
        step: greenPercent,
        confirmed: this.d.recorder.state.weights ?? null,
        epoch,
        fence,
      },
    };
  }

  /**
   * A promote whose plan could not read the listener (AWS refused, no credentials, listener gone):
   * nothing was sent; recorded as failed (unless another change is pending), with the manual command.
   */
  async unreadPromote(greenPercent: number | undefined, e: unknown, by: string): Promise<ShiftResult> {
    if (greenPercent === undefined)
      throw new UserError("nothing to promote: green already takes 100 %", ExitCode.refused);
    const to = weightsForStep(greenPercent);
    const error = `could not read the listener from AWS, so nothing was sent: ${describeAwsError(e)}`;
    const manualCommand = this.d.traffic.manualCommand(to, this.truth.last?.listener);
    const r: ShiftResult = {
      ok: false,
      kind: "promote",
      to,
      tookMs: 0,
      attempts: attemptsOf(e),
      error,
      manualCommand,
    };
    // Nothing was sent, so a pending change (another process's) is not this failure's to close.
    if (!this.rec.state.shift)
      await this.rec.record("traffic.shift.failed", { kind: "promote", to, error, manualCommand }, by);
    return r;
  }

  /** Plans and executes a step in one go (scripts and tests that have no dialog to bind). */
  async promote(o: { greenPercent: number; by: string; override?: string }): Promise<ShiftResult> {
    const { plan } = await this.plan(o.greenPercent);
    return this.execute(plan, o);
  }

  /**
   * Executes exactly `plan`, in the actor's queue: reads the listener again and sends nothing if it
   * is not what the plan was computed from; journals the request (fsynced) before the write.
   */
  execute(plan: Plan, o: PromoteOptions): Promise<ShiftResult> {
    return this.actor
      .enqueue("promote", (intent) => executeIn(this, intent, plan, o))
      .then((r) => this.ended(r));
  }

  /**
   * 100 % blue, read back, then blue's target health and health URL. Safe to repeat. It fences
   * every other intent and waits only for a write already on the wire.
   */
  rollback(o: { by: string; reason: string; kind?: "rollback" | "auto-rollback" }): Promise<ShiftResult> {
    const kind = o.kind ?? "rollback";
    return this.actor
      .rollback(kind, async (intent) => {
        // ALB first (the faster lever), then Kubernetes, in the same intent: a rollback asked for
        // meanwhile runs after both, and nothing fenced writes in between.
        const r = await rollbackIn(this, intent, kind, o);
        if (!this.kube) return r;
        return { ...r, kube: await this.kube.run(this.actor, intent, o) };
      })
      .then((r) => this.ended(r));
  }

  /**
   * ECS scale-blue as an intent: after every intent before it, fenced by any rollback, with the
   * listener as AWS shows it now (a fresh read inside the intent) for `act` to judge.
   */
  scaleBlue<T>(
    act: (listener: ListenerState, send: <R>(f: () => Promise<R>) => Promise<R>) => Promise<T>,
  ): Promise<T> {
    return this.actor.enqueue("scale-blue", async (intent) => {
      const r = await this.truth.read();
      return act(r.listener, (f) => this.actor.other(intent, f));
    });
  }
}
