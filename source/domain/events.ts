/**
 * The session is an append-only log of these events; `reduce` folds it into state. Every event
 * says who, when, what and (where a person decided something) why.
 */
import type { ApprovalGranted, ApprovalRequested, ApprovalView, ApprovalVoided } from "./approval.js";
import type { TrustLevel } from "./triggers.js";

export interface Weights {
  blue: number;
  green: number;
}

/**
 * The clock a session runs on: the wall clock, or the sandbox at `url` (`GET /_sandbox/clock`),
 * `speed`× real time when it was named. Sessions from before it was named run on the wall clock.
 */
export type SessionClockRef = { source: "wall" } | { source: "sandbox"; url: string; speed: number };

export interface EventMap {
  "session.created": {
    id: string;
    runbook: { file: string; sha256: string; title: string; text: string };
    t0: string;
    version?: string;
    lead: string;
    env?: string;
    /** The environment config the session acts on (issue: engine), as loaded, without secrets. */
    config?: { file: string; sha256: string; value: unknown };
    /** The session format this log was started in (absent before format 2). */
    format?: string;
    /**
     * The clock the lead's cockpit runs this session on, when it is not the wall clock: a demo runs
     * on its sandbox's (compressed) clock, and a viewer (`golive watch`) reads the same one.
     */
    clock?: SessionClockRef;
  };
  /** `golive attach --config`: a session started offline gets its environment later. */
  "config.attached": {
    config: NonNullable<EventMap["session.created"]["config"]>;
    /** A sandbox environment attached later names the sandbox's clock from then on. */
    clock?: SessionClockRef;
  };
  "item.checked": { item: string; note?: string; evidence?: string };
  "item.unchecked": { item: string; reason?: string };
  "field.recorded": { field: string; value: string; source?: "manual" | "metrics" | "engine" };
  "note.added": { text: string };
  /**
   * Team mode: a bastion took the lead lease (`golive lead --take`, or the session's creator). Its
   * generation is the fence token of listener writes; `forced` names a holder whose lease was still
   * valid, and `reason` says why it was taken from someone.
   */
  "lead.changed": {
    holder: string;
    generation: number;
    until: string;
    previous?: string;
    reason?: string;
    forced?: { from: string; until: string };
  };
  /** Two-person approval (approval.ts): the lead's request, another identity's grant, a void. */
  "approval.requested": ApprovalRequested;
  "approval.granted": ApprovalGranted;
  "approval.voided": ApprovalVoided;
  /**
   * A manual check (a threshold, trigger or matrix row golive cannot measure) confirmed clear by
   * the event's `by`, with what it said and where, so the record reads on its own.
   */
  "check.confirmed": { check: string; text: string; line: number; note?: string };
  /**
   * A status message from one of the runbook's templates, as the lead confirmed it: written to
   * `file` (its sha256), and offered to the clipboard with OSC 52 (`clipboard: "osc52"`), or not
   * (`blocked`: the terminal or tmux would not pass it on, `why` says so; `none`: headless). golive
   * sends no e-mail: the record never says a message was sent.
   */
  "message.written": {
    template: string;
    line: number;
    file: string;
    sha256: string;
    clipboard: "osc52" | "blocked" | "none";
    why?: string;
    /** Slots the lead typed, and slots still as the runbook wrote them. */
    typed?: string[];
    open?: string[];
  };
  "session.signed": {
    status: SignStatus;
    signer: string;
    /** The sign-off role the signer filled (`sign --role`). */
    role?: string;
    /** `--accept REASON`: signed although these were open; the record shows them prominently. */
    accepted?: { reason: string; open: string[] };
    /** The runbook's sign-off blanks this sign-off fills, in the same event (a kill never leaves half). */
    fields?: { field: string; value: string }[];
    /** What is signed: the number of events before this one and the last one's hash. */
    signs?: { count: number; head: string };
  };
  /** An older session brought to the current format (recorded by the golive that did it). */
  "session.migrated": { from: string; to: string; golive: string };
  "t0.changed": { t0: string; reason?: string };
  "traffic.shift.requested": {
    kind: ShiftKind;
    from?: Weights;
    to: Weights;
    step?: number;
    /** A promote: the lead's reason for pressing through the gate; a rollback: why it was asked. */
    override?: string;
    /** With a promote's override: every gate reason it pressed through (the event's `by` is who). */
    overridden?: string[];
    /** A promote sent on a second person's approval: its request id (approval.ts). */
    approval?: string;
  };
  "traffic.shift.confirmed": { kind: ShiftKind; weights: Weights; tookMs: number; attempts: number };
  "traffic.shift.failed": { kind: ShiftKind; to: Weights; error: string; manualCommand?: string };
  /** A promote a rollback overtook before AWS confirmed it: not a failure, nothing to apply by hand. */
  "traffic.shift.superseded": { kind: ShiftKind; to: Weights; detail: string };
  /** What golive saw of the listener that is not its own confirmed write (see TrafficObservation). */
  "traffic.observed": {
    observation: TrafficObservation;
    weights?: Weights | null;
    expected?: Weights | null;
    detail: string;
  };
  "decision.go": {
    criteria: { text: string; ok: boolean | null }[];
    /** The runbook's No-Go criteria: ok = ruled out. */
    noGo?: { text: string; ok: boolean | null }[];
    override?: string;
    /** With an override: what the gate held open when the Go was given anyway. */
    open?: string[];
  };
  "rollback.verified": {
    blueHealthy: boolean;
    healthUrl?: { url: string; status: number | null; ok: boolean };
    detail: string;
  };
  "drift.detected": { expected: Weights | null; actual: Weights };
  "alert.raised": {
    alert: string;
    severity: "warning" | "critical";
    message: string;
    /** The episode's key (trigger and arm): one alert per key while it stays breached. */
    key?: string;
    /** The trigger's trust level when raised (domain/trust.ts): what golive did about it. */
    trust?: TrustLevel;
  };
  /** The same episode seen again: count and last-seen move on, no new alert. */
  "alert.repeated": { alert: string; count: number; message?: string };
  /** One alert, or several at once (acknowledge all = one event). */
  "alert.acknowledged": { alert?: string; alerts?: string[] };
  "checkpoint.recorded": {
    offsetMinutes: number;
    errorRate: number | null;
    latencyP95: number | null;
    status: "OK" | "Issue" | "no data";
    late: boolean;
    /** The promotion to 100 % the row counts from, and which attempt that is (1 = first). */
    anchor?: string;
    attempt?: number;
  };
  "check.ran": {
    item: string;
    kind: string;
    ok: boolean;
    evidence: string;
    command?: string;
    exitCode?: number;
  };
  "ecs.state.recorded": { services: unknown };
  "ecs.action": { action: string; detail: string; ok: boolean };
  /** A Kubernetes rollout action: requested before the API call, then confirmed or failed from a read-back. */
  "k8s.action": {
    action: "set-image" | "undo" | "pause" | "resume";
    deployment: string;
    phase: "requested" | "confirmed" | "failed";
    detail: string;
    /** The exact kubectl command that does the same, offered when the API could not be reached. */
    kubectl?: string;
    /** An undo's target: its revision and images (a repeated R goes back to the same images, never toggles). */
    revision?: number;
    images?: string[];
  };
  /**
   * One settled metric period of both arms, recorded once: the canary verdict, the per-step blanks
   * and the record read these counts (an arm without traffic in the period is null, never zero).
   */
  "metrics.period": {
    /** Period start (ISO) and length. */
    t: string;
    periodMs: number;
    /** The weights AWS had confirmed when the period was recorded. */
    weights: Weights | null;
    blue: PeriodCounts | null;
    green: PeriodCounts | null;
    /**
     * The other measures read for exactly this period (`p99`, `http4xxRate`, `custom:NAME`): the
     * percentiles the panes show, the runbook's stated metrics and the config's custom metrics, as
     * read (ms, %, the statistic's own value per period). Absent when none was read for it.
     */
    measures?: Record<string, { blue: number | null; green: number | null }>;
  };
}

