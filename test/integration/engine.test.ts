import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { describeEvent } from "../../source/domain/describe.js";
import { UserError } from "../../source/domain/errors.js";
import { renderSignoffMarkdown } from "../../source/domain/signoff.js";
import { golive } from "../helpers/cli.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { awsEnv, findAwsClis, runAws } from "../helpers/sandbox.js";
import { hasTool } from "../helpers/tools.js";
import { onAws } from "../helpers/traffic.js";

/** AWS as the sandbox itself holds it: never read back through golive's own traffic adapter. */
const weightsOnAws = onAws;
const events = (rig: { store: { events: readonly { type: string }[] } }, type: string) =>
  rig.store.events.filter((e) => e.type === type);

/** The deployment checklist's items behind its Go / No-Go criteria (what a lead ticks before the Go). */
const GO_ITEMS = ["i7", "i8", "i9", "i12", "i15", "i16", "i18", "i24", "i27", "i28", "i37", "i38"];
async function tickGoItems(rig: Awaited<ReturnType<typeof engineOnSandbox>>) {
  for (const item of GO_ITEMS) await rig.store.append("item.checked", { item }, "Ann");
}

const cli = findAwsClis().v2 ?? findAwsClis().v1;

/**
 * Runs a command line the way a person pasting it would (bash), with `aws` being `cli`. stdin is
 * /dev/null: `bash -c` with a socket for stdin and no SHLVL sources ~/.bashrc (rshd's case), seconds
 * on a machine whose .bashrc starts pyenv.
 */
