/** The runbook's own canary plan and the thresholds in force, each value with where it came from. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inForceWith, thresholdsInForce } from "../../source/domain/in-force.js";
import { sourceText } from "../../source/domain/in-force-text.js";
import { planInForce } from "../../source/domain/plan-in-force.js";
import type { Runbook } from "../../source/domain/runbook.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { ROOT, SEEDS } from "../helpers/paths.js";
import { planRows } from "../helpers/plan-rows.js";

const FIX = join(ROOT, "test", "fixtures");

const load = (file: string) => parseRunbook(file, readFileSync(file, "utf8"), "0");

const md = (text: string) => parseRunbook("inline.md", text, "0");

const rows = planRows;

describe("the canary plan a runbook states", () => {
  it("deployment.md: the rollout line, one 'Monitor for' per step; its route items and modify-listener calls agree", () => {
    const rb = load(join(SEEDS, "deployment.md"));
    expect(rows(rb.canary.steps)).toEqual([
      [10, 10, 174, 177],
      [50, 10, 174, 181],
      [100, 10, 174, 185],
    ]);
    expect(rb.canary.warnings).toEqual([]);
  });

  it("go-live.md states none: golive's default, said to be the default", () => {
    const rb = load(join(SEEDS, "go-live.md"));
    expect(rows(rb.canary.steps)).toEqual([
      [10, 10, "default", "default"],
      [50, 10, "default", "default"],
      [100, 10, "default", "default"],
    ]);
  });

  it("a prose plan in another team's words: Shift 5 % … 25 % … 100 %, Watch for 15 minutes", () => {
    const rb = load(join(FIX, "search-rollout.md"));
    expect(rows(rb.canary.steps)).toEqual([
      [5, 15, 13, 15],
      [25, 15, 13, 15],
      [100, 15, 13, 15],
    ]);
  });

  it("orbit-release.md in its own words: 'Send 5% of traffic to the new fleet' … 'Send everything to the new fleet'", () => {
    const rb = load(join(FIX, "orbit-release.md"));
    expect(rows(rb.canary.steps)).toEqual([
      [5, 10, 16, "default"],
      [100, 10, 21, "default"],
    ]);
    expect(rb.canary.steps[1]!.stepFrom).toMatchObject({ text: "Send everything to the new fleet" });
    expect(rb.canary.steps.map((x) => sourceText(x.stepFrom, rb.file))).toEqual([
      "runbook orbit-release.md:16",
      "runbook orbit-release.md:21",
    ]);
    // "everything" is a step only after a numbered one: prose alone never makes a plan.
    expect(rows(md("# R\n\n- [ ] Send everything to the new fleet\n").canary.steps)[0]).toEqual([
      10,
      10,
      "default",
      "default",
    ]);
  });

  it("the annotation states it for golive", () => {
    const rb = load(join(FIX, "third-runbook.md"));
    expect(rows(rb.canary.steps)).toEqual([
      [5, 15, 6, 6],
      [25, 15, 6, 6],
      [100, 15, 6, 6],
    ]);
  });

  it("route items with a different bake after each step; 'every 15 minutes' is not a dwell", () => {
    const rb = md(
      [
        "# Rollout",
        "",
        "## Traffic",
        "",
        "- [ ] Route 5% of traffic to green",
        "- [ ] Bake for 20 minutes",
        "- [ ] Shift 30 % traffic to green",
        "- [ ] Let it soak for 1 hour",
        "- [ ] Send 100% traffic to the green stack",
        "- [ ] Check dashboards every 15 minutes",
        "- [ ] Route 100% back to blue if anything breaks",
      ].join("\n"),
    );
    expect(rows(rb.canary.steps)).toEqual([
      [5, 20, 5, 6],
      [30, 60, 7, 8],
      [100, 60, 9, 8],
    ]);
  });

  it("the weights of modify-listener calls (shorthand and JSON), with the wait between them; CRLF or lone CR alike", () => {
    const lines = [
      "# Cutover",
      "",
      "- [ ] Shift",
      "",
      "```sh",
      "aws elbv2 modify-listener --listener-arn $L \\",
      '  --default-actions \'[{"Type":"forward","ForwardConfig":{"TargetGroups":[{"TargetGroupArn":"\'$BLUE_TG\'","Weight":80},{"TargetGroupArn":"\'$GREEN_TG\'","Weight":20}]}}]\'',
      "sleep 900  # watch for 15 minutes",
      "aws elbv2 modify-listener --listener-arn $L --default-actions Type=forward,TargetGroupArn=$GREEN_TG",
      "```",
    ];
    for (const eol of ["\n", "\r\n", "\r"])
      expect(rows(md(lines.join(eol)).canary.steps), JSON.stringify(eol)).toEqual([
        [20, 15, 6, 8],
        [100, 15, 9, 8],
      ]);
  });

  it("two different plans: the first is followed and a warning names both lines", () => {
    const rb = md(
      [
        "# Release",
        "",
        "## Canary",
        "",
        "Gradual rollout: 10% → 50% → 100%",
        "",
        "- [ ] Route 10% traffic to green",
        "",
        "## Later",
        "",
        "- [ ] Route 5% traffic to green",
        "- [ ] Route 25% traffic to green",
        "- [ ] Route 100% traffic to green",
      ].join("\n"),
    );
    expect(rb.canary.steps.map((s) => s.green)).toEqual([10, 50, 100]);
    expect(rb.canary.warnings).toHaveLength(1);
    expect(rb.canary.warnings[0]!.line).toBe(11);
    expect(rb.canary.warnings[0]!.message).toMatch(
      /two different canary plans: 10 % → 50 % → 100 % \(percent list\) at line 5 and 5 % → 25 % → 100 % \(route items\) at line 11; golive follows line 5/,
    );
  });

  it("thresholds and a percent list elsewhere are not a plan", () => {
    const rb = md(
      ["# Ops", "", "- [ ] Disk (>30% free), memory 40%, 60%, 80% alarms", "- [ ] Error rate < 1%"].join(
        "\n",
      ),
    );
    expect(rb.canary.steps.every((s) => s.stepFrom.from === "default")).toBe(true);
  });
});

describe("what is in force: the config overrides, the source says so", () => {
  const rb = load(join(FIX, "search-rollout.md"));
  it("config steps keep the runbook's dwell for the same step; config dwell replaces it", () => {
    expect(rows(planInForce(rb.canary, { steps: [25, 100] }, "env.json"))).toEqual([
      [25, 15, "config", 15],
      [100, 15, "config", 15],
    ]);
    const p = planInForce(rb.canary, { dwellMinutes: 3 }, "env.json");
    expect(rows(p)).toEqual([
      [5, 3, 13, "config"],
      [25, 3, 13, "config"],
      [100, 3, 13, "config"],
    ]);
    expect(sourceText(p[0]!.dwellFrom, rb.file)).toBe("config env.json");
    expect(sourceText(p[0]!.stepFrom, "test/fixtures/search-rollout.md")).toBe(
      "runbook search-rollout.md:13",
    );
  });

  it("thresholds: the runbook's, the config's where it sets one, else the default", () => {
    const th = thresholdsInForce(rb.thresholds, { go: { latencyP95Ms: 250 } });
    expect([th.go.errorRate.value, th.go.errorRate.source, th.go.errorRate.line]).toEqual([
      0.5,
      "runbook",
      18,
    ]);
    expect([th.go.latencyP95.value, th.go.latencyP95.source]).toEqual([250, "config"]);
    expect([th.rollback.latencyP95.value, th.rollback.latencyP95.source]).toEqual([800, "runbook"]);
    const none = inForceWith({ ...rb, thresholds: [] } as Runbook, undefined).thresholds;
    expect([none.go.errorRate.value, none.go.errorRate.source]).toEqual([1, "default"]);
  });
});
