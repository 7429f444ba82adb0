/** The kinds of check a runbook item can be bound to, and the binding itself. */
export const CHECK_KINDS = [
  "command",
  "http",
  "ecs-service",
  "target-health",
  "listener",
  "k8s-api",
  "k8s-nodes",
  "k8s-deployments",
  "k8s-pods",
  "k8s-events",
  "baseline",
] as const;

export type CheckKind = (typeof CHECK_KINDS)[number];

export interface CheckBinding {
  kind: CheckKind;
  args: Record<string, string>;
  line: number;
}
