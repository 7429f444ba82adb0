import { appendFileSync } from "node:fs";
import { inject } from "vitest";

export interface ChaosRow {
  area: string;
  fault: string;
  trials: number;
  survived: number;
  /** Acknowledged events (or confirmed traffic records) that were missing afterwards. */
  lost: number;
  checked: string;
}

/** Adds the fault's row to the table; the test itself still asserts survived === trials and lost === 0. */
export function recordChaos(row: ChaosRow): void {
  appendFileSync(inject("chaosResults"), `${JSON.stringify(row)}\n`);
}
