import { describe, expect, it } from "vitest";
import { createClock } from "../../source/sandbox/clock.js";
import { defaultScenario } from "../../source/sandbox/scenario.js";
import { World } from "../../source/sandbox/world.js";

const START = Date.parse("2026-11-23T12:00:00Z");

/** Every stored CloudWatch datapoint, as plain data. */
const stored = (w: World) => JSON.stringify([...w.cw.metrics], (_k, v) => (v instanceof Map ? [...v] : v));

describe("the sandbox world's hour of history (golive demo simulates it after the first frame)", () => {
  it("is not simulated at construction when deferred, and the first advance simulates exactly the eager world's", () => {
    const eager = new World(defaultScenario(), createClock({ manual: true, start: START }));
    const clock = createClock({ manual: true, start: START });
    const deferred = new World(defaultScenario(), clock, { historyOnFirstUse: true });
    expect(eager.cw.metrics.size).toBeGreaterThan(0);
    expect(deferred.cw.metrics.size).toBe(0);
    deferred.advance();
    expect(stored(deferred)).toBe(stored(eager));
    // The same draws were taken: what follows is the same too.
    expect(deferred.rng.next()).toBe(eager.rng.next());
  });
});
