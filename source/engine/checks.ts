/**
 * Running a runbook item's check: the binding from its annotation (http, ecs-service, k8s-…), or
 * its own code block. `plan` says exactly what will run, for the confirmation; `run` does it and
 * returns evidence for the record.
 */

import type { CheckKind } from "../domain/check-kinds.js";
import type { EnvConfig } from "../domain/config.js";
import type { SessionState } from "../domain/events.js";
import type { EcsPort, HealthPort, KubePort, ProbePort, ShellPort, TrafficPort } from "../domain/ports.js";
import { redact } from "../domain/redact.js";
import type { Item, Runbook } from "../domain/runbook.js";
import { planScript } from "./check-command.js";
import type { Monitor } from "./monitor.js";

export interface CheckPlan {
  item: Item;
  kind: CheckKind;
  /** What will run, word for word, for the confirmation. */
  shows: string;
  command?: string;
  env?: Record<string, string>;
  dangerous: boolean;
}

export interface CheckDeps {
  probe: ProbePort;
  health: HealthPort;
  traffic: TrafficPort;
  ecs: EcsPort;
  kube?: KubePort;
  shell: ShellPort;
  monitor: Monitor;
  config: EnvConfig;
  /** Where runbook commands run: the lead's working directory. */
  cwd?: string;
}

export interface CheckOutcome {
  ok: boolean;
  evidence: string;
  exitCode?: number;
}

export function planCheck(
  rb: Runbook,
  item: Item,
  state: SessionState,
  config: EnvConfig | undefined,
): CheckPlan {
  const binding = item.binding;
  const code = rb.commands.find((c) => c.item === item.id);
  const kind: CheckKind | undefined = binding?.kind ?? (code ? "command" : undefined);
  if (!kind)
    throw new Error(
      `${item.id} has no check: bind one with <!-- golive check KIND --> or give the item a code block`,
    );
  const args = binding?.args ?? {};
  if (kind === "command") {
    if (!code) throw new Error(`${item.id} is bound to check command but has no runnable code block`);
    return { item, kind, ...planScript(code, rb, state, config), dangerous: true };
  }
  const shows: Record<Exclude<CheckKind, "command">, string> = {
    http: `GET ${args.url} (expect ${args.expect ?? "2xx"})`,
    "ecs-service": `ecs:DescribeServices ${args.service} in ${config?.ecs?.cluster ?? "(no ecs section in the config)"} (running = desired, rollout COMPLETED)`,
    "target-health": `elbv2:DescribeTargetHealth ${args.target} (all targets healthy)`,
    listener: `elbv2:DescribeListeners${args.green ? ` (green = ${args.green} %)` : ""}`,
    "k8s-api": "GET /version on the Kubernetes API",
    "k8s-nodes": "list nodes (all Ready)",
    "k8s-deployments": `list deployments in ${args.namespace ?? config?.kubernetes?.namespace ?? "default"}${args.selector ? ` -l ${args.selector}` : ""} (all available)`,
    "k8s-pods": `list pods in ${args.namespace ?? config?.kubernetes?.namespace ?? "default"}${args.selector ? ` -l ${args.selector}` : ""} (all ready)`,
    "k8s-events": `list warning events in ${args.namespace ?? config?.kubernetes?.namespace ?? "default"} (last ${args.since ?? "15m"})`,
    baseline: "CloudWatch GetMetricData: last 15 minutes of the serving color (p95, error rate, throughput)",
  };
  return { item, kind, shows: shows[kind], dangerous: false };
}

