/**
 * What the cockpit sees of the engine and the session. Built by the composition root (commands/);
 * components get plain values from it through hooks, and never reach AWS, lowdb or the disk.
 */

import type { SessionEvent, SessionState } from "../../domain/events.js";
import type { Gate } from "../../domain/gate.js";
import type { InForce } from "../../domain/in-force.js";
import type { Runbook } from "../../domain/runbook.js";
import type { MonitorSnapshot } from "../../engine/monitor.js";

export interface ShiftOutcome {
  ok: boolean;
  text: string;
  manualCommand?: string;
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

export interface CockpitModel {
  runbook: Runbook;
  readOnly: boolean;
  user: string;
  now(): number;
  /**
   * Undefined while `now()` is the session's own clock and current; else what is wrong with it
   * (the sandbox a demo runs on stopped answering; the wall clock stands in for it).
   */
  clockStatus?(): string | undefined;
  state(): SessionState;
  events(): readonly SessionEvent[];
  subscribe(fn: () => void): () => void;
  snapshot(): MonitorSnapshot | undefined;
  subscribeMonitor(fn: () => void): () => void;
  thresholds: Thresholds;
  /** The canary plan and thresholds in force, each with its source (domain/in-force.ts). */
  inForce: InForce;
  listenerArn?: string;
  gate(): Gate | undefined;
  goCriteria(): { text: string; ok: boolean | null; why: string }[];
  steps: number[];
  /**
   * Settles when the rollback this process has on the wire is written and read back (or has timed
   * out, recorded); undefined when none is. Quitting waits for it (issue 12, I3).
   */
  rollbackInFlight(): Promise<void> | undefined;
  actions: {
    setItem(itemId: string, done: boolean): Promise<void>;
    record(fieldId: string, value: string): Promise<void>;
    promote(override?: string): Promise<ShiftOutcome>;
    rollback(reason: string): Promise<ShiftOutcome>;
    acknowledge(alertId: string): Promise<void>;
    /** Every unacknowledged alert in one event (engine: Engine.acknowledgeAll). */
    acknowledgeAll?(): Promise<void>;
    previewCheck(ref: string): CheckPreview;
    runCheck(ref: string): Promise<{ ok: boolean; evidence: string }>;
    exportRecord(): Promise<string>;
  };
}
