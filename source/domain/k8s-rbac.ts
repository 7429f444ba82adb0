/**
 * The least-privilege Kubernetes RBAC for what golive calls (as iam.ts is for AWS): the rollout
 * read (Deployment, its ReplicaSets, pods, events, nodes), the runbook's checks, and the PATCH that
 * set-image, undo, pause and resume send. `golive doctor` prints it; a test holds every call golive
 * makes against the sandbox to these rules.
 */
import type { EnvConfig } from "./config.js";

export interface KubeRule {
  group: string;
  resource: string;
  verbs: string[];
  /** Nodes are cluster-scoped: a ClusterRole, not the namespace's Role. */
  cluster?: boolean;
  /** Needed only when the config names an Ingress (weights through its annotation). */
  ingress?: boolean;
}

export const KUBE_RULES: KubeRule[] = [
  { group: "apps", resource: "deployments", verbs: ["get", "list", "patch"] },
  { group: "apps", resource: "replicasets", verbs: ["get", "list"] },
  { group: "", resource: "pods", verbs: ["list"] },
  { group: "", resource: "events", verbs: ["list"] },
  { group: "", resource: "nodes", verbs: ["list"], cluster: true },
  { group: "networking.k8s.io", resource: "ingresses", verbs: ["patch"], ingress: true },
];

/** True when the rules let golive `verb` `resource` (in `group`). */
export function kubeAllows(verb: string, resource: string, group: string): boolean {
  return KUBE_RULES.some((r) => r.resource === resource && r.group === group && r.verbs.includes(verb));
}

const rulesYaml = (rules: KubeRule[]) =>
  rules
    .map(
      (r) =>
        `  - apiGroups: [${JSON.stringify(r.group)}]\n    resources: [${JSON.stringify(r.resource)}]\n    verbs: [${r.verbs.map((v) => JSON.stringify(v)).join(", ")}]`,
    )
    .join("\n");

/** A Role (namespace) and a ClusterRole (nodes), ready for `kubectl apply -f -`. */
export function kubeRoleYaml(k: NonNullable<EnvConfig["kubernetes"]>): string {
  return [
    `# golive in namespace ${k.namespace}: bind both to golive's identity (RoleBinding and`,
    "# ClusterRoleBinding, or an EKS access entry's Kubernetes groups).",
    "apiVersion: rbac.authorization.k8s.io/v1",
    "kind: Role",
    "metadata:",
    "  name: golive",
    `  namespace: ${JSON.stringify(k.namespace)}`,
    "rules:",
    rulesYaml(KUBE_RULES.filter((r) => !r.cluster && (!r.ingress || k.ingress))),
    "---",
    "apiVersion: rbac.authorization.k8s.io/v1",
    "kind: ClusterRole",
    "metadata:",
    "  name: golive-nodes",
    "rules:",
    rulesYaml(KUBE_RULES.filter((r) => r.cluster)),
  ].join("\n");
}
