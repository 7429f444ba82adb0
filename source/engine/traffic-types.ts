/** The traffic controller's types, and what its promote and rollback halves share. */
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
import type { TriggerPolicies } from "../domain/trust.js";
import type { KubeRelease, KubeRollbackResult } from "./k8s-rollback.js";
import type { ListenerTruth } from "./listener-truth.js";
import type { TrafficActor } from "./traffic-actor.js";
import type { Fallback, Recorder, TrafficRecords } from "./traffic-record.js";

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
  /** Nothing was sent because a second person's approval did not come or no longer holds. */
  refused?: boolean;
  /** A rollback when green already had weight 0: recorded as "nothing to move". */
  nothingToMove?: boolean;
  /** An EKS session's rollback also undid the Kubernetes rollout (engine/k8s-rollback.ts). */
  kube?: KubeRollbackResult;
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
  /**
   * The session's confirmed weights when planned. If golive takes other weights from AWS before the
   * plan is sent (drift on two agreeing reads), the listener changed under it: nothing is sent.
   */
  readonly confirmed: Weights | null;
  /** Rollbacks requested in this process when planned: any later one voids the plan. */
  readonly epoch: number;
  /** The cross-process fence token when planned. */
  readonly fence?: FenceToken;
}

/** How a promote is sent: who, any override and what it pressed through, the approval it was sent on. */
export interface PromoteOptions {
  by: string;
  override?: string;
  overridden?: string[];
  /** The two-person approval request it is sent on (engine/approval-wait.ts). */
  approval?: string;
  /** Runs after the listener was read again and before the write (the Go decision's record). */
  beforeWrite?: () => Promise<void>;
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
  /** The Kubernetes Deployment this go-live releases: a rollback undoes its rollout too. */
  kube?: KubeRelease;
  /** Trust levels the runbook binds to triggers (below the config's; domain/trust.ts). */
  runbookTriggers?: TriggerPolicies;
}

/** What the promote and rollback halves of the controller use. */
export interface TrafficCore {
  readonly d: ControllerDeps;
  readonly actor: TrafficActor;
  readonly truth: ListenerTruth;
  readonly rec: TrafficRecords;
}

/** The read-back's limit, on the engine's clock (a rehearsal's) and in real time, whichever ends first. */
export function readBackDeadline(d: { clock: EngineClock; config: EnvConfig }): () => boolean {
  const ms = d.config.canary.verifyTimeoutSeconds * 1000;
  const clock = d.clock.now() + ms;
  const real = performance.now() + ms;
  return () => d.clock.now() < clock && performance.now() < real;
}

export async function failedShift(
  c: TrafficCore,
  kind: ShiftKind,
  to: Weights,
  by: string,
  error: string,
  manualCommand: string,
  tookMs: number,
  attempts: number,
): Promise<ShiftResult> {
  const fallbackFile = await c.rec.orFallback(
    "traffic.shift.failed",
    { kind, to, error, manualCommand },
    by,
    kind,
  );
  return { ok: false, kind, to, tookMs, attempts, error, manualCommand, fallbackFile };
}
