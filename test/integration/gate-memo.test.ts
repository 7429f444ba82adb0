/**
 * The gate's remembered parts (engine/gate-parts.ts): asked on every frame, recomputed only when
 * what they read changes — and never so that a missing or stale input looks fresh. Each test asks
 * the same engine again after one thing changed (time alone, an event, a poll) and needs the gate to
 * show it at once.
 */
import { describe, expect, it } from "vitest";
import { engineOnSandbox, GO_ITEMS, minutes } from "../helpers/engine.js";

const reasons = (g: { reasons: string[] }) => g.reasons.join("\n");

describe("the gate asked again", () => {
  it("closes when time alone makes the listener read and the probes stale", async () => {
    const rig = await engineOnSandbox();
    const { engine } = rig;
    try {
      await Promise.all([
        engine.monitor.pollListener(),
        engine.monitor.pollProbes(),
        engine.monitor.pollMetrics(),
      ]);
      const fresh = engine.gate();
      expect(reasons(fresh)).not.toMatch(/stale/);
      expect(reasons(engine.gate())).toBe(reasons(fresh));
      // Nothing polled, nothing recorded: only the clock moved past the limits.
      const l = engine.monitor.limits;
      rig.sb.clock.advance(Math.max(l.listenerMaxAgeMs, l.healthMaxAgeMs) + 1000);
      const later = reasons(engine.gate());
      expect(later).toMatch(/the listener read is stale: last success \d+s ago/);
      expect(later).toMatch(/health check is stale: last answer \d+s ago/);
      // The ages go on moving with the clock, not frozen at the first stale answer.
      rig.sb.clock.advance(60_000);
      expect(reasons(engine.gate())).toMatch(/the listener read is stale: last success 1m\d\ds ago/);
      // A new read makes it fresh again.
      await Promise.all([engine.monitor.pollListener(), engine.monitor.pollProbes()]);
      expect(reasons(engine.gate())).not.toMatch(/listener read is stale|health check is stale/);
    } finally {
      await rig.stop();
    }
  });

  it("follows each event: ticking the Go items opens the Go criteria, unticking one closes it again", async () => {
    const rig = await engineOnSandbox();
    const { engine, store } = rig;
    try {
      await engine.monitor.pollProbes();
      expect(reasons(engine.gate())).toMatch(/Go criterion not met: All tests passing \(open: i7, i8\)/);
      for (const item of GO_ITEMS) await store.append("item.checked", { item }, "Ann");
      expect(reasons(engine.gate())).not.toMatch(/Go criterion not met/);
      await store.append("item.unchecked", { item: "i8" }, "Ann");
      expect(reasons(engine.gate())).toMatch(/Go criterion not met: All tests passing \(open: i8\)/);
      expect(engine.goCriteria().find((c) => /All tests passing/.test(c.text))?.ok).toBe(false);
    } finally {
      await rig.stop();
    }
  });

  it("follows each poll: green's health URL failing shows in the Go criteria at the next probe", async () => {
    const rig = await engineOnSandbox();
    const { engine, store, sb } = rig;
    try {
      for (const item of GO_ITEMS) await store.append("item.checked", { item }, "Ann");
      await engine.monitor.pollProbes();
      const health = () => engine.goCriteria().find((c) => /health checks green/i.test(c.text));
      expect(health()?.ok).toBe(true);
      expect(reasons(engine.gate())).not.toMatch(/health checks green/i);
      sb.applyFault({ type: "crash", target: "green" });
      await engine.monitor.pollProbes();
      expect(health()?.ok).toBe(false);
      expect(reasons(engine.gate())).toMatch(/Go criterion not met: All health checks green/);
      sb.applyFault({ type: "clear" });
      minutes(sb, 0.1);
      await engine.monitor.pollProbes();
      expect(health()?.ok).toBe(true);
    } finally {
      await rig.stop();
    }
  });
});
