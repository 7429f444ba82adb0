/** The least-privilege IAM policy for the actions golive calls, scoped to the configured resources. */
import { parseS3Url } from "./anchor-config.js";
import type { EnvConfig } from "./config.js";

export function iamPolicy(c: EnvConfig): object {
  const m = /^arn:(aws[\w-]*):elasticloadbalancing:([\w-]+):(\d{12}):/.exec(c.alb?.listenerArn ?? "");
  const partition = m?.[1] ?? "aws";
  const region = m?.[2] ?? c.aws.region;
  const account = m?.[3] ?? "ACCOUNT_ID";
  const ecs = (r: string) => `arn:${partition}:ecs:${region}:${account}:${r}`;
  return {
    Version: "2012-10-17",
    // Only the parts the config names: an EKS-only go-live asks for no ECS permission.
    Statement: [
      ...(c.alb
        ? [
            {
              Sid: "GoliveShiftTraffic",
              Effect: "Allow",
              Action: ["elasticloadbalancing:ModifyListener"],
              Resource: [c.alb.listenerArn],
            },
          ]
        : []),
      {
        // ELBv2 Describe* and CloudWatch GetMetricData do not support resource-level permissions.
        Sid: "GoliveReadOnly",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
          "cloudwatch:GetMetricData",
        ],
        Resource: "*",
      },
      ...(c.ecs ? ecsStatements(c.ecs, ecs) : []),
      ...(c.anchor ? anchorStatements(c.anchor.s3, partition) : []),
    ],
  };
}

function ecsStatements(e: NonNullable<EnvConfig["ecs"]>, ecs: (r: string) => string) {
  return [
    {
      Sid: "GoliveEcsServices",
      Effect: "Allow",
      Action: ["ecs:DescribeServices", "ecs:UpdateService", "ecs:CreateService"],
      Resource: [ecs(`service/${e.cluster}/${e.blueService}`), ecs(`service/${e.cluster}/${e.greenService}`)],
    },
    {
      Sid: "GoliveEcsCluster",
      Effect: "Allow",
      Action: ["ecs:DescribeClusters"],
      Resource: [ecs(`cluster/${e.cluster}`)],
    },
    {
      Sid: "GoliveTaskDefinitions",
      Effect: "Allow",
      // RegisterTaskDefinition has no resource-level permissions in IAM.
      Action: ["ecs:RegisterTaskDefinition"],
      Resource: "*",
    },
  ];
}

/**
 * The record's anchor: write new locked versions and read them back under the prefix, list the
 * versions and read the bucket's lock. Never DeleteObject or BypassGovernanceRetention: golive
 * cannot remove an anchor, and needs no permission that could.
 */
function anchorStatements(url: string, partition: string) {
  const { bucket, key } = parseS3Url(url)!;
  return [
    {
      Sid: "GoliveAnchorObjects",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:PutObjectRetention", "s3:GetObject", "s3:GetObjectVersion"],
      Resource: [`arn:${partition}:s3:::${bucket}/${key}*`],
    },
    {
      Sid: "GoliveAnchorBucket",
      Effect: "Allow",
      Action: ["s3:ListBucketVersions", "s3:GetBucketObjectLockConfiguration"],
      Resource: [`arn:${partition}:s3:::${bucket}`],
    },
  ];
}

/** Every IAM action in the policy, to check it against the calls golive makes. */
export function policyActions(p: object): string[] {
  return (p as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action);
}
