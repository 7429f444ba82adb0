/**
 * Each arm's fleet as AWS shows it: the target group's targets by state (healthy, draining, …)
 * and the ECS service's running / desired task counts. This is what a "scale blue to zero" does
 * to the world over the deregistration delay (targets drain, then the tasks stop), so the cockpit
 * shows it beside the arm's metrics: a rehearsal that hid the drain would mislead.
 */
import type { Color, EcsPort, HealthPort, ServiceState } from "../domain/ports.js";

export interface FleetArm {
  /** Targets registered to the arm's target group, by ELBv2 state; null when the read failed. */
  targets: { total: number; byState: Record<string, number> } | null;
  /** The arm's ECS service; null when there is none to read (or the read failed). */
  service: Pick<ServiceState, "name" | "running" | "desired" | "pending"> | null;
  /** Why a part could not be read (shown, never taken for "none"). */
  error?: string;
}

export type Fleet = Record<Color, FleetArm>;

export interface FleetPort {
  read(): Promise<Fleet>;
}

/** Reads both arms at once; a part that fails is reported on its arm, the rest still shows. */
export function fleetReader(
  health: HealthPort,
  ecs: EcsPort | undefined,
  services: Partial<Record<Color, string>>,
): FleetPort {
  const arm = async (c: Color, svc: Promise<ServiceState[] | Error>): Promise<FleetArm> => {
    const errors: string[] = [];
    const targets = await health.targets(c).then(
      (t) => {
        const byState: Record<string, number> = {};
        for (const s of t.states) byState[s] = (byState[s] ?? 0) + 1;
        return { total: t.total, byState };
      },
      (e: Error) => {
        errors.push(`targets: ${e.name}: ${e.message}`);
        return null;
      },
    );
    const found = await svc;
    let service: FleetArm["service"] = null;
    if (found instanceof Error) errors.push(`ECS: ${found.name}: ${found.message}`);
    else {
      const s = found.find((x) => x.name === services[c]);
      if (s) service = { name: s.name, running: s.running, desired: s.desired, pending: s.pending };
    }
    return { targets, service, ...(errors.length ? { error: errors.join("; ") } : {}) };
  };
  return {
    async read() {
      const names = (["blue", "green"] as const).map((c) => services[c]).filter((n): n is string => !!n);
      // One DescribeServices for both arms, as the console does.
      const svc: Promise<ServiceState[] | Error> =
        ecs && names.length
          ? ecs.describe(names).then(
              (r) => r.services,
              (e: Error) => e,
            )
          : Promise.resolve([]);
      const [blue, green] = await Promise.all([arm("blue", svc), arm("green", svc)]);
      return { blue, green };
    },
  };
}

/**
 * Real ms between fleet reads: at most 5 s, as often as metrics when that is more often, and
 * faster at --speed N (a drain at --speed 60 lasts seconds: each of its steps should be seen).
 */
export function fleetPollMs(pollSeconds: number, clockRate = 1): number {
  return Math.max(1000, Math.min(5000, pollSeconds * 1000) / clockRate);
}
