/**
 * How old each observed gate input may get before the gate calls it stale (session-clock ms). One
 * function, so the cockpit's live gate and `status`'s recorded gate judge ages by the same limits.
 */
import type { EnvConfig } from "../domain/config.js";
import type { GateInputs } from "../domain/gate.js";

export const LISTENER_POLL_MS = 5000;
export const PROBE_POLL_MS = 5000;

export function observationLimits(
  config: Pick<EnvConfig, "metrics" | "health">,
  clockRate = 1,
): GateInputs["limits"] {
  const poll = config.metrics.pollSeconds * 1000 * clockRate;
  const periodMs = config.metrics.periodSeconds * 1000;
  const settleMs = (config.metrics.settleSeconds ?? 60) * 1000;
  return {
    listenerMaxAgeMs: Math.max(30_000, 3 * LISTENER_POLL_MS * clockRate),
    healthMaxAgeMs: Math.max(30_000, 3 * PROBE_POLL_MS * clockRate + config.health.timeoutMs * clockRate),
    // The newest settled period ends settle ago; allow two more periods (and three polls) of lag.
    metricsMaxAgeMs: Math.max(3 * poll, 2 * periodMs) + periodMs + settleMs,
  };
}
