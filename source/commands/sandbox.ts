/** `golive sandbox`: the simulated AWS + Kubernetes endpoints, in the foreground until Ctrl-C. */
import { mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { EnvConfigInput } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { Scenario } from "../sandbox/scenario.js";
import { Sandbox } from "../sandbox/server.js";
import { weightsOf } from "../sandbox/world.js";
import { type Ctx, out } from "./context.js";

interface RunOpts {
  port: string;
  speed: string;
  scenario?: string;
  dir?: string;
}

export async function run(ctx: Ctx, o: RunOpts): Promise<number> {
  const port = parsePort(o.port);
  const speed = Number(o.speed);
  if (!(speed > 0 && speed <= 10_000))
    throw new UserError(`--speed must be a number from 0.1 to 10000, got "${o.speed}"`, ExitCode.usage);
  const scenario = o.scenario ? await loadScenario(resolve(ctx.cwd, o.scenario)) : undefined;
  const sb = await Sandbox.start({ port, speed, scenario }).catch((e: Error) => {
    throw new UserError(e.message, ExitCode.usage);
  });
  const dir = resolve(ctx.cwd, o.dir ?? join(tmpdir(), `golive-sandbox-${port}`));
  const files = await writeSandboxFiles(sb, dir);
  out(ctx, describeSandbox(sb, files));
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    process.once("SIGHUP", stop);
  });
  await sb.stop();
  out(ctx, "sandbox stopped");
  return 0;
}

function parsePort(v: string): number {
  const port = Number(v);
  if (!Number.isInteger(port) || port < 1 || port > 65534)
    throw new UserError(`--port must be 1-65534, got "${v}"`, ExitCode.usage);
  return port;
}

export async function loadScenario(file: string): Promise<Scenario> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new UserError(
      `${file}: cannot read scenario (${(e as Error).message})`,
      ExitCode.input,
      "a scenario is a JSON file; see `golive sandbox --help`",
    );
  }
  // zod and the schema only for a scenario file: the named ones are scenario-defaults.ts's.
  const { parseScenario } = await import("../sandbox/scenario.js");
  try {
    return parseScenario(file, raw);
  } catch (e) {
    throw new UserError((e as Error).message, ExitCode.input);
  }
}

export interface SandboxFiles {
  dir: string;
  kubeconfig: string;
  config: string;
  /** The config file's text as written. */
  configText: string;
  envSh: string;
}

