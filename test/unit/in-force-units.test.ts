/**
 * What a session acts on, in memory (domain/in-force.ts, plan-in-force.ts, in-force-text.ts,
 * threshold-defaults.ts): golive's default thresholds, the first the runbook states, the config's
 * override; the canary plan with each value's source; when a value breaches a bound; and how all of
 * it reads in status, `--json` and the record. A wrong value here is a wrong go / rollback decision.
 */
import { describe, expect, it } from "vitest";
import { inForce, inForceWith, sessionConfig, thresholdsInForce } from "../../source/domain/in-force.js";
import {
  basename,
  inForceJson,
  planLines,
  shortSource,
  sourceText,
  stepsText,
  thresholdsText,
} from "../../source/domain/in-force-text.js";
import {
  defaultCanary,
  type PlanStep,
  planInForce,
  type ValueSource,
} from "../../source/domain/plan-in-force.js";
import type { Runbook } from "../../source/domain/runbook.js";
import { manualTriggerText } from "../../source/domain/stated-text.js";
import { breaches, DEFAULT_THRESHOLDS, effectiveThresholds } from "../../source/domain/threshold-defaults.js";
import type { Threshold } from "../../source/domain/thresholds.js";
import { minimalConfig } from "../helpers/env-config.js";

const stated = (t: Partial<Threshold> & Pick<Threshold, "metric" | "kind" | "value">): Threshold => ({
  op: t.kind === "go" ? "<" : ">",
  unit: t.metric === "errorRate" ? "%" : "ms",
  text: "stated",
  line: 1,
  source: "runbook",
  ...t,
});
const at = (line: number): ValueSource => ({ from: "runbook", line, text: "x" });
const step = (green: number, dwellMinutes: number, stepLine: number, dwellLine: number): PlanStep => ({
  green,
  dwellMinutes,
  stepFrom: at(stepLine),
  dwellFrom: at(dwellLine),
});

describe("the thresholds in force", () => {
  it("golive's defaults: go below 1 % and 50 ms, roll back above 5 % and 100 ms", () => {
    const d = effectiveThresholds([]);
    const row = (t: Threshold) => [t.metric, t.kind, t.op, t.value, t.unit, t.text, t.line, t.source];
    expect([d.go.errorRate, d.go.latencyP95, d.rollback.errorRate, d.rollback.latencyP95].map(row)).toEqual([
      ["errorRate", "go", "<", 1, "%", "error rate < 1%", 0, "default"],
      ["latencyP95", "go", "<", 50, "ms", "p95 < 50ms", 0, "default"],
      ["errorRate", "rollback", ">", 5, "%", "error rate > 5%", 0, "default"],
      ["latencyP95", "rollback", ">", 100, "ms", "p95 > 100ms", 0, "default"],
    ]);
    expect(DEFAULT_THRESHOLDS).toHaveLength(4);
  });

  it("the first the runbook states of each metric and kind; the defaults for the rest", () => {
    const a = stated({ metric: "latencyP95", kind: "rollback", value: 300, line: 40 });
    const b = stated({ metric: "latencyP95", kind: "rollback", value: 200, line: 41 });
    const c = stated({ metric: "errorRate", kind: "go", value: 0.5, line: 42 });
    const d = effectiveThresholds([a, b, c]);
    expect([d.go.errorRate, d.go.latencyP95, d.rollback.errorRate, d.rollback.latencyP95]).toEqual([
      c,
      DEFAULT_THRESHOLDS[1],
      DEFAULT_THRESHOLDS[2],
      a,
    ]);
  });

  it("the config's value wins over the runbook's, said as the config's", () => {
    const rb = stated({ metric: "errorRate", kind: "rollback", value: 3, line: 40 });
    const th = thresholdsInForce([rb], { rollback: { latencyP95Ms: 250 }, go: { errorRatePercent: 2 } });
    expect(th.rollback.errorRate).toBe(rb);
    expect(th.rollback.latencyP95).toEqual({
      ...DEFAULT_THRESHOLDS[3],
      value: 250,
      source: "config",
      text: "latencyP95 > 250",
      line: 0,
    });
    expect(th.go.errorRate).toMatchObject({ value: 2, source: "config", text: "errorRate < 2" });
    expect(th.go.latencyP95).toBe(DEFAULT_THRESHOLDS[1]);
    const both = thresholdsInForce([], { go: { latencyP95Ms: 40 }, rollback: { errorRatePercent: 4 } });
    expect([both.go.latencyP95.value, both.rollback.errorRate.value]).toEqual([40, 4]);
    // A config that sets only one kind leaves the other kind as the runbook (or golive) has it.
    const onlyRollback = thresholdsInForce([], { rollback: { errorRatePercent: 4 } });
    expect(onlyRollback.go).toEqual(thresholdsInForce([]).go);
    const onlyGo = thresholdsInForce([], { go: { latencyP95Ms: 40 } });
    expect(onlyGo.rollback).toEqual(thresholdsInForce([]).rollback);
  });

  it("breaches: on the wrong side of each kind of bound, the bound itself included where it is strict", () => {
    const cases = (op: Threshold["op"]) => [9, 10, 11].map((v) => breaches({ op, value: 10 }, v));
    expect(cases("<")).toEqual([false, true, true]);
    expect(cases("<=")).toEqual([false, false, true]);
    expect(cases(">")).toEqual([false, false, true]);
    expect(cases(">=")).toEqual([false, true, true]);
    // A value that is no number (NaN) is never within a go bound: fail safe, as for "<".
    expect([
      breaches({ op: "<", value: 10 }, Number.NaN),
      breaches({ op: "<=", value: 10 }, Number.NaN),
    ]).toEqual([true, true]);
  });

  it("what golive cannot measure reads as a check by hand, never as met", () => {
    expect(manualTriggerText({ text: "Critical functionality broken", line: 30 }, "deploy.md")).toBe(
      "Critical functionality broken (runbook deploy.md:30) — manual trigger: not measured by golive — check by hand",
    );
  });
});

