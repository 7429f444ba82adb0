/**
 * Scenarios never share objects: with `isolate: false` (one module graph per vitest worker) a test
 * that tuned its own default scenario (prometheus.test sets green to 5 % errors and p95 80 ms)
 * changed the green of every later sandbox in that worker, and sandbox-traffic and
 * scale-blue-drain failed only in the full run.
 */
import { describe, expect, it } from "vitest";
import { createClock } from "../../source/sandbox/clock.js";
import { defaultScenario, parseScenario, scenarioSchema } from "../../source/sandbox/scenario.js";
import { defaultScenario as zodFree } from "../../source/sandbox/scenario-defaults.js";
import { World } from "../../source/sandbox/world.js";

/** Changes every leaf and grows every array in place, at every depth. */
function scribble(v: unknown): void {
  if (Array.isArray(v)) {
    for (const x of v) scribble(x);
    v.push("scribbled");
    return;
  }
  if (v === null || typeof v !== "object") return;
  const o = v as Record<string, unknown>;
  for (const [k, x] of Object.entries(o)) {
    if (typeof x === "number") o[k] = x + 1;
    else if (typeof x === "string") o[k] = `${x}!`;
    else if (typeof x === "boolean") o[k] = !x;
    else scribble(x);
  }
  o.scribbled = true;
}

const pristine = JSON.parse(JSON.stringify(defaultScenario()));

describe("scenario defaults", () => {
  it("the zod-free factory is a scenario the schema takes as it is, key for key and in its order", () => {
    // Every field validated (ids, rates, counts) and none the schema would strip or reorder.
    expect(JSON.stringify(scenarioSchema.parse(zodFree()))).toBe(JSON.stringify(zodFree()));
    expect(JSON.stringify(scenarioSchema.parse({}))).toBe(JSON.stringify(zodFree()));
    expect(defaultScenario()).toEqual(zodFree());
  });

  it("a default scenario changed at any depth leaves the next one as the seeds' world", () => {
    const mine = defaultScenario();
    scribble(mine);
    expect(JSON.stringify(mine)).not.toBe(JSON.stringify(pristine));
    const next = defaultScenario();
    expect(next).toEqual(pristine);
    expect(next.targetGroups.find((t) => t.key === "green")!.latency).toEqual({ medianMs: 16, p95Ms: 31 });
  });

  it("a parsed scenario file's defaulted parts are its own too", () => {
    const mine = parseScenario("a.json", { seed: 7 });
    scribble(mine);
    const next = parseScenario("b.json", { seed: 7 });
    expect(next).toEqual({ ...pristine, seed: 7 });
  });

  it("a running world keeps the latency it started with when the caller's scenario changes afterwards", () => {
    const scenario = defaultScenario();
    const world = new World(
      scenario,
      createClock({ manual: true, start: Date.parse("2026-11-23T12:00:00Z") }),
    );
    const greenTg = () => [...world.alb.targetGroups.values()].find((t) => t.key === "green")!;
    scenario.targetGroups.find((t) => t.key === "green")!.latency.p95Ms = 80;
    expect(greenTg().latency).toEqual({ medianMs: 16, p95Ms: 31 });
  });
});
