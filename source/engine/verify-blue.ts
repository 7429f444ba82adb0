/** After a rollback: blue checked healthy, and what AWS does not yet show, said plainly. */
import type { EnvConfig } from "../domain/config.js";
import type { EventMap } from "../domain/events.js";
import type { Color, HealthPort, ProbePort, TrafficPort } from "../domain/ports.js";

/** After a rollback: blue's target health and its health URL. */
export async function verifyBlue(d: {
  health: HealthPort;
  probe: ProbePort;
  config: EnvConfig;
}): Promise<EventMap["rollback.verified"]> {
  const parts: string[] = [];
  let targetsOk = false;
  try {
    const t = await d.health.targets("blue" as Color);
    targetsOk = t.total > 0 && t.healthy === t.total;
    parts.push(`blue targets ${t.healthy}/${t.total} healthy`);
  } catch (e) {
    parts.push(`blue target health unknown (${(e as Error).message})`);
  }
  let healthUrl: EventMap["rollback.verified"]["healthUrl"];
  const url = d.config.health.blue;
  if (url) {
    const p = await d.probe.probe(url, d.config.health.timeoutMs);
    healthUrl = { url, status: p.status, ok: p.ok };
    parts.push(`${url} → ${p.status ?? p.error}`);
  }
  return { blueHealthy: targetsOk && (healthUrl?.ok ?? true), healthUrl, detail: parts.join("; ") };
}

/** "AWS still shows …", and what the controller in between says about it when there is one. */
export async function notShown(
  traffic: TrafficPort,
  seen: { blue: number; green: number },
  timeoutSeconds: number,
  since: number,
): Promise<string> {
  const base = `AWS still shows blue ${seen.blue} / green ${seen.green} after ${timeoutSeconds} s`;
  if (!traffic.lag) return base;
  const why = await traffic.lag(since).catch((e: Error) => `the controller could not be asked: ${e.message}`);
  return `${base}: ${why}`;
}
