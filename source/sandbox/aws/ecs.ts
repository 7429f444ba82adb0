/** ECS (awsJson1_1): clusters, services with deployments and events, task definitions, tasks. */
import type { Service, Task, World } from "../world.js";
import { jsonResponse } from "./json-response.js";
import { AwsError, type AwsResponse } from "./protocol.js";

type Params = Record<string, unknown>;

export const ECS_OPERATIONS = [
  "DescribeClusters",
  "DescribeServices",
  "DescribeTaskDefinition",
  "RegisterTaskDefinition",
  "CreateService",
  "UpdateService",
  "ListTasks",
  "DescribeTasks",
] as const;

const secs = (ms: number) => Math.round(ms) / 1000;

export function handleEcs(world: World, op: string, p: Params): AwsResponse {
  const ok = (r: unknown) => jsonResponse("json1.1", r);
  switch (op) {
    case "DescribeClusters": {
      const refs = strings(p.clusters);
      const wanted = refs.length ? refs : ["default"];
      const clusters: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of wanted) {
        if (matchesCluster(world, ref)) clusters.push(clusterShape(world));
        else
          failures.push({
            arn: ref.startsWith("arn:") ? ref : `arn:aws:ecs:${world.region}:${world.account}:cluster/${ref}`,
            reason: "MISSING",
          });
      }
      return ok({ clusters, failures });
    }
    case "DescribeServices": {
      requireCluster(world, p.cluster);
      const refs = strings(p.services);
      if (!refs.length) throw new AwsError("InvalidParameterException", "Services cannot be empty.");
      if (refs.length > 10)
        throw new AwsError("InvalidParameterException", "Services cannot have more than 10 elements.");
      const services: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs) {
        const svc = findService(world, ref);
        if (svc && svc.status === "ACTIVE") services.push(serviceShape(world, svc));
        else
          failures.push({
            arn: ref.startsWith("arn:")
              ? ref
              : `arn:aws:ecs:${world.region}:${world.account}:service/${world.ecs.cluster.name}/${ref}`,
            reason: "MISSING",
          });
      }
      return ok({ services, failures });
    }
    case "DescribeTaskDefinition": {
      const ref = p.taskDefinition;
      if (typeof ref !== "string" || !ref)
        throw new AwsError("ClientException", "Task definition cannot be empty.");
      const td = world.ecs.findTaskDefinition(ref);
      if (!td) throw new AwsError("ClientException", "Unable to describe task definition.");
      return ok({ taskDefinition: taskDefinitionShape(td) });
    }
    case "RegisterTaskDefinition": {
      if (typeof p.family !== "string" || !/^[A-Za-z0-9_-]{1,255}$/.test(p.family)) {
        throw new AwsError("ClientException", "Family contains invalid characters or is empty.");
      }
      if (!Array.isArray(p.containerDefinitions) || !p.containerDefinitions.length) {
        throw new AwsError("ClientException", "Container list cannot be empty.");
      }
      for (const c of p.containerDefinitions as Params[]) {
        if (typeof c?.name !== "string" || typeof c?.image !== "string")
          throw new AwsError(
            "ClientException",
            "Container.name and Container.image should not be null or empty.",
          );
      }
      const td = world.ecs.registerTaskDefinition(p);
      return ok({ taskDefinition: taskDefinitionShape(td), tags: p.tags ?? [] });
    }
    case "CreateService": {
      requireCluster(world, p.cluster);
      const name = p.serviceName;
      if (typeof name !== "string" || !/^[A-Za-z0-9_-]{1,255}$/.test(name))
        throw new AwsError("InvalidParameterException", "Service name is invalid.");
      const existing = world.ecs.services.get(name);
      if (existing && existing.status === "ACTIVE")
        throw new AwsError("InvalidParameterException", "Creation of service was not idempotent.");
      const tdRef = p.taskDefinition;
      if (typeof tdRef !== "string")
        throw new AwsError("InvalidParameterException", "TaskDefinition cannot be empty.");
      const td = world.ecs.findTaskDefinition(tdRef);
      if (!td) throw new AwsError("ClientException", "TaskDefinition not found.");
      const desired = p.desiredCount === undefined ? 1 : Number(p.desiredCount);
      if (!Number.isInteger(desired) || desired < 0)
        throw new AwsError("InvalidParameterException", "desiredCount must be a non-negative integer.");
      const lbs = (Array.isArray(p.loadBalancers) ? p.loadBalancers : []) as Params[];
      const tgArn = lbs[0]?.targetGroupArn as string | undefined;
      if (tgArn !== undefined && !world.alb.targetGroups.has(tgArn)) {
        throw new AwsError(
          "InvalidParameterException",
          `Unable to assume the service linked role. Please verify that the ECS service linked role exists. (target group ${tgArn} does not exist)`,
        );
      }
      const svc = world.ecs.createService({
        name,
        taskDefinitionArn: td.arn,
        desiredCount: desired,
        targetGroupArn: tgArn,
        containerPort: Number(lbs[0]?.containerPort ?? 8080),
      });
      return ok({ service: serviceShape(world, svc) });
    }
    case "UpdateService": {
      requireCluster(world, p.cluster);
      const ref = p.service;
      if (typeof ref !== "string" || !ref)
        throw new AwsError("InvalidParameterException", "Service cannot be empty.");
      const svc = findService(world, ref);
      if (svc?.status !== "ACTIVE") throw new AwsError("ServiceNotFoundException", "Service not found.");
      let tdArn: string | undefined;
      if (p.taskDefinition !== undefined) {
        const td = world.ecs.findTaskDefinition(String(p.taskDefinition));
        if (!td) throw new AwsError("ClientException", "TaskDefinition not found.");
        tdArn = td.arn;
      }
      let desired: number | undefined;
      if (p.desiredCount !== undefined) {
        desired = Number(p.desiredCount);
        if (!Number.isInteger(desired) || desired < 0)
          throw new AwsError("InvalidParameterException", "desiredCount must be a non-negative integer.");
      }
      world.updateService(svc, { desiredCount: desired, taskDefinitionArn: tdArn });
      return ok({ service: serviceShape(world, svc) });
    }
    case "ListTasks": {
      requireCluster(world, p.cluster);
      const now = world.clock.now();
      let tasks = world.ecs.tasks;
      if (typeof p.serviceName === "string") {
        const svc = findService(world, p.serviceName);
        if (!svc) throw new AwsError("ServiceNotFoundException", "Service not found.");
        tasks = tasks.filter((t) => t.service === svc.name);
      }
      const stopped = p.desiredStatus === "STOPPED";
      tasks = tasks.filter(
        (t) =>
          (stopped ? t.stoppingAt !== undefined : t.stoppingAt === undefined) &&
          (stopped || t.stoppedAt === undefined || t.stoppedAt > now),
      );
      return ok({ taskArns: tasks.map((t) => t.arn) });
    }
    case "DescribeTasks": {
      requireCluster(world, p.cluster);
      const refs = strings(p.tasks);
      if (!refs.length) throw new AwsError("InvalidParameterException", "Tasks cannot be empty.");
      const tasks: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs) {
        const t = world.ecs.tasks.find((x) => x.arn === ref || x.id === ref);
        if (t) tasks.push(taskShape(world, t));
        else failures.push({ arn: ref, reason: "MISSING" });
      }
      return ok({ tasks, failures });
    }
    default:
      throw new AwsError("UnknownOperationException", `Unknown operation ${op}`);
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function matchesCluster(world: World, ref: unknown): boolean {
  return ref === world.ecs.cluster.name || ref === world.ecs.cluster.arn;
}

