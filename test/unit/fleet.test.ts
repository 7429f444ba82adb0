/** Each arm's fleet line: what AWS shows, and a read that failed is said, never shown as "none". */
import { describe, expect, it } from "vitest";
import type { EcsPort, HealthPort, ServiceState } from "../../source/domain/ports.js";
import { fleetReader } from "../../source/engine/fleet.js";
import { fleetText } from "../../source/engine/fleet-text.js";

const svc = (name: string, running: number, desired: number, pending = 0): ServiceState => ({
  name,
  status: "ACTIVE",
  running,
  desired,
  pending,
  taskDefinition: "td:1",
  deployments: 1,
});

const ecs = (services: ServiceState[] | Error): EcsPort =>
  ({
    describe: async () => {
      if (services instanceof Error) throw services;
      return { services, missing: [], raw: {} };
    },
  }) as unknown as EcsPort;

describe("fleet", () => {
  it("counts targets by state (draining first) and reads both services in one call", async () => {
    let calls = 0;
    const health: HealthPort = {
      targets: async (c) =>
        c === "blue"
          ? { healthy: 1, total: 3, states: ["draining", "healthy", "draining"] }
          : { healthy: 2, total: 3, states: ["healthy", "initial", "healthy"] },
    };
    const port = ecs([svc("b", 3, 0), svc("g", 3, 3, 1)]);
    const counted: EcsPort = {
      ...port,
      describe: (n) => {
        calls++;
        return port.describe(n);
      },
    };
    const f = await fleetReader(health, counted, { blue: "b", green: "g" }).read();
    expect(calls).toBe(1);
    expect(fleetText(f.blue)).toBe("targets 2 draining, 1 healthy · tasks 3 running / 0 desired");
    expect(fleetText(f.green)).toBe("targets 2 healthy, 1 initial · tasks 3 running / 3 desired, 1 pending");
  });

  it("a failed read is shown as failed on its arm; the other part still shows", async () => {
    const denied = Object.assign(new Error("not authorized"), { name: "AccessDenied" });
    const health: HealthPort = {
      targets: async (c) => {
        if (c === "green") throw denied;
        return { healthy: 0, total: 0, states: [] };
      },
    };
    const f = await fleetReader(health, ecs([svc("b", 0, 0)]), { blue: "b", green: "g" }).read();
    expect(fleetText(f.blue)).toBe("targets none registered · tasks 0 running / 0 desired");
    expect(fleetText(f.green)).toBe("targets ? (read failed: targets: AccessDenied: not authorized)");
    const g = await fleetReader(
      { targets: async () => ({ healthy: 1, total: 1, states: ["healthy"] }) },
      ecs(denied),
      { blue: "b", green: "g" },
    ).read();
    expect(fleetText(g.blue)).toBe("targets 1 healthy (read failed: ECS: AccessDenied: not authorized)");
    expect(fleetText(undefined)).toBe("targets –");
  });
});
