/**
 * `golive sandbox fault clear` ends a timeout fault's hang: a call held when the faults are cleared
 * answers its error at once (its client's retry then meets a healthy API), instead of hanging on for
 * the rest of its delay with no fault left to explain it. AWS over HTTP and the Kubernetes API alike.
 */
import { ModifyListenerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { expect, it } from "vitest";
import { createAwsClients } from "../../source/integrations/aws/clients.js";
import { fault } from "../helpers/demo.js";
import { startSandbox } from "../helpers/sandbox.js";

const HANG_MS = 60_000;

/**
 * `call` sent to a sandbox whose next `operation` hangs for HANG_MS; once the call is held there,
 * the faults are cleared: what it settled with, and how long after the clear.
 */
async function clearedWhileHeld(
  operation: string,
  call: (s: Awaited<ReturnType<typeof startSandbox>>) => Promise<unknown>,
) {
  const s = await startSandbox();
  const port = Number(new URL(s.sb.awsUrl).port);
  try {
    await fault(port, "api", operation, "timeout", "1", String(HANG_MS));
    const sent = call(s).then(
      (v) => v,
      (e: Error) => e.name,
    );
    // The fault's one call taken: the request is in the sandbox, hung.
    await expect.poll(() => s.sb.world.faults.api[0]?.remaining).toBe(0);
    const cleared = Date.now();
    await fault(port, "clear");
    const outcome = await sent;
    return { outcome, ms: Date.now() - cleared };
  } finally {
    await s.sb.stop();
  }
}

it("a ModifyListener hung by a timeout fault answers its 500 as soon as the faults are cleared", async () => {
  const r = await clearedWhileHeld("ModifyListener", async (s) => {
    const aws = createAwsClients(s.config.aws, { maxAttempts: 1 });
    try {
      return await aws.elbv2.send(
        new ModifyListenerCommand({ ListenerArn: s.config.alb.listenerArn, DefaultActions: [] }),
        { abortSignal: AbortSignal.timeout(HANG_MS / 2) },
      );
    } finally {
      aws.destroy();
    }
  });
  expect(r.outcome).toBe("InternalFailure");
  expect(r.ms).toBeLessThan(HANG_MS / 4);
});

it("a Kubernetes API call hung by a timeout fault answers its 503 as soon as the faults are cleared", async () => {
  const r = await clearedWhileHeld("kubernetes", async (s) => {
    const res = await fetch(`${s.sb.kubeUrl}/api/v1/namespaces`, {
      signal: AbortSignal.timeout(HANG_MS / 2),
    });
    return res.status;
  });
  expect(r.outcome).toBe(503);
  expect(r.ms).toBeLessThan(HANG_MS / 4);
});
