/**
 * A viewer's session clock, followed over a real sandbox's admin API, tells its listeners (the
 * monitor) when someone moves the sandbox's clock, once per move, with the moved time already in.
 */
import { describe, expect, it, vi } from "vitest";
import { SandboxClock } from "../../source/integrations/sandbox-clock.js";
import { advanceSandboxClock, startSandbox } from "../helpers/sandbox.js";

describe("a followed sandbox clock's jumps", () => {
  it("calls onJump at each move of the sandbox's clock, after now() has moved", async () => {
    const { sb } = await startSandbox();
    const port = Number(new URL(sb.awsUrl).port);
    const clock = await SandboxClock.connect(sb.awsUrl, { intervalMs: 3600_000 });
    const seen: number[] = [];
    const off = clock.onJump(() => seen.push(clock.now()));
    try {
      clock.start();
      await vi.waitFor(() => expect(sb.clock.waiting).toBe(1), { timeout: 30_000, interval: 20 });
      const before = clock.now();
      await advanceSandboxClock(port, 30 * 60_000);
      await vi.waitFor(() => expect(seen).toEqual([before + 30 * 60_000]), { timeout: 30_000, interval: 20 });
      await vi.waitFor(() => expect(sb.clock.waiting).toBe(1), { timeout: 30_000, interval: 20 });
      off();
      await advanceSandboxClock(port, 60_000);
      await vi.waitFor(() => expect(clock.now()).toBe(before + 31 * 60_000), {
        timeout: 30_000,
        interval: 20,
      });
      // Unsubscribed: the second move reached the clock but not the listener.
      expect(seen).toHaveLength(1);
    } finally {
      clock.stop();
      await sb.stop();
    }
  });
});