export interface PeriodCounts {
  requests: number;
  /** HTTPCode_Target_5XX_Count. */
  errors: number;
  connectionErrors: number;
  p95Ms: number | null;
}

/**
 * - reconciled-completed / -not-applied / -other: a pending intent (its process died, or its
 *   confirmation could not be recorded) held against what AWS shows now;
 * - rollback-observed-on-reopen: a rollback never confirmed, and the listener is at 100/0 on reopen
 *   (seen, not a confirmation of golive's own write);
 * - nothing-to-move: a rollback when green already had weight 0;
 * - changed-since-dialog: the listener is not what the confirmed plan was computed from: nothing sent;
 * - fenced-write-back: another process's rollback fenced this promote; the rollback's weights were
 *   written back;
 * - rules-route-elsewhere: listener rules above the default action send some requests elsewhere.
 */
export type TrafficObservation =
  | "reconciled-completed"
  | "reconciled-not-applied"
  | "reconciled-other"
  | "rollback-observed-on-reopen"
  | "nothing-to-move"
  | "changed-since-dialog"
  | "fenced-write-back"
  | "rules-route-elsewhere";

export type SignStatus = "success" | "rolled-back" | "in-progress";
export type ShiftKind = "promote" | "rollback" | "auto-rollback";
export type EventType = keyof EventMap;

