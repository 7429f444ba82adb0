/**
 * The simulated world: ALB listener and target groups, ECS services and tasks, the traffic that
 * flows through them, the CloudWatch datapoints it produces, Kubernetes objects, faults, and a log
 * of every call. State advances lazily to the sandbox clock on every request and tick.
 */
import { randomUUID } from "node:crypto";
import type { SandboxClock } from "./clock.js";
import { bucketOf, type Histogram, merge, percentile } from "./histogram.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./scenario.js";

export const PERIOD_MS = 60_000;
const SLICE_MS = 10_000;
const SAMPLES_PER_SLICE = 120;

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
}

export interface TargetGroup {
  key: string;
  name: string;
  arn: string;
  dimension: string;
  version: string;
  errorRate: number;
  latency: { medianMs: number; p95Ms: number };
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
  stoppingAt?: number;
  stoppedAt?: number;
  deploymentId: string;
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

export interface TrafficFault {
  errorRate?: number;
  latencyMultiplier?: number;
  unhealthyTargets?: number;
}

export class World {
  readonly rng: Rng;
  readonly region: string;
  readonly account: string;
  readonly loadBalancer: { name: string; arn: string; dimension: string; dns: string; createdAt: number };
  readonly listener: { arn: string; port: number; protocol: string; actions: ListenerAction[] };
  readonly targetGroups = new Map<string, TargetGroup>();
  readonly cluster: { name: string; arn: string };
  readonly services = new Map<string, Service>();
  readonly taskDefinitions = new Map<string, TaskDefinition>();
  readonly tasks: Task[] = [];
  readonly metrics = new Map<
    string,
    {
      namespace: string;
      name: string;
      dims: { Name: string; Value: string }[];
      points: Map<number, Datapoint>;
    }
  >();
  readonly trafficFaults = new Map<string, TrafficFault>();
  readonly apiFaults: ApiFault[] = [];
  readonly notReadyNodes = new Set<string>();
  readonly log: LogEntry[] = [];
  readonly kube: Scenario["kubernetes"];
  readonly createdAt: number;
  /** Listener actions before the last modify, served while a stale-read fault is active. */
  staleActions?: ListenerAction[];
  private weightHistory: { at: number; actions: ListenerAction[] }[] = [];
  private simulatedTo: number;
  private logSeq = 0;
  private faultSeq = 0;
  private listenerDeleted = false;
  private ipSeq = 10;

  constructor(
    readonly scenario: Scenario,
    readonly clock: SandboxClock,
  ) {
    const now = clock.now();
    this.createdAt = now;
    this.rng = new Rng(scenario.seed);
    this.region = scenario.region;
    this.account = scenario.accountId;
    const elbArn = `arn:aws:elasticloadbalancing:${this.region}:${this.account}`;
    const lbDim = `app/${scenario.alb.name}/${scenario.alb.id}`;
    this.loadBalancer = {
      name: scenario.alb.name,
      arn: `${elbArn}:loadbalancer/${lbDim}`,
      dimension: lbDim,
      dns: `${scenario.alb.name}-1234567890.${this.region}.elb.amazonaws.com`,
      createdAt: now - 90 * 86_400_000,
    };
    for (const tg of scenario.targetGroups) {
      const dim = `targetgroup/${tg.name}/${tg.id}`;
      this.targetGroups.set(`${elbArn}:${dim}`, {
        key: tg.key,
        name: tg.name,
        arn: `${elbArn}:${dim}`,
        dimension: dim,
        version: tg.version,
        errorRate: tg.errorRate,
        latency: tg.latency,
      });
    }
    const weighted = scenario.targetGroups.filter((t) => t.initialWeight > 0);
    this.listener = {
      arn: `${elbArn}:listener/${lbDim}/${scenario.alb.listenerId}`,
      port: scenario.alb.port,
      protocol: scenario.alb.port === 443 ? "HTTPS" : "HTTP",
      actions: [
        // AWS describes a single-target forward with a one-entry ForwardConfig too.
        weighted.length === 1
          ? {
              Type: "forward",
              TargetGroupArn: this.tgByKey(weighted[0]!.key).arn,
              ForwardConfig: {
                TargetGroups: [{ TargetGroupArn: this.tgByKey(weighted[0]!.key).arn, Weight: 1 }],
                TargetGroupStickinessConfig: { Enabled: false },
              },
            }
          : {
              Type: "forward",
              ForwardConfig: {
                TargetGroups: scenario.targetGroups.map((t) => ({
                  TargetGroupArn: this.tgByKey(t.key).arn,
                  Weight: t.initialWeight,
                })),
                TargetGroupStickinessConfig: { Enabled: false },
              },
            },
      ],
    };
    this.weightHistory.push({ at: now - PERIOD_MS * 60, actions: this.listener.actions });
    this.cluster = {
      name: scenario.ecs.cluster,
      arn: `arn:aws:ecs:${this.region}:${this.account}:cluster/${scenario.ecs.cluster}`,
    };
    for (const s of scenario.ecs.services) {
      const td = this.registerTaskDefinition(
        {
          family: s.family,
          containerDefinitions: [
            { name: s.family, image: s.image, portMappings: [{ containerPort: 8080 }], essential: true },
          ],
          cpu: "512",
          memory: "1024",
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
        },
        s.revision,
        now - 7 * 86_400_000,
      );
      // Services that were already running before the sandbox started: their tasks are healthy now.
      this.createService(
        {
          name: s.name,
          taskDefinitionArn: td.arn,
          desiredCount: s.desiredCount,
          targetGroupArn: this.tgByKey(s.targetGroup).arn,
          containerPort: 8080,
        },
        now - 86_400_000,
      );
    }
    this.kube = scenario.kubernetes;
    // Start with an hour of history, so dashboards and baselines have data from the first second.
    this.simulatedTo = Math.floor((now - PERIOD_MS * 60) / PERIOD_MS) * PERIOD_MS;
    this.advance();
  }