export async function runCheck(plan: CheckPlan, d: CheckDeps, by: string): Promise<CheckOutcome> {
  const args = plan.item.binding?.args ?? {};
  const ns = args.namespace ?? d.config.kubernetes?.namespace ?? "default";
  const kube = () => {
    if (!d.kube) throw new Error("no Kubernetes configured for this environment (config: kubernetes)");
    return d.kube;
  };
  switch (plan.kind) {
    case "command": {
      const timeoutMs = args.timeout ? Number(args.timeout) * 1000 : 120_000;
      const r = await d.shell.run(`set -e\n${plan.command!}`, { env: plan.env ?? {}, timeoutMs, cwd: d.cwd });
      const tail = r.output.trim().split("\n").slice(-20).join("\n");
      return {
        ok: r.exitCode === 0,
        exitCode: r.exitCode ?? undefined,
        evidence: r.timedOut
          ? `timed out after ${timeoutMs / 1000} s\n${tail}`
          : `exit ${r.exitCode} in ${(r.ms / 1000).toFixed(1)} s\n${tail}`,
      };
    }
    case "http": {
      const r = await d.probe.probe(
        args.url!,
        args.timeout ? Number(args.timeout) * 1000 : d.config.health.timeoutMs,
      );
      const ok = args.expect ? String(r.status) === args.expect : r.ok;
      return {
        ok,
        // A health endpoint can echo configuration; its body is shown and stored redacted.
        evidence: redact(
          `GET ${r.url} → ${r.status ?? r.error} in ${r.ms.toFixed(0)} ms${r.body ? `: ${r.body.slice(0, 200)}` : ""}`,
        ),
      };
    }
    case "ecs-service": {
      const e = d.config.ecs;
      if (!e) throw new Error("no ECS configured for this environment (config: ecs)");
      const name =
        args.service === "blue" ? e.blueService : args.service === "green" ? e.greenService : args.service!;
      const r = await d.ecs.describe([name]);
      const s = r.services[0];
      if (!s) return { ok: false, evidence: `service ${name} is MISSING in ${e.cluster}` };
      const ok =
        s.status === "ACTIVE" && s.running === s.desired && s.pending === 0 && s.rolloutState === "COMPLETED";
      return {
        ok,
        evidence: `${name}: ${s.running}/${s.desired} running, ${s.pending} pending, rollout ${s.rolloutState}, ${s.taskDefinition.split("/").at(-1)}`,
      };
    }
    case "target-health": {
      const color = args.target === "green" ? "green" : "blue";
      const t = await d.health.targets(color);
      return {
        ok: t.total > 0 && t.healthy === t.total,
        evidence: `${color}: ${t.healthy}/${t.total} targets healthy (${t.states.join(", ") || "no targets"})`,
      };
    }
    case "listener": {
      const l = await d.traffic.read();
      const ok = args.green === undefined || l.weights.green === Number(args.green);
      return {
        ok,
        evidence: `listener: blue ${l.weights.blue} / green ${l.weights.green} (raw ${l.raw.blue}/${l.raw.green})`,
      };
    }
    case "k8s-api":
      return fromKube(await kube().apiReachable());
    case "k8s-nodes":
      return fromKube(await kube().nodesReady());
    case "k8s-deployments":
      return fromKube(await kube().deploymentsAvailable(ns, args.selector));
    case "k8s-pods":
      return fromKube(await kube().podsReady(ns, args.selector));
    case "k8s-events":
      return fromKube(await kube().warningEvents(ns, Number((args.since ?? "15m").replace(/m$/, "")) || 15));
    case "baseline": {
      const m = await d.monitor.captureBaseline(by);
      return {
        ok: m.errorRate !== null,
        evidence:
          m.errorRate === null
            ? "no datapoints in the last 15 minutes"
            : // A number the window lacks (no percentile port, no request count) says so, not "undefined".
              `${m.latencyP95 === null ? "p95 unknown" : `p95 ${m.latencyP95.toFixed(0)} ms`}, errors ${m.errorRate.toFixed(2)} %, ${m.throughput === null ? "throughput unknown" : `${m.throughput.toFixed(1)} req/s`}`,
      };
    }
  }
}

function fromKube(c: { ok: boolean; summary: string; details: string[] }): CheckOutcome {
  return { ok: c.ok, evidence: [c.summary, ...c.details].join("\n") };
}
