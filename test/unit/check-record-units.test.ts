/**
 * engine/check-record.ts with every port in memory: `golive check` finds the item or command block
 * as the lead typed it, and every run is recorded (`check.ran`, a failure to run included), the item
 * ticked only when its own check passed.
 */
import { describe, expect, it } from "vitest";
import { planFor, runAndRecord } from "../../source/engine/check-record.js";
import { CONFIG, ports, rb, state } from "../helpers/check-ports.js";

describe("check-record", () => {
  it("planFor: an item by number or id, a command block by id, as typed", () => {
    expect(planFor(rb, " 16 ", state, CONFIG).item.id).toBe("i16");
    expect(planFor(rb, "I1", state, CONFIG).shows).toBe("GET http://svc/health (expect 2xx)");
    const c3 = planFor(rb, "C3", state, CONFIG);
    expect([c3.item.id, c3.kind, c3.command]).toEqual(["c3", "command", "echo outside"]);
    expect(() => planFor(rb, "i99", state, CONFIG)).toThrow(
      'no item "i99" in this runbook (items are i1–i18)',
    );
    expect(() => planFor(rb, "x1", state, CONFIG)).toThrow('no item "x1"');
    // Only "c" and digits, whole, is a command block; only digits, whole, an item number.
    expect(() => planFor(rb, "xc1", state, CONFIG)).toThrow('no item "xc1"');
    expect(() => planFor(rb, "c1x", state, CONFIG)).toThrow('no item "c1x"');
    expect(() => planFor(rb, "c10", state, CONFIG)).toThrow(
      'no command "c10" in this runbook (commands are c1–c3)',
    );
  });

  function recorder() {
    const events: unknown[][] = [];
    return { events, append: async (...a: unknown[]) => void events.push(a) } as unknown as Parameters<
      typeof runAndRecord
    >[2] & { events: unknown[][] };
  }

  it("records every run, ticks the item with the evidence's first line when its check passed", async () => {
    const r = recorder();
    const out = await runAndRecord(planFor(rb, "16", state, CONFIG), ports().d, r, "ann");
    expect(out).toEqual({ ok: true, exitCode: 0, evidence: "exit 0 in 1.2 s\nflipped" });
    expect(r.events).toEqual([
      [
        "check.ran",
        {
          item: "i16",
          kind: "command",
          ok: true,
          evidence: "exit 0 in 1.2 s\nflipped",
          command: "echo flipped",
          exitCode: 0,
        },
        "ann",
      ],
      ["item.checked", { item: "i16", evidence: "exit 0 in 1.2 s" }, "ann"],
    ]);
  });

  it("a failed check, a baseline or a command block is recorded, not ticked; a check that cannot run is a failure", async () => {
    const failed = recorder();
    await runAndRecord(
      planFor(rb, "i8", state, CONFIG),
      ports({ traffic: { weights: { blue: 0, green: 100 }, raw: { blue: 0, green: 1 } } }).d,
      failed,
      "ann",
    );
    expect(failed.events.map((e) => e[0])).toEqual(["check.ran"]);
    for (const ref of ["i15", "c3"]) {
      const r = recorder();
      expect((await runAndRecord(planFor(rb, ref, state, CONFIG), ports().d, r, "ann")).ok).toBe(true);
      expect(r.events.map((e) => e[0])).toEqual(["check.ran"]);
    }
    const broken = recorder();
    const out = await runAndRecord(planFor(rb, "i10", state, CONFIG), ports({ kube: null }).d, broken, "bo");
    expect(out).toEqual({
      ok: false,
      evidence: "could not run: no Kubernetes configured for this environment (config: kubernetes)",
      exitCode: undefined,
    });
    expect(broken.events).toEqual([
      [
        "check.ran",
        {
          item: "i10",
          kind: "k8s-api",
          ok: false,
          evidence: out.evidence,
          command: undefined,
          exitCode: undefined,
        },
        "bo",
      ],
    ]);
  });
});
