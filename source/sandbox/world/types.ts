/** The shapes of the simulated world's state, shared by its models and the protocol handlers. */
import type { Histogram } from "../histogram.js";

export interface ForwardTarget {
  TargetGroupArn: string;
  Weight?: number;
}

export interface ListenerAction {
  Type: string;
  Order?: number;
  TargetGroupArn?: string;
  ForwardConfig?: {
    TargetGroups: ForwardTarget[];
    TargetGroupStickinessConfig?: { Enabled: boolean; DurationSeconds?: number };
  };
  FixedResponseConfig?: { StatusCode: string; ContentType?: string; MessageBody?: string };
  AuthenticateOidcConfig?: Record<string, unknown>;
  AuthenticateCognitoConfig?: Record<string, unknown>;
}

export interface TargetGroup {
  key: string;
  name: string;
  arn: string;
  dimension: string;
  version: string;
  errorRate: number;
  clientErrorRate: number;
  latency: { medianMs: number; p95Ms: number };
  /** Target group attributes as ELBv2 keeps them (strings), e.g. deregistration_delay.timeout_seconds. */
  attributes: Record<string, string>;
}

export interface Task {
  arn: string;
  id: string;
  service: string;
  taskDefinitionArn: string;
  ip: string;
  createdAt: number;
  runningAt: number;
  healthyAt: number;
  /** ECS decided to stop it: from here its target drains (no new requests). */
  stoppingAt?: number;
  /** Its target finished draining (its last connection closed, or the deregistration delay ran out). */
  drainedAt?: number;
  stoppedAt?: number;
  deploymentId: string;
}

export type TargetState = "initial" | "healthy" | "unhealthy" | "draining";

export interface Target {
  task: Task;
  state: TargetState;
}

export interface Deployment {
  id: string;
  taskDefinitionArn: string;
  desiredCount: number;
  createdAt: number;
  updatedAt: number;
  status: "PRIMARY" | "ACTIVE" | "INACTIVE";
}

export interface Service {
  name: string;
  arn: string;
  clusterArn: string;
  targetGroupArn?: string;
  containerPort: number;
  desiredCount: number;
  taskDefinitionArn: string;
  createdAt: number;
  deployments: Deployment[];
  events: { id: string; createdAt: number; message: string }[];
  steadyAnnounced: boolean;
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
}

export interface TaskDefinition {
  arn: string;
  family: string;
  revision: number;
  body: Record<string, unknown>;
  registeredAt: number;
}

export interface Datapoint {
  sum: number;
  count: number;
  min: number;
  max: number;
  hist?: Histogram;
}

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
