/**
 * The real sandbox's ELBv2, called in this process: golive's own adapter (AlbTraffic, AlbHealth)
 * sends its SDK commands here, and each goes to the sandbox's ELBv2 with the same faults, stale
 * reads, hooks and call log as over HTTP. Only the socket and the SDK's wire codec are skipped (the
 * sandbox suites hold those to the real SDK and both aws CLIs), so one model sequence costs
 * milliseconds and `npm test` can run a thousand of them.
 */
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { elbv2InProcess } from "../../source/sandbox/aws/dispatch.js";
import { AwsError } from "../../source/sandbox/aws/protocol.js";
import type { Sandbox } from "../../source/sandbox/server.js";

export function inProcessElbv2(sb: Sandbox): ElasticLoadBalancingV2Client {
  const client = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const operation = command.constructor.name.replace(/Command$/, "");
      try {
        // The SDK's input is a copy on the wire: the sandbox never holds golive's objects.
        const out = await elbv2InProcess(sb.world, operation, structuredClone(command.input), sb.hooks);
        return { ...structuredClone(out), $metadata: { httpStatusCode: 200, attempts: 1 } };
      } catch (e) {
        if (e instanceof AwsError)
          throw Object.assign(new Error(e.message), {
            name: e.code,
            $metadata: { httpStatusCode: e.status, attempts: 1 },
          });
        throw e;
      }
    },
  };
  return client as unknown as ElasticLoadBalancingV2Client;
}
