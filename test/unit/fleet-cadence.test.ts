/** When the fleet is read (engine/fleet-cadence.ts): anything not at rest is read at every tick. */
import { describe, expect, it } from "vitest";
import type { Fleet, FleetArm } from "../../source/engine/fleet.js";
import { FleetCadence, slowEvery } from "../../source/engine/fleet-cadence.js";

const arm = (byState: Record<string, number>, running = 3, desired = 3, pending = 0): FleetArm => ({
  targets: { total: Object.values(byState).reduce((a, b) => a + b, 0), byState },
  service: { name: "svc", running, desired, pending },
});
const rest: Fleet = { blue: arm({ healthy: 3 }), green: arm({ healthy: 3 }) };
const idle = { busy: false, seq: 7 };

/** Reads `fleet` at each due tick over `n` ticks; which ticks read. */
function run(c: FleetCadence, fleet: Fleet | undefined, n: number, moves = idle): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const due = c.due(moves);
    if (due) c.done(fleet, moves.seq);
    out.push(due);
  }
  return out;
}

describe("fleet cadence", () => {
  it("at rest reads every slowEvery ticks once two reads agree", () => {
    expect(run(new FleetCadence(3), rest, 7)).toEqual([true, true, false, false, true, false, false]);
    expect(slowEvery(5000, 15_000)).toBe(3);
    expect(slowEvery(1000, 15_000)).toBe(15);
    expect(slowEvery(5000, 1000)).toBe(1);
  });

  it.each<[string, Fleet]>([
    ["draining targets", { ...rest, blue: arm({ healthy: 1, draining: 2 }) }],
    ["starting targets", { ...rest, green: arm({ healthy: 2, initial: 1 }) }],
    ["tasks short of desired", { ...rest, blue: arm({ healthy: 3 }, 2, 3) }],
    ["tasks over desired", { ...rest, blue: arm({ healthy: 3 }, 3, 0) }],
    ["tasks pending", { ...rest, green: arm({ healthy: 3 }, 3, 3, 1) }],
    ["a part that failed", { ...rest, green: { targets: null, service: null, error: "targets: x" } }],
    // The targets read, the service's did not: still not at rest.
    ["the service's read failed", { ...rest, blue: { ...arm({ healthy: 3 }), error: "ECS: x" } }],
  ])("%s: every tick", (_, fleet) => {
    expect(run(new FleetCadence(3), fleet, 5)).toEqual([true, true, true, true, true]);
  });

  it("targets golive does not route to ('unused') are at rest", () => {
    const fleet = { ...rest, green: arm({ healthy: 3, unused: 2 }) };
    expect(run(new FleetCadence(3), fleet, 7)).toEqual([true, true, false, false, true, false, false]);
  });

  it("a failed read, a busy actor, a new event or a changed fleet: the next tick reads", () => {
    const c = new FleetCadence(3);
    run(c, rest, 3);
    expect(c.due(idle)).toBe(false);
    c.done(undefined, 7);
    expect(c.due(idle)).toBe(true);
    c.done(rest, 7);
    c.due(idle);
    c.done(rest, 7);
    expect(c.due({ busy: true, seq: 7 })).toBe(true);
    expect(c.due({ busy: false, seq: 8 })).toBe(true);
    c.done({ ...rest, blue: arm({ healthy: 4 }) }, 8);
    expect(c.due({ busy: false, seq: 8 })).toBe(true);
  });
});
