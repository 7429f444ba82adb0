/**
 * Issue 20: the sandbox's awsQuery answers stay well-formed when AWS strings carry characters XML
 * 1.0 cannot hold (ESC, BEL, CR, other C0 controls, a lone surrogate). AWS sends them as numeric
 * character references; the SDK golive uses decodes them back to the exact string, and the raw
 * answer never carries the control byte itself (which breaks a strict parser mid-document).
 */
import {
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../source/integrations/aws/clients.js";
import type { Sandbox } from "../../source/sandbox/server.js";
import { startSandbox } from "../helpers/sandbox.js";

const HOSTILE = "green\u001b]52;c;cHduZWQ=\u0007\r\u0000x\ud800y";
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\ufffe\uffff]|[\ud800-\udfff]/;

let sb: Sandbox;
let aws: AwsClients;
let listener: string;
let port: number;

beforeEach(async () => {
  const s = await startSandbox();
  sb = s.sb;
  aws = createAwsClients(s.config.aws, { maxAttempts: 1 });
  listener = s.config.alb.listenerArn;
  port = Number(new URL(sb.awsUrl).port);
});
afterEach(async () => {
  aws.destroy();
  await sb.stop();
});

const admin = async (path: string, body: unknown) => {
  const r = await fetch(`http://127.0.0.1:${port}/_sandbox/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  expect(r.ok, await r.clone().text()).toBe(true);
};

/** The raw awsQuery answer, as a strict XML client would receive it (the sandbox checks the scheme, not the signature). */
async function rawQuery(params: Record<string, string>): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDSANDBOX/20261123/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: new URLSearchParams({ Version: "2015-12-01", ...params }).toString(),
  });
  return r.text();
}

describe("sandbox XML with characters XML 1.0 cannot hold", () => {
  it("a hostile target group name goes out as character references and the SDK reads it back exactly", async () => {
    await admin("rename", { targetGroup: "green", name: HOSTILE });
    const body = await rawQuery({ Action: "DescribeTargetGroups" });
    expect(body).toContain("<DescribeTargetGroupsResponse");
    expect(RAW_UNSAFE.test(body)).toBe(false);
    expect(body).toContain("green&#x1B;]52;c;cHduZWQ=&#x7;&#xD;&#x0;x&#xD800;y");
    const d = await aws.elbv2.send(new DescribeTargetGroupsCommand({}));
    expect(d.TargetGroups!.map((t) => t.TargetGroupName)).toContain(HOSTILE);
  });

  it("an AWS error message carrying them stays one well-formed ErrorResponse", async () => {
    await admin("fault", {
      type: "api",
      operation: "ModifyListener",
      kind: "500",
      count: 5,
      message: `busy ${HOSTILE}`,
    });
    const body = await rawQuery({ Action: "ModifyListener", ListenerArn: listener });
    expect(body).toMatch(/^<ErrorResponse>.*<Message>busy green&#x1B;.*<\/ErrorResponse>$/s);
    expect(RAW_UNSAFE.test(body)).toBe(false);
    const err = await aws.elbv2
      .send(new ModifyListenerCommand({ ListenerArn: listener, DefaultActions: [] }))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(err?.message).toBe(`busy ${HOSTILE}`);
  });
});
