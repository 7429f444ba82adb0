/**
 * The monitor's snapshot is made safe field by field: a poll that replaced some fields makes only
 * those safe again (the series of an hour are not walked every 5 s), and what it replaced is escaped.
 */
import { describe, expect, it } from "vitest";
import type { CockpitModel } from "../../source/ui/app/model.js";
import { terminalSafeModel } from "../../source/ui/app/safe-model.js";

const ESC = "\u001b]52;c;cHduZWQ=\u0007";

describe("the snapshot made terminal-safe", () => {
  it("walks only the fields a new snapshot replaced, and escapes them", () => {
    let reads = 0;
    // A field whose every read is counted: the sanitiser reads it each time it walks it.
    const arm = () => ({
      get current() {
        reads++;
        return { errorRate: 0.1 };
      },
      series: [],
    });
    const blue = arm();
    let snap: Record<string, unknown> = { blue, probes: { blue: { ok: true, status: 200 } }, errors: [] };
    const model = {
      user: "lead",
      actions: {},
      state: () => ({}),
      events: () => [],
      snapshot: () => snap,
      gate: () => undefined,
      goCriteria: () => [],
    } as unknown as CockpitModel;
    const safe = terminalSafeModel(model);
    const first = safe.snapshot() as unknown as Record<string, unknown>;
    expect(reads).toBe(1);
    expect(safe.snapshot()).toBe(first);
    snap = { ...snap, errors: [{ source: "listener", message: `denied ${ESC}`, since: 1, at: 1, count: 1 }] };
    const second = safe.snapshot() as unknown as Record<string, unknown>;
    expect(reads).toBe(1);
    expect(second).not.toBe(first);
    expect(second.blue).toBe(first.blue);
    expect(JSON.stringify(second.errors)).not.toContain("\u001b");
    expect((second.errors as { message: string }[])[0]!.message).toBe("denied \\e]52;c;cHduZWQ=\\a");
    snap = { ...snap, blue: arm() };
    safe.snapshot();
    expect(reads).toBe(2);
  });
});
