/** The engine wired to concrete adapters: AWS or Prometheus, the fence file, the traffic path. */
import { dirname, join } from "node:path";
import { type AlbConfig, type EnvConfig, missingPartText } from "../domain/config.js";
import type { SessionState } from "../domain/events.js";
import { sessionManualChecks } from "../domain/manual-checks.js";
import { manualGateChecks } from "../domain/manual-gate.js";
import type { TrafficPort } from "../domain/ports.js";
import { redactDeep } from "../domain/redact.js";
import type { Runbook } from "../domain/runbook.js";
import { Engine } from "../engine/engine.js";
import { fleetReader } from "../engine/fleet.js";
import { rememberLast } from "../engine/gate-parts.js";
import { absentEcs, absentHealth, absentMetrics, absentTraffic } from "../integrations/absent.js";
import { AlbHealth, AlbTraffic } from "../integrations/aws/alb.js";
import { createAwsClients } from "../integrations/aws/clients.js";
import { CloudWatchMetrics } from "../integrations/aws/cloudwatch.js";
import { EcsServices } from "../integrations/aws/ecs.js";
import { FenceFile } from "../integrations/fence-file.js";
import { HttpProbe } from "../integrations/http-probe.js";
import type { KubeClient } from "../integrations/kubernetes/client.js";
import { IngressTraffic } from "../integrations/kubernetes/ingress-traffic.js";
import { PrometheusMetrics } from "../integrations/prometheus-metrics.js";
import { fallbackFiles, writeFallback } from "../session/fallback.js";
import type { SessionStore } from "../session/store.js";
import { approvalWaitFor } from "./approval-gate.js";
import type { Ctx } from "./context.js";
import { configOf, type EngineHandle, engineClock } from "./engine-context.js";
import type { OpenEngineOptions } from "./engine-open.js";
import { kubeReleaseFor } from "./kube-context.js";
import { kubectlFor } from "./kubectl.js";
import { mayLead, teamOf } from "./team.js";

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
  // On the session's clock, as its events are stamped (a sandbox session's, read from the sandbox):
  // on the wall clock, a headless rollback beside a sandbox at --speed 60 recorded its completion
  // hours before its start, and the gate judged sandbox-time metrics and dwell against the wall.
  const clock = opts.clock ?? { ...engineClock(ctx), now: () => store.now() };
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
  // Asked at every gate (the cockpit's clock asks every second): built again only when the record
  // or the plan's later steps changed.
  const manual = rememberLast((s: SessionState, later: string) =>
    manualGateChecks(byHand, runbook, s, later ? later.split(",").map(Number) : []),
  );
  engine.addGateChecks("manual", () => manual(store.state, engine.steps.slice(1).join(",")));
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
