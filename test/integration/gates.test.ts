/**
 * The gate, metrics and alerts against the sandbox with the real SDK clients: every finding of the
 * engine-core review has a test here that failed on the code before the one gate.
 */
import { describe, expect, it } from "vitest";
import { renderSignoffMarkdown } from "../../source/domain/signoff.js";
import { metricKey } from "../../source/sandbox/world.js";
import { eventLines } from "../../source/ui/app/view.js";
import { type EngineRig, engineOnFlakyDisk, engineOnSandbox, minutes } from "../helpers/engine.js";
import { weightsOnAws as onAws } from "../helpers/sandbox.js";

// AWS as the sandbox itself holds it, never read back through golive's own adapter.
const weightsOnAws = async (rig: EngineRig) => onAws(rig.sb);

/** The outside world moves the listener (as an engineer with the aws CLI would). */
function setWeightsOutside(rig: EngineRig, blue: number, green: number) {
  const w = rig.sb.world;
  w.setListenerActions([
    {
      Type: "forward",
      Order: 1,
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: rig.config.alb.blueTargetGroupArn, Weight: blue },
          { TargetGroupArn: rig.config.alb.greenTargetGroupArn, Weight: green },
        ],
      },
    },
  ]);
}

/** Datapoints the sandbox (AWS) published for a load-balancer-level metric. */
function lbPoints(rig: EngineRig, name: string): number {
  const w = rig.sb.world;
  const key = metricKey("AWS/ApplicationELB", name, [
    { Name: "LoadBalancer", Value: w.alb.loadBalancer.dimension },
  ]);
  return [...w.cw.visiblePoints(key).values()].reduce((s, p) => s + p.sum, 0);
}

/** The deployment checklist's items behind its Go / No-Go criteria: ticked, the Go decision is not what these tests are about. */
async function tickGoItems(rig: Awaited<ReturnType<typeof engineOnSandbox>>) {
  for (const item of ["i7", "i8", "i9", "i12", "i15", "i16", "i18", "i24", "i27", "i28", "i37", "i38"])
    await rig.store.append("item.checked", { item }, "Ann");
}

