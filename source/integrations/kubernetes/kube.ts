/** Kubernetes checks for the go-live runbook, through @kubernetes/client-node 1.x and a kubeconfig. */
import {
  AppsV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  KubeConfig,
  Observable,
  type RequestContext,
  type ResponseContext,
  VersionApi,
} from "@kubernetes/client-node";
import type { KubeCheck, KubePort } from "../../domain/ports.js";

export class KubeChecks implements KubePort {
  private core: CoreV1Api;
  private apps: AppsV1Api;
  private version: VersionApi;

  private now: () => number;
  private timeoutMs: number;
  private server: string;

  constructor(opts: { kubeconfig?: string; context?: string; now?: () => number; timeoutMs?: number }) {
    this.now = opts.now ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    const kc = new KubeConfig();
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
    if (opts.context) kc.setCurrentContext(opts.context);
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error(`kubeconfig has no cluster for context "${kc.getCurrentContext()}"`);
    this.server = cluster.server;
    if (cluster.server.startsWith("http://")) {
      // client-node refuses a plain-HTTP server unless TLS verification is off (the sandbox is HTTP).
      kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c));
    }
    this.core = kc.makeApiClient(CoreV1Api);
    this.apps = kc.makeApiClient(AppsV1Api);
    this.version = kc.makeApiClient(VersionApi);
  }

  /**
   * client-node has no timeout of its own: a hung API server would hang the check (and the command)
   * for good. Each request carries an AbortSignal, and a timeout becomes a one-line reason.
   */
  private async call<T>(what: string, fn: (o: ConfigurationOptions) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const options: ConfigurationOptions = {
      middleware: [
        {
          pre: (ctx: RequestContext) => {
            ctx.setSignal(signal);
            return new Observable(Promise.resolve(ctx));
          },
          post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
        },
      ],
      middlewareMergeStrategy: "append",
    };
    try {
      return await fn(options);
    } catch (e) {
      if (signal.aborted || (e as Error).name === "AbortError")
        throw new Error(
          `Kubernetes API ${this.server} did not answer ${what} within ${this.timeoutMs / 1000} s`,
        );
      const code =
        (e as { code?: string; cause?: { code?: string } }).code ??
        (e as { cause?: { code?: string } }).cause?.code;
      if (code === "ECONNREFUSED")
        throw new Error(`Kubernetes API ${this.server} refused the connection (${what})`);
      throw e;
    }
  }

  async apiReachable(): Promise<KubeCheck> {
    const v = await this.call("version", (o) => this.version.getCode(undefined, o));
    return {
      ok: true,
      summary: `API reachable, Kubernetes ${v.gitVersion}`,
      details: [`platform ${v.platform}`],
    };
  }

  async nodesReady(): Promise<KubeCheck> {
    const nodes = (await this.call("list nodes", (o) => this.core.listNode(undefined, o))).items;
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
      await this.call("list deployments", (o) =>
        this.apps.listNamespacedDeployment({ namespace, labelSelector: selector }, o),
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
      await this.call("list pods", (o) =>
        this.core.listNamespacedPod({ namespace, labelSelector: selector }, o),
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
    const events = (await this.call("list events", (o) => this.core.listNamespacedEvent({ namespace }, o)))
      .items;
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
