/**
 * The canary controller: the only code that changes the listener, and only through the traffic
 * actor (engine/traffic-actor.ts). A step is recorded as done only after DescribeListeners shows the
 * new weights. A promote is bound to its plan: the listener it was computed from is read again, and
 * if it changed nothing is sent. Rollback is never gated, fences everything else, and never waits
 * for the disk; if recording it fails, it still happens and is written to a fallback file.
 */
import { ROLLBACK_WEIGHTS, sameWeights, weightsForStep } from "../domain/canary.js";
import type { EnvConfig } from "../domain/config.js";
import type { ShiftKind, Weights } from "../domain/events.js";
import type {
  EngineClock,
  FencePort,
  FenceToken,
  HealthPort,
  ListenerState,
  ProbePort,
  TrafficPort,
} from "../domain/ports.js";
import type { Runbook } from "../domain/runbook.js";
import { fieldByLabel, ROLLBACK_FIELDS, rollbackConfirmedItem, stepItem } from "./bindings.js";
import { ListenerTruth, sameListener, sameRaw, type TaggedRead, type Verdict } from "./listener-truth.js";
import { FencedError, type Intent, TrafficActor } from "./traffic-actor.js";
import {
  attemptsOf,
  describeAwsError,
  type Fallback,
  type Recorder,
  TrafficRecords,
  verifyBlue,
} from "./traffic-record.js";

export type { Recorder } from "./traffic-record.js";
export { describeAwsError } from "./traffic-record.js";

export interface ShiftResult {
  ok: boolean;
  kind: ShiftKind;
  to: Weights;
  weights?: Weights;
  tookMs: number;
  attempts: number;
  error?: string;
  /** Only for a change the lead may still want by hand; never for a superseded promote. */
  manualCommand?: string;
  /** Set when the session could not record the action; it was written here instead. */
  fallbackFile?: string;
  /** A rollback overtook this promote: recorded as superseded, nothing to apply by hand. */
  superseded?: boolean;
  /** The listener was not what the plan was computed from: nothing was sent; this is what it is now. */
  changed?: ListenerState;
  /** A rollback when green already had weight 0: recorded as "nothing to move". */
  nothingToMove?: boolean;
}

/**
 * One exact change, bound to what it was computed from. The dialog (or `promote --yes`) shows it;
 * executing it sends exactly `to` over `from`'s action list, or nothing.
 */
export interface Plan {
  readonly kind: "promote";
  /** The listener as DescribeListeners showed it when the plan was made (action list included). */
  readonly from: ListenerState;
  /** Engine-clock time that read started. */
  readonly readAt: number;
  readonly to: Weights;
  /** The canary step (green %) this plan takes. */
  readonly step: number;
  /** Rollbacks requested in this process when planned: any later one voids the plan. */
  readonly epoch: number;
  /** The cross-process fence token when planned. */
  readonly fence?: FenceToken;
}

export interface ControllerDeps {
  traffic: TrafficPort;
  health: HealthPort;
  probe: ProbePort;
  recorder: Recorder;
  clock: EngineClock;
  config: EnvConfig;
  runbook: Runbook;
  /** Writes an event the session could not take (disk full, read-only); returns where. */
  fallback?: Fallback;
  /** Orders listener writes across processes (the session directory's fence file). */
  fence?: FencePort;
  settleMs?: number;
}

export class CanaryController {
  readonly actor: TrafficActor;
  readonly truth: ListenerTruth;
  private rec: TrafficRecords;

  constructor(private d: ControllerDeps) {
    this.actor = new TrafficActor({ clock: d.clock, fence: d.fence });
    this.truth = new ListenerTruth({
      traffic: d.traffic,
      actor: this.actor,
      clock: d.clock,
      settleMs: d.settleMs,
    });
    this.rec = new TrafficRecords(d);
  }

  get busy(): boolean {
    return this.actor.busy;
  }