/** A kubeconfig, a golive environment config and a shell snippet, so other terminals can join in. */
export async function writeSandboxFiles(sb: Sandbox, dir: string): Promise<SandboxFiles> {
  // Three small files, written synchronously: `golive demo` writes them before its first frame, and
  // each of the ten thread-pool round trips of the asynchronous calls waited its turn for a core
  // (bench/RESULTS.md §1d).
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const w = sb.world;
  const tgs = [...w.alb.targetGroups.values()];
  const blue = tgs.find((t) => t.key === "blue") ?? tgs[0]!;
  const green = tgs.find((t) => t.key === "green") ?? tgs[1] ?? tgs[0]!;
  const services = [...w.ecs.services.values()];
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      `- name: ${w.kube.cluster}`,
      "  cluster:",
      `    server: ${sb.kubeUrl}`,
      "users:",
      "- name: golive-sandbox",
      "  user:",
      "    token: golive-sandbox",
      "contexts:",
      "- name: golive-sandbox",
      "  context:",
      `    cluster: ${w.kube.cluster}`,
      "    user: golive-sandbox",
      `    namespace: ${w.kube.namespace}`,
      "current-context: golive-sandbox",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const config: EnvConfigInput = {
    name: "sandbox",
    aws: { region: w.region, endpoint: sb.awsUrl, sandbox: true, timeoutMs: 3000, maxAttempts: 4 },
    ecs: {
      cluster: w.ecs.cluster.name,
      blueService: services.find((s) => s.targetGroupArn === blue.arn)?.name ?? "blue",
      greenService: services.find((s) => s.targetGroupArn === green.arn)?.name ?? "green",
    },
    alb: { listenerArn: w.alb.listener.arn, blueTargetGroupArn: blue.arn, greenTargetGroupArn: green.arn },
    health: { blue: sb.healthUrl(blue.key), green: sb.healthUrl(green.key), timeoutMs: 2000 },
    metrics: { source: "cloudwatch", periodSeconds: 60, pollSeconds: 15 },
    kubernetes: {
      kubeconfig,
      context: "golive-sandbox",
      namespace: w.kube.namespace,
      ...(w.kube.deployments[0] ? { deployment: w.kube.deployments[0].name } : {}),
      // The controller owns the listener: golive shifts through the Ingress's annotation.
      ...(w.kube.ingress ? { ingress: { name: w.kube.ingress.name, action: w.kube.ingress.action } } : {}),
    },
    autoRollback: { enabled: false, consecutiveBreaches: 2 },
  };
  const configFile = join(dir, "environment.json");
  const configText = `${JSON.stringify(config, null, 2)}\n`;
  writeFileSync(configFile, configText, { mode: 0o600 });
  const envSh = join(dir, "env.sh");
  writeFileSync(
    envSh,
    [
      "# source this file to run the runbook's own aws/kubectl commands against the sandbox",
      "export AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox",
      `export AWS_DEFAULT_REGION=${w.region} AWS_REGION=${w.region}`,
      `export AWS_ENDPOINT_URL=${sb.awsUrl}`,
      `export KUBECONFIG=${kubeconfig}`,
      `export LISTENER_ARN=${w.alb.listener.arn}`,
      `export TG_BLUE=${blue.arn} TARGET_GROUP_BLUE=${blue.arn}`,
      `export TG_GREEN=${green.arn} TARGET_GROUP_GREEN=${green.arn}`,
      `alias aws='aws --endpoint-url ${sb.awsUrl}'`,
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  return { dir, kubeconfig, config: configFile, configText, envSh };
}

export function describeSandbox(sb: Sandbox, f: SandboxFiles): string {
  const w = sb.world;
  const weights = weightsOf(w.alb.listener.actions);
  const lines = [
    `golive sandbox — simulated AWS and Kubernetes on 127.0.0.1 (clock ${sb.clock.speed}×)`,
    `  AWS endpoint   ${sb.awsUrl}    region ${w.region}, any credentials (signed requests only)`,
    `  Kubernetes     ${sb.kubeUrl}    cluster ${w.kube.cluster}, namespace ${w.kube.namespace}`,
    `  kubeconfig     ${f.kubeconfig}`,
    `  golive config  ${f.config}    (golive new --config ${f.config} ...)`,
    `  shell          source ${f.envSh}    (LISTENER_ARN, TG_BLUE, TG_GREEN, aws --endpoint-url)`,
    "",
    `  load balancer  ${w.alb.loadBalancer.arn}`,
    `  listener       ${w.alb.listener.arn}`,
  ];
  for (const tg of w.alb.targetGroups.values()) {
    lines.push(
      `  target group   ${tg.key.padEnd(6)} ${tg.arn}  (${tg.version}, ${Math.round((weights.get(tg.arn) ?? 0) * 100)} % of traffic)`,
    );
    lines.push(`  health         ${tg.key.padEnd(6)} ${sb.healthUrl(tg.key)}`);
  }
  lines.push(`  ECS            cluster ${w.ecs.cluster.name}: ${[...w.ecs.services.keys()].join(", ")}`);
  lines.push("", "Rehearse with the real CLIs:");
  lines.push(
    `  aws --endpoint-url ${sb.awsUrl} elbv2 describe-listeners --listener-arns ${w.alb.listener.arn}`,
  );
  lines.push(`  KUBECONFIG=${f.kubeconfig} kubectl get nodes`);
  lines.push(`Inject faults from another terminal: golive sandbox fault --help`, "Ctrl-C stops the sandbox.");
  return lines.join("\n");
}

// ---- golive sandbox fault / state / clock -----------------------------------------------------------

export async function fault(ctx: Ctx, o: { port: string }, ...args: string[]): Promise<number> {
  const words = args.flat().filter((a) => typeof a === "string");
  const [type, ...rest] = words;
  const body = faultBody(type, rest);
  const res = await admin(o.port, "/fault", body);
  out(ctx, `fault applied: ${JSON.stringify(res.fault)}`);
  return 0;
}

export function faultBody(type: string | undefined, rest: string[]): Record<string, unknown> {
  const usage = "see `golive sandbox fault --help`";
  switch (type) {
    case "error-rate":
    case "client-error-rate": {
      const [target, value] = rest;
      const v = parseFraction(value);
      if (!target || v === undefined)
        throw new UserError(
          `usage: golive sandbox fault ${type} TARGET RATE (e.g. green 8%)`,
          ExitCode.usage,
        );
      return { type, target, value: v };
    }
    case "latency": {
      const [target, value] = rest;
      const m = Number(String(value ?? "").replace(/x$/i, ""));
      if (!target || !(m > 0))
        throw new UserError(
          "usage: golive sandbox fault latency TARGET MULTIPLIER (e.g. green 3x)",
          ExitCode.usage,
        );
      return { type, target, multiplier: m };
    }
    case "crash":
    case "hang": {
      const [target, value] = rest;
      const v = value === undefined ? 1 : parseFraction(value);
      if (!target || v === undefined)
        throw new UserError(
          `usage: golive sandbox fault ${type} TARGET [SHARE] (e.g. ${type} green 100%)`,
          ExitCode.usage,
        );
      return { type, target, value: v };
    }
    case "sticky":
    case "second-listener":
    case "rule": {
      const [value, to] = rest;
      const v = value === undefined ? 0.9 : parseFraction(value);
      if (v === undefined || v <= 0)
        throw new UserError(
          `usage: golive sandbox fault ${type} [SHARE] [TARGET] (e.g. ${type} 90% blue)`,
          ExitCode.usage,
        );
      return { type: "data-plane", kind: type, share: v, to: to ?? "blue" };
    }
    case "unregistered": {
      const [target] = rest;
      if (!target) throw new UserError("usage: golive sandbox fault unregistered TARGET", ExitCode.usage);
      return { type: "data-plane", kind: "unregistered", target };
    }
    case "unhealthy": {
      const [target, count] = rest;
      if (!target || !/^\d+$/.test(count ?? ""))
        throw new UserError("usage: golive sandbox fault unhealthy TARGET COUNT", ExitCode.usage);
      return { type, target, count: Number(count) };
    }
    case "ingress-controller": {
      const [mode, delay] = rest;
      if (!mode || (delay !== undefined && !/^\d+s?$/.test(delay)))
        throw new UserError(
          "usage: golive sandbox fault ingress-controller ok|slow|never|wrong|reject [DELAY_SECONDS]",
          ExitCode.usage,
        );
      return {
        type,
        mode,
        ...(delay === undefined ? {} : { delaySeconds: Number(delay.replace(/s$/, "")) }),
      };
    }
    case "node-not-ready":
    case "node-ready":
      return { type: "node", name: rest[0], ready: type === "node-ready" };
    case "api": {
      const [operation, kind, count, delay] = rest;
      if (!operation || !kind)
        throw new UserError(
          "usage: golive sandbox fault api OPERATION KIND [COUNT] [DELAY_MS]",
          ExitCode.usage,
          usage,
        );
      return {
        type,
        operation,
        kind,
        count: count === undefined ? 1 : Number(count),
        delayMs: delay === undefined ? undefined : Number(delay),
      };
    }
    case "image": {
      const [image, behaviour] = rest;
      if (!image || !behaviour)
        throw new UserError(
          "usage: golive sandbox fault image IMAGE ok|crash|pull|oom|unschedulable (pods started from IMAGE from now on)",
          ExitCode.usage,
        );
      return { type, image, behaviour };
    }
    case "rbac":
    case "rbac-allow": {
      const [verb, resource] = rest;
      if (!verb || !resource)
        throw new UserError(
          `usage: golive sandbox fault ${type} VERB RESOURCE (e.g. ${type} patch deployments): golive's service account ${type === "rbac" ? "loses" : "gets back"} that permission`,
          ExitCode.usage,
        );
      return { type: "rbac", verb, resource, ...(type === "rbac-allow" ? { allow: true } : {}) };
    }
    case "listener-deleted":
    case "listener-restored":
      return { type: "listener", deleted: type === "listener-deleted" };
    case "clear":
      return { type };
    default:
      throw new UserError(`unknown fault "${type ?? ""}"`, ExitCode.usage, usage);
  }
}

function parseFraction(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(v);
  const n = pct ? Number(pct[1]) / 100 : Number(v);
  return n >= 0 && n <= 1 ? n : undefined;
}

export async function state(ctx: Ctx, o: { port: string }): Promise<number> {
  const port = parsePort(o.port);
  const res = await fetch(`http://127.0.0.1:${port}/_sandbox/state`).catch(() => undefined);
  if (!res)
    throw new UserError(
      `no sandbox answers on 127.0.0.1:${port}`,
      ExitCode.aws,
      "start one with `golive sandbox`, or pass --port",
    );
  out(ctx, JSON.stringify(await res.json(), null, 2));
  return 0;
}

export async function clock(ctx: Ctx, o: { port: string }, by: string): Promise<number> {
  const m = /^\+?(\d+(?:\.\d+)?)(s|m|h)$/.exec(by ?? "");
  if (!m) throw new UserError(`usage: golive sandbox clock +10m (got "${by ?? ""}")`, ExitCode.usage);
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "s" | "m" | "h"];
  const res = await admin(o.port, "/clock", { advanceMs: ms });
  out(ctx, `sandbox clock now ${String(res.now)}`);
  return 0;
}

async function admin(portArg: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const port = parsePort(portArg);
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}/_sandbox${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
  } catch {
    throw new UserError(
      `no sandbox answers on 127.0.0.1:${port}`,
      ExitCode.aws,
      "start one with `golive sandbox`, or pass --port",
    );
  }
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new UserError(`sandbox refused: ${String(json.error)}`, ExitCode.usage);
  return json;
}
