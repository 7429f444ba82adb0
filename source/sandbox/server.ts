/**
 * The sandbox's sockets: one AWS endpoint (ELBv2, ECS, CloudWatch on POST /, health checks,
 * the admin API under /_sandbox) and a Kubernetes API on its own port, both on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleCloudWatch } from "./aws/cloudwatch.js";
import { handleEcs } from "./aws/ecs.js";
import { handleElbv2 } from "./aws/elbv2.js";
import {
  AwsError,
  type AwsResponse,
  errorResponse,
  jsonResponse,
  type Protocol,
  parseQuery,
  xmlResponse,
} from "./aws/protocol.js";
import { createClock, type SandboxClock } from "./clock.js";
import { KubeApi } from "./kube.js";
import { defaultScenario, type Scenario } from "./scenario.js";
import { type ApiFault, type ApiFaultKind, World } from "./world.js";

export interface SandboxOptions {
  host?: string;
  /** AWS endpoint port; 0 picks a free one. Kubernetes listens on port + 1 unless kubePort is set. */
  port?: number;
  kubePort?: number;
  speed?: number;
  manualClock?: boolean;
  start?: number;
  scenario?: Scenario;
}

const MAX_BODY = 1024 * 1024;

export class Sandbox {
  readonly world: World;
  readonly clock: SandboxClock;
  readonly kube: KubeApi;
  private aws!: Server;
  private kubeServer!: Server;
  private ticker?: NodeJS.Timeout;
  awsUrl = "";
  kubeUrl = "";

