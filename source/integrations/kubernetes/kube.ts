/** Kubernetes checks for the go-live runbook, through @kubernetes/client-node 1.x and a kubeconfig. */
import { AppsV1Api, CoreV1Api, KubeConfig, VersionApi } from "@kubernetes/client-node";
import type { KubeCheck, KubePort } from "../../domain/ports.js";

export class KubeChecks implements KubePort {
  private core: CoreV1Api;
  private apps: AppsV1Api;
  private version: VersionApi;

  private now: () => number;

  constructor(opts: { kubeconfig?: string; context?: string; now?: () => number }) {
    this.now = opts.now ?? Date.now;
    const kc = new KubeConfig();
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
    if (opts.context) kc.setCurrentContext(opts.context);
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error(`kubeconfig has no cluster for context "${kc.getCurrentContext()}"`);
    if (cluster.server.startsWith("http://")) {
      // client-node refuses a plain-HTTP server unless TLS verification is off (the sandbox is HTTP).
      kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c));
    }
    this.core = kc.makeApiClient(CoreV1Api);
    this.apps = kc.makeApiClient(AppsV1Api);
    this.version = kc.makeApiClient(VersionApi);
  }

  async apiReachable(): Promise<KubeCheck> {
    const v = await this.version.getCode();
    return {
      ok: true,
      summary: `API reachable, Kubernetes ${v.gitVersion}`,
      details: [`platform ${v.platform}`],
    };
  }

  async nodesReady(): Promise<KubeCheck> {
    const nodes = (await this.core.listNode()).items;
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
    const deps = (await this.apps.listNamespacedDeployment({ namespace, labelSelector: selector })).items;
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
    const pods = (await this.core.listNamespacedPod({ namespace, labelSelector: selector })).items;
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
    const events = (await this.core.listNamespacedEvent({ namespace })).items;
    const cutoff = this.now() - sinceMinutes * 60_000;
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
