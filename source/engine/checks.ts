/**
 * Running a runbook item's check: the binding from its annotation (http, ecs-service, k8s-…), or
 * its own code block. `plan` says exactly what will run, for the confirmation; `run` does it and
 * returns evidence for the record.
 */

import type { CheckKind } from "../domain/check-kinds.js";
import type { Command } from "../domain/code-block.js";
import { commandValueError } from "../domain/command-values.js";
import type { EnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { SessionState } from "../domain/events.js";
import type { EcsPort, HealthPort, KubePort, ProbePort, ShellPort, TrafficPort } from "../domain/ports.js";
import { redact } from "../domain/redact.js";
import type { Item, Runbook } from "../domain/runbook.js";
import { scanFieldRefs, shellQuote } from "../domain/shell-quote.js";
import type { Recorder } from "./controller.js";
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
            : `p95 ${m.latencyP95?.toFixed(0)} ms, errors ${m.errorRate.toFixed(2)} %, ${m.throughput?.toFixed(1)} req/s`,
      };
    }
  }
}

function fromKube(c: { ok: boolean; summary: string; details: string[] }): CheckOutcome {
  return { ok: c.ok, evidence: [c.summary, ...c.details].join("\n") };
}

/** A command block by its id (`c5`): the seeds put code under steps, not items. */
export function planCommand(
  rb: Runbook,
  id: string,
  state: SessionState,
  config: EnvConfig | undefined,
): CheckPlan {
  const code = rb.commands.find((c) => c.id === id);
  if (!code) throw new Error(`no command "${id}" in this runbook (commands are c1–c${rb.commands.length})`);
  const section = rb.sections.find((s) => s.id === code.section);
  const item = rb.items.find((i) => i.id === code.item) ?? {
    id: code.id,
    text: `${section?.title ?? "command"} (${code.lang || "shell"} block, line ${code.position.line})`,
    section: code.section,
    depth: 0,
    checkedInSource: false,
    box: code.position,
    position: code.position,
  };
  return { item, kind: "command", ...planScript(code, rb, state, config), dangerous: true };
}

/** A block golive refuses to run as a script, with the engine actions that do its steps. */
export class RefusedBlockError extends Error {
  constructor(
    readonly block: Command,
    readonly actions: string[],
  ) {
    const what = [...new Set(block.changes.map((c) => c.what))].join(" and ");
    const cmds = [...new Set(block.changes.map((c) => c.command))]
      .map(
        (c) =>
          `${c} (line ${block.changes
            .filter((x) => x.command === c)
            .map((x) => x.line)
            .join(", ")})`,
      )
      .join(", ");
    super(
      `${block.id} changes ${what}: ${cmds}; golive never runs such a block as a script — do the step with ${actions.join("; or ")}`,
    );
  }
}

/**
 * What a runnable block runs: a shell block as itself, a program through the interpreter its `#!`
 * names (on stdin, under a delimiter the script does not contain). A block that changes traffic or
 * capacity is refused whole: running "the rest" would still be a half-done step.
 */
function planScript(
  code: Command,
  rb: Runbook,
  state: SessionState,
  config: EnvConfig | undefined,
): { shows: string; command: string; env: Record<string, string> } {
  if (code.changes.length) throw new RefusedBlockError(code, [...new Set(code.changes.map((c) => c.action))]);
  const env = commandEnv(config, rb, state);
  if (code.interpreter === "bash") {
    const command = substitute(code.script, rb, state);
    return {
      shows: `${fieldValuesShown(code.script, env)}bash -e <<'EOF'\n${command}\nEOF`,
      command,
      env,
    };
  }
  refuseRedactedSecret(code.script);
  let eof = "EOF";
  while (code.script.split("\n").includes(eof)) eof += "_";
  const command = `${shellQuote(code.interpreter)} <<'${eof}'\n${code.script}\n${eof}`;
  return { shows: command, command, env };
}

/** What a runbook command sees: the environment's names as variables, recorded values as GOLIVE_F<n>. */
export function commandEnv(
  config: EnvConfig | undefined,
  rb: Runbook,
  state: SessionState,
): Record<string, string> {
  const env: Record<string, string> = {};
  if (config) {
    // Only the parts the config names: a command using $CLUSTER in an EKS-only go-live finds it unset.
    if (config.alb)
      Object.assign(env, {
        LISTENER_ARN: config.alb.listenerArn,
        TG_BLUE: config.alb.blueTargetGroupArn,
        TG_GREEN: config.alb.greenTargetGroupArn,
        TARGET_GROUP_BLUE: config.alb.blueTargetGroupArn,
        TARGET_GROUP_GREEN: config.alb.greenTargetGroupArn,
      });
    if (config.ecs) env.CLUSTER = config.ecs.cluster;
    Object.assign(env, { AWS_REGION: config.aws.region, AWS_DEFAULT_REGION: config.aws.region });
    if (config.aws.endpoint) env.AWS_ENDPOINT_URL = config.aws.endpoint;
    if (config.aws.profile) env.AWS_PROFILE = config.aws.profile;
    if (config.aws.sandbox)
      Object.assign(env, { AWS_ACCESS_KEY_ID: "sandbox", AWS_SECRET_ACCESS_KEY: "sandbox" });
    if (config.kubernetes?.kubeconfig) env.KUBECONFIG = config.kubernetes.kubeconfig;
  }
  for (const f of rb.fields) {
    const v = state.fields[f.id];
    if (v) env[`GOLIVE_${f.id.toUpperCase()}`] = v.value;
  }
  return env;
}