  /** A poll: reads the listener, and records drift or reconciles a pending intent when the reads say so. */
  async observe(by = "golive"): Promise<ListenerState> {
    const r = await this.truth.read();
    await this.apply(this.truth.judge(r, this.rec.state), by);
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
      await this.alert(
        `listener changed outside golive: blue ${v.expected.blue} / green ${v.expected.green} → blue ${v.actual.blue} / green ${v.actual.green} (read twice after the settle window)`,
        by,
      );
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
        await this.alert(`${detail}: blue ${v.weights.blue} / green ${v.weights.green}`, by);
    }
  }

  private async alert(message: string, by: string) {
    const id = `drift-${this.d.clock.now().toString(36)}-${this.rec.state.lastSeq}`;
    await this.rec.record("alert.raised", { alert: id, severity: "critical", message }, by);
  }

  /** Reads the listener (and its rules) now and plans the step to `greenPercent` from it. */
  async plan(greenPercent: number): Promise<{ plan: Plan; read: TaggedRead }> {
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
        epoch: this.actor.rollbackEpoch,
        fence,
      },
    };
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
  execute(
    plan: Plan,
    o: { by: string; override?: string; beforeWrite?: () => Promise<void> },
  ): Promise<ShiftResult> {
    return this.actor.enqueue("promote", (intent) => this.executeIn(intent, plan, o));
  }

  private async executeIn(
    intent: Intent,
    plan: Plan,
    o: { by: string; override?: string; beforeWrite?: () => Promise<void> },
  ): Promise<ShiftResult> {
    const started = performance.now();
    const base = { kind: "promote" as const, to: plan.to, attempts: 0 };
    const took = () => performance.now() - started;
    if (intent.fenced() || plan.epoch !== this.actor.rollbackEpoch)
      return {
        ...base,
        ok: false,
        superseded: true,
        tookMs: took(),
        error: "a rollback was requested after this promote was planned: nothing sent",
      };
    const manualCommand = this.d.traffic.manualCommand(plan.to, plan.from);
    let now: TaggedRead;
    try {
      now = await this.truth.read();
    } catch (e) {
      const error = `could not read the listener before the write, so nothing was sent: ${describeAwsError(e)}`;
      await this.rec.orFallback(
        "traffic.shift.failed",
        { kind: "promote", to: plan.to, error, manualCommand },
        o.by,
        "promote",
      );
      return { ...base, ok: false, tookMs: took(), attempts: 1, error, manualCommand };
    }
    if (!sameListener(now.listener, plan.from)) {
      const was = plan.from.weights;
      const is = now.listener.weights;
      await this.rec.orFallback(
        "traffic.observed",
        {
          observation: "changed-since-dialog",
          weights: is,
          expected: was,
          detail: `planned from blue ${was.blue} / green ${was.green}, AWS now shows blue ${is.blue} / green ${is.green}${sameRaw(now.listener, plan.from) ? " (its default actions changed)" : ""}: nothing was sent`,
        },
        o.by,
        "promote",
      );
      return {
        ...base,
        ok: false,
        tookMs: took(),
        attempts: 1,
        changed: now.listener,
        error: "the listener changed since the plan was shown: nothing was sent",
      };
    }
    await o.beforeWrite?.();
    if (intent.fenced())
      return this.superseded(plan, o.by, "a rollback was requested before it was sent", took(), 1);
    // Write-ahead: a promote that cannot be recorded does not happen.
    await this.rec.append(
      "traffic.shift.requested",
      { kind: "promote", from: plan.from.weights, to: plan.to, step: plan.step, override: o.override },
      o.by,
    );
    let attempts = 1;
    let overtaken: FenceToken | undefined;
    try {
      const w = await this.actor.write(intent, plan.fence, () => this.d.traffic.write(plan.to, plan.from));
      attempts += w.result.attempts;
      overtaken = w.overtaken;
    } catch (e) {
      if (e instanceof FencedError) return this.superseded(plan, o.by, e.message, took(), attempts);
      return this.failed(
        "promote",
        plan.to,
        o.by,
        `ModifyListener failed: ${describeAwsError(e)}`,
        manualCommand,
        took(),
        attempts + attemptsOf(e),
      );
    }
    if (overtaken) {
      // Another process's rollback bumped the fence around this write: its weights go back on top.
      let how = "written back";
      try {
        await this.d.traffic.write(ROLLBACK_WEIGHTS, plan.from);
      } catch (e) {
        how = `NOT written back (${describeAwsError(e)})`;
      }
      await this.rec.record(
        "traffic.observed",
        {
          observation: "fenced-write-back",
          weights: ROLLBACK_WEIGHTS,
          expected: plan.to,
          detail: `a rollback by ${overtaken.writer} fenced this promote while its write was on the wire; the rollback's blue 100 / green 0 was ${how}`,
        },
        o.by,
      );
      return this.superseded(plan, o.by, "a rollback in another golive fenced it", took(), attempts);
    }
    // Eventually consistent: only DescribeListeners showing the new weights counts as done.
    const deadline = performance.now() + this.d.config.canary.verifyTimeoutSeconds * 1000;
    let seen: Weights | undefined;
    let lastError = "";
    let delay = 250;
    while (performance.now() < deadline) {
      if (intent.fenced())
        return this.superseded(
          plan,
          o.by,
          "a rollback was requested before AWS confirmed it",
          took(),
          attempts,
        );
      try {
        const r = await this.truth.read();
        attempts++;
        seen = r.listener.weights;
        if (intent.fenced())
          return this.superseded(
            plan,
            o.by,
            "a rollback was requested before AWS confirmed it",
            took(),
            attempts,
          );
        if (sameWeights(seen, plan.to)) return this.confirmed(plan, o.by, seen, took(), attempts);
      } catch (e) {
        lastError = describeAwsError(e);
      }
      await this.d.clock.sleep(delay);
      delay = Math.min(delay * 1.5, 2000);
    }
    const why = seen
      ? `AWS still shows blue ${seen.blue} / green ${seen.green} after ${this.d.config.canary.verifyTimeoutSeconds} s`
      : `could not read the listener back: ${lastError}`;
    return this.failed("promote", plan.to, o.by, why, manualCommand, took(), attempts);
  }

  private async confirmed(
    plan: Plan,
    by: string,
    weights: Weights,
    tookMs: number,
    attempts: number,
  ): Promise<ShiftResult> {
    const r: ShiftResult = { ok: true, kind: "promote", to: plan.to, weights, tookMs, attempts };
    try {
      await this.rec.append("traffic.shift.confirmed", { kind: "promote", weights, tookMs, attempts }, by);
    } catch (e) {
      // AWS did it; the pending request is reconciled with AWS on the next poll or open.
      return {
        ...r,
        error: `AWS confirmed it, but the session could not record it: ${(e as Error).message}`,
      };
    }
    const item = stepItem(this.d.runbook, plan.step);
    if (item)
      await this.rec.record(
        "item.checked",
        {
          item: item.id,
          evidence: `AWS confirmed blue ${weights.blue} / green ${weights.green} in ${(tookMs / 1000).toFixed(1)} s`,
        },
        by,
      );
    return r;
  }

  private async superseded(
    plan: Plan,
    by: string,
    why: string,
    tookMs: number,
    attempts: number,
  ): Promise<ShiftResult> {
    await this.rec.record("traffic.shift.superseded", { kind: "promote", to: plan.to, detail: why }, by);
    return {
      ok: false,
      kind: "promote",
      to: plan.to,
      tookMs,
      attempts,
      superseded: true,
      error: `superseded: ${why}`,
    };
  }

  /**
   * 100 % blue, read back, then blue's target health and health URL. Safe to repeat. It fences
   * every other intent and waits only for a write already on the wire.
   */
  rollback(o: { by: string; reason: string; kind?: "rollback" | "auto-rollback" }): Promise<ShiftResult> {
    const kind = o.kind ?? "rollback";
    return this.actor.rollback(kind, (intent) => this.rollbackIn(intent, kind, o));
  }

  private async rollbackIn(
    intent: Intent,
    kind: "rollback" | "auto-rollback",
    o: { by: string; reason: string },
  ): Promise<ShiftResult> {
    const started = performance.now();
    const s = this.rec.state;
    const last = this.truth.last;
    // I5: green already had weight 0 (confirmed, and the latest read since the last write agrees).
    const nothingToMove =
      !s.shift &&
      s.weights?.green === 0 &&
      !!last &&
      last.gen === this.actor.writes.gen &&
      last.listener.raw.green === 0 &&
      last.listener.raw.blue > 0 &&
      !(s.rollback && !s.rollback.completedAt);
    const requested = { kind, from: s.weights ?? undefined, to: ROLLBACK_WEIGHTS, override: o.reason };
    // Never waits for the disk: recorded meanwhile (appends are queued, so it precedes the confirmation).
    const recording = nothingToMove ? undefined : this.rec.append("traffic.shift.requested", requested, o.by);
    recording?.catch(() => {});
    let attempts = 0;
    let base = last?.listener;
    let lastError = "";
    for (let i = 0; i < 3 && !base?.actions; i++) {
      // Only when this process never read the listener: its action list must be sent back whole.
      try {
        base = (await this.truth.read()).listener;
        attempts++;
      } catch (e) {
        attempts += attemptsOf(e);
        lastError = `could not read the listener's default actions, so nothing was sent rather than drop them: ${describeAwsError(e)}`;
        if (i < 2) await this.d.clock.sleep(1000 * 2 ** i);
      }
    }
    const manualCommand = this.d.traffic.manualCommand(ROLLBACK_WEIGHTS, base);
    let written = false;
    for (let i = 0; i < 3 && !written && base?.actions; i++) {
      try {
        const listener = base;
        let w = await this.actor.write(intent, undefined, () =>
          this.d.traffic.write(ROLLBACK_WEIGHTS, listener),
        );
        attempts += w.result.attempts;
        // Another writer bumped the fence after this rollback did: rollback writes last.
        for (let again = 0; w.overtaken && again < 3; again++) {
          w = await this.actor.write(intent, undefined, () =>
            this.d.traffic.write(ROLLBACK_WEIGHTS, listener),
          );
          attempts += w.result.attempts;
        }
        written = true;
      } catch (e) {
        attempts += attemptsOf(e);
        lastError = `ModifyListener failed: ${describeAwsError(e)}`;
        if (i < 2) await this.d.clock.sleep(1000 * 2 ** i);
      }
    }
    let seen: Weights | undefined;
    let confirmed: Weights | undefined;
    if (written) {
      const deadline = performance.now() + this.d.config.canary.verifyTimeoutSeconds * 1000;
      let delay = 250;
      while (performance.now() < deadline && !confirmed) {
        try {
          const r = await this.truth.read();
          attempts++;
          seen = r.listener.weights;
          if (r.listener.raw.green === 0 && r.listener.raw.blue > 0) confirmed = seen;
        } catch (e) {
          lastError = describeAwsError(e);
        }
        if (!confirmed) {
          await this.d.clock.sleep(delay);
          delay = Math.min(delay * 1.5, 2000);
        }
      }
    }
    const tookMs = performance.now() - started;
    // Only now the disk: AWS's answer never waited for it.
    let fallbackFile: string | undefined;
    if (recording)
      try {
        await recording;
      } catch (e) {
        fallbackFile = await this.rec
          .fallback("traffic.shift.requested", { ...requested, recordError: (e as Error).message }, o.by)
          .catch(() => undefined);
      }
    if (!confirmed) {
      const why = !written
        ? lastError
        : seen
          ? `AWS still shows blue ${seen.blue} / green ${seen.green} after ${this.d.config.canary.verifyTimeoutSeconds} s`
          : `could not read the listener back: ${lastError}`;
      const r = await this.failed(kind, ROLLBACK_WEIGHTS, o.by, why, manualCommand, tookMs, attempts);
      return { ...r, fallbackFile: fallbackFile ?? r.fallbackFile };
    }
    const result: ShiftResult = {
      ok: true,
      kind,
      to: ROLLBACK_WEIGHTS,
      weights: confirmed,
      tookMs,
      attempts,
      fallbackFile,
    };
    if (nothingToMove) {
      const rec = await this.rec.orFallback(
        "traffic.observed",
        {
          observation: "nothing-to-move",
          weights: confirmed,
          detail: `rollback asked (${o.reason}) with green already at weight 0: nothing to move; blue 100 / green 0 sent again and read back`,
        },
        o.by,
        kind,
      );
      return { ...result, nothingToMove: true, fallbackFile: fallbackFile ?? rec };
    }
    const rec = await this.rec.orFallback(
      "traffic.shift.confirmed",
      { kind, weights: confirmed, tookMs, attempts },
      o.by,
      kind,
    );
    await this.afterRollback(o.by);
    return { ...result, fallbackFile: fallbackFile ?? rec };
  }

  /** The runbook's rollback blanks, blue's verification, the "traffic back" item. */
  private async afterRollback(by: string): Promise<void> {
    const s = this.rec.state;
    const rb = this.d.runbook;
    const fill = async (re: RegExp, value: string) => {
      const f = fieldByLabel(rb, re);
      if (f) await this.rec.record("field.recorded", { field: f.id, value, source: "engine" }, by);
    };
    await fill(ROLLBACK_FIELDS.decidedBy, by);
    if (s.rollback?.startedAt) await fill(ROLLBACK_FIELDS.initiatedAt, s.rollback.startedAt);
    await fill(ROLLBACK_FIELDS.completedAt, new Date(this.d.clock.now()).toISOString());
    const v = await verifyBlue(this.d);
    await this.rec.record("rollback.verified", v, by);
    const stable = fieldByLabel(rb, ROLLBACK_FIELDS.stable);
    if (stable?.options)
      await this.rec.record(
        "field.recorded",
        {
          field: stable.id,
          value: v.blueHealthy ? stable.options[0]! : (stable.options[1] ?? stable.options[0]!),
          source: "engine",
        },
        by,
      );
    const item = rollbackConfirmedItem(rb);
    if (item && v.blueHealthy)
      await this.rec.record(
        "item.checked",
        { item: item.id, evidence: `AWS confirmed blue 100 / green 0; ${v.detail}` },
        by,
      );
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

  private async failed(
    kind: ShiftKind,
    to: Weights,
    by: string,
    error: string,
    manualCommand: string,
    tookMs: number,
    attempts: number,
  ): Promise<ShiftResult> {
    const fallbackFile = await this.rec.orFallback(
      "traffic.shift.failed",
      { kind, to, error, manualCommand },
      by,
      kind,
    );
    return { ok: false, kind, to, tookMs, attempts, error, manualCommand, fallbackFile };
  }
}
