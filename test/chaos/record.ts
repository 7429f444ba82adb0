import { appendFileSync } from "node:fs";
import { beforeEach, expect, inject } from "vitest";

export interface ChaosRow {
  area: string;
  fault: string;
  trials: number;
  survived: number;
  /** Acknowledged events (or confirmed traffic records) that were missing afterwards. */
  lost: number;
  checked: string;
}

let recordedThisTest = false;

/** Adds the fault's row to the table; the test itself still asserts survived === trials and lost === 0. */
export function recordChaos(row: ChaosRow): void {
  recordedThisTest = true;
  appendFileSync(inject("chaosResults"), `${JSON.stringify(row)}\n`);
}

/**
 * A test that fails before it records its row still gets one: the table is written whether the
 * assertions pass or not, and a failure is a row that says FAILED with the first line of the error.
 */
beforeEach((ctx) => {
  recordedThisTest = false;
  ctx.onTestFailed((c) => {
    if (recordedThisTest) return;
    const error = c.task.result?.errors?.[0]?.message?.split("\n")[0] ?? "failed";
    const row: ChaosRow = {
      area: c.task.suite?.name ?? "?",
      fault: c.task.name,
      trials: 1,
      survived: 0,
      lost: 0,
      checked: `FAILED: ${error}`,
    };
    appendFileSync(inject("chaosResults"), `${JSON.stringify(row)}\n`);
  });
});

/** Runs the trials, writes the row, then asserts: the table gets the row even when the test fails. */
export async function row(
  r: Omit<ChaosRow, "trials" | "survived" | "lost">,
  trials: () => Promise<boolean[]>,
  lost = () => 0,
): Promise<void> {
  let results: boolean[] = [];
  try {
    results = await trials();
  } finally {
    recordChaos({
      ...r,
      trials: Math.max(results.length, 1),
      survived: results.filter(Boolean).length,
      lost: lost(),
    });
  }
  expect(results.every(Boolean), JSON.stringify(results)).toBe(true);
}