async function execShell(line: string, endpoint: string, awsCli: string) {
  const { spawn } = await import("node:child_process");
  const env = { ...awsEnv(endpoint), PATH: `${dirname(awsCli)}:${process.env.PATH}` };
  return new Promise<{ code: number; stderr: string }>((res) => {
    const child = spawn(
      "bash",
      ["-c", `${line.replace(/^aws /, `${awsCli} `)} --endpoint-url '${endpoint}'`],
      {
        env,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", (e) => res({ code: 1, stderr: String(e) }));
    child.on("close", (code) => res({ code: code ?? 1, stderr }));
  });
}

describe("canary deployment against the sandbox, with the real SDK clients", () => {
  it("promotes 10 → 50 → 100 with dwell gates, records the Go decision, and fills the monitoring table", async () => {
    // The canary verdict pauses promotion here (issue 16): the dwell alone is not enough.
    const rig = await engineOnSandbox({
      config: (c) => ({ ...c, canary: { ...c.canary, verdict: { trust: "pause" } } }),
    });
    const { engine, sb, store } = rig;
    try {
      await engine.monitor.pollProbes();
      // The Go decision holds while the runbook's Go / No-Go items are open.
      await expect(engine.promote({ by: "Ann" })).rejects.toThrow(
        /Go criterion not met: All tests passing \(open: i7, i8\).*No-Go not ruled out: Critical tests failing \(open: i7, i8, i9, i12, i38\)/,
      );
      expect(weightsOnAws(rig)).toEqual({ blue: 100, green: 0 });
      await tickGoItems(rig);
      const first = await engine.promote({ by: "Ann" });
      expect(first).toMatchObject({ ok: true, weights: { blue: 90, green: 10 } });
      expect(weightsOnAws(rig)).toEqual({ blue: 90, green: 10 });
      const go = events(rig, "decision.go")[0] as unknown as { data: { criteria: { text: string }[] } };
      expect(go.data.criteria.map((c) => c.text)).toEqual([
        "All tests passing",
        "All health checks green",
        "Team on standby",
        "Rollback plan ready",
      ]);
      // Too early: the dwell has not elapsed.
      await expect(engine.promote({ by: "Ann" })).rejects.toThrow(
        /promotion to 50 % refused: dwell at green 10 % has 10m00s left/,
      );
      expect(weightsOnAws(rig)).toEqual({ blue: 90, green: 10 });
      minutes(sb, 10);
      await engine.monitor.pollMetrics();
      expect(engine.monitor.snapshot.green.current.errorRate).not.toBeNull();
      // The dwell is over, but 10 minutes of 10 % are not yet evidence that green is no worse
      // (issue 16): the gate waits for the verdict, and says how much longer.
      await expect(engine.promote({ by: "Ann" })).rejects.toThrow(
        /canary-verdict: green 10 %: NOT ENOUGH EVIDENCE — about [\d,]+ more requests/,
      );
      minutes(sb, 8);
      await engine.monitor.pollMetrics();
      expect(engine.verdict()!.verdict.result).toBe("PASS");
      expect((await engine.promote({ by: "Ann" })).weights).toEqual({ blue: 50, green: 50 });
      minutes(sb, 10);
      await engine.monitor.pollMetrics();
      expect((await engine.promote({ by: "Ann" })).weights).toEqual({ blue: 0, green: 100 });
      // Live from the moment AWS confirmed 100 % green (the sandbox's clock has not moved since).
      expect(store.state.liveAt).toBe(new Date(sb.clock.now()).toISOString());
      await expect(engine.promote({ by: "Ann" })).rejects.toThrow(/nothing to promote/);
      // The runbook's own "Route N% traffic to green" items are ticked with AWS's confirmation.
      expect(
        Object.values(store.state.items).filter(
          (i) => i.checked && "evidence" in i && /AWS confirmed/.test(i.evidence ?? ""),
        ),
      ).toHaveLength(3);
      // T+15 and T+30 after green reached 100 %.
      minutes(sb, 16);
      await engine.monitor.pollMetrics();
      minutes(sb, 15);
      await engine.monitor.pollMetrics();
      expect(Object.keys(store.state.checkpoints)).toEqual(["15", "30"]);
      expect(store.state.checkpoints[15]).toMatchObject({ status: "OK", late: false });
      const row = rig.runbook.tables[0]!.checkpoints![0]!;
      expect(store.state.fields[row.fields.status!]!.value).toBe("OK");
      expect(Number(store.state.fields[row.fields.errorRate!]!.value)).toBeLessThan(1);
      const md = renderSignoffMarkdown(rig.runbook, store.state, store.events);
      expect(md).toMatch(/\| T\+15 \| \*\*0\.\d\d\*\*% \| \*\*\d+\*\*ms \| ☑ OK \/ ☐ Issue \|/);
      expect(md).toContain("GO decision");
      expect(md).toMatch(/promote confirmed by AWS: blue 0 \/ green 100/);
    } finally {
      await rig.stop();
    }
  });

  it.each([10, 50, 100])(
    "rolls back from %s percent green: AWS shows all blue, blue verified, rollback checklist filled",
    async (step) => {
      const rig = await engineOnSandbox();
      try {
        for (const s of [10, 50, 100]) {
          if (s > step) break;
          await rig.engine.controller.promote({ greenPercent: s, by: "Ann" });
        }
        expect(weightsOnAws(rig).green).toBe(step);
        const r = await rig.engine.rollback({ by: "Bob", reason: "p95 regression" });
        expect(r).toMatchObject({ ok: true, weights: { blue: 100, green: 0 } });
        expect(weightsOnAws(rig)).toEqual({ blue: 100, green: 0 });
        const s = rig.store.state;
        expect(s.rollback).toMatchObject({ by: "Bob", reason: "p95 regression", verified: true });
        expect(s.rollback!.completedAt).toBe(new Date(rig.sb.clock.now()).toISOString());
        const label = (id: string) => rig.runbook.fields.find((f) => f.id === id)!.label;
        const filled = Object.fromEntries(Object.entries(s.fields).map(([id, v]) => [label(id), v.value]));
        expect(filled).toMatchObject({
          "Rollback decision made by": "Bob",
          "System stable after rollback": "YES",
        });
        expect(filled["Rollback initiated at"]).toBe(s.rollback!.startedAt);
        // Repeating it is safe and changes nothing.
        expect((await rig.engine.rollback({ by: "Bob", reason: "again" })).ok).toBe(true);
        expect(weightsOnAws(rig)).toEqual({ blue: 100, green: 0 });
      } finally {
        await rig.stop();
      }
    },
  );

  it("a rollback's first call to AWS is ModifyListener (no read first), and its request still precedes its confirmation in the log", async () => {
    const rig = await engineOnSandbox();
    const { engine, sb, store } = rig;
    try {
      await engine.monitor.pollListener();
      expect((await engine.promote({ by: "Ann", override: "drill" })).ok).toBe(true);
      // The Go given by override is recorded with what was open.
      const go = store.events.find((e) => e.type === "decision.go")!.data as {
        override?: string;
        open?: string[];
      };
      expect(go.override).toBe("drill");
      expect(go.open).toContain("No-Go not ruled out: No rollback plan (open: i16, i28)");
      const before = sb.world.log.at(-1)!.seq;
      expect((await engine.rollback({ by: "Ann", reason: "drill" })).ok).toBe(true);
      const calls = sb.world.log.filter((e) => e.seq > before && e.kind === "api" && e.service === "elbv2");
      expect(calls[0]?.operation).toBe("ModifyListener");
      const types = store.events.map((e) => e.type);
      const requested = types.lastIndexOf("traffic.shift.requested");
      expect(requested).toBeGreaterThan(-1);
      expect(requested).toBeLessThan(types.lastIndexOf("traffic.shift.confirmed"));
      expect(store.events[requested]!.data).toMatchObject({ kind: "rollback" });
    } finally {
      await rig.stop();
    }
  });

  it("retries a throttled ModifyListener, then records the truth (calls made, confirmed)", async () => {
    const rig = await engineOnSandbox();
    try {
      rig.sb.applyFault({ type: "api", operation: "ModifyListener", kind: "throttle", count: 2 });
      const r = await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      expect(r.ok).toBe(true);
      const confirmed = events(rig, "traffic.shift.confirmed")[0] as unknown as {
        data: { attempts: number };
      };
      expect(confirmed.data.attempts).toBeGreaterThanOrEqual(5);
      expect(
        rig.sb.world.log.filter((e) => e.operation === "ModifyListener").map((e) => e.error ?? e.status),
      ).toEqual(["Throttling", "Throttling", 200]);
    } finally {
      await rig.stop();
    }
  });

  it("waits for DescribeListeners to show the new weights before claiming the shift (eventual consistency)", async () => {
    const rig = await engineOnSandbox();
    try {
      rig.sb.applyFault({ type: "api", operation: "DescribeListeners", kind: "stale-read", count: 3 });
      const r = await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      expect(r.ok).toBe(true);
      const describes = rig.sb.world.log.filter((e) => e.operation === "DescribeListeners").length;
      expect(describes).toBeGreaterThanOrEqual(5); // one before the write, three stale, one fresh
    } finally {
      await rig.stop();
    }
  });

  it("on a permanent failure says so plainly, gives the manual command, and never claims success", async () => {
    const rig = await engineOnSandbox(
      (() => ({ config: (c) => ({ ...c, aws: { ...c.aws, maxAttempts: 2 } }) }))(),
    );
    try {
      rig.sb.applyFault({ type: "api", operation: "ModifyListener", kind: "access-denied", count: 50 });
      const p = await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      expect(p).toMatchObject({ ok: false });
      expect(p.error).toMatch(/ModifyListener failed: AccessDenied: .*not authorized/);
      const r = await rig.engine.rollback({ by: "Ann", reason: "drill" });
      expect(r.ok).toBe(false);
      // Quoted, complete (the listener's whole action list, region, endpoint): it works when pasted.
      const { listenerArn: L, blueTargetGroupArn: B, greenTargetGroupArn: G } = rig.config.alb;
      expect(r.manualCommand).toContain(`--listener-arn '${L}'`);
      expect(r.manualCommand).toContain(`--region 'us-east-1' --endpoint-url '${rig.sb.awsUrl}'`);
      expect(r.manualCommand).toMatch(/--default-actions '\[\{"Type":"forward"/);
      if (cli) {
        rig.sb.world.clearFaults();
        const by = await runAws(cli, rig.sb.awsUrl, ["elbv2", "describe-listeners", "--listener-arns", L]);
        expect(by.code).toBe(0);
        const pasted = await execShell(
          r.manualCommand!.replace(/--endpoint-url '[^']*'/, ""),
          rig.sb.awsUrl,
          cli,
        );
        expect(pasted.code, pasted.stderr).toBe(0);
        const raw = rig.sb.world.alb.listener.actions[0]!.ForwardConfig!.TargetGroups;
        expect(raw).toEqual([
          { TargetGroupArn: B, Weight: 100 },
          { TargetGroupArn: G, Weight: 0 },
        ]);
      }
      // The whole command, as pasted above, is in the record and in `golive status` (the cockpit's
      // toast shortens its ARNs and points here).
      const failed = events(rig, "traffic.shift.failed").at(-1) as Parameters<typeof describeEvent>[0];
      expect(describeEvent(failed)).toContain(`by hand: ${r.manualCommand}`);
      const st = await golive(["status", "--session", rig.store.file], { sessions: rig.dir });
      expect(st.stdout).toContain(`was NOT confirmed; to apply it by hand:\n  ${r.manualCommand}\n`);
      const js = await golive(["status", "--json", "--session", rig.store.file], { sessions: rig.dir });
      expect(JSON.parse(js.stdout).manualCommand).toMatchObject({
        kind: "rollback",
        command: r.manualCommand,
      });
      expect(rig.store.state.rollback).toMatchObject({ failed: expect.stringMatching(/AccessDenied/) });
      expect(rig.store.state.rollback!.completedAt).toBeUndefined();
      expect(events(rig, "traffic.shift.confirmed")).toHaveLength(0);
      // golive never saw AWS confirm any weights, so it claims none.
      expect(rig.store.state.weights).toBeNull();
    } finally {
      await rig.stop();
    }
  });

  it.skipIf(
    !hasTool(cli, "an aws CLI", "detecting a listener change made outside golive with the real aws CLI"),
  )("detects a weight change made with the real aws CLI, records it, and follows reality", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      const { listenerArn: L, blueTargetGroupArn: B, greenTargetGroupArn: G } = rig.config.alb;
      const r = await runAws(cli!, rig.sb.awsUrl, [
        "elbv2",
        "modify-listener",
        "--listener-arn",
        L,
        "--default-actions",
        `Type=forward,ForwardConfig={TargetGroups=[{TargetGroupArn=${B},Weight=50},{TargetGroupArn=${G},Weight=50}]}`,
      ]);
      expect(r.code).toBe(0);
      // One read is no evidence; two agreeing reads after the settle window are.
      minutes(rig.sb, 1);
      await rig.engine.monitor.pollListener();
      expect(events(rig, "drift.detected")).toHaveLength(0);
      await rig.engine.monitor.pollListener();
      const drift = events(rig, "drift.detected").at(-1) as unknown as { data: unknown };
      expect(drift.data).toEqual({ expected: { blue: 90, green: 10 }, actual: { blue: 50, green: 50 } });
      expect(rig.store.state.alerts.at(-1)).toMatchObject({
        severity: "critical",
        message: expect.stringMatching(/listener changed outside golive/),
      });
      expect(rig.store.state.weights).toEqual({ blue: 50, green: 50 });
      // The controller's idea of the step follows: the next step is 100 %.
      expect(rig.engine.gate().next).toEqual({ blue: 0, green: 100 });
      // Seen once, recorded once.
      await rig.engine.monitor.pollListener();
      expect(events(rig, "drift.detected")).toHaveLength(1);
    } finally {
      await rig.stop();
    }
  });
});

describe("rollback triggers", () => {
  it("raises an alert on a green error spike, and with auto-rollback on puts traffic back on blue", async () => {
    const rig = await engineOnSandbox({
      config: (c) => ({ ...c, autoRollback: { enabled: true, consecutiveBreaches: 2 } }),
    });
    const { sb, engine, store } = rig;
    try {
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      sb.applyFault({ type: "error-rate", target: "green", value: 0.2 });
      // Nothing has ended yet: nothing to judge.
      minutes(sb, 0.5);
      await engine.monitor.pollMetrics();
      expect(store.state.alerts).toEqual([]);
      // The first breaching period is on screen at the first poll after it ends, before it settles:
      // 20 % errors on its requests prove more than 5 %.
      minutes(sb, 1);
      await engine.monitor.pollMetrics();
      expect(store.state.alerts.find((a) => a.key === "error-rate:green")).toMatchObject({
        severity: "critical",
        trust: "rollback",
        message: expect.stringMatching(
          /ROLLBACK TRIGGER .*green error rate \d+\.\d\d % > 5 % .*before the period settled/,
        ),
      });
      expect(weightsOnAws(rig)).toEqual({ blue: 90, green: 10 });
      // The next period proves it too: two in a row, and auto-rollback acts.
      minutes(sb, 1);
      await engine.monitor.pollMetrics();
      expect(weightsOnAws(rig)).toEqual({ blue: 100, green: 0 });
      const req = events(rig, "traffic.shift.requested").at(-1) as unknown as {
        by: string;
        data: { kind: string; override: string };
      };
      expect(req.by).toBe("golive (auto-rollback)");
      expect(req.data.kind).toBe("auto-rollback");
      expect(req.data.override).toMatch(/after 2 consecutive breaching periods/);
      expect(store.state.rollback).toMatchObject({ verified: true });
    } finally {
      await rig.stop();
    }
  });

  it("only alerts when auto-rollback is off: one alert for the episode, its count moving on", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      rig.sb.applyFault({ type: "latency", target: "green", multiplier: 5 });
      for (let i = 0; i < 3; i++) {
        minutes(rig.sb, 1);
        await rig.engine.monitor.pollMetrics();
      }
      const p95 = rig.store.state.alerts.filter((a) => /p95 \d+ ms > 100 ms/.test(a.message));
      expect(p95).toHaveLength(1);
      expect(p95[0]!.count).toBeGreaterThanOrEqual(2);
      expect(weightsOnAws(rig)).toEqual({ blue: 90, green: 10 });
    } finally {
      await rig.stop();
    }
  });
});