describe("the canary plan in force", () => {
  const runbook = { steps: [step(5, 15, 10, 12), step(25, 15, 10, 12), step(100, 30, 10, 13)], warnings: [] };

  it("golive's default: 10, 50, 100 % at 10 minutes each", () => {
    expect(defaultCanary()).toEqual({
      steps: [10, 50, 100].map((green) => ({
        green,
        dwellMinutes: 10,
        stepFrom: { from: "default" },
        dwellFrom: { from: "default" },
      })),
      warnings: [],
    });
  });

  it("the runbook's steps as stated, as copies", () => {
    const plan = planInForce(runbook);
    expect(plan).toEqual(runbook.steps);
    expect(plan[0]).not.toBe(runbook.steps[0]);
  });

  it("the config's steps keep the runbook's dwell of the same step, else a uniform one, else the default", () => {
    const cfg = { from: "config", file: "prod.json" };
    expect(planInForce(runbook, { steps: [25, 50, 100] }, "prod.json")).toEqual([
      { green: 25, dwellMinutes: 15, stepFrom: cfg, dwellFrom: at(12) },
      { green: 50, dwellMinutes: 10, stepFrom: cfg, dwellFrom: { from: "default" } },
      { green: 100, dwellMinutes: 30, stepFrom: cfg, dwellFrom: at(13) },
    ]);
    const uniform = { steps: [step(10, 20, 3, 4), step(100, 20, 3, 4)], warnings: [] };
    expect(planInForce(uniform, { steps: [50, 100] }).map((s) => [s.dwellMinutes, s.dwellFrom])).toEqual([
      [20, at(4)],
      [20, at(4)],
    ]);
    expect(planInForce(uniform, { steps: [50] })[0]!.stepFrom).toEqual({ from: "config", file: "config" });
  });

  it("the config's dwell applies to every step", () => {
    const plan = planInForce(runbook, { dwellMinutes: 7 }, "prod.json");
    expect(plan.map((s) => [s.green, s.dwellMinutes, s.dwellFrom])).toEqual(
      [5, 25, 100].map((g) => [g, 7, { from: "config", file: "prod.json" }]),
    );
    expect(planInForce(runbook, { dwellMinutes: 0 })[0]!.dwellMinutes).toBe(0);
  });
});

