/** Injected faults: on the API and on the data plane, and the log they leave. */
export type ApiFaultKind =
  | "throttle"
  | "500"
  | "503"
  | "timeout"
  | "access-denied"
  | "expired-credentials"
  | "stale-read";

export interface ApiFault {
  id: number;
  operation: string;
  kind: ApiFaultKind;
  remaining: number;
  delayMs?: number;
  /** The error message AWS answers with, instead of the kind's usual one. */
  message?: string;
}

export interface LogEntry {
  seq: number;
  at: number;
  realAt: number;
  kind: "api" | "fault" | "clock" | "kube" | "health";
  service?: string;
  operation?: string;
  protocol?: string;
  status?: number;
  error?: string;
  detail?: Record<string, unknown>;
}

export type RecordFn = (entry: Omit<LogEntry, "seq" | "at" | "realAt">) => LogEntry;

export interface TrafficFault {
  errorRate?: number;
  /** Share of answered requests answered 4xx (HTTPCode_Target_4XX_Count). */
  clientErrorRate?: number;
  latencyMultiplier?: number;
  unhealthyTargets?: number;
  /** The target group's targets were deregistered: it has none, and the ALB answers 503 itself. */
  unregistered?: boolean;
  /**
   * Share of the target group's requests that meet a crashed target (connection refused): the ALB
   * answers 502 itself and counts TargetConnectionErrorCount; the target sees nothing.
   */
  crashed?: number;
  /** Share that meets a hung target (no answer): the ALB answers 504 itself after its timeout. */
  hung?: number;
}
