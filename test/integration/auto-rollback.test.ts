/**
 * Auto-rollback counts CONSECUTIVE breaching periods: a clean period in between starts the count
 * again. Breach, clean, breach (policy 2) leaves traffic where it is; a second breach in a row then
 * rolls back. AWS is read from the sandbox's own state.
 */
import { expect, it } from "vitest";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { weightsOnAws } from "../helpers/sandbox.js";

it("breach, clean period, breach: no auto-rollback (the count restarts); the next breach in a row rolls back", async () => {
  const rig = await engineOnSandbox({
    config: (c) => ({ ...c, autoRollback: { enabled: true, consecutiveBreaches: 2 } }),
  });
  const { sb, engine } = rig;
  const onAws = () => weightsOnAws(sb);
  try {
    await engine.controller.promote({ greenPercent: 10, by: "Ann" });
    // Minute periods from 12:00; a period is judged once it has settled (its end + 60 s), or before
    // that when its counts already prove a breach (not here at 12:01:00 … it has not ended).
    // Green fails for the 12:00 period only.
    sb.applyFault({ type: "error-rate", target: "green", value: 0.2 });
    minutes(sb, 1);
    sb.applyFault({ type: "clear" });
    minutes(sb, 1 + 1 / 6); // 12:02:10: the 12:00 period has settled
    await engine.monitor.pollMetrics();
    expect(engine.monitor.snapshot.consecutiveBreaches).toBe(1);
    minutes(sb, 1); // 12:03:10: the clean 12:01 period restarts the count
    await engine.monitor.pollMetrics();
    expect(engine.monitor.snapshot.consecutiveBreaches).toBe(0);
    // Green fails again from 12:03:10: the 12:03 period breaches; one period is not two in a row.
    sb.applyFault({ type: "error-rate", target: "green", value: 0.2 });
    // 12:04:10: the clean 12:02 period settles; the breaching 12:03 period, ended, is proven young.
    minutes(sb, 1);
    await engine.monitor.pollMetrics();
    expect(engine.monitor.snapshot.consecutiveBreaches).toBe(1);
    expect(onAws()).toEqual({ blue: 90, green: 10 });
    expect(rig.store.events.some((e) => e.type === "traffic.shift.requested" && e.by.includes("auto"))).toBe(
      false,
    );
    // The second breaching period in a row rolls back.
    minutes(sb, 1);
    await engine.monitor.pollMetrics();
    expect(onAws()).toEqual({ blue: 100, green: 0 });
    const req = rig.store.events.filter((e) => e.type === "traffic.shift.requested").at(-1)!;
    expect(req.by).toBe("golive (auto-rollback)");
  } finally {
    await rig.stop();
  }
});
