/** ECS services and task definitions as an EcsPort (SDK v3). */
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  type ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import type { CreateServiceInput, EcsPort, ServiceState } from "../../domain/ports.js";

export class EcsServices implements EcsPort {
  constructor(
    private ecs: ECSClient,
    private cluster: string,
  ) {}

  async describe(names: string[]) {
    const r = await this.ecs.send(new DescribeServicesCommand({ cluster: this.cluster, services: names }));
    return {
      services: (r.services ?? []).map(toState),
      missing: (r.failures ?? []).map((f) => f.arn?.split("/").at(-1) ?? String(f.arn)),
      raw: { services: r.services, failures: r.failures },
    };
  }

  async registerTaskDefinition(body: Record<string, unknown>) {
    const r = await this.ecs.send(
      new RegisterTaskDefinitionCommand(body as unknown as RegisterTaskDefinitionCommandInput),
    );
    return { arn: r.taskDefinition!.taskDefinitionArn!, revision: r.taskDefinition!.revision! };
  }

  async createService(o: CreateServiceInput) {
    const r = await this.ecs.send(
      new CreateServiceCommand({
        cluster: this.cluster,
        serviceName: o.name,
        taskDefinition: o.taskDefinition,
        desiredCount: o.desiredCount,
        launchType: "FARGATE",
        loadBalancers: [
          {
            targetGroupArn: o.targetGroupArn,
            containerName: o.containerName,
            containerPort: o.containerPort,
          },
        ],
      }),
    );
    return toState(r.service!);
  }

  async updateService(o: { name: string; desiredCount?: number; taskDefinition?: string }) {
    const r = await this.ecs.send(
      new UpdateServiceCommand({
        cluster: this.cluster,
        service: o.name,
        desiredCount: o.desiredCount,
        taskDefinition: o.taskDefinition,
      }),
    );
    return toState(r.service!);
  }
}

function toState(s: Service): ServiceState {
  const primary = s.deployments?.find((d) => d.status === "PRIMARY");
  return {
    name: s.serviceName ?? "?",
    status: s.status ?? "?",
    desired: s.desiredCount ?? 0,
    running: s.runningCount ?? 0,
    pending: s.pendingCount ?? 0,
    taskDefinition: s.taskDefinition ?? "?",
    rolloutState: primary?.rolloutState,
    deployments: s.deployments?.length ?? 0,
    lastEvent: s.events?.[0]?.message,
  };
}