describe("checkpoints", () => {
  it("fills a checkpoint missed while golive was closed from CloudWatch history when reopened", async () => {
    const rig = await engineOnSandbox();
    try {
      for (const s of [10, 50, 100]) await rig.engine.controller.promote({ greenPercent: s, by: "Ann" });
      await rig.store.close();
      minutes(rig.sb, 40);
      const again = await rig.reopen();
      const filled = await again.engine.monitor.fillCheckpoints();
      expect(filled).toBe(2);
      expect(again.store.state.checkpoints[15]).toMatchObject({ late: true, status: "OK" });
      expect(again.store.state.checkpoints[30]).toMatchObject({ late: true });
      const notes = rig.runbook.tables[0]!.checkpoints![0]!.fields.notes!;
      expect(again.store.state.fields[notes]!.value).toMatch(/filled late from CloudWatch history/);
      expect(again.store.state.checkpoints[45]).toBeUndefined();
      await again.store.close();
      again.aws.destroy();
    } finally {
      await rig.stop();
    }
  });

  it("captures the pre-flight baseline into the runbook's blanks", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.monitor.pollListener();
      const m = await rig.engine.monitor.captureBaseline("Ann");
      expect(m.errorRate).not.toBeNull();
      const labels = Object.fromEntries(
        Object.entries(rig.store.state.fields).map(([id, v]) => [
          rig.runbook.fields.find((f) => f.id === id)!.label,
          Number(v.value),
        ]),
      );
      expect(labels["Latency p95"]).toBeGreaterThan(25);
      expect(labels["Latency p95"]).toBeLessThan(45);
      expect(labels.Throughput).toBeGreaterThan(180);
      expect(labels["Error rate"]).toBeLessThan(1);
    } finally {
      await rig.stop();
    }
  });
});

