import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateEnvConfig } from "../../source/domain/config.js";
import { iamPolicy, policyActions } from "../../source/domain/iam.js";
import { shellQuote } from "../../source/domain/shell-quote.js";
import { BashShell } from "../../source/integrations/shell.js";
import { ROOT } from "../helpers/paths.js";

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
      "elasticloadbalancing:DescribeRules",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:ModifyListener",
    ]);
    // Every AWS SDK command golive's sources send is in the policy (DescribeRules was once missing).
    const service: Record<string, string> = {
      "elastic-load-balancing-v2": "elasticloadbalancing",
      ecs: "ecs",
      cloudwatch: "cloudwatch",
    };
    // Team mode's S3 calls go to the team's bucket, and the record's anchor to its Object Lock
    // bucket, not to the environment this policy covers (their policies come with their config).
    // STS GetCallerIdentity (two-person approval) needs no permission: AWS answers it for any caller.
    const teamStore = new Set(["integrations/s3-log.ts", "integrations/s3-anchor.ts", "integrations/sts.ts"]);
    const sent = new Set<string>();
    for (const f of readdirSync(join(ROOT, "source"), { recursive: true, encoding: "utf8" })) {
      if (!/\.tsx?$/.test(f) || teamStore.has(f)) continue;
      const text = readFileSync(join(ROOT, "source", f), "utf8");
      for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"@aws-sdk\/client-([\w-]+)"/g))
        for (const name of m[1]!.split(",").map((n) => n.trim()))
          if (/^\w+Command$/.test(name) && new RegExp(`new ${name}\\(`).test(text))
            sent.add(`${service[m[2]!] ?? m[2]}:${name.slice(0, -"Command".length)}`);
    }
    expect(sent.size).toBeGreaterThanOrEqual(10);
    expect([...sent].filter((a) => !policyActions(p).includes(a))).toEqual([]);
    const modify = p.Statement.find((s) => s.Action.includes("elasticloadbalancing:ModifyListener"))!;
    expect(modify.Resource).toEqual([v.config.alb!.listenerArn]);
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
