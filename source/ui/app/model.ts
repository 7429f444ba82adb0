/**
 * What the cockpit sees of the engine and the session. Built by the composition root (commands/);
 * components get plain values from it through hooks, and never reach AWS, lowdb or the disk.
 */

import type { SessionEvent, SessionState, Weights } from "../../domain/events.js";
import type { Gate } from "../../domain/gate.js";
import type { InForce } from "../../domain/in-force.js";
import type { ComposedMessage } from "../../domain/message-fill.js";
import type { MessageTemplate } from "../../domain/message-templates.js";
import type { Runbook } from "../../domain/runbook.js";
import type { SignInput } from "../../domain/signoff-plan.js";
import type { StepVerdict } from "../../domain/verdict-step.js";
import type { Plan } from "../../engine/controller.js";
import type { PromotePlan } from "../../engine/engine.js";
import type { KubeActResult, KubePlan, KubeVerb } from "../../engine/k8s-actions.js";
import type { RolloutSnapshot } from "../../engine/k8s-watch.js";
import type { MonitorSnapshot } from "../../engine/monitor.js";

export interface ShiftOutcome {
  ok: boolean;
  text: string;
  manualCommand?: string;
}

/** What `y` on a promote plan did: sent it, refused it, or found the listener changed (nothing sent). */
export interface PromoteOutcome extends ShiftOutcome {
  /** The listener was not what the plan was computed from: what AWS shows now (nothing was sent). */
  changed?: Weights;
  /** The new situation, planned from that read; undefined when it could not be planned. */
  replan?: PromotePlan;
}

export interface CheckPreview {
  label: string;
  shows: string;
  dangerous: boolean;
}

export interface Thresholds {
  go: { errorRate: number; latencyP95: number };
  rollback: { errorRate: number; latencyP95: number };
  /** Where each came from, short (`runbook:178`, `config`, `default`). */
  from?: {
    go: { errorRate: string; latencyP95: string };
    rollback: { errorRate: string; latencyP95: string };
  };
}

/** A manual check (domain/manual-checks.ts) as the cockpit lists it, with its confirmation if it counts. */
export interface CockpitManualCheck {
  id: string;
  text: string;
  line: number;
  why: string;
  /** Whether it holds the Go decision (checks of phases after T-0 do not). */
  gatesGo: boolean;
  /** Which promotions it holds (domain/manual-checks.ts). */
  holds: { go: boolean; laterSteps: boolean };
  confirmed?: { by: string; at: string; note?: string };
}

/** Where a message's OSC 52 copy goes: false = the terminal or tmux will not pass it on (`why`). */
export interface ClipboardRoute {
  passes: boolean | null;
  why: string;
}