/**
 * `{{f3}}` in a command becomes a reference to `$GOLIVE_F3` (which the command gets in its
 * environment), written for the quoting it sits in. Bash never re-parses what a variable expands to,
 * so no recorded value can become syntax of this shell; a second shell (`bash -c "…"`, `ssh host
 * "…"`) would parse it, so every value a command uses must also be plain data for its field's type
 * (domain/command-values.ts). A command holding a secret that was redacted when the session was
 * stored cannot run as written: the lead is told to move the secret into an environment variable.
 */
export function substitute(code: string, rb: Runbook, state: SessionState): string {
  refuseRedactedSecret(code);
  for (const ref of scanFieldRefs(code)) {
    const token = code.slice(ref.start, ref.end);
    const field = rb.fields.find((f) => f.id === ref.id);
    if (!field) throw new Error(`the command uses ${token}, but the runbook has no field ${ref.id}`);
    const v = state.fields[ref.id];
    if (!v) throw new Error(`the command uses ${token}, but ${ref.id} has no value yet (record it first)`);
    const bad = commandValueError(field, v.value);
    if (bad)
      throw new UserError(
        bad,
        ExitCode.refused,
        `record a plain value with \`golive record ${ref.id} VALUE\``,
      );
    if (ref.context === "literal")
      throw new Error(
        `${token} sits in a quoted here-document (<<'EOF'), where nothing expands; unquote its delimiter`,
      );
  }
  return withFieldRefs(code);
}

/**
 * A secret written in the runbook was redacted when the session was stored: the command cannot run
 * as written, and the lead is told where the secret belongs instead.
 */
export function refuseRedactedSecret(code: string): void {
  const redacted = /\[REDACTED:[^\]]*\]/.exec(code);
  if (redacted) {
    const line = code.slice(0, redacted.index).split("\n").length;
    throw new UserError(
      `the command holds a secret (line ${line} of the block), stored as ${redacted[0]}: it cannot run as written`,
      ExitCode.refused,
      'move the secret into an environment variable (e.g. "$DB_PASSWORD") in the runbook, export it before golive, and start a new session',
    );
  }
}

/** Each `{{fN}}` as "$GOLIVE_FN" written for the quoting it sits in (one word, never re-parsed). */
export function withFieldRefs(code: string): string {
  let out = "";
  let at = 0;
  for (const ref of scanFieldRefs(code)) {
    const name = `\${GOLIVE_${ref.id.toUpperCase()}}`;
    out += code.slice(at, ref.start);
    out +=
      ref.context === "double" || ref.context === "literal"
        ? name
        : ref.context === "single"
          ? `'"${name}"'`
          : `"${name}"`;
    at = ref.end;
  }
  return out + code.slice(at);
}

/** The values a command's `{{fN}}` refer to, as the `env` prefix that shows exactly what will run. */
export function fieldValuesShown(code: string, env: Record<string, string>): string {
  const ids = [...new Set(scanFieldRefs(code).map((r) => r.id))];
  if (!ids.length) return "";
  return `env ${ids.map((id) => `GOLIVE_${id.toUpperCase()}=${shellQuote(env[`GOLIVE_${id.toUpperCase()}`] ?? "")}`).join(" ")} `;
}

/** `i12` (an item's check) or `c5` (a command block), as the lead types it. */
export function planFor(
  rb: Runbook,
  ref: string,
  state: SessionState,
  config: EnvConfig | undefined,
): CheckPlan {
  const r = ref.trim().toLowerCase();
  if (/^c\d+$/.test(r)) return planCommand(rb, r, state, config);
  const id = /^\d+$/.test(r) ? `i${r}` : r;
  const item = rb.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item "${ref}" in this runbook (items are i1–i${rb.items.length})`);
  return planCheck(rb, item, state, config);
}

/**
 * Runs a confirmed plan and records it: `check.ran` always (a failure to run is a failed check
 * with the reason as evidence), and the item ticked when the check passed.
 */
export async function runAndRecord(
  plan: CheckPlan,
  d: CheckDeps,
  recorder: Recorder,
  by: string,
): Promise<CheckOutcome> {
  const r = await runCheck(plan, d, by).catch((e: Error) => ({
    ok: false,
    evidence: `could not run: ${e.message}`,
    exitCode: undefined,
  }));
  await recorder.append(
    "check.ran",
    {
      item: plan.item.id,
      kind: plan.kind,
      ok: r.ok,
      evidence: r.evidence,
      command: plan.command,
      exitCode: r.exitCode,
    },
    by,
  );
  // Baseline ticks its own item; a command block (c5) is not an item.
  if (r.ok && plan.kind !== "baseline" && plan.item.id.startsWith("i")) {
    await recorder.append("item.checked", { item: plan.item.id, evidence: r.evidence.split("\n")[0] }, by);
  }
  return r;
}