describe("the gate fails closed", () => {
  it("right after a rollback, promoting to 10 % needs an override: dwell, green's 9 % errors and the unacknowledged alert all count", async () => {
    const rig = await engineOnSandbox();
    const { engine, sb, store } = rig;
    try {
      await engine.monitor.pollProbes();
      await tickGoItems(rig);
      expect((await engine.promote({ by: "Ann" })).weights).toEqual({ blue: 90, green: 10 });
      sb.applyFault({ type: "error-rate", target: "green", value: 0.09 });
      minutes(sb, 2.5);
      await engine.monitor.pollMetrics();
      expect(store.state.alerts.find((a) => a.key === "error-rate:green")?.message).toMatch(
        /ROLLBACK TRIGGER .*green error rate/,
      );
      await engine.rollback({ by: "Ann", reason: "green errors" });
      expect(await weightsOnAws(rig)).toEqual({ blue: 100, green: 0 });
      const refused = engine.promote({ by: "Ann" });
      await expect(refused).rejects.toThrow(
        /promotion to 10 % refused: .*rolled back at 12:02Z since the last promotion/,
      );
      const reasons = engine.gate().reasons.join("\n");
      expect(reasons).toMatch(/dwell at green 0 % has 10m00s left/);
      expect(reasons).toMatch(/green error rate \d+\.\d\d % breaks go < 1 %/);
      expect(reasons).toMatch(/unacknowledged critical alert .*ROLLBACK TRIGGER/);
      expect(await weightsOnAws(rig)).toEqual({ blue: 100, green: 0 });
      // With an override, recorded, it goes.
      const forced = await engine.promote({ by: "Ann", override: "fix deployed, re-trying" });
      expect(forced.weights).toEqual({ blue: 90, green: 10 });
      expect(store.events.filter((e) => e.type === "traffic.shift.requested").at(-1)?.data).toMatchObject({
        override: "fix deployed, re-trying",
      });
    } finally {
      await rig.stop();
    }
  });

  it("after drift to 50/50 the dwell starts again at the weight AWS shows", async () => {
    const rig = await engineOnSandbox();
    const { engine, sb } = rig;
    try {
      await engine.monitor.pollProbes();
      await tickGoItems(rig);
      await engine.promote({ by: "Ann" });
      minutes(sb, 12);
      await engine.monitor.pollMetrics();
      await engine.monitor.pollListener();
      await engine.monitor.pollProbes();
      expect(engine.gate().reasons).toEqual([]);
      setWeightsOutside(rig, 50, 50);
      await engine.monitor.pollListener();
      await engine.monitor.pollListener();
      expect(rig.store.state.weights).toEqual({ blue: 50, green: 50 });
      const g = engine.gate();
      expect(g.next).toEqual({ blue: 0, green: 100 });
      expect(g.reasons).toContain("dwell at green 50 % has 10m00s left");
      await expect(engine.promote({ by: "Ann" })).rejects.toThrow(/dwell at green 50 %/);
    } finally {
      await rig.stop();
    }
  });

  it("expired credentials: the gate closes on 47-minute-old metrics, with the age and the error, and the failures are one alert", async () => {
    const rig = await engineOnSandbox();
    const { engine, sb, store } = rig;
    try {
      await engine.monitor.pollProbes();
      await tickGoItems(rig);
      await engine.promote({ by: "Ann" });
      minutes(sb, 12);
      expect(await engine.monitor.pollMetrics()).toBe(true);
      await engine.monitor.pollListener();
      await engine.monitor.pollProbes();
      expect(engine.gate().reasons).toEqual([]);
      sb.world.faults.addApi("GetMetricData", "expired-credentials", 10_000);
      for (let i = 0; i < 47; i++) {
        minutes(sb, 1);
        expect(await engine.monitor.pollMetrics()).toBe(false);
      }
      await engine.monitor.pollListener();
      await engine.monitor.pollProbes();
      const g = engine.gate();
      expect(g.allowed).toBe(false);
      expect(g.reasons.join("\n")).toMatch(
        /green metrics poll is stale: last success 47m00s ago \(failing since 12:13Z: .*ExpiredToken/,
      );
      expect(engine.monitor.metricsStaleFor()).toBe(47 * 60_000);
      await expect(engine.promote({ by: "Ann" })).rejects.toThrow(/stale: last success 4[78]m/);
      expect(await weightsOnAws(rig)).toEqual({ blue: 90, green: 10 });
      // 48 failed polls (one more from promote): one warning on screen and in the record, not 48.
      const failing = store.state.alerts.filter((a) => /metrics failing/.test(a.message));
      expect(failing).toHaveLength(1);
      expect(failing[0]).toMatchObject({ severity: "warning", count: 48 });
      expect(engine.monitor.snapshot.errors).toEqual([
        expect.objectContaining({ source: "metrics", count: 48, since: Date.parse("2026-11-23T12:13:00Z") }),
      ]);
    } finally {
      await rig.stop();
    }
  });
});

describe("metrics as CloudWatch means them", () => {
  for (const [fault, elb] of [
    ["crash", "HTTPCode_ELB_502_Count"],
    ["hang", "HTTPCode_ELB_504_Count"],
  ] as const) {
    it(`green's targets ${fault === "crash" ? "crash (ELB 502s, connection errors)" : "hang (ELB 504s)"}: the rollback trigger is raised one poll after the period ends, before it settles`, async () => {
      const rig = await engineOnSandbox();
      const { engine, sb, store } = rig;
      try {
        await engine.controller.promote({ greenPercent: 10, by: "Ann" });
        sb.applyFault({ type: fault, target: "green" });
        // The 12:00 period has not ended: nothing to judge.
        minutes(sb, 0.75);
        await engine.monitor.pollMetrics();
        expect(store.state.alerts).toEqual([]);
        // It ended at 12:01 and settles at 12:02; at 12:01:15 its counts already prove the breach.
        minutes(sb, 0.5);
        await engine.monitor.pollMetrics();
        expect(lbPoints(rig, elb)).toBeGreaterThan(0);
        const triggers = store.state.alerts.filter((a) => a.severity === "critical");
        expect(triggers.map((a) => a.message).join("\n")).toMatch(
          /ROLLBACK TRIGGER \(12:00 period\): load balancer 5XX \d+ of \d+ requests/,
        );
        if (fault === "crash") {
          expect(triggers.map((a) => a.message).join("\n")).toMatch(
            /green error rate 100\.00 % > 5 % \(0 5XX, \d+ target connection errors of \d+ so far; ≥ \d+\.\d\d % with 99\.9 % confidence, before the period settled\)/,
          );
        }
        // The pane shows settled periods only: the load balancer's 5XX once 12:00 has settled.
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
        expect(engine.monitor.snapshot.loadBalancer.current.elb5xx).toBeGreaterThan(0);
      } finally {
        await rig.stop();
      }
    });
  }

  it("a window's p95 is CloudWatch's over the window (Period = window), and throughput per real second", async () => {
    const rig = await engineOnSandbox();
    try {
      minutes(rig.sb, 16);
      const m = await rig.engine.monitor.captureBaseline("Ann");
      const from = Date.parse("2026-11-23T12:01:00Z");
      const p95 = await rig.engine.d.metrics.windowPercentile!(from, from + 15 * 60_000, 95);
      expect(m.latencyP95).toBe(p95.blue);
      // The sandbox's 200 req/s, all on blue, over the 900 s window.
      expect(m.throughput!).toBeGreaterThan(190);
      expect(m.throughput!).toBeLessThan(210);
    } finally {
      await rig.stop();
    }
  });
});

describe("auto-rollback", () => {
  it("needs consecutive breaching periods: a period within bounds resets the count", async () => {
    const rig = await engineOnSandbox({
      config: (c) => ({ ...c, autoRollback: { enabled: true, consecutiveBreaches: 2 } }),
    });
    const { engine, sb } = rig;
    const poll = async () => {
      minutes(sb, 1);
      await engine.monitor.pollMetrics();
    };
    try {
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      // 12:00 breaching, 12:01 within bounds, 12:02 and 12:03 breaching.
      sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
      minutes(sb, 1);
      sb.world.clearFaults();
      minutes(sb, 1);
      sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
      // 12:02: 12:00 settles breaching; 12:01 is young and clean, which proves nothing yet.
      await engine.monitor.pollMetrics();
      expect(engine.monitor.snapshot.consecutiveBreaches).toBe(1);
      // 12:03: 12:01 settles within bounds (the count resets), then 12:02, young, proves a breach.
      await poll();
      expect(engine.monitor.snapshot.consecutiveBreaches).toBe(1);
      expect(await weightsOnAws(rig)).toEqual({ blue: 90, green: 10 });
      // 12:04: 12:03, young, proves a breach: two periods in a row.
      await poll();
      expect(engine.monitor.snapshot.consecutiveBreaches).toBe(2);
      expect(await weightsOnAws(rig)).toEqual({ blue: 100, green: 0 });
      expect(rig.store.state.rollback?.reason).toMatch(/after 2 consecutive breaching periods/);
    } finally {
      await rig.stop();
    }
  });
});

describe("alerts are episodes", () => {
  it("an alert that cannot be recorded is kept, shown and retried in order, never dropped", async () => {
    const rig = await engineOnSandbox();
    const { engine, disk } = engineOnFlakyDisk(rig);
    try {
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      rig.sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
      disk.full = true;
      minutes(rig.sb, 2.5);
      await engine.monitor.pollMetrics();
      expect(rig.store.state.alerts).toEqual([]);
      expect(engine.monitor.snapshot.pendingAlerts).toEqual([
        expect.objectContaining({ severity: "critical", error: expect.stringMatching(/ENOSPC/) }),
      ]);
      minutes(rig.sb, 1);
      await engine.monitor.pollMetrics();
      disk.full = false;
      minutes(rig.sb, 1);
      await engine.monitor.pollMetrics();
      expect(engine.monitor.snapshot.pendingAlerts).toEqual([]);
      const trig = rig.store.state.alerts.filter((a) => /ROLLBACK TRIGGER/.test(a.message));
      expect(trig).toHaveLength(1);
      // 12:00 (settled at the first poll), then 12:01, 12:02 and 12:03, each proven while young.
      expect(trig[0]!.count).toBe(4);
      const kinds = rig.store.events.map((e) => e.type).filter((t) => t.startsWith("alert."));
      expect(kinds.slice(0, 3)).toEqual(["alert.raised", "alert.repeated", "alert.repeated"]);
    } finally {
      await rig.stop();
    }
  });

  it("one alert per (trigger, arm) while breached; re-raised after recovery; a burst of acks never takes one twice; ack-all is one event", async () => {
    const rig = await engineOnSandbox();
    const { engine, sb, store } = rig;
    try {
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
      for (let i = 0; i < 4; i++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
      const first = store.state.alerts.filter((a) => a.key === "error-rate:green");
      expect(first).toHaveLength(1);
      // 12:00 … 12:03, each proven at the poll just after it ended, none counted again on settling.
      expect(first[0]!.count).toBe(4);
      // The event log shows the episode once, with its count.
      const lines = eventLines(store.events, 50).filter((l) => /ROLLBACK TRIGGER.*error rate/.test(l.text));
      expect(lines).toHaveLength(1);
      expect(lines[0]!.text).toMatch(/ROLLBACK TRIGGER .* \(seen 4×, last 12:04Z\)$/);
      sb.world.clearFaults();
      minutes(sb, 3);
      await engine.monitor.pollMetrics();
      sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
      minutes(sb, 3);
      await engine.monitor.pollMetrics();
      const again = store.state.alerts.filter((a) => a.key === "error-rate:green");
      expect(again).toHaveLength(2);
      expect(again[1]!.id).not.toBe(again[0]!.id);
      // One press more than there are open alerts (the two episodes, and the verdict's FAIL, pause
      // by default), all at once: each once; the last finds nothing.
      const unacked = store.state.alerts.filter((a) => !a.acknowledged).map((a) => a.id);
      expect(unacked).toEqual(expect.arrayContaining(again.map((a) => a.id)));
      const acked = await Promise.all(unacked.concat("extra").map(() => engine.acknowledge("Ann")));
      expect(acked.filter(Boolean).sort()).toEqual([...unacked].sort());
      expect(store.events.filter((e) => e.type === "alert.acknowledged")).toHaveLength(unacked.length);
      // New ones (a drift, a failing probe…), then all at once: one event.
      setWeightsOutside(rig, 50, 50);
      // Drift is declared on two agreeing reads after the settle window (engine core's drift rule).
      minutes(sb, 1);
      await engine.monitor.pollListener();
      await engine.monitor.pollListener();
      sb.applyFault({ type: "crash", target: "green" });
      minutes(sb, 3);
      await engine.monitor.pollMetrics();
      const open = store.state.alerts.filter((a) => !a.acknowledged).map((a) => a.id);
      expect(open.length).toBeGreaterThanOrEqual(2);
      // The cockpit names the alerts it drew: one recorded since and not yet on screen (the newest
      // here) is never acknowledged in the lead's name by a key pressed for another.
      const undrawn = open.at(-1)!;
      const drawn = open.slice(0, -1);
      const acks = () => store.events.filter((e) => e.type === "alert.acknowledged").length;
      const acksBefore = acks();
      expect(await engine.acknowledge("Ann", drawn[0])).toBe(drawn[0]);
      expect(await engine.acknowledge("Ann", drawn[0])).toBeUndefined();
      expect(await engine.acknowledgeAll("Ann", drawn.slice(1))).toEqual(drawn.slice(1));
      expect(acks()).toBe(acksBefore + (drawn.length > 1 ? 2 : 1));
      expect(store.state.alerts.filter((a) => !a.acknowledged).map((a) => a.id)).toEqual([undrawn]);
      expect(await engine.acknowledgeAll("Ann", drawn)).toEqual([]);
      const before = store.events.length;
      expect(await engine.acknowledgeAll("Ann")).toEqual([undrawn]);
      expect(store.events.slice(before).map((e) => e.type)).toEqual(["alert.acknowledged"]);
      expect(await engine.acknowledgeAll("Ann")).toEqual([]);
      expect(store.state.alerts.every((a) => a.acknowledged)).toBe(true);
    } finally {
      await rig.stop();
    }
  });
});

describe("checkpoints (I6)", () => {
  it("anchor to the latest promotion to 100 %: a rollback and re-promotion restarts the table; the earlier rows stay as an earlier attempt", async () => {
    const rig = await engineOnSandbox();
    const { engine, sb, store } = rig;
    try {
      await engine.controller.promote({ greenPercent: 100, by: "Ann" });
      minutes(sb, 16);
      await engine.monitor.pollMetrics();
      expect(Object.keys(store.state.checkpoints)).toEqual(["15"]);
      await engine.rollback({ by: "Ann", reason: "late issue" });
      minutes(sb, 5);
      await engine.monitor.pollMetrics();
      const reAt = sb.clock.now();
      await engine.controller.promote({ greenPercent: 100, by: "Ann" });
      expect(store.state.checkpoints).toEqual({});
      minutes(sb, 14);
      await engine.monitor.pollMetrics();
      expect(store.state.checkpoints).toEqual({});
      minutes(sb, 2);
      await engine.monitor.pollMetrics();
      expect(store.state.checkpoints[15]).toMatchObject({ attempt: 2, anchor: new Date(reAt).toISOString() });
      expect(store.state.earlierCheckpoints).toEqual([
        { attempt: 1, rows: [expect.objectContaining({ offsetMinutes: 15, attempt: 1 })] },
      ]);
      const md = renderSignoffMarkdown(rig.runbook, store.state, store.events);
      expect(md).toMatch(
        /### Monitoring checkpoints — earlier attempt 1 \(ended by a rollback\)\n\n\| Checkpoint .*\n.*\n\| T\+15 /,
      );
      expect(md).toMatch(
        /### Monitoring checkpoints — attempt 2 \(from .*\)\n\n\| Checkpoint .*\n.*\n\| T\+15 /,
      );
    } finally {
      await rig.stop();
    }
  });
});
