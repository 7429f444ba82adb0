/**
 * `golive status --json` on a session with alerts, against the sandbox (issue 12): every alert with
 * its acknowledgement, episode count and last sighting; the gate (the one predicate) over status's
 * own fresh read of AWS, with its reasons; and the cockpit's what-next line for it.
 */
import { describe, expect, it } from "vitest";
import { formatAge } from "../../source/domain/gate.js";
import { nextAction } from "../../source/ui/app/next.js";
import { golive } from "../helpers/cli.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";

describe("status --live --json", () => {
  it("reports alerts acknowledged and not (count, last seen), the gate with its reasons from a fresh read, and the next action", async () => {
    // The verdict's FAIL is advisory here: this test is about the threshold trigger's episode, and a
    // second (pause, the default) alert from the same fault would only double every expectation.
    const rig = await engineOnSandbox({
      config: (c) => ({ ...c, triggers: { "canary-verdict": "advisory" } }),
    });
    const { engine, sb, store } = rig;
    const status = async () => {
      const r = await golive(["status", "--live", "--json", "--session", store.file], {
        clock: { now: () => sb.clock.now() },
      });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    try {
      await engine.monitor.pollProbes();
      for (const item of ["i7", "i8", "i9", "i12", "i15", "i16", "i18", "i24", "i27", "i28", "i37", "i38"])
        await store.append("item.checked", { item }, "Ann");
      expect((await engine.promote({ by: "Ann" })).weights).toEqual({ blue: 90, green: 10 });
      // Green breaches the rollback trigger for several periods: one alert, seen more than once.
      sb.applyFault({ type: "error-rate", target: "green", value: 0.09 });
      for (let i = 0; i < 4; i++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
      // Then the metrics source fails: a warning, acknowledged by the lead (the newest is taken).
      sb.world.faults.addApi("GetMetricData", "expired-credentials", 1);
      minutes(sb, 1);
      await engine.monitor.pollMetrics();
      expect(await engine.acknowledge("Ann")).toBeDefined();

      let j = await status();
      const trigger = store.state.alerts.find((a) => /ROLLBACK TRIGGER/.test(a.message))!;
      const failing = store.state.alerts.find((a) => /metrics failing/.test(a.message))!;
      expect(trigger.count).toBeGreaterThan(1);
      expect(j.alerts).toEqual([
        {
          id: trigger.id,
          severity: "critical",
          trust: "rollback",
          message: trigger.message,
          acknowledged: false,
          raisedAt: trigger.at,
          raisedBy: trigger.by,
          count: trigger.count,
          lastSeenAt: trigger.lastSeenAt,
          key: trigger.key ?? null,
        },
        expect.objectContaining({ id: failing.id, severity: "warning", acknowledged: true, count: 1 }),
      ]);
      // The gate status read for itself (the sandbox answers again): closed by the dwell, green's
      // errors and the unacknowledged trigger — not by stale data.
      expect(j.gate.allowed).toBe(false);
      expect(j.gate.next).toEqual({ blue: 50, green: 50 });
      const reasons: string = j.gate.reasons.join("\n");
      expect(reasons).toMatch(/dwell at green 10 % has 5m00s left/);
      expect(reasons).toMatch(/green error rate \d+\.\d\d % breaks go < 1 %/);
      const age = formatAge(sb.clock.now() - Date.parse(trigger.lastSeenAt));
      expect(reasons).toContain(`unacknowledged critical alert (${age} ago): ${trigger.message}`);
      // The reads are fresh; the only "no evidence" is the runbook's numberless rollback triggers,
      // which a person confirms again before 50 % (issue 13).
      expect(reasons.replace(/^no evidence: manual check: m\d+ .*, before 50 % .*$/gm, "")).not.toMatch(
        /stale|no evidence/,
      );
      expect(j.gate.details.map((d: { kind: string }) => d.kind)).toEqual(
        expect.arrayContaining(["wait", "breach", "blocked"]),
      );
      // The what-next line says what the cockpit says (R rolls back, a acks) for the same record.
      expect(j.next).toEqual({
        text: `R rolls back · a acks — ${trigger.message}`,
        severity: "bad",
      });
      expect(j.next).toEqual(nextAction({ state: store.state, gate: engine.gate(), readOnly: false }));

      // All acknowledged: no alert holds the gate, the next line moves on to the dwell.
      await engine.acknowledgeAll("Ann");
      j = await status();
      expect(j.alerts.map((a: { acknowledged: boolean }) => a.acknowledged)).toEqual([true, true]);
      expect(j.gate.reasons.join("\n")).not.toMatch(/unacknowledged/);
      expect(j.next.text).toMatch(/^wait: dwell at 10 % has 5m00s left before 50 %/);
    } finally {
      await rig.stop();
    }
  });

  it("says no evidence when AWS does not answer: the gate stays closed, naming what it could not read", async () => {
    const rig = await engineOnSandbox();
    const { sb, store } = rig;
    try {
      await sb.stop();
      const r = await golive(["status", "--live", "--json", "--session", store.file], {
        clock: { now: () => sb.clock.now() },
      });
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.gate.allowed).toBe(false);
      expect(j.gate.reasons.join("\n")).toMatch(/no evidence/);
      expect(j.alerts).toEqual([]);
      expect(typeof j.next.text).toBe("string");
    } finally {
      rig.aws.destroy();
      await store.close().catch(() => {});
    }
  });
});