  tgByKey(key: string): TargetGroup {
    for (const tg of this.targetGroups.values()) if (tg.key === key) return tg;
    throw new Error(`no target group with key ${key}`);
  }

  // ---- log -------------------------------------------------------------------------------------

  record(entry: Omit<LogEntry, "seq" | "at" | "realAt">): LogEntry {
    const e: LogEntry = { seq: ++this.logSeq, at: this.clock.now(), realAt: Date.now(), ...entry };
    this.log.push(e);
    if (this.log.length > 20_000) this.log.splice(0, this.log.length - 20_000);
    return e;
  }

  // ---- faults ----------------------------------------------------------------------------------

  addApiFault(operation: string, kind: ApiFaultKind, count: number, delayMs?: number): ApiFault {
    const f: ApiFault = { id: ++this.faultSeq, operation, kind, remaining: count, delayMs };
    this.apiFaults.push(f);
    this.record({ kind: "fault", detail: { api: operation, fault: kind, count, delayMs } });
    return f;
  }

  /** The fault to apply to this call, if any; consumes one of its remaining calls. */
  takeApiFault(operation: string): ApiFault | undefined {
    const f = this.apiFaults.find(
      (x) => x.remaining > 0 && x.kind !== "stale-read" && (x.operation === operation || x.operation === "*"),
    );
    if (!f) return undefined;
    f.remaining--;
    return f;
  }

  takeStaleRead(): boolean {
    const f = this.apiFaults.find((x) => x.remaining > 0 && x.kind === "stale-read");
    if (!f || !this.staleActions) return false;
    f.remaining--;
    return true;
  }

  setTrafficFault(key: string, fault: TrafficFault): void {
    this.advance();
    const tg = this.tgByKey(key);
    this.trafficFaults.set(tg.arn, { ...this.trafficFaults.get(tg.arn), ...fault });
    this.record({ kind: "fault", detail: { targetGroup: key, ...fault } });
  }

  setNodeReady(name: string, ready: boolean): void {
    if (ready) this.notReadyNodes.delete(name);
    else this.notReadyNodes.add(name);
    this.record({ kind: "fault", detail: { node: name, ready } });
  }

  /** Someone deleted the listener (or the whole ALB stack was torn down): every call naming it fails. */
  setListenerDeleted(deleted: boolean): void {
    this.listenerDeleted = deleted;
    this.record({ kind: "fault", detail: { listenerDeleted: deleted } });
  }

  hasListener(arn: string): boolean {
    return !this.listenerDeleted && arn === this.listener.arn;
  }

