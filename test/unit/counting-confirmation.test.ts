/**
 * Which confirmation of a manual check counts now (domain/manual-gate.ts): mid-canary, a check that
 * holds later steps needs one made after the latest step; at 0 or 100 % green, or for a check that
 * holds only the Go decision, the latest since any rollback does. Stryker's domain-manual run
 * (2026-12-03 14:44 UTC) found no test of it, nor of a later step's "confirmed clear" words.
 */
import { expect, it } from "vitest";
import type { ManualCheck } from "../../source/domain/manual-checks.js";
import { countingConfirmation, manualGateChecks, type Seen } from "../../source/domain/manual-gate.js";

const check = (laterSteps: boolean): ManualCheck => ({
  id: "m7",
  text: "Critical functionality broken",
  line: 7,
  why: "a person looks",
  holds: { go: false, laterSteps },
});
const confirmed = { m7: { by: "ann", at: "2026-11-23T12:05:00.000Z" } };
/** Confirmed at 12:05, the latest step confirmed at `stepAt`, green at `green` %. */
const seen = (green: number | undefined, stepAt = "2026-11-23T12:10:00.000Z") =>
  ({
    confirmed,
    steps: [{ confirmedAt: stepAt }],
    ...(green === undefined ? {} : { weights: { blue: 100 - green, green } }),
  }) as unknown as Seen;

it("mid-canary, a confirmation made before the latest step does not count for a check holding later steps", () => {
  expect(countingConfirmation(check(true), seen(10))).toBeUndefined();
  expect(countingConfirmation(check(true), seen(10, "2026-11-23T12:00:00.000Z"))).toEqual(confirmed.m7);
});

it("at 0 % or 100 % green, with no weights, or for a check holding only Go, the latest confirmation counts", () => {
  for (const green of [0, 100, undefined])
    expect(countingConfirmation(check(true), seen(green))).toEqual(confirmed.m7);
  expect(countingConfirmation(check(false), seen(10))).toEqual(confirmed.m7);
});

it("a later step's gate check says who confirmed it clear and when", () => {
  const [later] = manualGateChecks(
    [check(true)],
    { sections: [] },
    seen(10, "2026-11-23T12:00:00.000Z"),
    [50],
  );
  expect(later).toMatchObject({ ok: true, atStep: 50, detail: "confirmed clear by ann at 12:05Z" });
});
