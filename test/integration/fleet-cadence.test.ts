/**
 * The fleet (three SDK calls) is read at the metrics' cadence while nothing moves, and at every tick
 * of its fast poll while a traffic intent runs or the session records something (issue 14: the
 * idle cockpit's AWS traffic). Real SDK clients against the sandbox; the ticks are called directly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fleet, fleetReader } from "../../source/engine/fleet.js";
import { Monitor } from "../../source/engine/monitor.js";
import { AlbHealth } from "../../source/integrations/aws/alb.js";
import { type EngineRig, engineOnSandbox } from "../helpers/engine.js";

let rig: EngineRig;
beforeAll(async () => {
  rig = await engineOnSandbox({ config: (c) => ({ ...c, metrics: { ...c.metrics, pollSeconds: 15 } }) });
});
afterAll(() => rig.stop());

function counted() {
  const reader = fleetReader(new AlbHealth(rig.aws.elbv2, rig.config.alb), undefined, {});
  const reads: Fleet[] = [];
  const monitor = new Monitor({
    ...rig.engine.d,
    controller: rig.engine.controller,
    fleet: {
      read: async () => {
        const f = await reader.read();
        reads.push(f);
        return f;
      },
    },
  });
  const ticks = async (n: number) => {
    const at: number[] = [];
    for (let i = 0; i < n; i++) {
      await monitor.fleetTick();
      at.push(reads.length);
    }
    return at;
  };
  return { monitor, reads, ticks };
}

describe("fleet cadence", () => {
  it("at rest: a read every third 5-second tick (the metrics' 15 s), after two agreeing reads", async () => {
    const { reads, ticks } = counted();
    expect(await ticks(8)).toEqual([1, 2, 2, 2, 3, 3, 3, 4]);
    expect(reads.at(-1)!.blue.targets?.byState).toEqual({ healthy: 3 });
  });

  it("a session event is followed by a read at the next tick", async () => {
    const { ticks } = counted();
    expect(await ticks(3)).toEqual([1, 2, 2]);
    await rig.store.append("note.added", { text: "something happened" }, "Ann");
    expect(await ticks(2)).toEqual([3, 3]);
  });

  it("every tick reads while a traffic intent is queued or running", async () => {
    const { ticks } = counted();
    expect(await ticks(3)).toEqual([1, 2, 2]);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const intent = rig.engine.controller.scaleBlue(() => held);
    expect(rig.engine.controller.busy).toBe(true);
    expect(await ticks(3)).toEqual([3, 4, 5]);
    release();
    await intent;
    expect(await ticks(2)).toEqual([5, 5]);
  });
});
