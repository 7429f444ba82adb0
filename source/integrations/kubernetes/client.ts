/** One connection to a Kubernetes API server through @kubernetes/client-node 1.x, with a timeout on every call. */
import {
  AppsV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  Observable,
  type RequestContext,
  type ResponseContext,
  setHeaderOptions,
  VersionApi,
} from "@kubernetes/client-node";

export interface KubeConnectOptions {
  kubeconfig?: string;
  context?: string;
  now?: () => number;
  timeoutMs?: number;
}

/** A failed Kubernetes call, with the HTTP status when the API server answered (403 = RBAC). */
export class KubeCallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class KubeClient {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly version: VersionApi;
  readonly networking: NetworkingV1Api;
  readonly now: () => number;
  readonly server: string;
  private timeoutMs: number;

  constructor(opts: KubeConnectOptions) {
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
    this.networking = kc.makeApiClient(NetworkingV1Api);
  }

  /**
   * client-node has no timeout of its own: a hung API server would hang the call (and the command)
   * for good. Each request carries an AbortSignal, and a timeout, a refused connection or an
   * API error becomes a one-line reason. `contentType` picks a PATCH flavour.
   */
  async call<T>(what: string, fn: (o: ConfigurationOptions) => Promise<T>, contentType?: string): Promise<T> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const base: ConfigurationOptions = {
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
    const options = contentType ? setHeaderOptions("Content-Type", contentType, base) : base;
    try {
      return await fn(options);
    } catch (e) {
      if (signal.aborted || (e as Error).name === "AbortError")
        throw new KubeCallError(
          `Kubernetes API ${this.server} did not answer ${what} within ${this.timeoutMs / 1000} s`,
        );
      const code =
        (e as { code?: string; cause?: { code?: string } }).code ??
        (e as { cause?: { code?: string } }).cause?.code;
      if (code === "ECONNREFUSED")
        throw new KubeCallError(`Kubernetes API ${this.server} refused the connection (${what})`);
      const status = (e as { code?: number }).code;
      if (typeof status === "number") {
        const body = (e as { body?: string }).body;
        let message = "";
        try {
          message = (JSON.parse(String(body)) as { message?: string }).message ?? "";
        } catch {
          message = String(body ?? "").slice(0, 200);
        }
        const rbac = status === 403 ? missingPermission(message) : undefined;
        if (rbac)
          throw new KubeCallError(
            `Kubernetes RBAC: ${rbac.user} may not ${rbac.verb} ${rbac.resource} ${rbac.where} (needed to ${what}; HTTP 403)`,
            status,
          );
        throw new KubeCallError(
          `Kubernetes API refused ${what} (HTTP ${status}${message ? `: ${message}` : ""})`,
          status,
        );
      }
      throw e;
    }
  }
}

/**
 * The permission an API server's 403 names (`… is forbidden: User "u" cannot patch resource
 * "deployments" in API group "apps" in the namespace "ns"`), said as one: `patch deployments.apps`.
 */
export function missingPermission(
  message: string,
): { user: string; verb: string; resource: string; where: string } | undefined {
  const m =
    /forbidden: User "([^"]+)" cannot (\w+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/.exec(
      message,
    );
  if (!m) return undefined;
  const [, user, verb, resource, group, ns] = m as unknown as string[];
  return {
    user: user!,
    verb: verb!,
    resource: group ? `${resource}.${group}` : resource!,
    where: ns ? `in namespace ${ns}` : "cluster-wide",
  };
}
