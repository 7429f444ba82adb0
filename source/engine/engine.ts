/**
 * The engine: the canary controller and the monitor over one session, and the decisions between
 * them (may I promote now? what does the Go decision show?). The cockpit and the headless commands
 * both drive it; it never renders and never reads argv.
 */
import { currentStepIndex, sameWeights } from "../domain/canary.js";
import type { EnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { evaluateGate, type Gate, type GateAction, type GateCheck } from "../domain/gate.js";
import { GO_NOT_MET, type GoCheck, NO_GO_OPEN } from "../domain/go-nogo.js";
import type { InForce } from "../domain/in-force.js";
import type {
  EngineClock,
  HealthPort,
  ListenerState,
  MetricsPort,
  ProbePort,
  TrafficPort,
} from "../domain/ports.js";
import type { Runbook } from "../domain/runbook.js";
import { bindCustom } from "../domain/stated.js";
import { type StepVerdict, verdictGateChecks } from "../domain/verdict-step.js";
import { type ApprovalWait, approvalBeforeSend, voidApproval } from "./approval-wait.js";
import { confirmedMoved } from "./confirmed-moved.js";
import {
  CanaryController,
  type ControllerDeps,
  type Plan,
  type Recorder,
  type ShiftResult,
} from "./controller.js";
import type { FleetPort } from "./fleet.js";
import { gateParts, NO_READINGS } from "./gate-parts.js";
import { RolloutWatch } from "./k8s-watch.js";
import { Monitor } from "./monitor.js";
import { liveVerdict } from "./periods.js";

export interface EngineDeps {
  traffic: TrafficPort;
  health: HealthPort;
  probe: ProbePort;
  metrics: MetricsPort;
  recorder: Recorder;
  clock: EngineClock;
  config: EnvConfig;
  runbook: Runbook;
  fallback?: ControllerDeps["fallback"];
  fence?: ControllerDeps["fence"];
  /** An EKS session's Deployment: R undoes its rollout after the listener (engine/k8s-rollback.ts). */
  kube?: ControllerDeps["kube"];
  settleMs?: number;
  observeOnly?: boolean;
  /** Session-clock ms per real ms (demo --speed); scales how old observations may get. */
  clockRate?: number;
  /** Targets and ECS tasks per arm, shown beside the metrics (engine/fleet.ts). */
  fleet?: FleetPort;
  mayLead?: () => Promise<void>; // team mode: throws (refused) unless this bastion leads
  approval?: ApprovalWait; // team mode: steps that wait for a second person (approval-wait.ts)
}

export interface Criterion {
  text: string;
  ok: boolean | null;
  why: string;
}

export class Engine {
  readonly controller: CanaryController;
  readonly monitor: Monitor;
  /** An EKS session's Deployment, read every poll for the cockpit's Kubernetes pane and crash alerts. */
  readonly rollout?: RolloutWatch;

  constructor(readonly d: EngineDeps) {
    // The runbook's thresholds on the team's own metrics are measured once the config names them.
    d.runbook = { ...d.runbook, stated: bindCustom(d.runbook.stated, d.config.metrics?.custom) };
    this.controller = new CanaryController(d);
    this.monitor = new Monitor({ ...d, controller: this.controller });
    if (d.kube) {
      const pollMs = d.config.metrics.pollSeconds * 1000;
      this.rollout = new RolloutWatch({
        ...d.kube,
        clock: d.clock,
        pollMs,
        maxAgeMs: 3 * pollMs * (d.clockRate ?? 1) + 5_000,
        alerts: d.observeOnly ? undefined : this.controller.alerts,
        fire: (t, k, m) => this.controller.fireTrigger(t, k, m),
      });
    }
  }

  /** The canary plan and thresholds this engine acts on, each with its source. */
  get inForce(): InForce {
    return this.parts.inForce(this.d.runbook, this.d.config, this.d.recorder.state.config?.file);
  }

  /** The gate's parts that walk the runbook and the record, recomputed when what they read changes. */
  private readonly parts = gateParts();

  get steps(): number[] {
    return this.inForce.plan.map((s) => s.green);
  }

  /** The dwell at the step the canary stands at now (the runbook may state one per step). */
  get dwellMinutes(): number {
    const plan = this.inForce.plan;
    const cur = currentStepIndex(
      plan.map((s) => s.green),
      this.d.recorder.state.weights,
    );
    return plan[Math.max(0, cur)]?.dwellMinutes ?? plan[0]!.dwellMinutes;
  }

  /** Inputs other parts add to the gate (Go/No-Go criteria, manual checks, canary verdicts). */
  private gateChecks = new Map<string, () => GateCheck[]>();

  /** Registers a source of gate checks; returns a function that removes it. */
  addGateChecks(name: string, fn: () => GateCheck[]): () => void {
    this.gateChecks.set(name, fn);
    return () => this.gateChecks.delete(name);
  }

  /**
   * The one gate (domain/gate.ts) over what this engine observed and what the session holds.
   * `withinIntent`: asked from inside the traffic actor's own intent (scale-blue judges there), where
   * the actor being busy is that very intent, not another change in flight.
   */
  gate(action: GateAction = "promote", opts: { withinIntent?: boolean } = {}): Gate {
    const o = this.monitor.observed();
    const fromState = this.parts.fromState(this.d.recorder.state);
    return evaluateGate({
      action,
      now: this.d.clock.now(),
      plan: { steps: this.steps, dwellMinutes: this.dwellMinutes },
      ...fromState,
      inFlight:
        this.controller.busy && !opts.withinIntent ? "a traffic change is in flight" : fromState.inFlight,
      listener: o.listener,
      metrics: o.metrics,
      health: o.health,
      thresholds: this.monitor.thresholds.go,
      limits: this.monitor.limits,
      // The first step is the Go decision: the runbook's Go / No-Go criteria are checks of its own.
      checks: [
        ...this.goNoGo(),
        ...this.parts.stated(
          this.d.runbook.stated,
          this.monitor.snapshot.percentiles ?? NO_READINGS,
          this.monitor.limits.metricsMaxAgeMs,
        ),
        ...verdictGateChecks(this.verdict()),
        ...this.parts.share(this.d.recorder.state, this.d.config),
        ...[...this.gateChecks.values()].flatMap((f) => f()),
      ],
    });
  }

  /** The step's canary verdict, live (null before the first step and at 100 %): engine/periods.ts. */
  verdict = (): StepVerdict | null => liveVerdict(this.d, this.monitor);

  /**
   * Fresh observations for a decision: metrics and probes when stale, the listener always (or, for
   * a confirmation whose plan already read it, only when its last read is getting old).
   */
  async refreshForGate(o: { onlyIfOld?: boolean } = {}): Promise<void> {
    const now = this.d.clock.now();
    const l = this.monitor.limits;
    const s = this.monitor.snapshot;
    const probeAt = Math.min(...Object.values(s.probes).map((p) => p?.at ?? 0));
    await Promise.all([
      !o.onlyIfOld || s.listenerAt === null || now - s.listenerAt > l.listenerMaxAgeMs / 2
        ? this.monitor.pollListener()
        : undefined,
      s.metricsAt === null || now - s.metricsAt > l.metricsMaxAgeMs / 2
        ? this.monitor.pollMetrics()
        : undefined,
      (this.d.config.health.blue || this.d.config.health.green) &&
      (!Object.keys(s.probes).length || now - probeAt > l.healthMaxAgeMs / 2)
        ? this.monitor.pollProbes()
        : undefined,
    ]);
  }

  /**
   * Acknowledges the alert `id` if it is still unacknowledged, or without one the newest (never the
   * same twice); its id, or none.
   */
  acknowledge(by: string, id?: string): Promise<string | undefined> {
    return this.monitor.alerts.acknowledgeNewest(by, id);
  }

  /** Acknowledges every unacknowledged alert, or those of `shown`, in one event; the ids. */
  acknowledgeAll(by: string, shown?: readonly string[]): Promise<string[]> {
    return this.monitor.alerts.acknowledgeAll(by, shown);
  }

  /** The runbook's Go / No-Go criteria judged by the checklist and the health URLs (the gate's checks). */
  goNoGo(): GoCheck[] {
    const p = this.monitor.snapshot.probes;
    return this.parts.goNoGo(this.d.runbook, this.d.recorder.state, p.blue?.ok, p.green?.ok);
  }

  /** The Go and No-Go criteria as the Go dialog lists them (✓ = met, or for No-Go: ruled out). */
  goCriteria(): Criterion[] {
    return this.goNoGo().map((c) => ({
      text: c.source === GO_NOT_MET ? c.label : `No-Go: ${c.label}`,
      ok: c.ok,
      why: c.detail,
    }));
  }

  /** The canary step after the confirmed weights; none when the canary is complete. */
  private nextStep(): number | undefined {
    const cur = currentStepIndex(this.steps, this.d.recorder.state.weights);
    return cur + 1 < this.steps.length ? this.steps[cur + 1]! : undefined;
  }

  /**
   * I1: what `y` in the dialog (or `promote --yes`) will send, computed from the listener as AWS shows
   * it now. Show `plan.from` (the state it was computed from, read at `plan.readAt`) and `plan.to`
   * (the exact target weights); pass the same object to executePlan. `gate` says whether it is
   * allowed without an override and why not.
   */
  async planPromote(): Promise<PromotePlan> {
    const next = this.nextStep();
    const g = this.gate();
    if (next === undefined) return { gate: g, listener: [] };
    const { plan, read } = await this.controller.plan(next);
    const listener = this.listenerReasons(read.listener);
    const reasons = [...g.reasons, ...listener];
    return { plan, listener, gate: { ...g, reasons, allowed: reasons.length === 0 } };
  }

  /** Why the listener as `read` shows it holds a promote back (beside the gate): I1's dialog lines. */
  private listenerReasons(read: ListenerState): string[] {
    const out: string[] = [];
    const confirmed = this.d.recorder.state.weights;
    if (!sameWeights(read.weights, confirmed))
      out.push(
        `AWS shows blue ${read.weights.blue} / green ${read.weights.green}, not the confirmed ${confirmed ? `blue ${confirmed.blue} / green ${confirmed.green}` : "weights (none yet)"}: wait for two fresh reads`,
      );
    for (const rule of read.rules ?? [])
      out.push(
        `listener rule ${rule.priority} (${rule.conditions}) sends matching requests to ${rule.action}, not through this shift`,
      );
    return out;
  }

  /**
   * Sends exactly `plan` or nothing (the listener changed since it was shown: recorded, and the new
   * situation returned in `replan`). Refused (exit 7) when the gate says no and no override is given.
   */
  async executePlan(
    plan: Plan,
    o: { by: string; override?: string },
  ): Promise<ShiftResult & { replan?: PromotePlan }> {
    await this.d.mayLead?.(); // team mode: only the lead; not overridable, nothing sent or recorded
    if (this.d.recorder.state.shift && !this.controller.busy)
      throw new UserError(
        "a traffic change is already pending; wait for it to be reconciled with AWS",
        ExitCode.refused,
      );
    // The gate is judged on evidence read now, not when the dialog opened: a dialog left open past
    // the listener's freshness would otherwise refuse a `y` that AWS has nothing against.
    await this.refreshForGate({ onlyIfOld: true });
    const moved = await confirmedMoved(this.d.recorder, () => this.planPromote(), plan, o.by);
    if (moved) return moved;
    // Not overridable: a plan is for one step, sent once.
    if ((this.d.recorder.state.weights?.green ?? 0) >= plan.step)
      throw new UserError(
        `promotion to ${plan.step} % refused: the session is already at or past ${plan.step} %`,
        ExitCode.refused,
      );
    const g = this.gate();
    // What holds `y` back is the gate as it is now plus what the plan's own listener read showed
    // (a listener AWS shows other than the confirmed weights, rules above the default action): the
    // same reasons the dialog shows, so an override presses through exactly those, on record.
    const blocking = [
      ...g.reasons.filter((r) => !/^the canary is complete/.test(r)),
      ...this.listenerReasons(plan.from),
    ];
    if (blocking.length && !o.override?.trim()) {
      throw new UserError(
        `promotion to ${plan.step} % refused: ${blocking.join("; ")}`,
        ExitCode.refused,
        "wait, or promote with an override reason (--override REASON), which is recorded",
      );
    }
    const override = blocking.length ? o.override : undefined;
    const approval = await approvalBeforeSend(this.d.approval, plan, {
      by: o.by,
      cancelled: () =>
        plan.epoch !== this.controller.actor.rollbackEpoch ? "a rollback was requested meanwhile" : undefined,
      gateClosed: () =>
        blocking.length ? undefined : this.gate().reasons.find((x) => !/^the canary is complete/.test(x)),
    });
    if (approval.refused)
      return {
        ok: false,
        refused: true,
        kind: "promote",
        to: plan.to,
        tookMs: 0,
        attempts: 0,
        error: approval.refused,
      };
    const r = await this.controller.execute(plan, {
      by: o.by,
      approval: approval.request,
      override,
      overridden: override ? blocking : undefined,
      beforeWrite: async () => {
        if (!g.isGoDecision) return;
        // The Go decision keeps the Go criteria and the No-Go ones apart, and with an override
        // everything that was open when it was given.
        const checks = this.goNoGo();
        const pick = (source: GoCheck["source"]) =>
          checks.filter((c) => c.source === source).map((c) => ({ text: c.label, ok: c.ok }));
        await this.d.recorder.append(
          "decision.go",
          {
            criteria: pick(GO_NOT_MET),
            noGo: pick(NO_GO_OPEN),
            override,
            open: override ? blocking : undefined,
          },
          o.by,
        );
      },
    });
    if (r.changed && approval.request) await voidApproval(this.d.recorder, approval.request, o.by);
    return r.changed ? { ...r, replan: await this.planPromote().catch(() => undefined) } : r;
  }

  /** One canary step, planned and sent at once (no dialog to bind: scripts, tests). */
  async promote(o: { by: string; override?: string }): Promise<ShiftResult> {
    // Asked for now: a rollback requested while it reads the listener supersedes it.
    const epoch = this.controller.actor.rollbackEpoch;
    const fence = await this.controller.actor.fenceNow();
    let p: PromotePlan;
    try {
      await this.refreshForGate();
      p = await this.planPromote();
    } catch (e) {
      if (e instanceof UserError) throw e;
      // AWS did not answer the plan's read (refused, credentials, listener gone): a clear refusal.
      return this.controller.unreadPromote(this.nextStep(), e, o.by);
    }
    if (p.plan) p.plan = { ...p.plan, epoch: Math.min(epoch, p.plan.epoch), fence: fence ?? p.plan.fence };
    if (!p.plan) throw new UserError("nothing to promote: green already takes 100 %", ExitCode.refused);
    if (this.controller.busy)
      throw new UserError("a traffic change is already in flight; wait for it", ExitCode.refused);
    if (!p.gate.allowed && !o.override?.trim())
      throw new UserError(
        `promotion to ${p.plan.step} % refused: ${p.gate.reasons.join("; ")}`,
        ExitCode.refused,
        "wait, or promote with an override reason (--override REASON), which is recorded",
      );
    return this.executePlan(p.plan, { ...o, override: p.gate.allowed ? undefined : o.override });
  }

  async rollback(o: { by: string; reason: string }): Promise<ShiftResult> {
    if (!o.reason.trim())
      throw new UserError("a rollback needs a reason (it goes in the record)", ExitCode.usage);
    return this.controller.rollback({ by: o.by, reason: o.reason });
  }

  /** I3: on open, a pending intent or an unconfirmed rollback held against what AWS shows. */
  reconcileOnOpen(by = "golive"): Promise<{ rollbackPending: boolean }> {
    return this.controller.reconcileOnOpen(by);
  }

  /** True when the session already believes what AWS says (used after reopening). */
  async inSync(): Promise<boolean> {
    const l = await this.d.traffic.read();
    return sameWeights(l.weights, this.d.recorder.state.weights);
  }
}

/** planPromote's answer: no plan when the canary is complete. */
export interface PromotePlan {
  plan?: Plan;
  gate: Gate;
  /**
   * The gate's reasons that come from the listener read the plan was computed from (weights not
   * the confirmed ones, rules routing elsewhere): they hold for as long as the plan does, while
   * the rest of the gate moves on (a dialog shows these beside the live gate).
   */
  listener: string[];
}
