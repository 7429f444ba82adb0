/**
 * Sandbox realism where a rehearsal would mislead: scaling an ECS service down drains its targets
 * for (at most) the target group's deregistration delay before the tasks stop, and a malformed
 * ELBv2 ARN is a ValidationError — checked with both aws CLIs and the SDK, on the sandbox's clock.
 */
import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../source/integrations/aws/clients.js";
import type { Sandbox } from "../../source/sandbox/server.js";
import { findAwsClis, runAws, startSandbox } from "../helpers/sandbox.js";

const clis = findAwsClis();
const cases: [string, string | undefined][] = [
  ["aws-cli 1.x (PATH)", clis.v1],
  ["awscli 2.x (/usr/bin/aws)", clis.v2],
];

let sb: Sandbox;
let sdk: AwsClients;
let B: string;
let L: string;
beforeEach(async () => {
  const s = await startSandbox();
  sb = s.sb;
  sdk = createAwsClients(s.config.aws, { maxAttempts: 1 });
  B = s.config.alb.blueTargetGroupArn;
  L = s.config.alb.listenerArn;
});
afterEach(async () => {
  sdk.destroy();
  await sb.stop();
});

/** Each CLI run starts a Python interpreter: on a loaded 2-core box that is seconds, so few calls. */
const SLOW = 300_000;

for (const [label, cli] of cases) {
  describe.skipIf(!cli)(label, () => {
    const aws = async (...args: string[]) => {
      const r = await runAws(cli!, sb.awsUrl, args);
      if (r.code !== 0) throw new Error(`aws ${args.join(" ")}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    };
    const states = async () =>
      (
        (await aws("elbv2", "describe-target-health", "--target-group-arn", B)).TargetHealthDescriptions as {
          TargetHealth: { State: string; Reason?: string };
        }[]
      ).map((t) => `${t.TargetHealth.State}${t.TargetHealth.Reason ? ` ${t.TargetHealth.Reason}` : ""}`);
    const runningCount = async () =>
      (
        await sdk.ecs.send(
          new DescribeServicesCommand({ cluster: "nba-mcp-prod", services: ["nba-mcp-blue"] }),
        )
      ).services![0]!.runningCount!;

    it(
      "desired 0: targets drain (Target.DeregistrationInProgress) within the 300 s delay while the running count falls; a shorter delay set with modify-target-group-attributes applies next time",
      async () => {
        const attrs = await aws("elbv2", "describe-target-group-attributes", "--target-group-arn", B);
        expect(attrs.Attributes).toContainEqual({
          Key: "deregistration_delay.timeout_seconds",
          Value: "300",
        });
        const n = (await states()).length;
        expect(n).toBeGreaterThan(1);

        const r = await aws(
          "ecs",
          "update-service",
          "--cluster",
          "nba-mcp-prod",
          "--service",
          "nba-mcp-blue",
          "--desired-count",
          "0",
        );
        // The reply still counts the tasks: they run until their targets have drained.
        expect([r.service.desiredCount, r.service.runningCount]).toEqual([0, n]);
        expect(r.service.events.map((e: { message: string }) => e.message).join("\n")).toMatch(
          /has begun draining connections on \d+ tasks/,
        );
        expect(await states()).toEqual(Array(n).fill("draining Target.DeregistrationInProgress"));

        // Step through the delay on the sandbox clock: the count only falls, reaching 0 by 300 s + stop.
        const counts: number[] = [];
        for (let s = 0; s <= 330; s += 30) {
          counts.push(await runningCount());
          if (s === 240) expect((await states()).length).toBeLessThan(n); // some drained, not all
          sb.clock.advance(30_000);
        }
        expect(counts[0]).toBe(n);
        expect(counts.at(-1)).toBe(0);
        expect(counts.every((c, i) => i === 0 || c <= counts[i - 1]!)).toBe(true);
        expect(new Set(counts).size).toBeGreaterThan(2); // falls over time, not all at once
        expect(await states()).toEqual([]);

        const set = await aws(
          "elbv2",
          "modify-target-group-attributes",
          "--target-group-arn",
          B,
          "--attributes",
          "Key=deregistration_delay.timeout_seconds,Value=20",
        );
        expect(set.Attributes).toContainEqual({ Key: "deregistration_delay.timeout_seconds", Value: "20" });
        await aws(
          "ecs",
          "update-service",
          "--cluster",
          "nba-mcp-prod",
          "--service",
          "nba-mcp-blue",
          "--desired-count",
          "2",
        );
        sb.clock.advance(60_000);
        await aws(
          "ecs",
          "update-service",
          "--cluster",
          "nba-mcp-prod",
          "--service",
          "nba-mcp-blue",
          "--desired-count",
          "0",
        );
        expect(await runningCount()).toBe(2);
        sb.clock.advance(26_000);
        expect([await runningCount(), (await states()).length]).toEqual([0, 0]);
      },
      SLOW,
    );

    it(
      "a malformed listener or target group ARN is a ValidationError; a well-formed unknown one is NotFound",
      async () => {
        const listener = await runAws(cli!, sb.awsUrl, [
          "elbv2",
          "describe-listeners",
          "--listener-arns",
          "listener-1",
        ]);
        expect(listener.stderr).toMatch(
          /\(ValidationError\) when calling the DescribeListeners operation: 'listener-1' is not a valid listener ARN/,
        );
        const modify = await runAws(cli!, sb.awsUrl, [
          "elbv2",
          "modify-listener",
          "--listener-arn",
          L.slice(0, L.lastIndexOf("/")),
          "--default-actions",
          `Type=forward,TargetGroupArn=${B}`,
        ]);
        expect(modify.stderr).toMatch(/\(ValidationError\).*is not a valid listener ARN/);
        const tg = await runAws(cli!, sb.awsUrl, [
          "elbv2",
          "describe-target-health",
          "--target-group-arn",
          B.replace(":targetgroup/", ":target-group/"),
        ]);
        expect(tg.stderr).toMatch(/\(ValidationError\).*is not a valid target group ARN/);
        const unknown = await runAws(cli!, sb.awsUrl, [
          "elbv2",
          "describe-listeners",
          "--listener-arns",
          L.replace(/[0-9a-f]{16}$/, "0000000000000000"),
        ]);
        expect(unknown.stderr).toMatch(/\(ListenerNotFound\)/);
        const attr = await runAws(cli!, sb.awsUrl, [
          "elbv2",
          "modify-target-group-attributes",
          "--target-group-arn",
          B,
          "--attributes",
          "Key=deregistration_delay.timeout_seconds,Value=4000",
        ]);
        expect(attr.stderr).toMatch(/\(ValidationError\).*'4000' is not a valid value/);
      },
      SLOW,
    );
  });
}