describe("monitor polls", () => {
  it("keep each other's results when they finish in any order", async () => {
    const rig = await engineOnSandbox();
    try {
      await Promise.all([
        rig.engine.monitor.pollListener(),
        rig.engine.monitor.pollProbes(),
        rig.engine.monitor.pollMetrics(),
      ]);
      const snap = rig.engine.monitor.snapshot;
      expect(snap.listener?.weights).toEqual({ blue: 100, green: 0 });
      expect(snap.probes.blue?.status).toBe(200);
      expect(snap.probes.green?.status).toBe(200);
      expect(snap.blue.current.errorRate).not.toBeNull();
    } finally {
      await rig.stop();
    }
  });
});

describe("refusals", () => {
  it("refuses an early promotion without an override and records the override reason when given", async () => {
    const rig = await engineOnSandbox();
    try {
      await tickGoItems(rig);
      await rig.engine.promote({ by: "Ann" });
      const err = await rig.engine.promote({ by: "Ann" }).catch((e) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err.exitCode).toBe(7);
      await rig.engine.promote({ by: "Ann", override: "CAB approved fast path" });
      const req = events(rig, "traffic.shift.requested").at(-1) as unknown as { data: { override: string } };
      expect(req.data.override).toBe("CAB approved fast path");
      await expect(rig.engine.rollback({ by: "Ann", reason: " " })).rejects.toThrow(/needs a reason/);
    } finally {
      await rig.stop();
    }
  });
});