function requireCluster(world: World, ref: unknown) {
  if (ref === undefined) throw new AwsError("ClusterNotFoundException", "Cluster not found.");
  if (!matchesCluster(world, ref)) throw new AwsError("ClusterNotFoundException", "Cluster not found.");
}

function findService(world: World, ref: string): Service | undefined {
  const name = ref.startsWith("arn:") ? ref.split("/").at(-1)! : ref;
  return world.ecs.services.get(name);
}

function clusterShape(world: World) {
  const now = world.clock.now();
  const live = world.ecs.tasks.filter(
    (t) => t.stoppingAt === undefined && (t.stoppedAt === undefined || t.stoppedAt > now),
  );
  return {
    clusterArn: world.ecs.cluster.arn,
    clusterName: world.ecs.cluster.name,
    status: "ACTIVE",
    registeredContainerInstancesCount: 0,
    runningTasksCount: live.filter((t) => t.runningAt <= now).length,
    pendingTasksCount: live.filter((t) => t.runningAt > now).length,
    activeServicesCount: [...world.ecs.services.values()].filter((s) => s.status === "ACTIVE").length,
    capacityProviders: ["FARGATE", "FARGATE_SPOT"],
  };
}

function serviceShape(world: World, svc: Service) {
  world.advance();
  const deployments = svc.deployments.map((d) => {
    const c = world.ecs.deploymentCounts(d);
    return {
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinitionArn,
      desiredCount: d.desiredCount,
      pendingCount: c.pending,
      runningCount: c.running,
      failedTasks: 0,
      createdAt: secs(d.createdAt),
      updatedAt: secs(d.updatedAt),
      launchType: "FARGATE",
      platformVersion: "1.4.0",
      rolloutState: c.rolloutState,
      rolloutStateReason:
        c.rolloutState === "COMPLETED"
          ? `ECS deployment ${d.id} completed.`
          : `ECS deployment ${d.id} in progress.`,
    };
  });
  return {
    serviceArn: svc.arn,
    serviceName: svc.name,
    clusterArn: svc.clusterArn,
    loadBalancers: svc.targetGroupArn
      ? [{ targetGroupArn: svc.targetGroupArn, containerName: svc.name, containerPort: svc.containerPort }]
      : [],
    status: svc.status,
    desiredCount: svc.desiredCount,
    // Tasks whose targets are still draining still run; the count falls as each one stops.
    runningCount: world.ecs.runningCount(svc.name),
    pendingCount: deployments.reduce((s, d) => s + d.pendingCount, 0),
    launchType: "FARGATE",
    platformVersion: "LATEST",
    taskDefinition: svc.taskDefinitionArn,
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
    deployments,
    events: svc.events
      .slice(0, 100)
      .map((e) => ({ id: e.id, createdAt: secs(e.createdAt), message: e.message })),
    createdAt: secs(svc.createdAt),
    schedulingStrategy: "REPLICA",
    healthCheckGracePeriodSeconds: 30,
  };
}

