/**
 * The session clock a viewer reads from a running sandbox (GET /_sandbox/clock): the sandbox's time,
 * including jumps made through its admin API, run on at its speed between reads, never backwards,
 * and said to be stale (with why) once the sandbox stops answering.
 */
import { createServer } from "node:http";
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

  it("waits out a sandbox slow to answer its first read (a loaded machine), instead of falling back to the wall clock", async () => {
    // CI saw `status` on the wall clock after a 1.5 s first read under load. 2 s here.
    const server = createServer((_req, res) => {
      setTimeout(() => res.end(JSON.stringify({ now: 1_795_435_200_000, speed: 1, manual: true })), 2000);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as { port: number };
      const c = await SandboxClock.connect(`http://127.0.0.1:${port}`);
      expect(c.now()).toBe(1_795_435_200_000);
    } finally {
      server.closeAllConnections();
      server.close();
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