  clearFaults(): void {
    this.advance();
    this.listenerDeleted = false;
    this.apiFaults.length = 0;
    this.trafficFaults.clear();
    this.notReadyNodes.clear();
    this.staleActions = undefined;
    this.record({ kind: "fault", detail: { clear: true } });
  }

  // ---- ALB ---------------------------------------------------------------------------------------

  setListenerActions(actions: ListenerAction[]): void {
    this.advance();
    this.staleActions = this.listener.actions;
    this.listener.actions = actions;
    this.weightHistory.push({ at: this.clock.now(), actions });
  }

  /** Share of traffic per target group arn (0..1) for a set of actions. */
  weightsOf(actions: ListenerAction[]): Map<string, number> {
    const out = new Map<string, number>();
    const fwd = actions.find((a) => a.Type === "forward");
    if (!fwd) return out;
    const tgs =
      fwd.ForwardConfig?.TargetGroups ??
      (fwd.TargetGroupArn ? [{ TargetGroupArn: fwd.TargetGroupArn, Weight: 1 }] : []);
    const total = tgs.reduce((s, t) => s + (t.Weight ?? 1), 0);
    for (const t of tgs) out.set(t.TargetGroupArn, total > 0 ? (t.Weight ?? 1) / total : 0);
    return out;
  }

  targetsOf(tgArn: string): { task: Task; state: "initial" | "healthy" | "unhealthy" | "draining" }[] {
    const now = this.clock.now();
    const services = [...this.services.values()].filter((s) => s.targetGroupArn === tgArn);
    const tasks = this.tasks.filter(
      (t) =>
        services.some((s) => s.name === t.service) &&
        t.runningAt <= now &&
        (t.stoppedAt === undefined || t.stoppedAt > now),
    );
    const unhealthy = this.trafficFaults.get(tgArn)?.unhealthyTargets ?? 0;
    return tasks.map((task, i) => ({
      task,
      state:
        task.stoppingAt !== undefined && task.stoppingAt <= now
          ? "draining"
          : task.healthyAt > now
            ? "initial"
            : i < unhealthy
              ? "unhealthy"
              : "healthy",
    }));
  }

  healthyCount(tgArn: string): number {
    return this.targetsOf(tgArn).filter((t) => t.state === "healthy").length;
  }

  // ---- ECS ---------------------------------------------------------------------------------------

  registerTaskDefinition(
    body: Record<string, unknown>,
    revision?: number,
    at = this.clock.now(),
  ): TaskDefinition {
    const family = String(body.family);
    const existing = [...this.taskDefinitions.values()].filter((t) => t.family === family);
    const rev = revision ?? Math.max(0, ...existing.map((t) => t.revision)) + 1;
    const arn = `arn:aws:ecs:${this.region}:${this.account}:task-definition/${family}:${rev}`;
    const td: TaskDefinition = { arn, family, revision: rev, body, registeredAt: at };
    this.taskDefinitions.set(arn, td);
    return td;
  }

  /** `family`, `family:rev` or an ARN → the task definition (latest ACTIVE revision for a family). */
  findTaskDefinition(ref: string): TaskDefinition | undefined {
    if (ref.startsWith("arn:")) return this.taskDefinitions.get(ref);
    const [family, rev] = ref.split(":");
    const matches = [...this.taskDefinitions.values()].filter((t) => t.family === family);
    if (rev !== undefined) return matches.find((t) => String(t.revision) === rev || `v${t.revision}` === rev);
    return matches.sort((a, b) => b.revision - a.revision)[0];
  }

  createService(
    o: {
      name: string;
      taskDefinitionArn: string;
      desiredCount: number;
      targetGroupArn?: string;
      containerPort?: number;
    },
    at = this.clock.now(),
  ): Service {
    const deployment: Deployment = {
      id: `ecs-svc/${Math.floor(this.rng.next() * 1e19)
        .toString()
        .padStart(19, "0")}`,
      taskDefinitionArn: o.taskDefinitionArn,
      desiredCount: o.desiredCount,
      createdAt: at,
      updatedAt: at,
      status: "PRIMARY",
    };
    const svc: Service = {
      name: o.name,
      arn: `arn:aws:ecs:${this.region}:${this.account}:service/${this.cluster.name}/${o.name}`,
      clusterArn: this.cluster.arn,
      targetGroupArn: o.targetGroupArn,
      containerPort: o.containerPort ?? 8080,
      desiredCount: o.desiredCount,
      taskDefinitionArn: o.taskDefinitionArn,
      createdAt: at,
      deployments: [deployment],
      events: [],
      steadyAnnounced: false,
      status: "ACTIVE",
    };
    this.services.set(o.name, svc);
    this.startTasks(svc, deployment, o.desiredCount, at);
    return svc;
  }

