/**
 * Where the engine's results land in a team's own runbook (engine/bindings.ts, engine/step-blanks.ts),
 * found by the runbook's wording on a small runbook parsed as golive parses any: the rollback
 * checklist's blanks, each canary step's item and its dwell's blanks, the live confirmation, the
 * baseline. A wrong match fills another blank with a measured number, or ticks the wrong item.
 */
import { describe, expect, it } from "vitest";
import {
  baselineFields,
  fieldByLabel,
  liveConfirmedItem,
  ROLLBACK_FIELDS,
  rollbackConfirmedItem,
  stepItem,
} from "../../source/engine/bindings.js";
import { stepBlanks, verifyBlanks } from "../../source/engine/step-blanks.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const RUNBOOK = `# Go-live

## Baseline

- [ ] Capture baseline metrics — Latency p95: ____ ms, Error rate: ____ %, Throughput: ____ req/s

## Canary

- [ ] Route 10% traffic to green
- [ ] Monitor for 10 minutes — Error rate: ____ %, Latency p95: ____ ms
- [ ] Route 50 % traffic to green
- [ ] Check dashboards
- [ ] Route 100% traffic to green
- [ ] Observe — notes: ____

## Verify

- [ ] 100% traffic to v2.0 → Confirmed
- [ ] Error rate < 1% → ____%
- [ ] Latency p95 < 50ms → ____ms

## Rollback

- [ ] Rollback decision made by: ____
- [ ] Rollback initiated at: ____
- [ ] Traffic back to v1.9 → Confirmed
`;

const rb = parseRunbook("bindings.md", RUNBOOK, "0");
const item = (text: string) => rb.items.find((i) => i.text.startsWith(text))!.id;
const field = (label: string) => rb.fields.find((f) => f.label === label)!.id;

describe("bindings by the runbook's wording", () => {
  it("the rollback checklist's blanks, by label, within what the caller allows", () => {
    expect(fieldByLabel(rb, ROLLBACK_FIELDS.initiatedAt)?.id).toBe(field("Rollback initiated at"));
    expect(fieldByLabel(rb, ROLLBACK_FIELDS.decidedBy)?.id).toBe(field("Rollback decision made by"));
    expect(fieldByLabel(rb, ROLLBACK_FIELDS.completedAt)).toBeUndefined();
    expect(fieldByLabel(rb, ROLLBACK_FIELDS.stable)).toBeUndefined();
    expect(fieldByLabel(rb, ROLLBACK_FIELDS.initiatedAt, (f) => f.section === "canary")).toBeUndefined();
    expect(fieldByLabel(rb, /error rate/i, (f) => f.section === "verify")?.id).toBe(field("Error rate"));
    expect(
      ["Rollback Stable after rollback", "ROLLBACK COMPLETED AT"].map((l) => [
        ROLLBACK_FIELDS.stable.test(l),
        ROLLBACK_FIELDS.completedAt.test(l),
      ]),
    ).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it("each step's route item by its percent, with or without a space before %", () => {
    expect(stepItem(rb, 10)?.id).toBe(item("Route 10%"));
    expect(stepItem(rb, 50)?.id).toBe(item("Route 50 %"));
    expect(stepItem(rb, 100)?.id).toBe(item("Route 100%"));
    // "Route 50 %" is not the 5 % step; no 25 % step is written.
    expect(stepItem(rb, 5)).toBeUndefined();
    expect(stepItem(rb, 25)).toBeUndefined();
  });

  it("the live confirmation and the rollback's, not the route item or traffic sent back", () => {
    expect(liveConfirmedItem(rb)?.id).toBe(item("100% traffic to v2.0"));
    expect(rollbackConfirmedItem(rb)?.id).toBe(item("Traffic back to"));
    const other = parseRunbook(
      "o.md",
      "# R\n\n- [ ] 100% traffic back to blue → Confirmed\n- [ ] 100 % of traffic on green (confirm)\n",
      "0",
    );
    expect(liveConfirmedItem(other)?.text).toBe("100 % of traffic on green (confirm)");
    expect(rollbackConfirmedItem(other)?.text).toBe("100% traffic back to blue → Confirmed");
    const none = parseRunbook("n.md", "# R\n\n- [ ] 100% traffic to green\n- [ ] Deploy\n", "0");
    expect([liveConfirmedItem(none), rollbackConfirmedItem(none)]).toEqual([undefined, undefined]);
  });

  it("the live confirmation however its spaces fall, but not traffic sent back", () => {
    const live = (items: string) => liveConfirmedItem(parseRunbook("s.md", `# R\n\n${items}`, "0"))?.text;
    expect(
      live("- [ ] 100% traffic  back to blue → Confirmed\n- [ ] 100% traffic on green → Confirmed\n"),
    ).toBe("100% traffic on green → Confirmed");
    expect(live("- [ ] 100%traffic on green → confirmed\n")).toBe("100%traffic on green → confirmed");
    expect(live("- [ ] 100% of  traffic on green → Confirmed\n")).toBe(
      "100% of  traffic on green → Confirmed",
    );
  });

  it("the baseline item and its three blanks; an item that only says baseline has none", () => {
    expect(baselineFields(rb)).toEqual({
      item: rb.items.find((i) => i.id === item("Capture baseline")),
      latency: rb.fields.find((f) => f.id === field("Capture baseline metrics — Latency p95")),
      errorRate: rb.fields.find((f) => f.id === field("ms, Error rate")),
      throughput: rb.fields.find((f) => f.id === field("%, Throughput")),
    });
    const bare = parseRunbook("b.md", "# R\n\n- [ ] Note the baseline\n- [ ] Error rate: ____\n", "0");
    expect(baselineFields(bare)).toEqual({});
    const bound = parseRunbook(
      "c.md",
      "# R\n\n- [ ] Read the numbers <!-- golive check baseline --> — Latency: ____ ms\n- [ ] Baseline again — Error rate: ____\n",
      "0",
    );
    const b = baselineFields(bound);
    expect([
      b.item?.text.startsWith("Read the numbers"),
      b.latency?.label.endsWith("Latency"),
      b.errorRate,
    ]).toEqual([true, true, undefined]);
  });
});

