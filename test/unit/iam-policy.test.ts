/**
 * The IAM policy `golive doctor` prints, whole, for the configs a team writes (another partition,
 * no load balancer, no ECS, an anchor), and the anchor's S3 location and settings as they are
 * checked and turned into the object the session's anchors are versions of.
 */
import { describe, expect, it } from "vitest";
import { anchorConfig, anchorKey, parseS3Url } from "../../source/domain/anchor-config.js";
import { validateEnvConfig } from "../../source/domain/config.js";
import { iamPolicy } from "../../source/domain/iam.js";
import { minimalConfig } from "../helpers/env-config.js";

/** Its actions are pinned, with every call golive makes, by engine-domain.test.ts. */
const READ_ONLY = expect.objectContaining({ Sid: "GoliveReadOnly", Effect: "Allow", Resource: "*" });

function policyFor(config: object) {
  const v = validateEnvConfig(config);
  if (!v.ok) throw new Error(v.problems.join("; "));
  return iamPolicy(v.config) as { Version: string; Statement: object[] };
}

describe("iamPolicy", () => {
  it("in another partition, region and account, every ARN is in the listener's", () => {
    const m = minimalConfig();
    const listener = "arn:aws-cn:elasticloadbalancing:cn-north-1:210987654321:listener/app/a/1/2";
    const ecs = "arn:aws-cn:ecs:cn-north-1:210987654321";
    expect(
      policyFor({
        ...m,
        aws: { region: "cn-north-1" },
        alb: { ...m.alb, listenerArn: listener },
        anchor: { s3: "s3://records/golive", retentionDays: 30 },
      }),
    ).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "GoliveShiftTraffic",
          Effect: "Allow",
          Action: ["elasticloadbalancing:ModifyListener"],
          Resource: [listener],
        },
        READ_ONLY,
        {
          Sid: "GoliveEcsServices",
          Effect: "Allow",
          Action: ["ecs:DescribeServices", "ecs:UpdateService", "ecs:CreateService"],
          Resource: [`${ecs}:service/c/b`, `${ecs}:service/c/g`],
        },
        {
          Sid: "GoliveEcsCluster",
          Effect: "Allow",
          Action: ["ecs:DescribeClusters"],
          Resource: [`${ecs}:cluster/c`],
        },
        {
          Sid: "GoliveTaskDefinitions",
          Effect: "Allow",
          Action: ["ecs:RegisterTaskDefinition"],
          Resource: "*",
        },
        {
          Sid: "GoliveAnchorObjects",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:PutObjectRetention", "s3:GetObject", "s3:GetObjectVersion"],
          Resource: ["arn:aws-cn:s3:::records/golive*"],
        },
        {
          Sid: "GoliveAnchorBucket",
          Effect: "Allow",
          Action: ["s3:ListBucketVersions", "s3:GetBucketObjectLockConfiguration"],
          Resource: ["arn:aws-cn:s3:::records"],
        },
      ],
    });
  });

  it("with no load balancer: no listener write, ECS ARNs in the config's region with a placeholder account", () => {
    const { alb: _alb, ...m } = minimalConfig();
    const p = policyFor({ ...m, kubernetes: { context: "c", namespace: "n" } });
    expect(p.Statement[0]).toEqual(READ_ONLY);
    expect(p.Statement[1]).toMatchObject({
      Sid: "GoliveEcsServices",
      Resource: [
        "arn:aws:ecs:us-east-1:ACCOUNT_ID:service/c/b",
        "arn:aws:ecs:us-east-1:ACCOUNT_ID:service/c/g",
      ],
    });
  });

  it("with no ECS: no ECS permission at all", () => {
    expect(policyFor({ ...minimalConfig(), ecs: undefined }).Statement).toEqual([
      expect.objectContaining({ Sid: "GoliveShiftTraffic" }),
      READ_ONLY,
    ]);
  });
});

describe("the anchor's location", () => {
  it.each([
    ["s3://records", { bucket: "records", key: "" }, "s1.anchor.json"],
    ["s3://records/golive", { bucket: "records", key: "golive" }, "golive/s1.anchor.json"],
    ["s3://records/golive/", { bucket: "records", key: "golive/" }, "golive/s1.anchor.json"],
  ])("%j", (url, parsed, key) => {
    expect(parseS3Url(url)).toEqual(parsed);
    expect(anchorKey(url, "s1")).toEqual({ bucket: "records", key });
  });

  it.each(["s3://ab", "s3://Records/x", "https://records/x", "xs3://records/x"])(
    "%j is no S3 location",
    (url) => {
      expect(parseS3Url(url)).toBeUndefined();
    },
  );
});

describe("the anchor's settings", () => {
  const base = { s3: "s3://records/", retentionDays: 30 };

  it("takes a retention of 1 to 36,500 whole days, a region and an http(s) endpoint", () => {
    for (const a of [
      { ...base, retentionDays: 1 },
      { ...base, retentionDays: 36_500, region: "us-gov-west-1", endpoint: "http://127.0.0.1:5000" },
    ])
      expect(anchorConfig.safeParse(a).success).toBe(true);
  });

  it.each([
    [{ ...base, retentionDays: 0 }, /Too small/],
    [{ ...base, retentionDays: 36_501 }, /Too big/],
    [{ ...base, retentionDays: 1.5 }, /expected int/],
    [{ ...base, region: "US-EAST-1" }, /^expected an AWS region like us-east-1$/],
    [{ ...base, region: "us-east-1a" }, /^expected an AWS region like us-east-1$/],
    [{ ...base, endpoint: "ftp://x" }, /^expected an http\(s\) URL$/],
    [{ ...base, endpoint: "https://s3.local x" }, /^expected an http\(s\) URL$/],
    [
      { ...base, s3: "http://records/" },
      /^expected s3:\/\/BUCKET\/PREFIX\/ \(a bucket created with Object Lock enabled\)$/,
    ],
    [{ ...base, extra: 1 }, /Unrecognized key: "extra"/],
  ])("refuses %j", (a, message) => {
    const r = anchorConfig.safeParse(a);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.message).join("\n")).toMatch(message);
  });
});
