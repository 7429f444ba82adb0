/** Builds the engine for a session from the config the session was started with. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { AlbConfig, ConfigPart, EnvConfig } from "../domain/config.js";
import { missingPartText, validateEnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { manualGateChecks, sessionManualChecks } from "../domain/manual-checks.js";
import type { EcsPort, EngineClock, FencePort, KubePort, TrafficPort } from "../domain/ports.js";
import { redactDeep } from "../domain/redact.js";
import type { RolloutPort } from "../domain/rollout.js";
import type { Runbook } from "../domain/runbook.js";
import type { CheckDeps } from "../engine/checks.js";
import { Engine } from "../engine/engine.js";
import { fleetReader } from "../engine/fleet.js";
import type { KubeRelease } from "../engine/k8s-rollback.js";
import { absentEcs, absentHealth, absentMetrics, absentTraffic } from "../integrations/absent.js";
import { AlbHealth, AlbTraffic } from "../integrations/aws/alb.js";
import { type AwsClients, createAwsClients } from "../integrations/aws/clients.js";
import { CloudWatchMetrics } from "../integrations/aws/cloudwatch.js";
import { EcsServices } from "../integrations/aws/ecs.js";
import { FenceFile } from "../integrations/fence-file.js";
import { HttpProbe } from "../integrations/http-probe.js";
import type { KubeClient } from "../integrations/kubernetes/client.js";
import { IngressTraffic } from "../integrations/kubernetes/ingress-traffic.js";
import type { KubeRollouts } from "../integrations/kubernetes/rollouts.js";
import { PrometheusMetrics } from "../integrations/prometheus-metrics.js";
import { BashShell } from "../integrations/shell.js";
import { fallbackFiles, writeFallback } from "../session/fallback.js";
import { listSessions, type SessionStore } from "../session/store.js";
import { approvalWaitFor } from "./approval-gate.js";
import { type Ctx, type GlobalOpts, openSession, sessionsDir } from "./context.js";
import { kubectlFor } from "./kubectl.js";
import { mayLead, readOnlyTeamFence, teamOf } from "./team.js";

export interface EngineHandle {
  store: SessionStore;
  runbook: Runbook;
  config: EnvConfig;
  engine: Engine;
  aws: AwsClients;
  ecs: EcsPort;
  /** Set when another golive holds the session: actions still run, records go to the fallback file. */
  lockedBy?: string;
  close(): Promise<void>;
}

export function configOf(store: SessionStore): EnvConfig {
  const c = store.state.config;
  if (!c) {
    throw new UserError(
      `session ${store.id} has no environment config`,
      ExitCode.usage,
      "attach one with `golive attach --config FILE` (`golive sandbox` writes one for the sandbox)",
    );
  }
  const v = validateEnvConfig(c.value);
  if (!v.ok)
    throw new UserError(
      `the session's config (${c.file}) no longer validates: ${v.problems.join("; ")}`,
      ExitCode.input,
    );
  return v.config;
}