  updateService(svc: Service, o: { desiredCount?: number; taskDefinitionArn?: string }): Service {
    const now = this.clock.now();
    this.advance();
    if (o.taskDefinitionArn && o.taskDefinitionArn !== svc.taskDefinitionArn) {
      for (const d of svc.deployments) if (d.status === "PRIMARY") d.status = "ACTIVE";
      const deployment: Deployment = {
        id: `ecs-svc/${Math.floor(this.rng.next() * 1e19)
          .toString()
          .padStart(19, "0")}`,
        taskDefinitionArn: o.taskDefinitionArn,
        desiredCount: o.desiredCount ?? svc.desiredCount,
        createdAt: now,
        updatedAt: now,
        status: "PRIMARY",
      };
      svc.deployments.unshift(deployment);
      svc.taskDefinitionArn = o.taskDefinitionArn;
      svc.desiredCount = deployment.desiredCount;
      this.startTasks(svc, deployment, deployment.desiredCount, now);
      svc.steadyAnnounced = false;
      return svc;
    }
    if (o.desiredCount !== undefined && o.desiredCount !== svc.desiredCount) {
      const primary = svc.deployments.find((d) => d.status === "PRIMARY")!;
      const live = this.liveTasks(svc.name, primary.id);
      if (o.desiredCount > live.length) this.startTasks(svc, primary, o.desiredCount - live.length, now);
      else {
        const stopping = live.slice(o.desiredCount);
        for (const t of stopping) this.stopTask(t, now);
        if (stopping.length)
          this.serviceEvent(
            svc,
            `(service ${svc.name}) has stopped ${stopping.length} running tasks: ${stopping.map((t) => `(task ${t.id})`).join(" ")}.`,
            now,
          );
      }
      svc.desiredCount = o.desiredCount;
      primary.desiredCount = o.desiredCount;
      primary.updatedAt = now;
      svc.steadyAnnounced = false;
    }
    return svc;
  }

  liveTasks(service: string, deploymentId?: string): Task[] {
    const now = this.clock.now();
    return this.tasks.filter(
      (t) =>
        t.service === service &&
        (deploymentId === undefined || t.deploymentId === deploymentId) &&
        t.stoppingAt === undefined &&
        (t.stoppedAt === undefined || t.stoppedAt > now),
    );
  }

  private startTasks(svc: Service, d: Deployment, n: number, at: number) {
    const { taskStartSeconds, healthCheckSeconds } = this.scenario.timing;
    const started: Task[] = [];
    for (let i = 0; i < n; i++) {
      const id = randomHex(this.rng, 32);
      const t: Task = {
        arn: `arn:aws:ecs:${this.region}:${this.account}:task/${this.cluster.name}/${id}`,
        id,
        service: svc.name,
        taskDefinitionArn: d.taskDefinitionArn,
        ip: `10.0.${Math.floor(this.ipSeq / 250) + 1}.${(this.ipSeq++ % 250) + 2}`,
        createdAt: at,
        runningAt: at + taskStartSeconds * 1000,
        healthyAt: at + (taskStartSeconds + (svc.targetGroupArn ? healthCheckSeconds : 0)) * 1000,
        deploymentId: d.id,
      };
      this.tasks.push(t);
      started.push(t);
    }
    if (n > 0)
      this.serviceEvent(
        svc,
        `(service ${svc.name}) has started ${n} tasks: ${started.map((t) => `(task ${t.id})`).join(" ")}.`,
        at,
      );
  }

  private stopTask(t: Task, at: number) {
    t.stoppingAt = at;
    t.stoppedAt = at + 5_000;
  }

  private serviceEvent(svc: Service, message: string, at: number) {
    svc.events.unshift({ id: randomUUID(), createdAt: at, message });
    if (svc.events.length > 100) svc.events.length = 100;
  }

