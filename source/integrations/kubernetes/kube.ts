/** Kubernetes checks for the go-live runbook, through @kubernetes/client-node 1.x and a kubeconfig. */
import type { KubeCheck, KubePort } from "../../domain/ports.js";
import { KubeClient, type KubeConnectOptions } from "./client.js";

export class KubeChecks implements KubePort {
  private k: KubeClient;

  constructor(opts: KubeConnectOptions) {
    this.k = new KubeClient(opts);
  }

  async apiReachable(): Promise<KubeCheck> {
    const v = await this.k.call("version", (o) => this.k.version.getCode(undefined, o));
    return {
      ok: true,
      summary: `API reachable, Kubernetes ${v.gitVersion}`,
      details: [`platform ${v.platform}`],
    };
  }

  async nodesReady(): Promise<KubeCheck> {
    const nodes = (await this.k.call("list nodes", (o) => this.k.core.listNode(undefined, o))).items;
    const notReady = nodes.filter(
      (n) => n.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True",
    );
    return {
      ok: nodes.length > 0 && notReady.length === 0,
      summary: `${nodes.length - notReady.length}/${nodes.length} nodes Ready`,
      details: notReady.map((n) => `${n.metadata?.name} NotReady`),
    };
  }

  async deploymentsAvailable(namespace: string, selector?: string): Promise<KubeCheck> {
    const deps = (
      await this.k.call("list deployments", (o) =>
        this.k.apps.listNamespacedDeployment({ namespace, labelSelector: selector }, o),
      )
    ).items;
    const short = deps.filter((d) => (d.status?.availableReplicas ?? 0) < (d.spec?.replicas ?? 0));
    return {
      ok: deps.length > 0 && short.length === 0,
      summary: deps.length
        ? `${deps.length - short.length}/${deps.length} deployments available in ${namespace}`
        : `no deployments in ${namespace}${selector ? ` matching ${selector}` : ""}`,
      details: deps.map(
        (d) => `${d.metadata?.name} ${d.status?.availableReplicas ?? 0}/${d.spec?.replicas ?? 0} available`,
      ),
    };
  }

  async podsReady(namespace: string, selector?: string): Promise<KubeCheck> {
    const pods = (
      await this.k.call("list pods", (o) =>
        this.k.core.listNamespacedPod({ namespace, labelSelector: selector }, o),
      )
    ).items;
    const notReady = pods.filter(
      (p) => p.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True",
    );
    return {
      ok: pods.length > 0 && notReady.length === 0,
      summary: `${pods.length - notReady.length}/${pods.length} pods ready in ${namespace}${selector ? ` (${selector})` : ""}`,
      details: notReady.map((p) => `${p.metadata?.name} not ready (${p.status?.phase})`),
    };
  }

  async warningEvents(namespace: string, sinceMinutes: number): Promise<KubeCheck> {
    const events = (
      await this.k.call("list events", (o) => this.k.core.listNamespacedEvent({ namespace }, o))
    ).items;
    const cutoff = this.k.now() - sinceMinutes * 60_000;
    const warnings = events.filter(
      (e) => e.type === "Warning" && new Date(e.lastTimestamp ?? e.eventTime ?? 0).getTime() >= cutoff,
    );
    return {
      ok: warnings.length === 0,
      summary: warnings.length
        ? `${warnings.length} warning events in the last ${sinceMinutes} min`
        : `no warning events in the last ${sinceMinutes} min`,
      details: warnings.slice(0, 10).map((e) => `${e.reason}: ${e.message}`),
    };
  }
}
