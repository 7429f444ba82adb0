/**
 * The session clock a viewer reads from a running sandbox (GET /_sandbox/clock): the sandbox's time,
 * including jumps made through its admin API, run on at its speed between reads, never backwards,
 * and said to be stale (with why) once the sandbox stops answering.
 */
import { describe, expect, it } from "vitest";
import { SandboxClock } from "../../source/integrations/sandbox-clock.js";
import { freePortPair } from "../helpers/ports.js";
import { advanceSandboxClock, startSandbox } from "../helpers/sandbox.js";

describe("a sandbox's clock read over its admin API", () => {
  it("follows a manual clock moved through the admin API, and says since when it is stale once the sandbox is gone", async () => {
    const { sb } = await startSandbox();
    let real = 0;
    const clock = await SandboxClock.connect(sb.awsUrl, { realNow: () => real });
    try {
      expect(clock.now()).toBe(sb.clock.now());
      expect(clock.stale()).toBeUndefined();
      // A manual clock does not run between reads: real time passing changes nothing.
      real += 5000;
      expect(clock.now()).toBe(sb.clock.now());
      await advanceSandboxClock(Number(new URL(sb.awsUrl).port), 3 * 3600_000);
      await clock.refresh();
      expect(clock.now()).toBe(sb.clock.now());
      const last = clock.now();
      await sb.stop();
      real += 1000;
      await clock.refresh();
      real += 2000;
      expect(clock.stale()).toEqual({
        forMs: 2000,
        message: expect.stringMatching(/^the sandbox clock at .*\/_sandbox\/clock does not answer \(/),
      });
      // Nothing read: the last reading stands (a manual clock does not run on by itself).
      expect(clock.now()).toBe(last);
    } finally {
      clock.stop();
      await sb.stop().catch(() => {});
    }
  });

  it("runs on at the sandbox's speed between reads and never goes backwards", async () => {
    const { sb } = await startSandbox({ manualClock: false, speed: 60 });
    let real = 0;
    const clock = await SandboxClock.connect(sb.awsUrl, { realNow: () => real });
    try {
      expect(clock.speed).toBe(60);
      const first = clock.now();
      real += 1000;
      expect(clock.now()).toBe(first + 60_000);
      // A reading behind what was already shown (the request took time) never moves the clock back.
      const shown = clock.now();
      await clock.refresh();
      expect(clock.now()).toBeGreaterThanOrEqual(shown);
    } finally {
      clock.stop();
      await sb.stop();
    }
  });

  it("refuses to start on an address that is not a sandbox, in one line", async () => {
    const port = await freePortPair();
    await expect(SandboxClock.connect(`http://127.0.0.1:${port}`)).rejects.toThrow(
      new RegExp(
        `^the sandbox clock at http://127\\.0\\.0\\.1:${port}/_sandbox/clock does not answer \\(ECONNREFUSED\\)$`,
      ),
    );
  });
});