export function engineClock(ctx: Ctx): EngineClock {
  return { now: () => ctx.clock.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
}

/**
 * Opens the session and its engine. `allowLocked` is for rollback: it is never blocked by another
 * golive holding the session; its records then go to a fallback file, and the user is told where.
 */
export interface OpenEngineOptions {
  allowLocked?: boolean;
  write?: boolean;
  /** Read-only viewers: the monitor shows, never records or acts. */
  observeOnly?: boolean;
  /** The demo runs the engine on the sandbox's clock. */
  clock?: EngineClock;
  /** The approval clock (the hosts'), where `ctx.clock` is a rehearsal's (the cockpit's session clock). */
  approvalNow?: () => number;
  /** Clock ms per real ms (the demo's --speed): how old observations may get before stale. */
  clockRate?: number;
  tuneConfig?: (c: EnvConfig) => EnvConfig;
  fence?: FencePort;
}

/**
 * A session that cannot be read (truncated, edited, replaced): its `.bak`, read-only, so a rollback
 * still knows the environment. Nothing is written to either file.
 */
async function openLastGoodCopy(ctx: Ctx, o: GlobalOpts, command: string, why: UserError) {
  const dir = sessionsDir(ctx, o);
  let file: string | undefined;
  if (o.session && (o.session.includes("/") || o.session.endsWith(".json")))
    file = resolve(ctx.cwd, o.session);
  else {
    const all = await listSessions(dir);
    const damaged = all.filter((s) => s.problem && (!o.session || s.id.startsWith(o.session)));
    file = damaged[0]?.file;
  }
  const bak = file ? `${file}.bak` : undefined;
  if (!bak || !existsSync(bak)) throw why;
  try {
    return await openSession(ctx, { ...o, session: bak }, false, command);
  } catch {
    throw new UserError(
      `${why.message}; its last good copy ${bak} cannot be read either`,
      why.exitCode,
      "roll back by hand with `aws elbv2 modify-listener` (the listener ARN is in your environment config)",
    );
  }
}

export async function openEngine(
  ctx: Ctx,
  o: GlobalOpts,
  command: string,
  opts: OpenEngineOptions = {},
): Promise<EngineHandle> {
  let opened: Awaited<ReturnType<typeof openSession>>;
  let lockedBy: string | undefined;
  try {
    // A rollback never waits on S3 (team mode): what it records is shared in the background.
    opened = await openSession(ctx, o, opts.write ?? true, command, { teamWait: !opts.allowLocked });
  } catch (e) {
    // Rollback is never blocked: not by another writer, an unwritable disk, or a damaged file.
    if (!(opts.allowLocked && e instanceof UserError && e.exitCode !== ExitCode.usage)) throw e;
    lockedBy = e.message;
    try {
      opened = await openSession(ctx, o, false, command);
    } catch (e2) {
      if (!(e2 instanceof UserError && e2.exitCode === ExitCode.input)) throw e2;
      opened = await openLastGoodCopy(ctx, o, command, e2);
      lockedBy = `${e2.message}; acting on the last good copy ${opened.store.file}`;
    }
  }
  try {
    // A rollback beside the lead's golive (no link of its own) still fences every bastion's writers.
    const fence = lockedBy ? await readOnlyTeamFence(ctx, opened.store) : undefined;
    return {
      ...engineFor(ctx, opened.store, opened.runbook, { ...opts, ...(fence ? { fence } : {}) }),
      lockedBy,
    };
  } catch (e) {
    await opened.store.close();
    throw e;
  }
}

/** The engine over a session that is already open; closing the handle closes the session too. */
export function engineFor(
  ctx: Ctx,
  store: SessionStore,
  runbook: Runbook,
  opts: OpenEngineOptions = {},
): EngineHandle {
  const config = opts.tuneConfig ? opts.tuneConfig(configOf(store)) : configOf(store);
  const aws = createAwsClients(config.aws);
  // Beside the session, else the user's own state directory: private, fsynced, merged back on the next open.
  const files = fallbackFiles(store.file.replace(/\.bak$/, ""), store.id, ctx.env);
  // A part the config leaves out answers every call with what is missing (integrations/absent.ts).
  const file = store.state.config?.file;
  const noAlb = missingPartText("alb", file);
  const ecs = config.ecs
    ? new EcsServices(aws.ecs, config.ecs.cluster)
    : absentEcs(missingPartText("ecs", file));
  const health = config.alb ? new AlbHealth(aws.elbv2, config.alb) : absentHealth(noAlb);
  const clock = opts.clock ?? engineClock(ctx);
  const metrics =
    config.metrics.source === "prometheus" && config.prometheus
      ? new PrometheusMetrics(config.prometheus, { now: () => clock.now(), rate: opts.clockRate ?? 1 })
      : config.alb
        ? new CloudWatchMetrics(aws.cloudwatch, config.alb)
        : absentMetrics(noAlb);
  const engine = new Engine({
    traffic: config.alb
      ? trafficFor(config, config.alb, new AlbTraffic(aws.listener, config.alb, config.aws))
      : absentTraffic(noAlb),
    // A team session's writers are on several bastions: its fence is in S3, next to the lead lease.
    fence: opts.fence ?? teamOf(store)?.fence() ?? fenceFor(ctx, store),
    health,
    fleet: fleetReader(
      health,
      config.ecs ? ecs : undefined,
      config.ecs ? { blue: config.ecs.blueService, green: config.ecs.greenService } : {},
    ),
    probe: new HttpProbe(),
    metrics,
    recorder: store,
    clock,
    config,
    runbook,
    observeOnly: opts.observeOnly,
    clockRate: opts.clockRate,
    fallback: (event) => writeFallback(files, redactDeep({ session: store.id, ...event })),
    kube: kubeReleaseFor(config, store, () => clock.now()),
    ...(teamOf(store) || opts.fence ? { mayLead: () => mayLead(store) } : {}),
    approval: opts.observeOnly ? undefined : approvalWaitFor(ctx, store, config, opts.approvalNow),
  });
  // What golive cannot measure holds the Go decision until a person confirms it clear.
  const byHand = sessionManualChecks(runbook, config);
  engine.addGateChecks("manual", () => manualGateChecks(byHand, runbook, store.state, engine.steps.slice(1)));
  return {
    store,
    runbook: engine.d.runbook,
    config,
    engine,
    aws,
    ecs,
    async close() {
      engine.monitor.stop();
      engine.rollout?.stop();
      aws.destroy();
      await store.close();
    },
  };
}

/** The session's cross-process fence token (traffic and Kubernetes writes; rollbacks fence the rest). */
export function fenceFor(ctx: Ctx, store: SessionStore): FenceFile {
  return new FenceFile(join(dirname(store.file.replace(/\.bak$/, "")), `${store.id}.fence`), () =>
    ctx.clock.now(),
  );
}

/**
 * The listener directly, or — when an Ingress's AWS Load Balancer Controller owns it — through the
 * Ingress's forward-action annotation, read back on the listener all the same.
 */
function trafficFor(config: EnvConfig, alb: AlbConfig, listener: AlbTraffic): TrafficPort {
  const k = config.kubernetes;
  if (!k?.ingress) return listener;
  let client: Promise<KubeClient> | undefined;
  const kube = () =>
    (client ??= import("../integrations/kubernetes/client.js").then(
      (m) => new m.KubeClient({ kubeconfig: k.kubeconfig, context: k.context, timeoutMs: k.timeoutMs }),
    ));
  return new IngressTraffic(listener, kube, {
    namespace: k.namespace,
    name: k.ingress.name,
    action: k.ingress.action,
    blueTargetGroupArn: alb.blueTargetGroupArn,
    greenTargetGroupArn: alb.greenTargetGroupArn,
    kubectl: kubectlFor(k, "")("").trimEnd(),
  });
}

/**
 * An EKS session's Deployment (kubernetes.release): what a rollback undoes after the listener.
 * client-node loads on the first call, not at every start.
 */
export function kubeReleaseFor(
  config: EnvConfig,
  store: SessionStore,
  now: () => number,
): KubeRelease | undefined {
  const k = config.kubernetes;
  if (!k?.release || !k.deployment) return undefined;
  return {
    rollouts: lazyRollouts(k, now),
    namespace: k.namespace,
    deployment: k.deployment,
    ...(k.container ? { container: k.container } : {}),
    kubectl: kubectlFor(k, k.deployment),
    timeoutMs: k.rollbackTimeoutSeconds * 1000,
    pollMs: 1000,
    recorded: lastUndoTarget(store),
  };
}

/** The newest undo target the session recorded, so a second R (even after a restart) never toggles. */
export function lastUndoTarget(store: SessionStore): { revision?: number; images?: string[] } | undefined {
  for (let i = store.events.length - 1; i >= 0; i--) {
    const e = store.events[i]!;
    if (e.type === "k8s.action" && e.data.action === "undo" && e.data.images?.length)
      return { revision: e.data.revision, images: e.data.images };
  }
  return undefined;
}

export function lazyRollouts(k: NonNullable<EnvConfig["kubernetes"]>, now: () => number): RolloutPort {
  let real: Promise<KubeRollouts> | undefined;
  const get = () =>
    (real ??= import("../integrations/kubernetes/rollouts.js").then(
      (m) =>
        new m.KubeRollouts({ kubeconfig: k.kubeconfig, context: k.context, timeoutMs: k.timeoutMs, now }),
    ));
  return {
    read: async (ns, name) => (await get()).read(ns, name),
    undo: async (ns, name, rs, o) => (await get()).undo(ns, name, rs, o),
    setImage: async (ns, name, c, image, g) => (await get()).setImage(ns, name, c, image, g),
    setPaused: async (ns, name, paused, g) => (await get()).setPaused(ns, name, paused, g),
  };
}

export function kubeFor(h: EngineHandle): KubePort | undefined {
  const k = h.config.kubernetes;
  if (!k) return undefined;
  // client-node takes 450 ms to import: loaded on the first Kubernetes check, not at every start.
  let real: Promise<KubePort> | undefined;
  const kube = () =>
    (real ??= import("../integrations/kubernetes/kube.js").then(
      (m) =>
        new m.KubeChecks({
          kubeconfig: k.kubeconfig,
          context: k.context,
          timeoutMs: k.timeoutMs,
          now: () => h.engine.d.clock.now(),
        }),
    ));
  return {
    apiReachable: async () => (await kube()).apiReachable(),
    nodesReady: async () => (await kube()).nodesReady(),
    deploymentsAvailable: async (ns, selector) => (await kube()).deploymentsAvailable(ns, selector),
    podsReady: async (ns, selector) => (await kube()).podsReady(ns, selector),
    warningEvents: async (ns, since) => (await kube()).warningEvents(ns, since),
  };
}

/** What running a check needs, from an open engine; runbook commands run where the lead stands. */
export function checkDeps(h: EngineHandle, cwd: string): CheckDeps {
  const d = h.engine.d;
  return {
    probe: d.probe,
    health: d.health,
    traffic: d.traffic,
    ecs: h.ecs,
    kube: kubeFor(h),
    shell: new BashShell(),
    monitor: h.engine.monitor,
    config: h.config,
    cwd,
  };
}

/** Asks on the terminal; scripts pass --yes. Without a terminal and without --yes: refused. */
export async function confirm(ctx: Ctx, question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!ctx.stdin.isTTY) {
    throw new UserError(
      `${question.replace(/\?$/, "")}: needs confirmation`,
      ExitCode.refused,
      "re-run with --yes to confirm from a script",
    );
  }
  ctx.stdout.write(`${question} [y/N] `);
  const rl = createInterface({ input: ctx.stdin });
  const answer: string = await new Promise((r) => rl.once("line", r));
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new UserError("cancelled; nothing changed", ExitCode.refused);
}

/**
 * The config part an action needs, or a refusal saying it is missing and how to attach it (an
 * EKS-only go-live has no ECS; a session may be given its ALB later).
 */
export function needPart<P extends ConfigPart>(
  h: { config: EnvConfig; store: SessionStore },
  part: P,
  what: string,
): NonNullable<EnvConfig[P]> {
  const v = h.config[part];
  if (v) return v as NonNullable<EnvConfig[P]>;
  throw new UserError(
    `${what}: ${missingPartText(part, h.store.state.config?.file)}`,
    ExitCode.refused,
    `add a "${part}" section to the config, then: golive attach --config FILE`,
  );
}
