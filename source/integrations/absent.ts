/**
 * The ports of a part the environment config leaves out (no `alb`, no `ecs`): every call fails
 * with what is missing and how to attach it, so the panes say STALE with that reason and the gate
 * has no evidence — never a made-up "healthy". Traffic actions refuse before they reach these.
 */
import type { EcsPort, HealthPort, MetricsPort, TrafficPort } from "../domain/ports.js";

export class NotConfigured extends Error {
  override name = "NotConfigured";
}

const fail = (why: string) => () => Promise.reject(new NotConfigured(why));

export function absentTraffic(why: string): TrafficPort {
  return { read: fail(why), write: fail(why), manualCommand: () => `# ${why}` };
}

export function absentHealth(why: string): HealthPort {
  return { targets: fail(why) };
}

export function absentMetrics(why: string): MetricsPort {
  return { series: fail(why) };
}

export function absentEcs(why: string): EcsPort {
  return {
    describe: fail(why),
    registerTaskDefinition: fail(why),
    createService: fail(why),
    updateService: fail(why),
  };
}