describe("how it reads", () => {
  const rb = {
    file: "/runbooks/deploy.md",
    canary: { steps: [step(5, 15, 10, 12), step(100, 30, 10, 12)], warnings: [] },
    thresholds: [stated({ metric: "errorRate", kind: "go", value: 0.5, line: 178 })],
  } as unknown as Runbook;
  const f = inForceWith(
    rb,
    { ...minimalConfig(), thresholds: { rollback: { latencyP95Ms: 250 } } } as never,
    "prod.json",
  );

  it("each value with its source: runbook file:line, the config file, or default", () => {
    expect(sourceText(at(12), "C:\\books\\deploy.md")).toBe("runbook deploy.md:12");
    expect(sourceText({ from: "config", file: "prod.json" }, "x.md")).toBe("config prod.json");
    expect(sourceText({ from: "default" }, "x.md")).toBe("default");
    expect(planLines(f)).toEqual([
      "  5 %  dwell 15 min    (step: runbook deploy.md:10 · dwell: runbook deploy.md:12)",
      "100 %  watch 30 min    (step: runbook deploy.md:10 · dwell: runbook deploy.md:12)",
    ]);
    expect(stepsText(f.plan)).toBe("5 % → 100 %");
    expect(thresholdsText(f)).toBe(
      "go: error rate < 0.5 % (runbook deploy.md:178), p95 < 50 ms (default) · rollback: error rate > 5 % (default), p95 > 250 ms (config prod.json)",
    );
    expect(thresholdsText({ ...f, configFile: undefined })).toContain("p95 > 250 ms (config config)");
    expect([f.thresholds.go.errorRate, f.thresholds.rollback.latencyP95, at(3)].map(shortSource)).toEqual([
      "runbook:178",
      "config",
      "runbook:3",
    ]);
    expect(shortSource({ from: "default" })).toBe("default");
    expect([basename("a/b/c.md"), basename("a\\b.md"), basename("c.md")]).toEqual(["c.md", "b.md", "c.md"]);
  });

  it("--json: the plan with labelled sources (no runbook text), each threshold with its label", () => {
    const j = inForceJson(f);
    expect(j.canary.steps).toEqual([5, 100]);
    expect(j.canary.plan[0]).toEqual({
      green: 5,
      dwellMinutes: 15,
      step: { from: "runbook", line: 10, text: undefined, label: "runbook deploy.md:10" },
      dwell: { from: "runbook", line: 12, text: undefined, label: "runbook deploy.md:12" },
    });
    expect(j.thresholds.go.errorRate.label).toBe("runbook deploy.md:178");
    expect(j.thresholds.go.latencyP95).toEqual({ ...DEFAULT_THRESHOLDS[1], label: "default" });
    expect(j.thresholds.rollback.errorRate.label).toBe("default");
    expect(j.thresholds.rollback.latencyP95).toMatchObject({ value: 250, label: "config prod.json" });
  });

  it("the session's config only when valid, named by its file's name", () => {
    expect(sessionConfig({})).toBeUndefined();
    const file = "/etc/golive/prod.json";
    expect(sessionConfig({ config: { value: minimalConfig(), file } as never })?.file).toBe("prod.json");
    expect(sessionConfig({ config: { value: { name: 3 }, file } as never })).toBeUndefined();
    // What a session acts on: its valid config, named by file; without one, the runbook's and golive's.
    expect(inForce(rb, { config: { value: minimalConfig(), file } as never })).toEqual(
      inForceWith(rb, minimalConfig() as never, "prod.json"),
    );
    expect(inForce(rb, {})).toEqual(inForceWith(rb, undefined));
  });
});
