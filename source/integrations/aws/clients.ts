/**
 * AWS SDK v3 clients as golive uses them: the default credential chain (or fixed fake credentials
 * for the sandbox), an explicit endpoint when configured, request timeouts that really throw, and
 * adaptive retries with a bounded number of attempts.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { EnvConfig } from "../../domain/config.js";

export interface AwsClients {
  elbv2: ElasticLoadBalancingV2Client;
  /**
   * The listener's own client: standard retries, no client-side rate limiting. With adaptive mode a
   * throttled monitor poll slows the shared token bucket, and a rollback waited behind it (14 s
   * under a burst of six throttles, measured by the chaos suite); here it cannot.
   */
  listener: ElasticLoadBalancingV2Client;
  ecs: ECSClient;
  cloudwatch: CloudWatchClient;
  destroy(): void;
}

export const SANDBOX_CREDENTIALS = { accessKeyId: "sandbox", secretAccessKey: "sandbox" };

export function createAwsClients(
  aws: EnvConfig["aws"],
  overrides: { maxAttempts?: number; timeoutMs?: number } = {},
): AwsClients {
  const timeout = overrides.timeoutMs ?? aws.timeoutMs;
  const common = {
    region: aws.region,
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    ...(aws.profile ? { profile: aws.profile } : {}),
    ...(aws.sandbox ? { credentials: SANDBOX_CREDENTIALS } : {}),
    maxAttempts: overrides.maxAttempts ?? aws.maxAttempts,
    retryMode: "adaptive" as const,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: Math.min(timeout, 3000),
      requestTimeout: timeout,
      // Without this the SDK only logs a warning when a request times out and keeps waiting.
      throwOnRequestTimeout: true,
    }),
  };
  const elbv2 = new ElasticLoadBalancingV2Client(common);
  const listener = new ElasticLoadBalancingV2Client({ ...common, retryMode: "standard" });
  const ecs = new ECSClient(common);
  const cloudwatch = new CloudWatchClient(common);
  return {
    elbv2,
    listener,
    ecs,
    cloudwatch,
    destroy() {
      elbv2.destroy();
      listener.destroy();
      ecs.destroy();
      cloudwatch.destroy();
    },
  };
}