export interface EventOf<T extends EventType> {
  seq: number;
  at: string;
  by: string;
  type: T;
  data: EventMap[T];
  /** Recorded after sign-off: why (who is `by`, what is the event itself). */
  amendment?: { why: string };
  /** Written to a fallback file first (the session could not take it) and merged back later. */
  merged?: { from: string; at: string; record: string };
  prev: string;
  hash: string;
}

export type SessionEvent = { [T in EventType]: EventOf<T> }[EventType];

export const EVENT_TYPES: readonly EventType[] = [
  "session.created",
  "config.attached",
  "item.checked",
  "item.unchecked",
  "field.recorded",
  "note.added",
  "lead.changed",
  "approval.requested",
  "approval.granted",
  "approval.voided",
  "check.confirmed",
  "message.written",
  "session.signed",
  "session.migrated",
  "t0.changed",
  "traffic.shift.requested",
  "traffic.shift.confirmed",
  "traffic.shift.failed",
  "traffic.shift.superseded",
  "traffic.observed",
  "decision.go",
  "rollback.verified",
  "drift.detected",
  "alert.raised",
  "alert.repeated",
  "alert.acknowledged",
  "checkpoint.recorded",
  "check.ran",
  "ecs.state.recorded",
  "ecs.action",
  "k8s.action",
  "metrics.period",
];

export interface Mark {
  by: string;
  at: string;
}

export interface SessionState {
  id: string;
  createdAt: string;
  runbook: EventMap["session.created"]["runbook"];
  t0: number;
  version?: string;
  lead: string;
  env?: string;
  config?: EventMap["session.created"]["config"];
  clock?: SessionClockRef;
  items: Record<
    string,
    ({ checked: true; note?: string; evidence?: string } | { checked: false; reason?: string }) & Mark
  >;
  fields: Record<string, { value: string; source: string } & Mark>;
  notes: ({ text: string } & Mark)[];
  /** Team mode: who holds the lead lease as the session last recorded it. */
  leader?: { holder: string; generation: number; until: string } & Mark;
  /** Two-person approval requests by id, with their grant, void or use. */
  approvals?: Record<string, ApprovalView>;
  /** Manual checks confirmed clear, by check id (domain/manual-checks.ts); the latest confirmation. */
  confirmed?: Record<string, { text: string; note?: string } & Mark>;
  signoff?: {
    status: SignStatus;
    signer: string;
    role?: string;
    accepted?: { reason: string; open: string[] };
  } & Mark;
  /** Events recorded after sign-off, each with its reason. */
  amendments: { seq: number; type: EventType; why: string; by: string; at: string }[];
  /** Weights as AWS last confirmed them; null until golive has seen the listener. */
  weights: Weights | null;
  /**
   * When the current weights were confirmed (a confirmed shift, or drift read back from AWS): the
   * dwell counts from here. Unset for the first sight of the listener (nothing was changed).
   */
  weightsSince?: string;
  /** `seq`: the request's event, so a process can tell its own rollback from one a killed process left. */
  shift?: { kind: ShiftKind; to: Weights; since: string; step?: number; seq: number };
  steps: { step: number; confirmedAt: string }[];
  goDecision?: Mark & { override?: string; open?: string[] };
  /** When green first reached 100 %. */
  liveAt?: string;
  /**
   * The latest confirmed promotion to 100 % green after any rollback: the anchor of the
   * T+15/30/45/60 checkpoints. A rollback (or drift off 100 %) ends it; re-promotion starts a new
   * attempt (numbered from 1).
   */
  live?: { at: string; attempt: number; endedAt?: string };
  rollback?: {
    startedAt: string;
    completedAt?: string;
    by: string;
    reason?: string;
    verified?: boolean;
    failed?: string;
    /** Completed because the listener was seen at 100/0 on reopen, not by golive's own read-back. */
    observedOnReopen?: boolean;
  };
  alerts: ({
    id: string;
    severity: "warning" | "critical";
    message: string;
    acknowledged: boolean;
    key?: string;
    trust?: TrustLevel;
    /** Periods (or polls) the episode has been seen in; 1 when raised. */
    count: number;
    lastSeenAt: string;
  } & Mark)[];
  /** Checkpoints of the current attempt (since the latest promotion to 100 %). */
  checkpoints: Record<number, EventMap["checkpoint.recorded"] & Mark>;
  /** Checkpoints of earlier attempts (before a rollback), kept for the record. */
  earlierCheckpoints: { attempt: number; rows: (EventMap["checkpoint.recorded"] & Mark)[] }[];
  checks: Record<string, EventMap["check.ran"] & Mark>;
  /** Settled metric periods, oldest first (metrics.period). */
  periods: EventMap["metrics.period"][];
  lastSeq: number;
  head: string;
}

// The reducer that folds these events into SessionState lives in reduce.ts.
export { apply, initialState, isClosed, reduce } from "./reduce.js";
