/** The ECS side of the simulated world: services, their deployments and tasks. */
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