  /** ECS's own view of a deployment's counts and rollout state at `now`. */
  deploymentCounts(_svc: Service, d: Deployment) {
    const now = this.clock.now();
    const tasks = this.tasks.filter(
      (t) =>
        t.deploymentId === d.id &&
        t.stoppingAt === undefined &&
        (t.stoppedAt === undefined || t.stoppedAt > now),
    );
    const running = tasks.filter((t) => t.runningAt <= now).length;
    const pending = tasks.length - running;
    const healthy = tasks.filter((t) => t.healthyAt <= now).length;
    const complete = d.status === "PRIMARY" && healthy >= d.desiredCount && tasks.length === d.desiredCount;
    return {
      running,
      pending,
      healthy,
      rolloutState: complete ? "COMPLETED" : d.status === "PRIMARY" ? "IN_PROGRESS" : "COMPLETED",
    };
  }

  // ---- time --------------------------------------------------------------------------------------

  /** Brings the world up to the sandbox clock: task transitions, finished deployments, traffic. */
  advance(): void {
    const now = this.clock.now();
    for (const svc of this.services.values()) this.settleService(svc, now);
    const end = Math.floor(now / SLICE_MS) * SLICE_MS;
    while (this.simulatedTo + SLICE_MS <= end) {
      this.simulateSlice(this.simulatedTo);
      this.simulatedTo += SLICE_MS;
    }
  }

  private settleService(svc: Service, now: number) {
    const primary = svc.deployments.find((d) => d.status === "PRIMARY");
    if (!primary) return;
    const c = this.deploymentCounts(svc, primary);
    if (c.rolloutState === "COMPLETED") {
      // The new deployment is healthy: older deployments drain away.
      for (const d of svc.deployments) {
        if (d.status !== "ACTIVE") continue;
        for (const t of this.liveTasks(svc.name, d.id)) this.stopTask(t, now);
        d.status = "INACTIVE";
      }
      svc.deployments = svc.deployments.filter((d) => d.status !== "INACTIVE");
      if (!svc.steadyAnnounced) {
        svc.steadyAnnounced = true;
        this.serviceEvent(svc, `(service ${svc.name}) has reached a steady state.`, now);
      }
    }
  }

  private weightsAt(t: number): Map<string, number> {
    let actions = this.weightHistory[0]!.actions;
    for (const h of this.weightHistory) if (h.at <= t) actions = h.actions;
    return this.weightsOf(actions);
  }

  private simulateSlice(start: number) {
    const weights = this.weightsAt(start);
    const period = Math.floor(start / PERIOD_MS) * PERIOD_MS;
    const lbDims = [{ Name: "LoadBalancer", Value: this.loadBalancer.dimension }];
    let lbRequests = 0;
    let elb5xx = 0;
    for (const tg of this.targetGroups.values()) {
      const dims = [
        { Name: "TargetGroup", Value: tg.dimension },
        { Name: "LoadBalancer", Value: this.loadBalancer.dimension },
      ];
      const targets = this.targetsAtTime(tg.arn, start);
      const healthy = targets.filter((t) => t.state === "healthy").length;
      this.addPoint("HealthyHostCount", dims, period, healthy);
      this.addPoint("UnHealthyHostCount", dims, period, targets.length - healthy);
      const share = weights.get(tg.arn) ?? 0;
      if (share <= 0) continue;
      const requests = this.rng.poisson((this.scenario.traffic.rps * share * SLICE_MS) / 1000);
      if (requests === 0) continue;
      lbRequests += requests;
      if (targets.filter((t) => t.state !== "draining").length === 0) {
        elb5xx += requests; // no registered targets: the ALB answers 503 itself
        continue;
      }
      const fault = this.trafficFaults.get(tg.arn);
      const errorRate = fault?.errorRate ?? tg.errorRate;
      const errors = this.rng.binomial(requests, errorRate);
      this.addPoint("RequestCount", dims, period, requests);
      if (errors > 0) this.addPoint("HTTPCode_Target_5XX_Count", dims, period, errors);
      this.addPoint("HTTPCode_Target_2XX_Count", dims, period, requests - errors);
      const mult = fault?.latencyMultiplier ?? 1;
      const hist: Histogram = new Map();
      const n = Math.min(requests, SAMPLES_PER_SLICE);
      const weight = requests / n;
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = 0;
      for (let i = 0; i < n; i++) {
        const s = (this.rng.lognormal(tg.latency.medianMs, tg.latency.p95Ms) * mult) / 1000;
        hist.set(bucketOf(s), (hist.get(bucketOf(s)) ?? 0) + weight);
        sum += s * weight;
        min = Math.min(min, s);
        max = Math.max(max, s);
      }
      this.addPoint("TargetResponseTime", dims, period, sum, requests, min, max, hist);
    }
    if (lbRequests > 0) this.addPoint("RequestCount", lbDims, period, lbRequests);
    if (elb5xx > 0) this.addPoint("HTTPCode_ELB_5XX_Count", lbDims, period, elb5xx);
  }

