/**
 * The traffic-share trigger: after each poll's periods are recorded, green's received share over the
 * dwell against the listener's weight (domain/traffic-share.ts). A MISMATCH fires at its trust
 * level (default pause: a critical alert, promotion held); a consistent share, or a new step's
 * dwell with no evidence yet, ends the episode. Nothing here reads AWS: it reads the record.
 */
import type { EnvConfig } from "../domain/config.js";
import { shareLine, type TrafficShare, trafficShare } from "../domain/traffic-share.js";
import { type TriggerPolicies, trustEffects, trustInForce, trustLabel } from "../domain/trust.js";
import type { AlertBook } from "./alerts.js";
import type { CanaryController, Recorder } from "./controller.js";

export const SHARE_ALERT_KEY = "traffic-share";

export async function judgeTrafficShare(d: {
  recorder: Recorder;
  config: EnvConfig;
  alerts: AlertBook;
  controller: CanaryController;
  runbookTriggers?: TriggerPolicies;
}): Promise<TrafficShare | null> {
  const t = trafficShare(d.recorder.state);
  if (t?.result !== "MISMATCH") {
    d.alerts.recovered(SHARE_ALERT_KEY);
    return t;
  }
  const trust = trustInForce("traffic-share", d.config, d.runbookTriggers);
  const fx = trustEffects(trust.level);
  const line = shareLine(t);
  await d.alerts.breached(
    SHARE_ALERT_KEY,
    fx.severity,
    `TRAFFIC SHARE (${trustLabel(trust)}): ${line} — a listener rule, stickiness, a second listener or an unregistered target?`,
    trust.level,
  );
  if (fx.autoRollback && d.config.autoRollback.enabled && (d.recorder.state.weights?.green ?? 0) > 0)
    await d.controller.rollback({
      by: "golive (auto-rollback)",
      kind: "auto-rollback",
      reason: `auto-rollback (traffic-share, trust rollback): ${line}`,
    });
  return t;
}
