/**
 * Issue 19: fast-check is never a silent random test. The run's seed is FC_SEED or the pinned
 * default, every property of the run draws from it, and a failure says how to replay it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replayMessage } from "../helpers/fc-seed.js";
import { DEFAULT_FC_SEED, fcSeed } from "../helpers/fc-seed-value.js";

describe("the fast-check seed of a run", () => {
  it("is FC_SEED, the pinned default when unset, a fresh number only when asked for", () => {
    expect(fcSeed(undefined)).toBe(DEFAULT_FC_SEED);
    expect(fcSeed("")).toBe(DEFAULT_FC_SEED);
    expect(fcSeed("-63655510")).toBe(-63655510);
    expect(fcSeed("random", () => 0.5)).toBe(2 ** 30);
    expect(() => fcSeed("12abc")).toThrow('FC_SEED must be an integer or "random", not "12abc"');
  });

  it("is the one every property of this run uses (set by the setup file)", () => {
    expect(fc.readConfigureGlobal().seed).toBe(fcSeed(process.env.FC_SEED));
    const draw = () => fc.sample(fc.integer(), { numRuns: 5 });
    expect(draw()).toEqual(draw());
  });

  it("a failing property throws fast-check's report with the seed and the line that replays it", () => {
    let thrown: Error | undefined;
    try {
      fc.assert(fc.property(fc.nat(), (n) => n < 50));
    } catch (e) {
      thrown = e as Error;
    }
    const seed = fc.readConfigureGlobal().seed;
    expect(thrown?.message).toMatch(new RegExp(`seed: ${seed}, path: "[\\d:]+"`));
    expect(thrown?.message).toContain(`Replay: FC_SEED=${seed} npx vitest run <this file>`);
    expect(thrown?.message).toContain("Counterexample: [50]");
    expect(thrown?.cause).toBeInstanceOf(Error);
  });

  it("a passing run has nothing to report", () => {
    const details = fc.check(fc.property(fc.nat(), (n) => n >= 0));
    expect(details.failed).toBe(false);
    expect(replayMessage(details)).toBeUndefined();
  });
});
