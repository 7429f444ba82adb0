import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { currentStepIndex, gate, latestMetrics, windowMetrics } from "../../source/domain/canary.js";
import { validateEnvConfig } from "../../source/domain/config.js";
import type { SessionState } from "../../source/domain/events.js";
import { iamPolicy, policyActions } from "../../source/domain/iam.js";
import { DEFAULT_THRESHOLDS } from "../../source/domain/runbook.js";
import { shellQuote } from "../../source/domain/shell-quote.js";
import { BashShell } from "../../source/integrations/shell.js";
import { ROOT } from "../helpers/paths.js";

const go = { errorRate: DEFAULT_THRESHOLDS[0]!, latencyP95: DEFAULT_THRESHOLDS[1]! };
const base = (over: Partial<SessionState> = {}): SessionState =>
  ({
    weights: { blue: 100, green: 0 },
    steps: [],
    alerts: [],
    checkpoints: {},
    checks: {},
    items: {},
    fields: {},
    notes: [],
    ...over,
  }) as SessionState;
const T = Date.parse("2026-11-23T12:00:00Z");

describe("canary gate", () => {
  it("opens the first step (the Go decision) when green is healthy", () => {
    const g = gate({
      state: base(),
      steps: [10, 50, 100],
      dwellMinutes: 10,
      now: T,
      green: latestMetrics([]),
      go,
      greenHealthy: true,
    });
    expect(g).toMatchObject({
      allowed: true,
      next: { blue: 90, green: 10 },
      isGoDecision: true,
      nextIndex: 0,
    });
  });

  it("holds during the dwell, then opens when green is within the go thresholds", () => {
    const state = base({
      weights: { blue: 90, green: 10 },
      steps: [{ step: 10, confirmedAt: new Date(T).toISOString() }],
      goDecision: { by: "a", at: "x" },
    });
    const green = { errorRate: 0.4, latencyP95: 31, throughput: 20, periodStart: T };
    const early = gate({ state, steps: [10, 50, 100], dwellMinutes: 10, now: T + 4 * 60_000, green, go });
    expect(early.allowed).toBe(false);
    expect(early.reasons).toEqual(["dwell at 10 % has 6m00s left"]);
    const later = gate({ state, steps: [10, 50, 100], dwellMinutes: 10, now: T + 10 * 60_000, green, go });
    expect(later).toMatchObject({ allowed: true, next: { blue: 50, green: 50 }, isGoDecision: false });
    const bad = gate({
      state,
      steps: [10, 50, 100],
      dwellMinutes: 10,
      now: T + 11 * 60_000,
      green: { ...green, errorRate: 1.7, latencyP95: 64 },
      go,
    });
    expect(bad.breaches).toEqual([
      "green error rate 1.70 % breaks go < 1 %",
      "green p95 64 ms breaks go < 50 ms",
    ]);
  });

  it("follows the weights AWS shows, not the steps golive took", () => {
    expect(currentStepIndex([10, 50, 100], { blue: 50, green: 50 })).toBe(1);
    expect(currentStepIndex([10, 50, 100], { blue: 70, green: 30 })).toBe(0);
    expect(currentStepIndex([10, 50, 100], { blue: 100, green: 0 })).toBe(-1);
    const g = gate({
      state: base({ weights: { blue: 0, green: 100 } }),
      steps: [10, 50, 100],
      dwellMinutes: 10,
      now: T,
      green: undefined,
      go,
    });
    expect(g.nextIndex).toBe(-1);
    expect(g.reasons[0]).toMatch(/complete/);
  });

  it("treats no traffic as no data, never as zero", () => {
    expect(latestMetrics([{ t: T, requests: 0, errors: 0, p95Ms: null }]).errorRate).toBeNull();
    expect(
      windowMetrics([
        { t: T, requests: 1000, errors: 10, p95Ms: 30 },
        { t: T + 60_000, requests: 3000, errors: 10, p95Ms: 45 },
      ]),
    ).toMatchObject({ errorRate: 0.5, latencyP95: 45 });
  });
});

describe("environment config", () => {
  it("accepts the shipped example and fills defaults", () => {
    const v = validateEnvConfig(
      JSON.parse(readFileSync(join(ROOT, "checklists/environment.example.json"), "utf8")),
    );
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.config.metrics.periodSeconds).toBe(60);
  });
  it("names every bad field", () => {
    const v = validateEnvConfig({
      name: "x",
      aws: { region: "us-east-1" },
      ecs: { cluster: "c", blueService: "b", greenService: "b" },
      alb: { listenerArn: "nope", blueTargetGroupArn: "x", greenTargetGroupArn: "y" },
      canary: { steps: [50, 10] },
    });
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.problems).toEqual([
        expect.stringMatching(/^alb\.listenerArn: expected an ELBv2 listener ARN/),
        expect.stringMatching(/^alb\.blueTargetGroupArn: expected an ELBv2 targetgroup ARN/),
        expect.stringMatching(/^alb\.greenTargetGroupArn: expected an ELBv2 targetgroup ARN/),
        "canary.steps: steps must rise and end at 100",
      ]);
    }
  });
});

describe("IAM policy", () => {
  it("allows only the calls golive makes, and changes only the configured listener and services", () => {
    const v = validateEnvConfig(
      JSON.parse(readFileSync(join(ROOT, "checklists/environment.example.json"), "utf8")),
    );
    if (!v.ok) throw new Error("example invalid");
    const p = iamPolicy(v.config) as { Statement: { Action: string[]; Resource: string | string[] }[] };
    expect(policyActions(p).sort()).toEqual([
      "cloudwatch:GetMetricData",
      "ecs:CreateService",
      "ecs:DescribeClusters",
      "ecs:DescribeServices",
      "ecs:RegisterTaskDefinition",
      "ecs:UpdateService",
      "elasticloadbalancing:DescribeListeners",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:ModifyListener",
    ]);
    const modify = p.Statement.find((s) => s.Action.includes("elasticloadbalancing:ModifyListener"))!;
    expect(modify.Resource).toEqual([v.config.alb.listenerArn]);
    const update = p.Statement.find((s) => s.Action.includes("ecs:UpdateService"))!;
    expect(update.Resource).toEqual([
      "arn:aws:ecs:us-east-1:123456789012:service/nba-mcp-prod/nba-mcp-blue",
      "arn:aws:ecs:us-east-1:123456789012:service/nba-mcp-prod/nba-mcp-green",
    ]);
  });
});

describe("shell safety", () => {
  it.each(["$(touch /tmp/pwned)", "`id`", "a; rm -rf /", "x' || echo hi '", "line\nbreak", "$HOME"])(
    "a hostile value stays one literal word: %s",
    async (hostile) => {
      const r = await new BashShell().run(`printf '%s' ${shellQuote(hostile)}`, { env: {}, timeoutMs: 5000 });
      expect(r.output).toBe(hostile);
      const viaEnv = await new BashShell().run("printf '%s' \"$GOLIVE_F1\"", {
        env: { GOLIVE_F1: hostile },
        timeoutMs: 5000,
      });
      expect(viaEnv.output).toBe(hostile);
    },
  );

  it("kills a command that outlives its timeout and redacts secrets in its output", async () => {
    const slow = await new BashShell().run("sleep 30", { env: {}, timeoutMs: 200 });
    expect(slow).toMatchObject({ timedOut: true, exitCode: null });
    const leak = await new BashShell().run(
      "echo AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      { env: {}, timeoutMs: 5000 },
    );
    expect(leak.output).not.toContain("wJalrXUtnFEMI");
  });
});