  private targetsAtTime(tgArn: string, t: number) {
    const services = [...this.services.values()].filter((s) => s.targetGroupArn === tgArn);
    const unhealthy = this.trafficFaults.get(tgArn)?.unhealthyTargets ?? 0;
    return this.tasks
      .filter(
        (task) =>
          services.some((s) => s.name === task.service) &&
          task.runningAt <= t &&
          (task.stoppedAt === undefined || task.stoppedAt > t),
      )
      .map((task, i) => ({
        task,
        state:
          task.stoppingAt !== undefined && task.stoppingAt <= t
            ? "draining"
            : task.healthyAt > t
              ? "initial"
              : i < unhealthy
                ? "unhealthy"
                : "healthy",
      }));
  }

  private addPoint(
    name: string,
    dims: { Name: string; Value: string }[],
    period: number,
    value: number,
    count = 1,
    min = value,
    max = value,
    hist?: Histogram,
  ) {
    const key = metricKey("AWS/ApplicationELB", name, dims);
    let m = this.metrics.get(key);
    if (!m) {
      m = { namespace: "AWS/ApplicationELB", name, dims, points: new Map() };
      this.metrics.set(key, m);
    }
    const isGauge = name.endsWith("HostCount");
    const p = m.points.get(period);
    if (!p) {
      m.points.set(period, { sum: value, count, min, max, hist: hist ? new Map(hist) : undefined });
    } else if (isGauge) {
      p.sum += value;
      p.count += count;
      p.min = Math.min(p.min, min);
      p.max = Math.max(p.max, max);
    } else {
      p.sum += value;
      p.count += count;
      p.min = Math.min(p.min, min);
      p.max = Math.max(p.max, max);
      if (hist) {
        p.hist ??= new Map();
        merge(p.hist, hist);
      }
    }
  }

  /** Datapoints visible now: whole periods that have ended (plus the configured publishing delay). */
  visiblePoints(key: string): Map<number, Datapoint> {
    const m = this.metrics.get(key);
    if (!m) return new Map();
    const cutoff = this.clock.now() - this.scenario.timing.metricDelaySeconds * 1000;
    const out = new Map<number, Datapoint>();
    for (const [t, p] of m.points) if (t + PERIOD_MS <= cutoff) out.set(t, p);
    return out;
  }

  statistic(points: Datapoint[], stat: string): number | undefined {
    if (!points.length) return undefined;
    const sum = points.reduce((s, p) => s + p.sum, 0);
    const count = points.reduce((s, p) => s + p.count, 0);
    switch (stat) {
      case "Sum":
        return sum;
      case "SampleCount":
        return count;
      case "Average":
        return count ? sum / count : undefined;
      case "Minimum":
        return Math.min(...points.map((p) => p.min));
      case "Maximum":
        return Math.max(...points.map((p) => p.max));
      default: {
        const pm = /^p(\d+(?:\.\d+)?)$/.exec(stat);
        if (!pm) return undefined;
        const h: Histogram = new Map();
        for (const p of points) if (p.hist) merge(h, p.hist);
        return percentile(h, Number(pm[1]));
      }
    }
  }
}

export function metricKey(namespace: string, name: string, dims: { Name: string; Value: string }[]): string {
  const d = [...dims].sort((a, b) => a.Name.localeCompare(b.Name)).map((x) => `${x.Name}=${x.Value}`);
  return `${namespace}|${name}|${d.join(",")}`;
}

function randomHex(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rng.next() * 16).toString(16);
  return s;
}
