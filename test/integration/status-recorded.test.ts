/**
 * `golive status` shows the gate as the session records it (issue 14): the one predicate over the
 * record, each input with its age, and no call to AWS (the sandbox's own call log stays empty).
 * `status --live` reads AWS. An old record is stale, never "healthy".
 */
import { describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { engineOnSandbox, GO_ITEMS, minutes } from "../helpers/engine.js";

describe("status: the recorded gate", () => {
  it("judges the record with each input's age and calls no AWS API; --live does", async () => {
    const rig = await engineOnSandbox();
    const { engine, sb, store } = rig;
    const clock = { now: () => sb.clock.now() };
    const apiCalls = () => sb.world.log.filter((e) => e.kind === "api").length;
    try {
      await engine.monitor.pollProbes();
      for (const item of GO_ITEMS) await store.append("item.checked", { item }, "Ann");
      expect((await engine.promote({ by: "Ann" })).weights).toEqual({ blue: 90, green: 10 });
      const confirmedAt = Date.parse(store.events.findLast((e) => e.type === "traffic.shift.confirmed")!.at);
      minutes(sb, 2);
      await store.append(
        "checkpoint.recorded",
        { offsetMinutes: 15, errorRate: 0.25, latencyP95: 41, status: "OK", late: false },
        "golive",
      );
      const checkpointAt = Date.parse(store.events.at(-1)!.at);
      minutes(sb, 1);
      const before = apiCalls();
      const r = await golive(["status", "--json", "--session", store.file], { clock });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(apiCalls()).toBe(before);
      const j = JSON.parse(r.stdout);
      const now = sb.clock.now();
      expect(j.gate.source).toBe("record");
      const inputs = Object.fromEntries(j.gate.inputs.map((i: { input: string }) => [i.input, i]));
      expect(inputs.listener).toMatchObject({
        value: "blue 90 / green 10 read back from AWS",
        at: confirmedAt,
        ageMs: now - confirmedAt,
        maxAgeMs: 30_000,
      });
      expect(inputs["metrics.green"]).toMatchObject({
        value: "checkpoint T+15: error rate 0.25 %, p95 41 ms",
        at: checkpointAt,
        ageMs: now - checkpointAt,
      });
      expect(inputs["metrics.blue"]).toMatchObject({ value: "not in the record", at: null });
      expect(inputs.alerts).toMatchObject({ value: "none unacknowledged", at: null });
      // Three minutes after the read-back the listener is stale: no evidence, the gate stays shut.
      expect(j.gate.allowed).toBe(false);
      expect(j.gate.reasons).toContain("the listener read is stale: last success 3m00s ago");
      expect(j.gate.details).toContainEqual(
        expect.objectContaining({ input: "listener", kind: "stale", ageMs: now - confirmedAt }),
      );

      const text = await golive(["status", "--session", store.file], { clock });
      expect(text.code).toBe(0);
      expect(apiCalls()).toBe(before);
      expect(text.stdout).toContain(
        "gate for 50 % green (from the record, no AWS call; golive status --live reads AWS now): closed",
      );
      expect(text.stdout).toMatch(
        /\n {2}listener {7}blue 90 \/ green 10 read back from AWS, 3m00s ago \(STALE: older than 30s\)\n/,
      );
      expect(text.stdout).toMatch(/\n {2}metrics\.green {2}checkpoint T\+15: .*, 1m00s ago \(stale after /);

      // --live reads the listener from AWS: fresh, so the listener is no longer a reason.
      const live = await golive(["status", "--live", "--json", "--session", store.file], { clock });
      expect(live.code).toBe(0);
      const lj = JSON.parse(live.stdout);
      expect(lj.gate.source).toBe("aws");
      expect(lj.gate.inputs).toBeNull();
      expect(
        sb.world.log.slice(-50).some((e) => e.kind === "api" && e.operation === "DescribeListeners"),
      ).toBe(true);
      expect(apiCalls()).toBeGreaterThan(before);
      expect(lj.gate.reasons.join("\n")).not.toMatch(/listener read is stale/);
    } finally {
      await rig.stop();
    }
  });

  it("answers from the record while AWS is down, without waiting for it", async () => {
    const rig = await engineOnSandbox();
    const { sb, store } = rig;
    try {
      const now = sb.clock.now();
      await sb.stop();
      const r = await golive(["status", "--json", "--session", store.file], { clock: { now: () => now } });
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.gate.source).toBe("record");
      expect(j.gate.note).toBeNull();
      expect(j.gate.reasons).toContain("no evidence: the listener read has not succeeded yet");
      expect(j.gate.inputs[0]).toMatchObject({
        input: "listener",
        value: "never read back from AWS",
        at: null,
      });
    } finally {
      rig.aws.destroy();
      await store.close().catch(() => {});
    }
  });
});