  private constructor(opts: SandboxOptions) {
    this.clock = createClock({ speed: opts.speed, manual: opts.manualClock, start: opts.start });
    this.world = new World(opts.scenario ?? defaultScenario(), this.clock);
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

  // ---- AWS ---------------------------------------------------------------------------------------

  private async onAws(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", "http://sandbox");
      if (url.pathname.startsWith("/_sandbox/")) return await this.onAdmin(req, res, url);
      if (req.method === "GET" || req.method === "HEAD") return this.onHealth(req, res, url);
      if (req.method !== "POST")
        return send(res, { status: 405, headers: { "content-type": "text/plain" }, body: "POST only\n" });
      const body = await readBody(req);
      send(res, await this.dispatch(req, body));
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

  private async dispatch(req: IncomingMessage, body: string): Promise<AwsResponse> {
    this.world.advance();
    const target = String(req.headers["x-amz-target"] ?? "");
    let service: "elbv2" | "ecs" | "cloudwatch";
    let protocol: Protocol;
    let operation: string;
    let params: Record<string, unknown>;
    if (target) {
      const [prefix, op] = target.split(".");
      operation = op ?? "";
      if (prefix === "AmazonEC2ContainerServiceV20141113") [service, protocol] = ["ecs", "json1.1"];
      else if (prefix === "GraniteServiceVersion20100801") [service, protocol] = ["cloudwatch", "json1.0"];
      else
        return errorResponse(
          "json1.0",
          new AwsError("UnknownOperationException", `Unknown target ${target}`),
        );
      try {
        params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      } catch {
        return this.fail(
          service,
          protocol,
          operation,
          new AwsError("SerializationException", "Request body is not valid JSON"),
        );
      }
    } else {
      params = parseQuery(body);
      protocol = "query";
      operation = String(params.Action ?? "");
      const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(
        String(req.headers.authorization ?? ""),
      )?.[1];
      const version = String(params.Version ?? "");
      if (scope === "elasticloadbalancing" || (!scope && version === "2015-12-01")) service = "elbv2";
      else if (scope === "monitoring" || (!scope && version === "2010-08-01")) service = "cloudwatch";
      else
        return errorResponse(
          "query",
          new AwsError(
            "InvalidAction",
            `The action ${operation || "(none)"} is not valid for this web service.`,
          ),
        );
      if (!operation)
        return this.fail(
          service,
          protocol,
          operation,
          new AwsError("MissingAction", "The request must contain the parameter Action."),
        );
    }
    if (!String(req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ")) {
      return this.fail(
        service,
        protocol,
        operation,
        new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
      );
    }
    const fault = this.world.takeApiFault(operation);
    if (fault) {
      if (fault.kind === "timeout") await new Promise((r) => setTimeout(r, fault.delayMs ?? 60_000));
      return this.fail(
        service,
        protocol,
        operation,
        faultError(service, operation, fault, this.world),
        fault,
      );
    }
    try {
      let resp: AwsResponse;
      if (service === "elbv2") {
        const stale = operation === "DescribeListeners" && this.world.takeStaleRead();
        resp = handleElbv2(this.world, operation, params, stale);
      } else if (service === "ecs") resp = handleEcs(this.world, operation, params);
      else {
        const result = handleCloudWatch(this.world, operation, params);
        resp =
          protocol === "query"
            ? xmlResponse(operation, "http://monitoring.amazonaws.com/doc/2010-08-01/", result)
            : jsonResponse(protocol, result);
      }
      this.world.record({
        kind: "api",
        service,
        operation,
        protocol,
        status: resp.status,
        detail: this.detail(operation),
      });
      return resp;
    } catch (e) {
      if (e instanceof AwsError) return this.fail(service, protocol, operation, e);
      throw e;
    }
  }

  private detail(operation: string): Record<string, unknown> | undefined {
    if (operation !== "ModifyListener") return undefined;
    const weights: Record<string, number> = {};
    for (const [arn, share] of this.world.weightsOf(this.world.listener.actions)) {
      weights[this.world.targetGroups.get(arn)?.key ?? arn] = Math.round(share * 1000) / 10;
    }
    return { weights };
  }

  private fail(
    service: string,
    protocol: Protocol,
    operation: string,
    e: AwsError,
    fault?: ApiFault,
  ): AwsResponse {
    this.world.record({
      kind: "api",
      service,
      operation,
      protocol,
      status: e.status,
      error: e.code,
      detail: fault ? { fault: fault.kind } : undefined,
    });
    return errorResponse(protocol, e, {
      queryCompatible: service === "cloudwatch" && protocol !== "query",
      jsonType: protocol === "query" ? undefined : jsonCode(service, e.code),
    });
  }

  private onHealth(req: IncomingMessage, res: ServerResponse, url: URL) {
    const m = /^\/(?:health\/([\w-]+)|([\w-]+)\/health)$/.exec(url.pathname);
    let key = m?.[1] ?? m?.[2];
    if (!key && url.pathname === "/health") key = /^(\w+)\./.exec(String(req.headers.host ?? ""))?.[1];
    const tg = key ? [...this.world.targetGroups.values()].find((t) => t.key === key) : undefined;
    if (!tg)
      return send(res, {
        status: 404,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ error: `no target group "${key ?? ""}"; try /health/blue or /health/green` }),
      });
    this.world.advance();
    const targets = this.world.targetsOf(tg.arn);
    const healthy = targets.filter((t) => t.state === "healthy").length;
    const fault = this.world.trafficFaults.get(tg.arn);
    const ok = healthy > 0 && (fault?.errorRate ?? 0) < 0.5;
    const status = ok ? 200 : 503;
    this.world.record({
      kind: "health",
      operation: `GET ${url.pathname}`,
      status,
      detail: { target: tg.key },
    });
    send(res, {
      status,
      headers: { "content-type": "application/json" },
      body: `${JSON.stringify({ status: ok ? "healthy" : "unhealthy", service: tg.name, version: tg.version, targets: { healthy, total: targets.length } })}\n`,
    });
  }

  // ---- admin -------------------------------------------------------------------------------------

  private async onAdmin(req: IncomingMessage, res: ServerResponse, url: URL) {
    const json = (status: number, body: unknown) =>
      send(res, {
        status,
        headers: { "content-type": "application/json" },
        body: `${JSON.stringify(body)}\n`,
      });
    const path = url.pathname.slice("/_sandbox".length);
    if (req.method === "GET" && path === "/state") return json(200, this.state());
    if (req.method === "GET" && path === "/log") {
      const since = Number(url.searchParams.get("since") ?? 0);
      return json(200, { entries: this.world.log.filter((e) => e.seq > since) });
    }
    if (req.method !== "POST") return json(404, { error: `no admin route ${req.method} ${path}` });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await readBody(req)) || "{}");
    } catch {
      return json(400, { error: "body must be JSON" });
    }
    try {
      if (path === "/fault") return json(200, { ok: true, fault: this.applyFault(body) });
      if (path === "/clock") {
        const ms = Number(body.advanceMs);
        if (!(ms >= 0)) return json(400, { error: "advanceMs must be a non-negative number" });
        this.clock.advance(ms);
        this.world.advance();
        this.world.record({ kind: "clock", detail: { advanceMs: ms } });
        return json(200, { now: new Date(this.clock.now()).toISOString() });
      }
    } catch (e) {
      return json(400, { error: (e as Error).message });
    }
    return json(404, { error: `no admin route POST ${path}` });
  }

  /** Fault injection, shared by the admin API and tests. Throws with a one-line reason on bad input. */
  applyFault(f: Record<string, unknown>): Record<string, unknown> {
    const target = String(f.target ?? "green");
    const keyOk = () => {
      if (![...this.world.targetGroups.values()].some((t) => t.key === target))
        throw new Error(`no target group "${target}"`);
    };
    switch (f.type) {
      case "error-rate": {
        keyOk();
        const v = Number(f.value);
        if (!(v >= 0 && v <= 1)) throw new Error("error-rate value must be a fraction between 0 and 1");
        this.world.setTrafficFault(target, { errorRate: v });
        return { type: "error-rate", target, value: v };
      }
      case "latency": {
        keyOk();
        const v = Number(f.multiplier);
        if (!(v > 0)) throw new Error("latency multiplier must be positive");
        this.world.setTrafficFault(target, { latencyMultiplier: v });
        return { type: "latency", target, multiplier: v };
      }
      case "unhealthy": {
        keyOk();
        const n = Number(f.count);
        if (!(Number.isInteger(n) && n >= 0)) throw new Error("unhealthy count must be a whole number");
        this.world.setTrafficFault(target, { unhealthyTargets: n });
        return { type: "unhealthy", target, count: n };
      }
      case "node": {
        const names = this.kube.nodeNames();
        const name = f.name === undefined ? names[0]! : String(f.name);
        if (!names.includes(name)) throw new Error(`no node "${name}"; nodes are ${names.join(", ")}`);
        this.world.setNodeReady(name, Boolean(f.ready));
        return { type: "node", name, ready: Boolean(f.ready) };
      }
      case "api": {
        const kinds: ApiFaultKind[] = [
          "throttle",
          "500",
          "503",
          "timeout",
          "access-denied",
          "expired-credentials",
          "stale-read",
        ];
        const kind = String(f.kind) as ApiFaultKind;
        if (!kinds.includes(kind)) throw new Error(`api fault kind must be one of ${kinds.join(", ")}`);
        const count = f.count === undefined ? 1 : Number(f.count);
        if (!(Number.isInteger(count) && count > 0)) throw new Error("count must be a positive whole number");
        const op = String(f.operation ?? "*");
        const fault = this.world.addApiFault(
          op,
          kind,
          count,
          f.delayMs === undefined ? undefined : Number(f.delayMs),
        );
        return { type: "api", ...fault };
      }
      case "listener": {
        this.world.setListenerDeleted(Boolean(f.deleted));
        return { type: "listener", deleted: Boolean(f.deleted) };
      }
      case "clear":
        this.world.clearFaults();
        return { type: "clear" };
      default:
        throw new Error(
          `unknown fault type "${String(f.type)}"; expected error-rate, latency, unhealthy, node, api, listener or clear`,
        );
    }
  }

  state() {
    this.world.advance();
    const w = this.world;
    const weights: Record<string, number> = {};
    for (const [arn, share] of w.weightsOf(w.listener.actions))
      weights[w.targetGroups.get(arn)?.key ?? arn] = Math.round(share * 1000) / 10;
    return {
      now: new Date(this.clock.now()).toISOString(),
      speed: this.clock.speed,
      manualClock: this.clock.manual,
      aws: this.awsUrl,
      kubernetes: this.kubeUrl,
      region: w.region,
      loadBalancer: w.loadBalancer.arn,
      listener: w.listener.arn,
      weights,
      targetGroups: [...w.targetGroups.values()].map((t) => ({
        key: t.key,
        name: t.name,
        arn: t.arn,
        version: t.version,
        healthy: w.healthyCount(t.arn),
        health: this.healthUrl(t.key),
        fault: w.trafficFaults.get(t.arn) ?? null,
      })),
      ecs: {
        cluster: w.cluster.name,
        services: [...w.services.values()].map((s) => ({
          name: s.name,
          desired: s.desiredCount,
          running: w.liveTasks(s.name).filter((t) => t.runningAt <= this.clock.now()).length,
          taskDefinition: s.taskDefinitionArn,
        })),
      },
      eks: {
        cluster: w.kube.cluster,
        namespace: w.kube.namespace,
        nodes: this.kube.nodeNames(),
        notReady: [...w.notReadyNodes],
      },
      apiFaults: w.apiFaults.filter((f) => f.remaining > 0),
    };
  }

  // ---- Kubernetes --------------------------------------------------------------------------------

  private onKube(req: IncomingMessage, res: ServerResponse) {
    const fault = this.world.takeApiFault("kubernetes");
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
      if (fault.kind === "timeout") setTimeout(respond, fault.delayMs ?? 60_000);
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

/** ECS and CloudWatch JSON error types carry an `Exception` suffix where the query code has none. */
function jsonCode(service: string, code: string): string {
  const map: Record<string, string> = {
    Throttling: "ThrottlingException",
    InternalFailure: service === "ecs" ? "ServerException" : "InternalServiceFault",
    ServiceUnavailable: "ServiceUnavailableException",
    AccessDenied: "AccessDeniedException",
    ExpiredToken: "ExpiredTokenException",
    MissingAuthenticationToken: "MissingAuthenticationTokenException",
    InvalidParameterValue: "InvalidParameterValueException",
    MissingParameter: "MissingRequiredParameterException",
    InvalidParameterCombination: "InvalidParameterCombinationException",
    ValidationError: "ValidationError",
  };
  return map[code] ?? code;
}

function faultError(service: string, operation: string, f: ApiFault, world: World): AwsError {
  const action = `${service === "elbv2" ? "elasticloadbalancing" : service === "ecs" ? "ecs" : "cloudwatch"}:${operation}`;
  switch (f.kind) {
    case "throttle":
      return new AwsError("Throttling", "Rate exceeded", 400);
    case "500":
    case "timeout":
      return new AwsError("InternalFailure", "We encountered an internal error. Please try again.", 500);
    case "503":
      return new AwsError("ServiceUnavailable", "Service is unavailable. Please try again later.", 503);
    case "access-denied":
      return new AwsError(
        "AccessDenied",
        `User: arn:aws:iam::${world.account}:user/deployer is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
        403,
      );
    case "expired-credentials":
      return new AwsError("ExpiredToken", "The security token included in the request is expired", 400);
    default:
      return new AwsError("InternalFailure", "sandbox fault", 500);
  }
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge());
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, r: AwsResponse) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body) });
  res.end(r.body);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? new Error(`port ${port} on ${host} is already in use; pick another with --port`)
          : e,
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
