/**
 * What the engine needs from the outside world. integrations/ implements these against AWS,
 * Kubernetes, HTTP and the shell; tests implement them against the sandbox through the same
 * adapters, so these interfaces are the only seam.
 */
import type { Weights } from "./events.js";

export type Color = "blue" | "green";

export interface ListenerState {
  /**
   * Blue's and green's shares of what the two get together, in percent to 0.1: 999/1 is
   * 99.9/0.1, never 100/0 (a nonzero weight never rounds to 0, a partial one never to 100).
   */
  weights: Weights;
  /** The raw weights as AWS holds them (0–999 each), for messages. */
  raw: { blue: number; green: number };
  stickiness?: { enabled: boolean; durationSeconds?: number };
  /**
   * The whole default action list as DescribeListeners returned it (authenticate-oidc/cognito,
   * the forward with any other target groups, their order). ModifyListener replaces the list
   * whole, so a write sends this back with only blue's and green's weights changed.
   */
  actions?: readonly unknown[];
  /** Target groups in the forward that are neither blue nor green (traffic golive does not move). */
  others?: { arn: string; weight: number }[];
  /**
   * Listener rules above the default action (they win over it for the requests they match, so a
   * shift of the default action does not reach those requests). Undefined = not read.
   */
  rules?: { priority: string; conditions: string; action: string }[];
}

export interface TrafficPort {
  read(opts?: { rules?: boolean }): Promise<ListenerState>;
  /**
   * ModifyListener with `base`'s whole default action list, only blue's and green's forward weights
   * set to `to`. Throws, sending nothing, when `base` has no action list (a failed or missing read).
   */
  write(to: Weights, base: ListenerState): Promise<{ attempts: number }>;
  /** The exact `aws elbv2 modify-listener` command a person would run for the same change. */
  manualCommand(to: Weights, base?: ListenerState): string;
  /**
   * Why the listener does not show a write made at `since` (session clock), when something between
   * golive and the listener can say (the AWS Load Balancer Controller's events on its Ingress).
   */
  lag?(since: number): Promise<string>;
}

/**
 * Orders listener writes across processes (two golives on one session: a cockpit and a
 * `golive rollback` from another terminal). Every writer bumps the token right before its write and
 * reads it again after; a rollback's bump tells any other writer it was fenced.
 */
export interface FenceToken {
  token: number;
  kind: string;
  writer: string;
  at: number;
  /** Tokens of rollbacks so far: a promote started at rollbacks N that sees N+1 was fenced. */
  rollbacks: number;
}

export interface FencePort {
  read(): Promise<FenceToken>;
  /** Atomically replaces the token with token+1 by `writer` for `kind`; returns what it wrote. */
  bump(kind: string, writer: string): Promise<FenceToken>;
}

export interface TargetHealth {
  healthy: number;
  total: number;
  states: string[];
}

export interface HealthPort {
  targets(color: Color): Promise<TargetHealth>;
}

export interface ProbeResult {
  url: string;
  status: number | null;
  ms: number;
  ok: boolean;
  error?: string;
  body?: string;
}

export interface ProbePort {
  probe(url: string, timeoutMs: number): Promise<ProbeResult>;
}

export interface PeriodPoint {
  /** Start of the period (ms). */
  t: number;
  /** Length of the period (ms); throughput is per second of this. Default: the asked period. */
  periodMs?: number;
  requests: number;
  /** HTTPCode_Target_5XX_Count. */
  errors: number;
  /** TargetConnectionErrorCount: requests the ALB could not connect to a target for. */
  connectionErrors?: number;
  p95Ms: number | null;
  /**
   * TargetResponseTime p90, where the source gives it: past a p95 threshold it means more than 10 %
   * of the period's requests were slower, which with the count proves a p95 breach before the
   * period settles (engine/triggers.ts judgeYoungPeriod). Absent: latency waits for settlement.
   */
  p90Ms?: number | null;
}

/** The load balancer's own answers (no TargetGroup dimension): its 5XX are 502/503/504 it made. */
export interface LoadBalancerPoint {
  t: number;
  periodMs?: number;
  requests: number;
  elb5xx: number;
}

export interface MetricSeries extends Record<Color, PeriodPoint[]> {
  /** HTTPCode_ELB_5XX_Count and RequestCount with the LoadBalancer dimension only. */
  loadBalancer?: LoadBalancerPoint[];
}

export interface MetricsPort {
  /** Where the numbers come from, in the words a lead knows ("Prometheus"); CloudWatch when unset. */
  readonly source?: string;
  /** Per color, the per-period series between start and end, from one GetMetricData call. */
  series(start: number, end: number, periodSeconds: number): Promise<MetricSeries>;
  /**
   * One percentile over a whole window per color, asked with Period = window (CloudWatch computes
   * it from all samples); null = no data.
   */
  windowPercentile?(start: number, end: number, percentile: number): Promise<Record<Color, number | null>>;
  /**
   * Other per-arm measures over one window (Period = window), by id: null = no datapoints. A rate
   * or count needs requests in the window, else it is no evidence, not zero.
   */
  measure?(
    start: number,
    end: number,
    specs: MeasureSpec[],
  ): Promise<Record<string, Record<Color, number | null>>>;
}

export interface ServiceState {
  name: string;
  status: string;
  desired: number;
  running: number;
  pending: number;
  taskDefinition: string;
  rolloutState?: string;
  deployments: number;
  lastEvent?: string;
}

export interface CreateServiceInput {
  name: string;
  taskDefinition: string;
  desiredCount: number;
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
}

export interface EcsPort {
  describe(names: string[]): Promise<{ services: ServiceState[]; missing: string[]; raw: unknown }>;
  registerTaskDefinition(body: Record<string, unknown>): Promise<{ arn: string; revision: number }>;
  createService(o: CreateServiceInput): Promise<ServiceState>;
  updateService(o: { name: string; desiredCount?: number; taskDefinition?: string }): Promise<ServiceState>;
}

export interface KubeCheck {
  ok: boolean;
  summary: string;
  details: string[];
}

export interface KubePort {
  apiReachable(): Promise<KubeCheck>;
  nodesReady(): Promise<KubeCheck>;
  deploymentsAvailable(namespace: string, selector?: string): Promise<KubeCheck>;
  podsReady(namespace: string, selector?: string): Promise<KubeCheck>;
  warningEvents(namespace: string, sinceMinutes: number): Promise<KubeCheck>;
}

export interface ShellResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  ms: number;
}

export interface ShellPort {
  run(
    command: string,
    opts: { env: Record<string, string>; timeoutMs: number; cwd?: string },
  ): Promise<ShellResult>;
}

/** Time for the engine: `now` may be a sandbox clock; `sleep` is real time between polls. */
export interface EngineClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /**
   * Calls `fn` each time the clock jumps (someone moved a rehearsal's sandbox clock), not as it
   * runs; returns the unsubscribe. A jump makes every observation old at once: the monitor reads
   * again then rather than showing "no evidence" until its next poll. Absent: the clock never jumps.
   */
  onJump?(fn: () => void): () => void;
}

/** What `MetricsPort.measure` reads: the 4xx rate (%), 4xx/5xx counts, a config's custom metric. */
export type MeasureSpec =
  | { id: string; kind: "http4xxRate" | "http4xxCount" | "http5xxCount" }
  | {
      id: string;
      kind: "custom";
      namespace: string;
      metric: string;
      stat: string;
      dimensions: Record<Color, Record<string, string>>;
    };
