/**
 * The sandbox's admin API under /_sandbox (state, call log, faults, clock) and the per-colour
 * health endpoints a runbook's curl checks hit. Tests and `golive sandbox fault|state|clock` use it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sandboxState } from "./admin-state.js";
import { removeRule } from "./aws/elbv2-rules.js";
import type { SandboxClock } from "./clock.js";
import { dataPlaneFault, faultRules } from "./data-plane-faults.js";
import { readBody, send, sendJson } from "./http.js";
import { CONTROLLER_FAULTS, type ControllerFault } from "./k8s/ingress.js";
import { IMAGE_BEHAVIOURS, type ImageBehaviour } from "./k8s/pods.js";
import type { KubeApi } from "./kube.js";
import type { ApiFaultKind } from "./world/fault-types.js";
import type { World } from "./world.js";

/** What the admin API needs of the running sandbox. */
export interface SandboxView {
  world: World;
  clock: SandboxClock;
  kube: KubeApi;
  awsUrl: string;
  kubeUrl: string;
  healthUrl(key: string): string;
}

const API_FAULT_KINDS: ApiFaultKind[] = [
  "throttle",
  "500",
  "503",
  "timeout",
  "access-denied",
  "expired-credentials",
  "stale-read",
];

export async function onAdmin(
  sb: SandboxView,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const json = (status: number, body: unknown) => sendJson(res, status, body);
  const path = url.pathname.slice("/_sandbox".length);
  if (req.method === "GET" && path === "/state") return json(200, sandboxState(sb));
  // The session clock of a demo: viewers (`golive watch`, the cockpit) follow it here.
  if (req.method === "GET" && path === "/clock") return clockRead(sb.clock, url, res);
  if (req.method === "GET" && path === "/log") {
    const since = Number(url.searchParams.get("since") ?? 0);
    return json(200, { entries: sb.world.log.filter((e) => e.seq > since) });
  }
  if (req.method !== "POST") return json(404, { error: `no admin route ${req.method} ${path}` });
  let body: Record<string, unknown>;
  try {
    body = JSON.parse((await readBody(req)) || "{}");
  } catch {
    return json(400, { error: "body must be JSON" });
  }
  try {
    if (path === "/fault") return json(200, { ok: true, fault: applyFault(sb, body) });
    // A target group renamed in AWS (names are data: hostile-input tests put escapes in them).
    if (path === "/rename") {
      const tg = [...sb.world.alb.targetGroups.values()].find((t) => t.key === String(body.targetGroup));
      if (!tg) return json(400, { error: `no target group "${String(body.targetGroup)}"` });
      if (typeof body.name !== "string" || !body.name) return json(400, { error: "name must be a string" });
      tg.name = body.name;
      sb.world.record({ kind: "fault", detail: { renamed: tg.key } });
      return json(200, { ok: true, targetGroup: tg.key, name: tg.name });
    }
    if (path === "/clock") {
      const ms = Number(body.advanceMs);
      if (!(ms >= 0)) return json(400, { error: "advanceMs must be a non-negative number" });
      sb.clock.advance(ms);
      sb.world.advance();
      sb.world.record({ kind: "clock", detail: { advanceMs: ms } });
      return json(200, { now: new Date(sb.clock.now()).toISOString() });
    }
  } catch (e) {
    return json(400, { error: (e as Error).message });
  }
  return json(404, { error: `no admin route POST ${path}` });
}

/** The longest a read of the clock is held (`waitMs` above it is cut to it). */
const MAX_HOLD_MS = 60_000;

/**
 * `GET /_sandbox/clock[?moves=N&waitMs=M]`: with `moves`, the answer is held until the clock has
 * moved more than N times or M ms have passed, so a follower learns of a jump at once while asking
 * only every M ms: between moves it runs the clock on at `speed` itself. `moves` in the answer is
 * what to send next.
 */
function clockRead(clock: SandboxClock, url: URL, res: ServerResponse): void {
  const answer = () =>
    sendJson(res, 200, { now: clock.now(), speed: clock.speed, manual: clock.manual, moves: clock.moves });
  const seen = Number(url.searchParams.get("moves"));
  const waitMs = Math.min(MAX_HOLD_MS, Number(url.searchParams.get("waitMs") ?? 0));
  if (!url.searchParams.has("moves") || !(seen >= clock.moves) || !(waitMs > 0)) return answer();
  const done = () => {
    clearTimeout(timer);
    unsubscribe();
  };
  const unsubscribe = clock.onMove(() => {
    done();
    answer();
  });
  const timer = setTimeout(() => {
    done();
    answer();
  }, waitMs);
  // A follower gone (its command ended, the sandbox stopping) leaves neither a timer nor a watcher.
  res.on("close", done);
}

