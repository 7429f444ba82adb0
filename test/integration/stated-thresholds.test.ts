/**
 * Issue 13: every threshold the runbook states is read as what it says. In orbit-release.md (a
 * wiki-style runbook) "p99 latency > 900 ms" is measured as CloudWatch's p99 (never bound to p95),
 * "the 5xx rate > 2%" is the error-rate trigger, "SearchErrors > 25 per minute" is not measured by
 * golive (a check by hand, warned at new), and the seed's numberless triggers are manual triggers.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { effectiveThresholds } from "../../source/domain/threshold-defaults.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { ROOT, tempDir } from "../helpers/paths.js";
import { findAwsClis, runAws, T0 } from "../helpers/sandbox.js";

const ORBIT = join(ROOT, "test/fixtures/orbit-release.md");

const parse = async (f: string) => {
  const { text, sha256 } = await readRunbookFile(f);
  return parseRunbook(f, text, sha256);
};

describe("thresholds read as what they say", () => {
  it("orbit-release.md: p99 stays p99, the 5xx rate is the error rate, SearchErrors is a check by hand", async () => {
    const rb = await parse(ORBIT);
    const th = effectiveThresholds(rb.thresholds);
    expect([th.rollback.errorRate.value, th.rollback.errorRate.source, th.rollback.errorRate.line]).toEqual([
      2,
      "runbook",
      19,
    ]);
    // Not the p99 bound: p95 has no runbook bound here, so golive's default applies, said as such.
    expect([th.rollback.latencyP95.value, th.rollback.latencyP95.source]).toEqual([100, "default"]);
    expect(rb.stated!.map((t) => [t.line, t.kind, t.metric, t.op, t.value, t.unit, t.measure])).toEqual([
      [18, "rollback", "latencyP99", ">", 900, "ms", { by: "cloudwatch", stat: "p99" }],
      [
        20,
        "rollback",
        "custom:SearchErrors",
        ">",
        25,
        "per minute",
        {
          by: "manual",
          why: "SearchErrors is not a metric golive reads; name it in the config's metrics.custom to measure it",
        },
      ],
      // In words, on a metric golive cannot name: a criterion to hold, checked by hand.
      [32, "go", "unknown", ">", 80, "%", { by: "manual", why: "golive cannot tell which metric this is" }],
    ]);
  });

  it("deployment.md: numberless rollback triggers are manual triggers (once each); disk space is not a metric", async () => {
    const rb = await parse(join(ROOT, "checklists/deployment.md"));
    expect(rb.manualTriggers!.map((t) => [t.line, t.text])).toEqual([
      [314, "Critical functionality broken"],
      [315, "Data corruption detected"],
      [316, "Security incident"],
      [405, "Data issues detected"],
    ]);
    expect(rb.stated).toEqual([]);
  });

  it("new warns with file:line; status, status --json and the export list each one, never as met", async () => {
    const sessions = tempDir("plan-stated-");
    const clock = fixedClock(new Date(T0).toISOString());
    const g = async (args: string[]) => {
      const r = await golive(args, { sessions, clock });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    const created = await g(["new", "--runbook", "test/fixtures/orbit-release.md", "--t0", "now+1h"]);
    expect(created).toContain(
      'warning: test/fixtures/orbit-release.md:20: "Abort when SearchErrors > 25 per minute" — not measured by golive — check by hand (SearchErrors is not a metric golive reads; name it in the config\'s metrics.custom to measure it)',
    );
    expect(created).not.toMatch(/orbit-release\.md:18: /); // p99 is measured: no warning
    const status = await g(["status"]);
    expect(status).toContain(
      "  Abort when p99 latency > 900 ms (runbook orbit-release.md:18, rollback) — measured as CloudWatch p99",
    );
    expect(status).toContain(
      "rollback: error rate > 2 % (runbook orbit-release.md:19), p95 > 100 ms (default)",
    );
    const json = JSON.parse(await g(["status", "--json"])) as {
      stated: { metric: string; measured: boolean; source: string }[];
    };
    expect(json.stated.map((t) => [t.metric, t.measured, t.source])).toEqual([
      ["latencyP99", true, "runbook orbit-release.md:18"],
      ["custom:SearchErrors", false, "runbook orbit-release.md:20"],
      ["unknown", false, "runbook orbit-release.md:32"],
    ]);
    const record = await g(["export", "--out", "-"]);
    expect(record).toContain("- **Other thresholds and triggers:**");
    expect(record).toContain(
      "  - Abort when SearchErrors &gt; 25 per minute (runbook orbit-release.md:20, rollback) — not measured by golive — check by hand",
    );
  });

  it("on the sandbox: green's p99 is CloudWatch's p99 (as the aws CLI reads it), and crossing 900 ms is a trigger naming p99", async () => {
    const rig = await engineOnSandbox({ runbook: ORBIT });
    try {
      const { engine, sb } = rig;
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      minutes(sb, 3);
      await engine.monitor.pollMetrics();
      const calm = engine.monitor.snapshot.percentiles!.p99!;
      expect(calm.green).toBeGreaterThan(0);
      expect(calm.green).toBeLessThan(900);
      const cli = findAwsClis().v1 ?? findAwsClis().v2;
      if (cli) {
        // The same number through an independent client: GetMetricStatistics, ExtendedStatistics p99.
        const tg = rig.config.alb.greenTargetGroupArn.split(":").at(-1)!;
        const lb = rig.config.alb.listenerArn.split(":listener/")[1]!.split("/").slice(0, 3).join("/");
        const r = await runAws(cli, sb.awsUrl, [
          "cloudwatch",
          "get-metric-statistics",
          "--namespace",
          "AWS/ApplicationELB",
          "--metric-name",
          "TargetResponseTime",
          "--dimensions",
          `Name=TargetGroup,Value=${tg}`,
          `Name=LoadBalancer,Value=${lb}`,
          "--start-time",
          new Date(calm.periodStart).toISOString(),
          "--end-time",
          new Date(calm.periodStart + 60_000).toISOString(),
          "--period",
          "60",
          "--extended-statistics",
          "p99",
        ]);
        expect(r.code, r.stderr).toBe(0);
        const dp = JSON.parse(r.stdout).Datapoints as { ExtendedStatistics: { p99: number } }[];
        expect(dp).toHaveLength(1);
        expect(dp[0]!.ExtendedStatistics.p99 * 1000).toBeCloseTo(calm.green!, 3);
      }
      expect(rig.store.state.alerts.filter((a) => /p99/.test(a.message))).toEqual([]);

      sb.applyFault({ type: "latency", target: "green", multiplier: 40 });
      minutes(sb, 3);
      await engine.monitor.pollMetrics();
      const hot = engine.monitor.snapshot.percentiles!.p99!.green!;
      expect(hot).toBeGreaterThan(900);
      const p99 = rig.store.state.alerts.filter((a) => /p99/.test(a.message));
      expect(p99).toHaveLength(1);
      expect(p99[0]).toMatchObject({
        severity: "critical",
        message: `ROLLBACK TRIGGER: green p99 latency ${Math.round(hot)} ms > 900 ms (runbook orbit-release.md:18)`,
      });
    } finally {
      await rig.stop();
    }
  });
});
