/**
 * The environment config's problems as the lead reads them at `new` / `attach` (domain/config.ts),
 * and what a config without a part turns off. A field of the wrong type is said to be of the wrong
 * type, never "required": the lead looking for a missing key would not find one.
 */
import { describe, expect, it } from "vitest";
import {
  missingLines,
  missingPartText,
  partsSummary,
  validateEnvConfig,
} from "../../source/domain/config.js";
import { minimalConfig } from "../helpers/env-config.js";

const m = minimalConfig();
const problems = (raw: unknown) => {
  const v = validateEnvConfig(raw);
  return v.ok ? [] : [v.problems, v.paths];
};

describe("validateEnvConfig: one line per problem, with its path", () => {
  it("a missing field is required; one of the wrong type says what it expected", () => {
    expect(problems({ ...m, name: undefined })).toEqual([["name: required"], [["name"]]]);
    expect(problems({ ...m, aws: { region: 5 } })).toEqual([
      ["aws.region: Invalid input: expected string, received number"],
      [["aws", "region"]],
    ]);
    expect(problems({ ...m, ecs: "x" })).toEqual([
      ["ecs: Invalid input: expected object, received string"],
      [["ecs"]],
    ]);
  });

  it("unknown fields, at the top level and inside a part, one or several", () => {
    expect(problems({ ...m, extra: 1, other: 2 })).toEqual([["unknown fields extra, other"], [[]]]);
    expect(problems({ ...m, alb: { ...m.alb, bogus: 1 } })).toEqual([
      ["alb: unknown field bogus"],
      [["alb"]],
    ]);
  });

  it("its own rules: two distinct target groups, Prometheus named, periods CloudWatch has", () => {
    expect(problems({ ...m, alb: { ...m.alb, greenTargetGroupArn: m.alb.blueTargetGroupArn } })).toEqual([
      ["alb.greenTargetGroupArn: must differ from alb.blueTargetGroupArn"],
      [["alb", "greenTargetGroupArn"]],
    ]);
    expect(problems({ ...m, metrics: { source: "prometheus" } })).toEqual([
      ['metrics.source: "prometheus" needs a prometheus section ({ "url": "http://prometheus:9090" })'],
      undefined,
    ]);
    expect(problems({ ...m, metrics: { periodSeconds: 30 } })).toEqual([
      [
        'metrics.periodSeconds: 30 s is finer than CloudWatch\'s ALB metrics (per minute): use a multiple of 60, or metrics.source "prometheus"',
      ],
      [["metrics", "periodSeconds"]],
    ]);
    const prometheus = { url: "http://p:9090" };
    const custom = [
      { name: "X", namespace: "N", stat: "Sum", dimensions: { blue: { Env: "b" }, green: { Env: "g" } } },
    ];
    expect(
      problems({ ...m, metrics: { periodSeconds: 30, source: "prometheus", custom }, prometheus }),
    ).toEqual([
      ["metrics.periodSeconds: 30 s, but metrics.custom reads CloudWatch per minute: use a multiple of 60"],
      [["metrics", "periodSeconds"]],
    ]);
    expect(problems({ ...m, metrics: { periodSeconds: 30, source: "prometheus" }, prometheus })).toEqual([]);
    expect(problems({ ...m, metrics: { periodSeconds: 120 } })).toEqual([]);
  });
});

describe("the parts a config names", () => {
  const parse = (raw: unknown) => {
    const v = validateEnvConfig(raw);
    if (!v.ok) throw new Error(v.problems.join("; "));
    return v.config;
  };

  it("what the session acts on, and nothing said missing when every part is there", () => {
    const full = parse({ ...m, kubernetes: { namespace: "shop", deployment: "web" } });
    expect(partsSummary(full)).toBe(
      "prod: listener …stener/app/a/1/2, ECS c, Kubernetes shop/web, metrics cloudwatch",
    );
    expect(missingLines(full)).toEqual([]);
    expect(partsSummary(parse({ ...m, kubernetes: { namespace: "shop" } }))).toContain(", Kubernetes shop, ");
  });

  it("each missing part and what its absence turns off", () => {
    const bare = parse({ name: "dev", aws: { region: "us-east-1" } });
    expect(partsSummary(bare)).toBe("dev: metrics cloudwatch");
    expect(missingLines(bare)).toEqual([
      "no alb section: no traffic: p / R / promote / rollback, the listener read-back, target health and CloudWatch's ALB metrics",
      "no ecs section: no ECS: golive ecs, scale-blue, ECS service checks and task counts",
      "no kubernetes section: no Kubernetes: golive k8s, the rollout pane and the rollout undo after R",
    ]);
    expect(missingPartText("ecs", "prod.json")).toBe(
      "this session's config (prod.json) has no ecs section, so golive has no ECS: golive ecs, scale-blue, ECS service checks and task counts: add it to the config and run golive attach --config FILE (it adds missing parts, never changes one)",
    );
    expect(missingPartText("alb")).toMatch(
      /^this session's config has no alb section, so golive has no traffic: /,
    );
  });
});