/** Fault injection, shared by the admin API and tests. Throws with a one-line reason on bad input. */
export function applyFault(sb: SandboxView, f: Record<string, unknown>): Record<string, unknown> {
  const { world } = sb;
  const target = String(f.target ?? "green");
  const keyOk = () => {
    if (![...world.alb.targetGroups.values()].some((t) => t.key === target))
      throw new Error(`no target group "${target}"`);
  };
  switch (f.type) {
    case "error-rate": {
      keyOk();
      const v = Number(f.value);
      if (!(v >= 0 && v <= 1)) throw new Error("error-rate value must be a fraction between 0 and 1");
      world.setTrafficFault(target, { errorRate: v });
      return { type: "error-rate", target, value: v };
    }
    case "client-error-rate": {
      keyOk();
      const v = Number(f.value);
      if (!(v >= 0 && v <= 1)) throw new Error("client-error-rate value must be a fraction between 0 and 1");
      world.setTrafficFault(target, { clientErrorRate: v });
      return { type: "client-error-rate", target, value: v };
    }
    case "crash":
    case "hang": {
      keyOk();
      const v = f.value === undefined ? 1 : Number(f.value);
      if (!(v >= 0 && v <= 1)) throw new Error(`${f.type} share must be a fraction between 0 and 1`);
      world.setTrafficFault(target, f.type === "crash" ? { crashed: v } : { hung: v });
      return { type: f.type, target, value: v };
    }
    case "latency": {
      keyOk();
      const v = Number(f.multiplier);
      if (!(v > 0)) throw new Error("latency multiplier must be positive");
      world.setTrafficFault(target, { latencyMultiplier: v });
      return { type: "latency", target, multiplier: v };
    }
    case "unhealthy": {
      keyOk();
      const n = Number(f.count);
      if (!(Number.isInteger(n) && n >= 0)) throw new Error("unhealthy count must be a whole number");
      world.setTrafficFault(target, { unhealthyTargets: n });
      return { type: "unhealthy", target, count: n };
    }
    case "node": {
      const names = sb.kube.nodeNames();
      const name = f.name === undefined ? names[0]! : String(f.name);
      if (!names.includes(name)) throw new Error(`no node "${name}"; nodes are ${names.join(", ")}`);
      world.faults.setNodeReady(name, Boolean(f.ready));
      return { type: "node", name, ready: Boolean(f.ready) };
    }
    case "ingress-controller": {
      // The AWS Load Balancer Controller: slow, never reconciling, reconciling wrong weights, rejected.
      const mode = String(f.mode ?? "ok") as ControllerFault;
      if (!CONTROLLER_FAULTS.includes(mode))
        throw new Error(`ingress-controller mode must be one of ${CONTROLLER_FAULTS.join(", ")}`);
      const delay = f.delaySeconds === undefined ? undefined : Number(f.delaySeconds);
      if (delay !== undefined && !(delay >= 0 && delay <= 3600))
        throw new Error("delaySeconds must be 0 to 3600 (sandbox seconds)");
      sb.kube.ingress.setFault(mode, delay);
      world.record({ kind: "fault", detail: { ingressController: mode, delaySeconds: delay } });
      return { type: "ingress-controller", mode, delaySeconds: sb.kube.ingress.delayMs / 1000 };
    }
    case "image": {
      const image = String(f.image ?? "");
      if (!image) throw new Error("an image fault names the image, e.g. nba-mcp-synthesis:2.1");
      const behaviour = String(f.behaviour ?? "crash") as ImageBehaviour;
      if (!IMAGE_BEHAVIOURS.includes(behaviour))
        throw new Error(`image behaviour must be one of ${IMAGE_BEHAVIOURS.join(", ")}`);
      sb.kube.setImageFault(image, behaviour);
      return { type: "image", image, behaviour };
    }
    case "api": {
      const kind = String(f.kind) as ApiFaultKind;
      if (!API_FAULT_KINDS.includes(kind))
        throw new Error(`api fault kind must be one of ${API_FAULT_KINDS.join(", ")}`);
      const count = f.count === undefined ? 1 : Number(f.count);
      if (!(Number.isInteger(count) && count > 0)) throw new Error("count must be a positive whole number");
      const op = String(f.operation ?? "*");
      const fault = world.faults.addApi(
        op,
        kind,
        count,
        f.delayMs === undefined ? undefined : Number(f.delayMs),
        f.message === undefined ? undefined : String(f.message),
      );
      return { type: "api", ...fault };
    }
    case "rbac": {
      // golive's service account lacks (or gets back) a verb on a resource: 403 as RBAC answers.
      const verb = String(f.verb ?? "");
      const resource = String(f.resource ?? "");
      if (!/^(get|list|watch|patch|update|\*)$/.test(verb) || !/^[a-z]+(\/[a-z]+)?$/.test(resource))
        throw new Error(
          "an rbac fault names a verb (get, list, watch, patch, update, *) and a resource, e.g. patch deployments",
        );
      world.faults.setKubeDenied(verb, resource, f.allow !== true);
      return { type: "rbac", verb, resource, denied: f.allow !== true };
    }
    case "listener": {
      world.faults.setListenerDeleted(Boolean(f.deleted));
      return { type: "listener", deleted: Boolean(f.deleted) };
    }
    case "data-plane":
      return dataPlaneFault(sb, f);
    case "clear": {
      world.clearFaults();
      world.alb.extraListeners.length = 0;
      // What data-plane faults changed in the ALB's configuration goes too, so DescribeRules and
      // DescribeListeners agree with the traffic again: the added rules, and the stickiness.
      for (const arn of faultRules.get(world) ?? []) removeRule(world, arn);
      faultRules.delete(world);
      if (world.alb.listener.actions.some((a) => a.ForwardConfig?.TargetGroupStickinessConfig))
        world.setListenerActions(
          world.alb.listener.actions.map((a) => {
            if (!a.ForwardConfig?.TargetGroupStickinessConfig) return a;
            const { TargetGroupStickinessConfig: _, ...rest } = a.ForwardConfig;
            return { ...a, ForwardConfig: rest };
          }),
        );
      return { type: "clear" };
    }
    default:
      throw new Error(
        `unknown fault type "${String(f.type)}"; expected error-rate, client-error-rate, latency, crash, hang, unhealthy, data-plane, node, image, rbac, api, listener or clear`,
      );
  }
}

