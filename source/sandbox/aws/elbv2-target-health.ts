/** ELBv2 DescribeTargetHealth: each target's state as the world's health checks see it now, with AWS's reasons. */
import type { World } from "../world.js";
import { type Params, requiredArn } from "./elbv2-input.js";
import { AwsError } from "./protocol.js";

export function describeTargetHealth(world: World, p: Params): Record<string, unknown> {
  const arn = requiredArn(p.TargetGroupArn, "targetGroupArn", "target group");
  if (!world.alb.targetGroups.has(arn))
    throw new AwsError("TargetGroupNotFound", "One or more target groups not found");
  return {
    TargetHealthDescriptions: world.alb.targetsAt(arn, world.clock.now()).map(({ task, state }) => ({
      Target: { Id: task.ip, Port: 8080, AvailabilityZone: `${world.region}a` },
      HealthCheckPort: "8080",
      TargetHealth:
        state === "healthy"
          ? { State: "healthy" }
          : state === "initial"
            ? {
                State: "initial",
                Reason: "Elb.InitialHealthChecking",
                Description: "Initial health checks in progress",
              }
            : state === "draining"
              ? {
                  State: "draining",
                  Reason: "Target.DeregistrationInProgress",
                  Description: "Target deregistration is in progress",
                }
              : {
                  State: "unhealthy",
                  Reason: "Target.ResponseCodeMismatch",
                  Description: "Health checks failed with these codes: [503]",
                },
    })),
  };
}
