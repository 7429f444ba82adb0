/**
 * The Ingress path through config and demo, in real tmux: `golive demo --runbook go-live --ingress`
 * writes a config naming the sandbox's Ingress, so promote and R move the weights through the AWS
 * Load Balancer Controller's annotation (real kubectl reads it) and are claimed only from the
 * listener (the controller's faults are test/integration/ingress-weights.test.ts's).
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLOCKED_SPEED, listenerWeights, waitOnClock } from "../helpers/demo.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { runKubectl } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

const ANNOTATION = "alb.ingress.kubernetes.io/actions.blue-green";

describe("demo --ingress", () => {
  it("promote and R go through the Ingress annotation and are claimed from the listener", async () => {
    const port = await freePortPair();
    const sessions = tempDir("ingress-demo-");
    const t = await TmuxSession.start(
      `ingress-${port}`,
      { columns: 200, rows: 50 },
      `node ${BIN} demo --runbook go-live --ingress --speed ${CLOCKED_SPEED} --port ${port}`,
      cockpitEnv(sessions, { NO_COLOR: "1" }),
    );
    try {
      const k = (...a: string[]) => runKubectl(join(sessions, `.sandbox-${port}`, "kubeconfig"), a);
      const weights = async () => {
        const r = await k("get", "ingress", "nba-mcp-synthesis", "-n", "nba-mcp", "-o", "json");
        const a = JSON.parse(r.stdout).metadata.annotations[ANNOTATION];
        return JSON.parse(a).forwardConfig.targetGroups.map((g: { weight: number }) => g.weight);
      };
      await t.waitFor((x) => x.includes("K8S nba-mcp/nba-mcp-synthesis"), "the cockpit", 60_000);
      // The gate opens once the rehearsal's metrics are in (the override path is the promote tests').
      const promote = async () => {
        await t.keys("p");
        // The open dialog follows the gate; the clock brings the rehearsal's metrics in (5 sandbox
        // minutes on this machine: one step, the listener and probes read again at the jump).
        await waitOnClock(
          { t, port },
          (x) => x.includes("y sends exactly:") && x.includes("✓ gate open"),
          "the promote plan, gate open",
          { stepMinutes: 5 },
        );
        await t.keys("y");
      };
      await promote();
      await t.waitFor(
        (x) => x.includes("✓ promote confirmed by AWS: blue 90 / green 10"),
        "promote confirmed",
        60_000,
      );
      expect(await weights()).toEqual([90, 10]);
      expect(await listenerWeights(port)).toEqual([90, 10]);
      const events = await k(
        "get",
        "events",
        "-n",
        "nba-mcp",
        "--field-selector",
        "involvedObject.kind=Ingress",
      );
      expect(events.stdout).toContain("SuccessfullyReconciled");

      await t.keys("R");
      await t.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "the rollback dialog");
      await t.keys("y");
      await t.waitFor(
        (x) => x.includes("✓ rollback confirmed by AWS: blue 100 / green 0"),
        "rollback confirmed",
        90_000,
      );
      expect(await weights()).toEqual([100, 0]);
      expect(await listenerWeights(port)).toEqual([100, 0]);
    } finally {
      t.kill();
    }
  }, 300_000);
});