describe("step blanks", () => {
  it("the dwell item after a step's route item, with its error-rate and p95 blanks", () => {
    expect(stepBlanks(rb, 10)).toEqual({
      item: rb.items.find((i) => i.id === item("Monitor for 10 minutes")),
      errorRate: rb.fields.find((f) => f.id === field("Monitor for 10 minutes — Error rate")),
      latencyP95: rb.fields.find((f) => f.id === field("%, Latency p95")),
    });
    // A dwell item with no such blanks still is the step's dwell.
    expect(stepBlanks(rb, 100)).toEqual({ item: rb.items.find((i) => i.text.startsWith("Observe")) });
  });

  it("none when the step has no route item, or the next item is not a dwell", () => {
    expect(stepBlanks(rb, 25)).toBeUndefined();
    expect(stepBlanks(rb, 50)).toBeUndefined();
    const last = parseRunbook("l.md", "# R\n\n- [ ] Route 10% traffic to green\n", "0");
    expect(stepBlanks(last, 10)).toBeUndefined();
    for (const word of ["Watch", "bake", "WAIT"]) {
      const r = parseRunbook(
        "w.md",
        `# R\n\n- [ ] Route 10% traffic to green\n- [ ] ${word} 5 minutes\n`,
        "0",
      );
      expect(stepBlanks(r, 10)?.item.text, word).toBe(`${word} 5 minutes`);
    }
    const r = parseRunbook(
      "w.md",
      "# R\n\n- [ ] Route 10% traffic to green\n- [ ] Monitoring dashboards\n",
      "0",
    );
    expect(stepBlanks(r, 10)).toBeUndefined();
  });

  it("the verification's blanks: those of the section that confirms 100 %", () => {
    expect(verifyBlanks(rb)).toEqual({
      errorRate: rb.fields.find((f) => f.section === "verify" && f.label === "Error rate"),
      latencyP95: rb.fields.find((f) => f.section === "verify" && f.label === "Latency p95"),
    });
    expect(verifyBlanks(parseRunbook("n.md", "# R\n\n- [ ] Deploy\n", "0"))).toBeUndefined();
    // Blanks only: a choice about the error budget is not the error rate's blank; and a step the
    // runbook does not route has no dwell, whatever its first item says.
    const choice = parseRunbook(
      "v.md",
      "# R\n\n- [ ] Wait for the change window\n\n## Verify\n\n- [ ] 100% traffic on green → Confirmed\n- [ ] Error budget: ☐ OK ☐ Burned\n- [ ] Error rate < 1% → ____%\n",
      "0",
    );
    expect(verifyBlanks(choice)?.errorRate?.label).toBe("Error rate");
    expect(stepBlanks(choice, 25)).toBeUndefined();
  });
});