function taskDefinitionShape(td: {
  arn: string;
  family: string;
  revision: number;
  body: Record<string, unknown>;
  registeredAt: number;
}) {
  return {
    ...td.body,
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: "ACTIVE",
    registeredAt: secs(td.registeredAt),
    compatibilities: ["EC2", "FARGATE"],
  };
}

function taskShape(world: World, t: Task) {
  const now = world.clock.now();
  const stopped = t.stoppedAt !== undefined && t.stoppedAt <= now;
  // ECS deregisters the target while the task is DEACTIVATING, then sends SIGTERM (STOPPING).
  const last = stopped
    ? "STOPPED"
    : t.stoppingAt !== undefined
      ? t.drainedAt !== undefined && t.drainedAt > now
        ? "DEACTIVATING"
        : "STOPPING"
      : t.runningAt <= now
        ? "RUNNING"
        : "PROVISIONING";
  return {
    taskArn: t.arn,
    clusterArn: world.ecs.cluster.arn,
    taskDefinitionArn: t.taskDefinitionArn,
    lastStatus: last,
    desiredStatus: t.stoppingAt !== undefined ? "STOPPED" : "RUNNING",
    healthStatus: t.healthyAt <= now && !stopped ? "HEALTHY" : "UNKNOWN",
    createdAt: secs(t.createdAt),
    startedAt: t.runningAt <= now ? secs(t.runningAt) : undefined,
    stoppedAt: stopped ? secs(t.stoppedAt!) : undefined,
    group: `service:${t.service}`,
    launchType: "FARGATE",
    containers: [{ name: t.service, lastStatus: last, networkInterfaces: [{ privateIpv4Address: t.ip }] }],
  };
}