/** GET /health/<key>, /<key>/health, or /health on <key>.<anything>: the colour's health check. */
export function onHealth(sb: SandboxView, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const { world } = sb;
  const m = /^\/(?:health\/([\w-]+)|([\w-]+)\/health)$/.exec(url.pathname);
  let key = m?.[1] ?? m?.[2];
  if (!key && url.pathname === "/health") key = /^(\w+)\./.exec(String(req.headers.host ?? ""))?.[1];
  const tg = key ? [...world.alb.targetGroups.values()].find((t) => t.key === key) : undefined;
  if (!tg)
    return send(res, {
      status: 404,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ error: `no target group "${key ?? ""}"; try /health/blue or /health/green` }),
    });
  world.advance();
  const targets = world.alb.targetsAt(tg.arn, sb.clock.now());
  const healthy = targets.filter((t) => t.state === "healthy").length;
  const fault = world.faults.traffic.get(tg.arn);
  // Crashed or hung targets: the ALB answers for them, 502 (connection refused) or 504 (after its
  // idle timeout, not waited out here).
  const dead = (fault?.crashed ?? 0) >= 0.5 ? 502 : (fault?.hung ?? 0) >= 0.5 ? 504 : undefined;
  const ok = healthy > 0 && (fault?.errorRate ?? 0) < 0.5 && dead === undefined;
  const status = ok ? 200 : (dead ?? 503);
  world.record({ kind: "health", operation: `GET ${url.pathname}`, status, detail: { target: tg.key } });
  send(res, {
    status,
    headers: { "content-type": "application/json" },
    body: `${JSON.stringify({ status: ok ? "healthy" : "unhealthy", service: tg.name, version: tg.version, targets: { healthy, total: targets.length } })}\n`,
  });
}
