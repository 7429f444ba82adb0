/** The shapes of the simulated world's state, shared by its models and the protocol handlers. */
import type { PackedHistogram } from "../histogram.js";
import type { Task } from "./ecs-types.js";

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

export type TargetState = "initial" | "healthy" | "unhealthy" | "draining";

export interface Target {
  task: Task;
  state: TargetState;
}

export interface Datapoint {
  sum: number;
  count: number;
  min: number;
  max: number;
  hist?: PackedHistogram;
}
