/**
 * ECS: one cluster, its services with their deployments and events, task definitions and tasks.
 * Tasks move through their lifecycle by timestamps (running, healthy, stopping, stopped), so the
 * state at any instant is a pure function of the sandbox clock.
 */
import { randomUUID } from "node:crypto";
import type { Rng } from "../rng.js";
import type { Scenario } from "../scenario.js";
import type { Deployment, Service, Task, TaskDefinition } from "./ecs-types.js";

export interface EcsContext {
  region: string;
  account: string;
  rng: Rng;
  timing: Scenario["timing"];
  now(): number;
  /** The deregistration delay of a target group (its attribute), for tasks registered to it. */
  deregistrationDelayMs(tgArn: string): number;
}

/** From SIGTERM to stopped, once a task's target has drained. */
const STOP_MS = 5_000;

export class Ecs {
  readonly cluster: { name: string; arn: string };
  readonly services = new Map<string, Service>();
  readonly taskDefinitions = new Map<string, TaskDefinition>();
  readonly tasks: Task[] = [];
  private ipSeq = 10;

  constructor(
    private readonly ctx: EcsContext,
    clusterName: string,
  ) {
    this.cluster = {
      name: clusterName,
      arn: `arn:aws:ecs:${ctx.region}:${ctx.account}:cluster/${clusterName}`,
    };
  }

  /** Every task of the services registered to a target group, in start order. */
  tasksOf(tgArn: string): Task[] {
    const names = new Set(
      [...this.services.values()].filter((s) => s.targetGroupArn === tgArn).map((s) => s.name),
    );
    return this.tasks.filter((t) => names.has(t.service));
  }