export interface CockpitModel {
  runbook: Runbook;
  /** The runbook's message templates (cockpit `m`). */
  templates: MessageTemplate[];
  /** Asked when a message is previewed: tmux's set-clipboard, the terminal. */
  clipboardRoute?(): Promise<ClipboardRoute>;
  readOnly: boolean;
  user: string;
  now(): number;
  /**
   * Undefined while `now()` is the session's own clock and current; else what is wrong with it
   * (the sandbox a demo runs on stopped answering; the wall clock stands in for it).
   */
  clockStatus?(): string | undefined;
  /**
   * True while the session's engine is still loading after the first frame: keys that need it are
   * taken and their actions wait for it (commands/cockpit-pending.ts).
   */
  engineLoading?(): boolean;
  /** A promote of this cockpit's waits for a second person's approval. */
  approvalWaiting?(): boolean;
  state(): SessionState;
  events(): readonly SessionEvent[];
  subscribe(fn: () => void): () => void;
  snapshot(): MonitorSnapshot | undefined;
  /** Also called when the Kubernetes rollout is read again (an EKS session). */
  subscribeMonitor(fn: () => void): () => void;
  /** An EKS session's Deployment as last read (engine/k8s-watch.ts); undefined otherwise. */
  rollout?(): RolloutSnapshot | undefined;
  thresholds: Thresholds;
  /** The canary plan and thresholds in force, each with its source (domain/in-force.ts). */
  inForce: InForce;
  listenerArn?: string;
  /**
   * Set when the AWS Load Balancer Controller owns the listener (config kubernetes.ingress): weights
   * are written to this Ingress's action annotation, never to the listener (`ns/name`, action).
   */
  trafficIngress?: { ingress: string; action: string };
  /**
   * Parts the environment config leaves out (`alb`, `ecs`, `kubernetes`): the keys that need one
   * say which is missing and how to attach it.
   */
  missingParts?: string[];
  gate(): Gate | undefined;
  /** The canary verdict of the step the canary stands at (none before the first step). */
  verdict?(): StepVerdict | null;
  goCriteria(): { text: string; ok: boolean | null; why: string }[];
  /** What golive cannot measure, each with whether a person confirmed it clear (cockpit `c`). */
  manualChecks(): CockpitManualCheck[];
  steps: number[];
  /**
   * Settles when the rollback this process has on the wire is written and read back (or has timed
   * out, recorded); undefined when none is. Quitting waits for it (issue 12, I3).
   */
  rollbackInFlight(): Promise<void> | undefined;
  /**
   * I3 on reopen: the open-time reconciliation with AWS. `rollbackPending`: a rollback was requested
   * but never confirmed and AWS does not show 100/0, so the cockpit opens on the rollback dialog.
   */
  reopened?: Promise<{ rollbackPending: boolean }>;
  actions: {
    setItem(itemId: string, done: boolean): Promise<void>;
    record(fieldId: string, value: string): Promise<void>;
    /**
     * I1: the exact change `y` will send, computed from the listener as AWS shows it now. The
     * dialog shows `plan.from`, its read's age and `plan.to`.
     */
    planPromote(): Promise<PromotePlan>;
    /** Sends exactly `plan` (never recomputed) or nothing; the listener is read again first. */
    confirmPromote(plan: Plan, override?: string): Promise<PromoteOutcome>;
    rollback(reason: string): Promise<ShiftOutcome>;
    /** The alert the cockpit drew, if still unacknowledged; never another in its place. */
    acknowledge(alertId: string): Promise<void>;
    /**
     * The alerts the cockpit drew (`shown`), those still unacknowledged, in one event (engine:
     * Engine.acknowledgeAll); how many were acknowledged.
     */
    acknowledgeAll(shown: readonly string[]): Promise<number>;
    previewCheck(ref: string): CheckPreview;
    runCheck(ref: string): Promise<{ ok: boolean; evidence: string }>;
    exportRecord(): Promise<string>;
    /** Records a manual check confirmed clear by this user, now (event check.confirmed). */
    confirmCheck(id: string): Promise<void>;
    /**
     * Writes the message to a new file beside the session and records it (message.written) with
     * whether it was copied; the file's path.
     */
    writeMessage(m: ComposedMessage, clip: { copied: boolean; why: string }): Promise<string>;
    /**
     * An EKS session's Deployment (`i`, `P`): the one change, read from the API now, or why it could
     * not be read with the same change as a kubectl command.
     */
    planKube?(
      verb: KubeVerb,
      image?: string,
    ): Promise<{ plan: KubePlan } | { error: string; kubectl: string }>;
    /** Sends exactly `plan` or nothing; `sent` hears when the API accepted it (the read-back follows). */
    executeKube?(plan: KubePlan, sent: () => void): Promise<KubeActResult>;
    /** Signs with `golive sign`'s rules (domain/signoff-plan.ts); what was recorded, in one line. */
    sign(input: SignInput): Promise<string>;
    /**
     * `golive watch --approve` (`v`): the lead's waiting request, shown as the exact change with the
     * approver's own listener read (`problem`: why this approver may not approve it), and `approve`,
     * which records the approval in S3 only (never a session file); what was recorded, in one line.
     */
    pendingApproval?(): Promise<{ lines: string[]; problem?: string; ref: unknown }>;
    approve?(ref: unknown): Promise<string>;
    /** The lead's promote waiting for its approval, taken back (`x`); what was done, in one line. */
    withdrawApproval?(): Promise<string>;
  };
}
