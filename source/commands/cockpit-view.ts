/**
 * What the cockpit draws from a session, with or without its engine: the part of the model the first
 * frame needs. It imports no engine, AWS, Kubernetes or export code, so the first frame is drawn
 * before those load (commands/cockpit.ts).
 */
import { type EnvConfig, missingParts } from "../domain/config.js";
import { inForce, inForceWith } from "../domain/in-force.js";
import { shortSource } from "../domain/in-force-text.js";
import { manualCheckViews, sessionManualChecks } from "../domain/manual-checks.js";
import { messageTemplates } from "../domain/message-templates.js";
import type { Engine } from "../engine/engine.js";
import type { SessionStore } from "../session/store.js";
import type { CockpitModel } from "../ui/app/model.js";

export type CockpitView = Pick<
  CockpitModel,
  | "runbook"
  | "readOnly"
  | "user"
  | "now"
  | "state"
  | "events"
  | "subscribe"
  | "snapshot"
  | "subscribeMonitor"
  | "rollout"
  | "thresholds"
  | "inForce"
  | "templates"
  | "listenerArn"
  | "trafficIngress"
  | "missingParts"
  | "gate"
  | "verdict"
  | "goCriteria"
  | "manualChecks"
  | "steps"
>;

/**
 * `h`: the engine and the config it runs on; before the engine has loaded, the session's config alone
 * (the listener the rollback dialog names, the parts the keys need) and its file's name.
 */
export function cockpitView(
  store: SessionStore,
  runbook: CockpitModel["runbook"],
  h: { engine?: Engine; config: EnvConfig; file?: string } | undefined,
  user: string,
  now: () => number,
): CockpitView {
  const engine = h?.engine;
  // With or without an engine, the same plan and thresholds `status` and the record show.
  const force =
    engine?.inForce ??
    (h?.file !== undefined ? inForceWith(runbook, h.config, h.file) : inForce(runbook, store.state));
  const th = force.thresholds;
  const byHand = sessionManualChecks(runbook, h?.config ?? store.state.config?.value);
  return {
    runbook,
    readOnly: store.readOnly,
    user,
    now,
    state: () => store.state,
    events: () => store.events,
    subscribe: (fn) => store.onChange(fn),
    snapshot: () => engine?.monitor.snapshot,
    subscribeMonitor: (fn) => {
      const a = engine?.monitor.subscribe(fn);
      const b = engine?.rollout?.subscribe(fn);
      return () => {
        a?.();
        b?.();
      };
    },
    ...(engine?.rollout ? { rollout: () => engine.rollout?.snapshot } : {}),
    thresholds: {
      go: { errorRate: th.go.errorRate.value, latencyP95: th.go.latencyP95.value },
      rollback: { errorRate: th.rollback.errorRate.value, latencyP95: th.rollback.latencyP95.value },
      from: {
        go: {
          errorRate: shortSource(th.go.errorRate),
          latencyP95: shortSource(th.go.latencyP95),
        },
        rollback: {
          errorRate: shortSource(th.rollback.errorRate),
          latencyP95: shortSource(th.rollback.latencyP95),
        },
      },
    },
    inForce: force,
    templates: messageTemplates(runbook),
    listenerArn: h?.config.alb?.listenerArn,
    ...(h?.config.kubernetes?.ingress
      ? {
          trafficIngress: {
            ingress: `${h.config.kubernetes.namespace}/${h.config.kubernetes.ingress.name}`,
            action: h.config.kubernetes.ingress.action,
          },
        }
      : {}),
    missingParts: h ? missingParts(h.config) : [],
    gate: () => engine?.gate(),
    verdict: () => engine?.verdict() ?? null,
    goCriteria: () => engine?.goCriteria() ?? [],
    manualChecks: () => manualCheckViews(byHand, runbook, store.state),
    steps: force.plan.map((p) => p.green),
  };
}
