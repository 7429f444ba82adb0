/**
 * runbook/plan.ts on small trees (micromark's, no runbook around them): which statement of the plan
 * wins, where each step's dwell comes from, and where a plan may be stated. Stryker left these open
 * with runbook-plan.test.ts alone (plan.ts:1-200, 61 %).
 */
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../source/runbook/markdown.js";
import { readCanaryPlan } from "../../source/runbook/plan.js";
import { planRows } from "../helpers/plan-rows.js";

const plan = (text: string) => readCanaryPlan(parseMarkdown(text));
/** A runbook of one "Rollout" section with these lines. */
const rollout = (...lines: string[]) => plan(["# Rollout", "", ...lines, ""].join("\n"));
const route = (green: number) => `- [ ] Route ${green}% of traffic to green`;

const rows = planRows;

describe("which statement of the plan wins", () => {
  it("an annotation with steps over the prose before it, with a warning naming both", () => {
    const p = plan(
      "# Rollout\n\nShift traffic 10% → 50% → 100%.\n\n<!-- golive canary steps=25,100 dwell=7m -->\n",
    );
    expect(rows(p.steps)).toEqual([
      [25, 7, 5, 5],
      [100, 7, 5, 5],
    ]);
    expect(p.warnings.map((w) => w.line)).toEqual([3]);
    expect(p.warnings[0]!.message).toContain(
      "25 % → 100 % (annotation) at line 5 and 10 % → 50 % → 100 % (percent list) at line 3",
    );
  });

  it("an annotation with only a dwell sets the dwell of the prose plan, or of the default plan", () => {
    const p = plan("# Rollout\n\nShift traffic 10% → 100%.\n\n<!-- golive canary dwell=9m -->\n");
    expect(rows(p.steps)).toEqual([
      [10, 9, 3, 5],
      [100, 9, 3, 5],
    ]);
    expect(p.warnings).toEqual([]);
    const d = plan("# Notes\n\nNothing here.\n\n<!-- golive canary dwell=4m -->\n");
    expect(d.steps.every((s) => s.dwellMinutes === 4 && s.dwellFrom.from === "runbook")).toBe(true);
    expect(d.steps.length).toBeGreaterThan(1);
  });

  it("an annotation inside a paragraph counts; a plan in a table cell counts", () => {
    expect(rows(plan("# R\n\nWe roll out <!-- golive canary steps=30,100 --> today.\n").steps)).toEqual([
      [30, expect.any(Number), 3, "default"],
      [100, expect.any(Number), 3, "default"],
    ]);
    const t = plan("# R\n\n| what | plan |\n| --- | --- |\n| canary | traffic 20% → 60% → 100% |\n");
    expect(t.steps.map((s) => [s.green, s.stepFrom.from === "runbook" && s.stepFrom.line])).toEqual([
      [20, 5],
      [60, 5],
      [100, 5],
    ]);
  });
});

describe("what is a plan", () => {
  it("at least two steps, each 1-100 and rising, ending at 100; anything else is golive's default", () => {
    const stated = (list: string) => rollout(`Shift traffic ${list}.`).steps[0]!.stepFrom.from;
    expect(stated("10% → 100%")).toBe("runbook");
    for (const list of [
      "50% → 10% → 100%",
      "10% → 10% → 100%",
      "0% → 50% → 100%",
      "10% → 50%",
      "10% → 150% → 100%",
    ])
      expect([list, stated(list)]).toEqual([list, "default"]);
  });
});

describe("where each step's dwell comes from", () => {
  it("a dwell stated in another section is not the plan's", () => {
    const p = plan("# Rollout\n\nShift traffic 10% → 100%.\n\n# Later\n\nMonitor for 30 minutes.\n");
    expect(rows(p.steps)).toEqual([
      [10, p.steps[0]!.dwellMinutes, 3, "default"],
      [100, p.steps[1]!.dwellMinutes, 3, "default"],
    ]);
    // The plan's own section, after two headings: its dwell.
    const q = plan("# A\n\n# B\n\nShift traffic 10% → 100%.\n\nMonitor for 30 minutes.\n");
    expect(rows(q.steps).map((r) => r[1])).toEqual([30, 30]);
  });

  // [what, the section's lines, [green, dwell, step line, dwell line] per step ("d": the default)].
  const DWELLS: [string, string[], (number | string)[][]][] = [
    [
      "route items: each dwell belongs to the step it follows, a step without one keeps the previous step's",
      [route(10), "- [ ] Monitor for 5 minutes", route(50), route(100), "- [ ] Monitor for 20 minutes"],
      [
        [10, 5, 3, 4],
        [50, 5, 5, 4],
        [100, 20, 6, 7],
      ],
    ],
    [
      "route items: a first step without a dwell keeps the default, the next one's is its own",
      [route(10), route(50), "- [ ] Bake for 6 minutes", route(100), "- [ ] Watch for 8 minutes"],
      [
        [10, "d", 3, "default"],
        [50, 6, 4, 5],
        [100, 8, 6, 7],
      ],
    ],
    [
      // The third step takes the last dwell stated.
      "a list stated once, then one dwell per step in order; a dwell before the list is not one of them",
      [
        "Wait for 2 minutes first.",
        "",
        "Shift traffic 10% → 50% → 100%.",
        "",
        "- Monitor for 11 min",
        "- Monitor for 12 min",
      ],
      [
        [10, 11, 5, 7],
        [50, 12, 5, 8],
        [100, 12, 5, 8],
      ],
    ],
  ];
  it.each(DWELLS)("%s", (_, lines, want) => {
    const p = rollout(...lines);
    const d = p.steps[0]!.dwellMinutes;
    expect(rows(p.steps)).toEqual(want.map((r) => r.map((x) => (x === "d" ? d : x))));
  });

  it("two statements of the same steps with different dwells: the first is followed, the other named", () => {
    const p = rollout(
      "Shift traffic 10% → 100%, watch for 10 minutes.",
      "",
      "```bash",
      'aws elbv2 modify-listener --default-actions \'{"TargetGroups":[{"TargetGroupArn":"arn:blue","Weight":90},{"TargetGroupArn":"arn:green","Weight":10}]}\'',
      "sleep 300",
      "aws elbv2 modify-listener --default-actions Type=forward,TargetGroupArn=arn:green",
      "```",
    );
    expect(rows(p.steps)).toEqual([
      [10, 10, 3, 3],
      [100, 10, 3, 3],
    ]);
    // The 100 % call keeps the sleep after the first call: both steps differ, both named.
    expect(p.warnings.map((w) => [w.line, w.message])).toEqual(
      [10, 100].map((g) => [
        7,
        `the runbook states two different dwells at ${g} %: 10 min at line 3 and 5 min at line 7; golive follows line 3`,
      ]),
    );
  });
});
