/**
 * The Go decision on a small runbook of another team's: which items can hold it (only those due
 * before the first shift, above the runbook's own first step), and how the health URLs and a
 * criterion no item covers are worded in the gate's reasons.
 */
import { describe, expect, it } from "vitest";
import { evaluateGate } from "../../source/domain/gate.js";
import { goNoGoChecks, goNoGoReasons } from "../../source/domain/go-nogo.js";
import type { Runbook } from "../../source/domain/runbook.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { tickedState } from "../helpers/ticked-state.js";
import { goDecision, MIN, T } from "./gate-inputs.js";

const state = tickedState;

/** i1 i2 before the window; i3 i4 at T-0 (then the plan's two steps, where stated); two after. */
const runbook = (plan: boolean) =>
  parseRunbook(
    "checkout.md",
    [
      "# Checkout rollout\n\n## Prepare (T-1h)\n",
      "- [ ] Smoke tests passing on staging\n- [ ] Database backup taken\n",
      "## Canary (T-0)\n",
      "- [ ] Payments fleet answering\n- [ ] Fleet autoscaling set",
      ...(plan ? ["- [ ] Send 5% of traffic to the new fleet\n- [ ] Send everything to the new fleet"] : []),
      "\n## Verify (T+30 min)\n\n- [ ] Smoke tests passing on production\n",
      "## Rollback (T+X)\n\n- [ ] Database backup restored\n",
      "## Quick reference\n\nGo Criteria:\n\n- Smoke tests passing\n- Database backup taken\n",
      "No-Go Criteria:\n\n- New fleet down\n",
    ].join("\n"),
    "0",
  );

const reasons = (rb: Runbook, ticked: string[], health?: { blue?: boolean; green?: boolean }) =>
  goNoGoReasons(goNoGoChecks(rb, state(ticked), health));

describe("what can hold the Go", () => {
  it("only items due before the first shift: never the plan's own steps, a T+30 check or a rollback step", () => {
    const rb = runbook(true);
    expect(rb.canary.steps[0]!.stepFrom).toMatchObject({
      from: "runbook",
      text: expect.stringMatching(/^Send 5%/),
    });
    expect(goNoGoChecks(rb, state()).map((c) => [c.label, c.items])).toEqual([
      ["Smoke tests passing", ["i1"]],
      ["Database backup taken", ["i2"]],
      ["New fleet down", ["i3", "i4"]],
    ]);
    // Everything due before the Go is ticked: the first step itself (open, on "new fleet") does not hold it.
    expect(reasons(rb, ["i1", "i2", "i3", "i4"])).toEqual([]);
  });

  it("a runbook without its own canary plan: every T-0 item counts, open ones named together", () => {
    const rb = runbook(false);
    expect(reasons(rb, ["i1", "i2"])).toEqual(["No-Go not ruled out: New fleet down (open: i3, i4)"]);
    expect(reasons(rb, ["i1", "i2", "i3", "i4"])).toEqual([]);
  });
});

describe("health URLs and criteria nothing covers", () => {
  const rb = runbook(true);
  const only = (go: string[], noGo: string[] = []) => ({ ...rb, criteria: { go, noGo } });

  it("a health criterion no item covers is met by the probed URLs alone; a URL not probed is not failing", () => {
    const h = only(["Health endpoints answer"]);
    expect(reasons(h, [])).toEqual([
      "no evidence: Go criterion not met: Health endpoints answer (no checklist item before the first shift covers it)",
    ]);
    // As the engine passes them: blue's URL not configured.
    const met = goNoGoChecks(h, state(), { blue: undefined, green: true });
    expect(met.map((c) => [c.ok, c.detail])).toEqual([[true, "health URLs answer 2xx"]]);
    expect(reasons(h, [], { blue: false, green: false })).toEqual([
      "Go criterion not met: Health endpoints answer (blue, green health failing)",
    ]);
  });

  it("the probes answer only a Go health criterion: not another Go criterion, nor a No-Go one", () => {
    const up = { blue: true, green: true };
    expect(reasons(only(["Change board approval obtained"], ["Health checks failing"]), [], up)).toEqual([
      "no evidence: Go criterion not met: Change board approval obtained (no checklist item before the first shift covers it)",
      "no evidence: No-Go not ruled out: Health checks failing (no checklist item before the first shift covers it)",
    ]);
    // An open item is named alone, without the health of the URLs beside it.
    expect(reasons(only(["Smoke tests passing"]), [], { green: false })).toEqual([
      "Go criterion not met: Smoke tests passing (open: i1)",
    ]);
  });

  it("a criterion with no word to match by is no evidence, judged by no item, even with every item ticked", () => {
    const checks = goNoGoChecks(only(["All ready"]), state(["i1", "i2", "i3", "i4"]));
    expect(goNoGoReasons(checks)).toEqual([
      "no evidence: Go criterion not met: All ready (no checklist item before the first shift covers it)",
    ]);
    expect(checks.map((c) => c.items)).toEqual([[]]);
  });

  it("the criteria hold the Go decision (the first shift) only, never a later step", () => {
    const checks = goNoGoChecks(only(["Smoke tests passing", "All ready"]), state());
    const held = (green: number) =>
      evaluateGate(
        goDecision({
          confirmed: { weights: { blue: 100 - green, green }, since: T - 30 * MIN },
          listener: { value: { blue: 100 - green, green }, at: T - 1000 },
          checks,
        }),
      )
        .details.filter((d) => d.input.startsWith("check."))
        .map((d) => d.message);
    expect(held(0)).toEqual([
      "Go criterion not met: Smoke tests passing (open: i1)",
      "no evidence: Go criterion not met: All ready (no checklist item before the first shift covers it)",
    ]);
    expect(held(10)).toEqual([]);
  });
});
