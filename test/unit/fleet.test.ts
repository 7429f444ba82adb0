/** Each arm's fleet line: what AWS shows, and a read that failed is said, never shown as "none". */
import { describe, expect, it } from "vitest";
import type { EcsPort, HealthPort, ServiceState } from "../../source/domain/ports.js";
import { fleetPollMs, fleetReader } from "../../source/engine/fleet.js";
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
    // Both parts failed: both reasons, one after the other.
    const h = await fleetReader({ targets: async () => Promise.reject(denied) }, ecs(denied), {
      blue: "b",
    }).read();
    expect(h.blue.error).toBe("targets: AccessDenied: not authorized; ECS: AccessDenied: not authorized");
  });

  it("asks ECS for the named services only, and not at all when none is named", async () => {
    const health: HealthPort = { targets: async () => ({ healthy: 1, total: 1, states: ["healthy"] }) };
    const asked: string[][] = [];
    const spy = (services: ServiceState[]): EcsPort =>
      ({
        describe: async (names: string[]) => {
          asked.push(names);
          return { services, missing: [], raw: {} };
        },
      }) as unknown as EcsPort;
    const f = await fleetReader(health, spy([svc("b", 2, 2)]), { blue: "b" }).read();
    expect(asked).toEqual([["b"]]);
    expect(f.green.service).toBeNull();
    const none = await fleetReader(health, spy([svc("b", 2, 2)]), {}).read();
    expect(asked).toEqual([["b"]]);
    expect([none.blue.service, none.green.service]).toEqual([null, null]);
  });

  it("orders the states: draining first, then healthy to unavailable, a state it does not know last", () => {
    const byState = {
      unknown: 1,
      unavailable: 1,
      unused: 1,
      unhealthy: 1,
      initial: 1,
      healthy: 1,
      draining: 1,
    };
    expect(fleetText({ targets: { total: 7, byState }, service: null })).toBe(
      "targets 1 draining, 1 healthy, 1 initial, 1 unhealthy, 1 unused, 1 unavailable, 1 unknown",
    );
    expect(fleetText({ targets: { total: 2, byState: { healthy: 1, draining: 1 } }, service: null })).toBe(
      "targets 1 draining, 1 healthy",
    );
  });

  it("reads the fleet every 1 to 5 s: as often as metrics when quicker, quicker at --speed", () => {
    expect(fleetPollMs(15)).toBe(5000);
    expect(fleetPollMs(2)).toBe(2000);
    expect(fleetPollMs(0.2)).toBe(1000);
    expect(fleetPollMs(15, 2)).toBe(2500);
    expect(fleetPollMs(15, 60)).toBe(1000);
  });
});
