/**
 * Data-plane read-back on the sandbox: the listener says one split, the data plane sends another
 * (a higher-priority rule, stickiness, a second listener, an unregistered target), and the
 * per-target-group RequestCount over the dwell says so — a critical alert and a held promotion
 * within one dwell. Each fault goes in through the admin API as `golive sandbox fault` posts it,
 * and is held to the real aws CLI: what it shows is what AWS would show.
 */
import { describe, expect, it } from "vitest";
import { faultBody } from "../../source/commands/sandbox.js";
import { trafficShare } from "../../source/domain/traffic-share.js";
import { SHARE_ALERT_KEY } from "../../source/engine/trigger-share.js";
import { type EngineRig, engineOnSandbox, minutes } from "../helpers/engine.js";
import { findAwsClis, runAws } from "../helpers/sandbox.js";
import { hasTool } from "../helpers/tools.js";

const cli = findAwsClis().v2 ?? findAwsClis().v1;

async function fault(rig: EngineRig, ...args: string[]) {
  const res = await fetch(`${rig.sb.awsUrl}/_sandbox/fault`, {
    method: "POST",
    body: JSON.stringify(faultBody(args[0], args.slice(1))),
  });
  expect(res.status).toBe(200);
}

/** The aws CLI against the rig's sandbox: its JSON answer, or the test fails with its stderr. */
const awsOf =
  (rig: EngineRig) =>
  async (...args: string[]) => {
    const r = await runAws(cli!, rig.sb.awsUrl, args);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

/** What the aws CLI shows of the fault, as a person checking the load balancer would look. */
async function seenByCli(rig: EngineRig, kind: string): Promise<void> {
  if (!hasTool(cli, "aws", "the data-plane faults as the aws CLI shows them")) return;
  const { listenerArn: L, greenTargetGroupArn: G } = rig.config.alb;
  const aws = awsOf(rig);
  if (kind === "rule") {
    const rules = (await aws("elbv2", "describe-rules", "--listener-arn", L)).Rules;
    expect(rules.find((r: { Priority: string }) => r.Priority === "1").Conditions[0].Values).toEqual([
      "/v1/*",
    ]);
  } else if (kind === "sticky") {
    const l = (await aws("elbv2", "describe-listeners", "--listener-arns", L)).Listeners[0];
    expect(l.DefaultActions[0].ForwardConfig.TargetGroupStickinessConfig).toEqual({
      Enabled: true,
      DurationSeconds: 3600,
    });
  } else if (kind === "second-listener") {
    const lb = (await aws("elbv2", "describe-listeners", "--listener-arns", L)).Listeners[0].LoadBalancerArn;
    const all = (await aws("elbv2", "describe-listeners", "--load-balancer-arn", lb)).Listeners;
    expect(all.map((l: { Port: number }) => l.Port)).toEqual([443, 8443]);
  } else {
    const h = await aws("elbv2", "describe-target-health", "--target-group-arn", G);
    expect(h.TargetHealthDescriptions).toEqual([]);
  }
}

/** After `golive sandbox fault clear`, the aws CLI shows the load balancer as it was before the fault. */
async function clearedForCli(rig: EngineRig, kind: string): Promise<void> {
  if (!hasTool(cli, "aws", "the cleared data-plane faults as the aws CLI shows them")) return;
  const { listenerArn: L, greenTargetGroupArn: G } = rig.config.alb;
  const aws = awsOf(rig);
  const l = (await aws("elbv2", "describe-listeners", "--listener-arns", L)).Listeners[0];
  const rules = (await aws("elbv2", "describe-rules", "--listener-arn", L)).Rules;
  expect(
    rules.filter((r: { IsDefault: boolean }) => !r.IsDefault),
    kind,
  ).toEqual([]);
  expect(l.DefaultActions[0].ForwardConfig.TargetGroupStickinessConfig?.Enabled ?? false, kind).toBe(false);
  const all = (await aws("elbv2", "describe-listeners", "--load-balancer-arn", l.LoadBalancerArn)).Listeners;
  expect(
    all.map((x: { Port: number }) => x.Port),
    kind,
  ).toEqual([443]);
  const h = await aws("elbv2", "describe-target-health", "--target-group-arn", G);
  expect(h.TargetHealthDescriptions.length, kind).toBeGreaterThan(0);
}

describe("data-plane read-back", () => {
  it("green at its weight: no evidence first, then consistent; no alert, no gate check", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      expect(trafficShare(rig.store.state)!.result).toBe("NOT ENOUGH EVIDENCE");
      expect(rig.engine.gate().reasons.join("\n")).not.toMatch(/listener says/);
      minutes(rig.sb, 2.5);
      await rig.engine.monitor.pollMetrics();
      minutes(rig.sb, 8);
      await rig.engine.monitor.pollMetrics();
      const t = trafficShare(rig.store.state)!;
      expect(t.result).toBe("CONSISTENT");
      expect(rig.store.state.alerts.filter((a) => a.key === SHARE_ALERT_KEY)).toEqual([]);
    } finally {
      await rig.stop();
    }
  });

  it.each([
    ["rule", ["rule", "90%"]],
    ["sticky", ["sticky", "95%"]],
    ["second-listener", ["second-listener", "80%"]],
    ["unregistered", ["unregistered", "green"]],
  ])(
    "%s: listener says 50/50 but green received less — a critical alert within one dwell, promotion held",
    async (kind, args) => {
      const rig = await engineOnSandbox();
      try {
        await rig.engine.controller.promote({ greenPercent: 50, by: "Ann" });
        await fault(rig, ...args);
        await seenByCli(rig, kind);
        // The seed's dwell is 10 minutes: judged period by period, the mismatch is out within it.
        let minute = 0;
        while (!rig.store.state.alerts.some((a) => a.key === SHARE_ALERT_KEY) && minute < 10) {
          minutes(rig.sb, 1);
          minute++;
          await rig.engine.monitor.pollMetrics();
        }
        const a = rig.store.state.alerts.find((x) => x.key === SHARE_ALERT_KEY)!;
        expect(a).toMatchObject({ severity: "critical", trust: "pause" });
        expect(a.message).toMatch(
          /^TRAFFIC SHARE \(trust pause\): listener says 50\/50 but green received \d+(\.\d)? %/,
        );
        expect(minute).toBeLessThanOrEqual(10);
        // Acknowledged or not, promotion stays held while the share is off.
        await rig.engine.acknowledgeAll("Ann");
        expect(rig.engine.gate().reasons.join("\n")).toMatch(
          /traffic-share: listener says 50\/50 but green received/,
        );
        // `clear` takes back everything the fault changed, not only the traffic it diverted.
        await fault(rig, "clear");
        await clearedForCli(rig, kind);
      } finally {
        await rig.stop();
      }
    },
  );
});
