/**
 * The Kubernetes RBAC `golive doctor` prints (domain/k8s-rbac.ts), byte for byte: the lead pipes it
 * into `kubectl apply -f -`, so the exact text is the contract. The Ingress rule is there only when
 * the config names an Ingress; nodes are cluster-scoped, so they are in a ClusterRole of their own.
 */
import { describe, expect, it } from "vitest";
import { kubeAllows, kubeRoleYaml } from "../../source/domain/k8s-rbac.js";

const rule = (group: string, resource: string, verbs: string) =>
  [`  - apiGroups: ["${group}"]`, `    resources: ["${resource}"]`, `    verbs: [${verbs}]`].join("\n");
const head = (ns: string) => [
  `# golive in namespace ${ns}: bind both to golive's identity (RoleBinding and`,
  "# ClusterRoleBinding, or an EKS access entry's Kubernetes groups).",
  "apiVersion: rbac.authorization.k8s.io/v1",
  "kind: Role",
  "metadata:",
  "  name: golive",
  `  namespace: "${ns}"`,
  "rules:",
  rule("apps", "deployments", '"get", "list", "patch"'),
  rule("apps", "replicasets", '"get", "list"'),
  rule("", "pods", '"list"'),
  rule("", "events", '"list"'),
];
const nodes = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: golive-nodes
rules:
${rule("", "nodes", '"list"')}`.split("\n");

describe("kubeRoleYaml", () => {
  it("a Role for the namespace and a ClusterRole for nodes; the Ingress patch only with an Ingress", () => {
    expect(kubeRoleYaml({ namespace: "shop" } as never)).toBe([...head("shop"), ...nodes].join("\n"));
    expect(kubeRoleYaml({ namespace: "shop", ingress: { name: "web" } } as never)).toBe(
      [...head("shop"), rule("networking.k8s.io", "ingresses", '"patch"'), ...nodes].join("\n"),
    );
  });
});

describe("kubeAllows", () => {
  it("only the verbs of the rule for that resource in that group", () => {
    const asks: [string, string, string][] = [
      ["patch", "deployments", "apps"],
      ["list", "pods", ""],
      ["list", "nodes", ""],
      ["delete", "deployments", "apps"],
      ["patch", "deployments", ""],
      ["list", "secrets", ""],
      ["patch", "pods", ""],
    ];
    expect(asks.map((a) => kubeAllows(...a))).toEqual([true, true, true, false, false, false, false]);
  });
});
