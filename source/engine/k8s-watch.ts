/**
 * Watching the Deployment an EKS session releases: its rollout read every poll (the same read as
 * `golive k8s status`), judged like `kubectl rollout status`, kept with its read time so the pane
 * can say when it is stale, and a failed read kept as "no evidence", never as the last good view.
 * Pods of the current revision that crash-loop, cannot pull, are OOM-killed or unschedulable raise
 * one critical alert per episode ("k8s:crash"), which the runbook's decision matrix reads as an
 * application crash; a rollout past its progress deadline raises "k8s:deadline". Both at their
 * trigger's trust level (domain/trust.ts: k8s-crash, k8s-deadline). Polls never overlap and back off on failure; nothing here throws into the UI.
 */
import type { EngineClock } from "../domain/ports.js";
import { judgeRollout } from "../domain/rollout.js";
import type { RolloutPort } from "../domain/rollout-port.js";
import type { RolloutVerdict, RolloutView } from "../domain/rollout-views.js";
import type { AlertTriggerName } from "../domain/triggers.js";
import type { AlertBook } from "./alerts.js";

export interface RolloutSnapshot {
  namespace: string;
  deployment: string;
  /** The last good read and its verdict (kept, with its age, when a later read fails). */
  view?: RolloutView;
  verdict?: RolloutVerdict;
  /** When the last good read was made (engine clock); null before the first. */
  at: number | null;
  /** The last read's failure, until a read succeeds again. */
  error?: string;
  failures: number;
  /** Older than this (engine clock) and the view is stale: no evidence. */
  maxAgeMs: number;
}

export const CRASH_ALERT = "k8s:crash";
export const DEADLINE_ALERT = "k8s:deadline";

export class RolloutWatch {
  private snap: RolloutSnapshot;
  private listeners = new Set<() => void>();
  private inFlight?: Promise<void>;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  private offJump?: () => void;
  private readAgain = false;
  private crashSig = "";
  /** The revision whose missed progress deadline is alerted (one alert per revision, not per poll). */
  private deadlineRev?: number | null;

  constructor(
    private d: {
      rollouts: RolloutPort;
      namespace: string;
      deployment: string;
      clock: EngineClock;
      /** Real ms between polls (already scaled for a rehearsal's speed). */
      pollMs: number;
      /** Engine-clock ms after which a view is stale. */
      maxAgeMs: number;
      /** Absent for a read-only viewer: it shows, never records. */
      alerts?: AlertBook;
      /** Raises an alert trigger at its trust level (the controller's fireTrigger). */
      fire?: (trigger: AlertTriggerName, key: string, message: string) => Promise<void>;
    },
  ) {
    this.snap = {
      namespace: d.namespace,
      deployment: d.deployment,
      at: null,
      failures: 0,
      maxAgeMs: d.maxAgeMs,
    };
  }

  get snapshot(): RolloutSnapshot {
    return this.snap;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** One read; a poll asked for while one runs shares it (never two at once). */
  poll(): Promise<void> {
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = undefined;
      if (this.readAgain && !this.stopped) {
        this.readAgain = false;
        void this.poll();
      }
    });
    return this.inFlight;
  }

  /**
   * A moved rehearsal clock makes the last read old at once: read again now, as the monitor does,
   * rather than showing the pane stale until the next poll. A read in flight began before the jump,
   * so one more follows it (one, however many jumps arrive meanwhile).
   */
  private jumped(): void {
    if (this.stopped) return;
    if (this.inFlight) this.readAgain = true;
    else void this.poll();
  }

  private async read(): Promise<void> {
    const { rollouts, namespace, deployment, clock } = this.d;
    try {
      const view = await rollouts.read(namespace, deployment);
      const verdict = judgeRollout(view);
      this.set({ view, verdict, at: view.readAt ?? clock.now(), error: undefined, failures: 0 });
      await this.judgeCrash(view, verdict);
      await this.judgeDeadline(view, verdict);
    } catch (e) {
      const error = String((e as Error)?.message ?? e).split("\n")[0]!;
      this.set({ error, failures: this.snap.failures + 1 });
    }
  }

  /** A rollout past its progress deadline: one alert per revision that missed it. */
  private async judgeDeadline(v: RolloutView, verdict: RolloutVerdict): Promise<void> {
    const alerts = this.d.alerts;
    if (!alerts) return;
    if (verdict.state !== "failed") {
      this.deadlineRev = undefined;
      alerts.recovered(DEADLINE_ALERT);
      return;
    }
    if (this.deadlineRev === v.revision) return;
    this.deadlineRev = v.revision;
    await this.raise(
      DEADLINE_ALERT,
      `${verdict.summary} (rev ${v.revision ?? "?"}, ProgressDeadlineExceeded)`,
    );
  }

  private raise(key: string, message: string): Promise<void> {
    const trigger = key === CRASH_ALERT ? "k8s-crash" : "k8s-deadline";
    return (
      this.d.fire?.(trigger, key, message) ??
      this.d.alerts!.breached(key, "critical", message).then(() => undefined)
    ).catch(() => {});
  }

  private async judgeCrash(v: RolloutView, verdict: RolloutVerdict): Promise<void> {
    const alerts = this.d.alerts;
    if (!alerts) return;
    if (!verdict.causes.length) {
      this.crashSig = "";
      alerts.recovered(CRASH_ALERT);
      return;
    }
    // One sighting per change in which pods are in trouble and why (not per restart, not per poll).
    const troubled = v.pods
      .filter((p) => p.revision === v.revision && p.reason)
      .map((p) => `${p.name}:${p.reason}`);
    const sig = troubled.sort().join(",");
    if (sig === this.crashSig) return;
    this.crashSig = sig;
    // Short enough to read whole in the alert line at 200 columns, matrix row included.
    const bad = v.pods.filter((p) => p.revision === v.revision && p.reason);
    const reason = bad[0]?.reason ?? "not starting";
    const restarts = bad.reduce((n, p) => n + p.restarts, 0);
    await this.raise(
      CRASH_ALERT,
      `${v.deployment} rev ${v.revision}: ${bad.length} pod${bad.length === 1 ? "" : "s"} ${reason}${restarts ? ` (${restarts} restart${restarts === 1 ? "" : "s"})` : ""}`,
    );
  }

  private set(p: Partial<RolloutSnapshot>): void {
    this.snap = { ...this.snap, ...p };
    for (const fn of this.listeners) fn();
  }

  start(): void {
    const tick = async () => {
      await this.poll();
      if (this.stopped) return;
      // Back off while the API fails (up to 8×), never hammering a server that is struggling.
      const backoff = Math.min(8, 2 ** Math.min(this.snap.failures, 3));
      this.timer = setTimeout(tick, this.d.pollMs * (this.snap.failures ? backoff : 1));
      this.timer.unref?.();
    };
    this.offJump = this.d.clock.onJump?.(() => this.jumped());
    void tick();
  }

  stop(): void {
    this.stopped = true;
    this.offJump?.();
    if (this.timer) clearTimeout(this.timer);
  }
}

/** "no evidence" / "stale" for the pane, or undefined when the view is fresh. */
export function rolloutEvidence(s: RolloutSnapshot, now: number): string | undefined {
  if (s.at === null) return s.error ? `NO EVIDENCE: ${s.error}` : "waiting for the first read";
  const age = Math.max(0, Math.round((now - s.at) / 1000));
  if (s.error) return `STALE (${age} s old): ${s.error}`;
  if (now - s.at > s.maxAgeMs) return `STALE: last read ${age} s ago`;
  return undefined;
}
