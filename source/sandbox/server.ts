/**
 * The sandbox's sockets: one AWS endpoint (ELBv2, ECS, CloudWatch on POST /, health checks,
 * the admin API under /_sandbox) and a Kubernetes API on its own port, both on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { applyFault, onAdmin, onHealth } from "./admin.js";
import { sandboxState } from "./admin-state.js";
import { type AwsHooks, dispatchAws } from "./aws/dispatch.js";
import { createClock, type SandboxClock } from "./clock.js";
import { BodyTooLarge, close, listen, readBody, send } from "./http.js";
import { KubeApi } from "./kube.js";
import type { Scenario } from "./scenario.js";
import { defaultScenario } from "./scenario-defaults.js";
import { World } from "./world.js";

export interface SandboxOptions {
  host?: string;
  /** AWS endpoint port; 0 picks a free one. Kubernetes listens on port + 1 unless kubePort is set. */
  port?: number;
  kubePort?: number;
  speed?: number;
  manualClock?: boolean;
  start?: number;
  scenario?: Scenario;
  /** Simulate the hour of history on the first request or tick, not at start (World says why). */
  historyOnFirstUse?: boolean;
}

export class Sandbox {
  readonly world: World;
  readonly clock: SandboxClock;
  readonly kube: KubeApi;
  private aws!: Server;
  private kubeServer!: Server;
  private ticker?: NodeJS.Timeout;
  awsUrl = "";
  /**
   * In-process test hooks: awaited before an AWS call is applied, and after it is applied but before
   * its response is sent, so a test can hold a call "on the wire" at either point (interleavings).
   */
  hooks: AwsHooks = {};
  kubeUrl = "";

  private constructor(opts: SandboxOptions) {
    this.clock = createClock({ speed: opts.speed, manual: opts.manualClock, start: opts.start });
    this.world = new World(opts.scenario ?? defaultScenario(), this.clock, {
      historyOnFirstUse: opts.historyOnFirstUse,
    });
    this.kube = new KubeApi(this.world, () => this.kubeUrl);
  }

  static async start(opts: SandboxOptions = {}): Promise<Sandbox> {
    const sb = new Sandbox(opts);
    const host = opts.host ?? "127.0.0.1";
    sb.aws = createServer((req, res) => void sb.onAws(req, res));
    sb.kubeServer = createServer((req, res) => sb.onKube(req, res));
    const awsPort = await listen(sb.aws, host, opts.port ?? 4566);
    const kubePort = await listen(
      sb.kubeServer,
      host,
      opts.kubePort ?? (opts.port === 0 ? 0 : awsPort + 1),
    ).catch(async (e) => {
      await close(sb.aws);
      throw e;
    });
    sb.awsUrl = `http://${host}:${awsPort}`;
    sb.kubeUrl = `http://${host}:${kubePort}`;
    if (!sb.clock.manual) {
      sb.ticker = setInterval(() => sb.world.advance(), 1000);
      sb.ticker.unref();
    }
    return sb;
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    await Promise.all([close(this.aws), close(this.kubeServer)]);
  }

  healthUrl(key: string): string {
    return `${this.awsUrl}/health/${key}`;
  }

  /** Fault injection, shared by the admin API and tests. Throws with a one-line reason on bad input. */
  applyFault(f: Record<string, unknown>): Record<string, unknown> {
    return applyFault(this, f);
  }

  state() {
    return sandboxState(this);
  }

  private async onAws(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", "http://sandbox");
      if (url.pathname.startsWith("/_sandbox/")) return await onAdmin(this, req, res, url);
      const prom = /^\/metrics\/([\w-]+)$/.exec(url.pathname);
      if (prom && req.method === "GET") return onPromMetrics(this.world, prom[1]!, res);
      if (req.method === "GET" || req.method === "HEAD") return onHealth(this, req, res, url);
      if (req.method !== "POST")
        return send(res, { status: 405, headers: { "content-type": "text/plain" }, body: "POST only\n" });
      const body = await readBody(req);
      send(res, await dispatchAws(this.world, req.headers, body, this.hooks));
    } catch (e) {
      if (e instanceof BodyTooLarge)
        return send(res, {
          status: 413,
          headers: { "content-type": "text/plain" },
          body: "request body too large\n",
        });
      send(res, {
        status: 500,
        headers: { "content-type": "text/plain" },
        body: `sandbox error: ${(e as Error).message}\n`,
      });
    }
  }

  private onKube(req: IncomingMessage, res: ServerResponse) {
    const fault = this.world.faults.takeApi("kubernetes");
    if (fault) {
      const respond = () => {
        res.writeHead(503, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            message: "the server is currently unable to handle the request",
            reason: "ServiceUnavailable",
            code: 503,
          }),
        );
      };
      if (fault.kind === "timeout") void this.world.faults.hold(fault.delayMs ?? 60_000).then(respond);
      else respond();
      return;
    }
    try {
      this.kube.handle(req, res);
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ kind: "Status", status: "Failure", message: (e as Error).message, code: 500 }),
      );
    }
  }
}

/** GET /metrics/<arm>: that arm's Prometheus metrics, up to the sandbox clock. */
function onPromMetrics(world: World, key: string, res: ServerResponse): void {
  world.advance();
  const known = [...world.alb.targetGroups.values()].some((t) => t.key === key);
  if (!known) {
    res.writeHead(404, { "content-type": "text/plain" });
    return void res.end(`no target group "${key}"; try /metrics/blue or /metrics/green\n`);
  }
  res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  res.end(world.traffic.prom.render(key));
}