  registerTaskDefinition(
    body: Record<string, unknown>,
    revision?: number,
    at = this.ctx.now(),
  ): TaskDefinition {
    const family = String(body.family);
    const existing = [...this.taskDefinitions.values()].filter((t) => t.family === family);
    const rev = revision ?? Math.max(0, ...existing.map((t) => t.revision)) + 1;
    const arn = `arn:aws:ecs:${this.ctx.region}:${this.ctx.account}:task-definition/${family}:${rev}`;
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
    at = this.ctx.now(),
  ): Service {
    const deployment = this.newDeployment(o.taskDefinitionArn, o.desiredCount, at);
    const svc: Service = {
      name: o.name,
      arn: `arn:aws:ecs:${this.ctx.region}:${this.ctx.account}:service/${this.cluster.name}/${o.name}`,
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

  /** UpdateService at `now` (the caller has brought the world up to `now` first). */
  updateService(
    svc: Service,
    o: { desiredCount?: number; taskDefinitionArn?: string },
    now = this.ctx.now(),
  ): Service {
    if (o.taskDefinitionArn && o.taskDefinitionArn !== svc.taskDefinitionArn) {
      for (const d of svc.deployments) if (d.status === "PRIMARY") d.status = "ACTIVE";
      const deployment = this.newDeployment(o.taskDefinitionArn, o.desiredCount ?? svc.desiredCount, now);
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
        for (const t of stopping) this.stopTask(svc, t, now);
        if (stopping.length) {
          this.serviceEvent(
            svc,
            `(service ${svc.name}) has stopped ${stopping.length} running tasks: ${stopping.map((t) => `(task ${t.id})`).join(" ")}.`,
            now,
          );
          if (svc.targetGroupArn) {
            this.serviceEvent(
              svc,
              `(service ${svc.name}) has begun draining connections on ${stopping.length} tasks.`,
              now,
            );
            this.serviceEvent(
              svc,
              `(service ${svc.name}) deregistered ${stopping.length} targets in (target-group ${svc.targetGroupArn})`,
              now,
            );
          }
        }
      }
      svc.desiredCount = o.desiredCount;
      primary.desiredCount = o.desiredCount;
      primary.updatedAt = now;
      svc.steadyAnnounced = false;
    }
    return svc;
  }

  /** Tasks of a service (or one deployment of it) that ECS has not yet asked to stop. */
  liveTasks(service: string, deploymentId?: string): Task[] {
    const now = this.ctx.now();
    return this.tasks.filter(
      (t) =>
        t.service === service &&
        (deploymentId === undefined || t.deploymentId === deploymentId) &&
        t.stoppingAt === undefined &&
        (t.stoppedAt === undefined || t.stoppedAt > now),
    );
  }

  /** ECS's own view of a deployment's counts and rollout state at `now`. */
  deploymentCounts(d: Deployment) {
    const now = this.ctx.now();
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

  /** Brings every service up to `now`: a completed deployment retires the older ones. */
  settle(now: number): void {
    for (const svc of this.services.values()) this.settleService(svc, now);
  }

  private settleService(svc: Service, now: number) {
    const primary = svc.deployments.find((d) => d.status === "PRIMARY");
    if (!primary) return;
    const c = this.deploymentCounts(primary);
    if (c.rolloutState !== "COMPLETED") return;
    // The new deployment is healthy: older deployments drain away.
    for (const d of svc.deployments) {
      if (d.status !== "ACTIVE") continue;
      for (const t of this.liveTasks(svc.name, d.id)) this.stopTask(svc, t, now);
      d.status = "INACTIVE";
    }
    svc.deployments = svc.deployments.filter((d) => d.status !== "INACTIVE");
    if (!svc.steadyAnnounced) {
      svc.steadyAnnounced = true;
      this.serviceEvent(svc, `(service ${svc.name}) has reached a steady state.`, now);
    }
  }

  private newDeployment(taskDefinitionArn: string, desiredCount: number, at: number): Deployment {
    return {
      id: `ecs-svc/${Math.floor(this.ctx.rng.next() * 1e19)
        .toString()
        .padStart(19, "0")}`,
      taskDefinitionArn,
      desiredCount,
      createdAt: at,
      updatedAt: at,
      status: "PRIMARY",
    };
  }

  private startTasks(svc: Service, d: Deployment, n: number, at: number) {
    const { taskStartSeconds, healthCheckSeconds } = this.ctx.timing;
    const started: Task[] = [];
    for (let i = 0; i < n; i++) {
      const id = randomHex(this.ctx.rng, 32);
      const t: Task = {
        arn: `arn:aws:ecs:${this.ctx.region}:${this.ctx.account}:task/${this.cluster.name}/${id}`,
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

  /**
   * ECS deregisters a stopping task's target first: it drains until its clients have closed their
   * connections, never longer than the group's deregistration delay, and only then gets SIGTERM.
   * Clients leave at different times, so each target drains between half the delay and all of it
   * (from its task id: deterministic, and no draw from the traffic's RNG).
   */
  private stopTask(svc: Service, t: Task, at: number) {
    t.stoppingAt = at;
    if (svc.targetGroupArn && t.runningAt <= at) {
      const delay = this.ctx.deregistrationDelayMs(svc.targetGroupArn);
      const u = Number.parseInt(t.id.slice(0, 8), 16) / 0xffffffff;
      t.drainedAt = at + Math.round(delay * (0.5 + 0.5 * u));
      t.stoppedAt = t.drainedAt + STOP_MS;
    } else t.stoppedAt = at + STOP_MS;
  }

  /** Tasks still running: a stopping task keeps running (and counting) until it has stopped. */
  runningCount(service: string): number {
    const now = this.ctx.now();
    return this.tasks.filter(
      (t) => t.service === service && t.runningAt <= now && (t.stoppedAt === undefined || t.stoppedAt > now),
    ).length;
  }

  private serviceEvent(svc: Service, message: string, at: number) {
    svc.events.unshift({ id: randomUUID(), createdAt: at, message });
    if (svc.events.length > 100) svc.events.length = 100;
  }
}

function randomHex(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rng.next() * 16).toString(16);
  return s;
}
