/**
 * The session clock a viewer reads from a running sandbox (GET /_sandbox/clock): the sandbox's time,
 * including jumps made through its admin API, run on at its speed between reads, never backwards,
 * and said to be stale (with why) once the sandbox stops answering.
 */
import { createServer } from "node:http";
import { describe, expect, it, vi } from "vitest";
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

  it("sees a jump as soon as the sandbox's clock moves, from a read the sandbox holds (no polling)", async () => {
    const { sb } = await startSandbox();
    // An hour between plain reads: only the held read can bring the jump in time.
    const clock = await SandboxClock.connect(sb.awsUrl, { intervalMs: 3600_000 });
    try {
      clock.start();
      await vi.waitFor(() => expect(sb.clock.waiting).toBe(1), { timeout: 30_000, interval: 20 });
      await advanceSandboxClock(Number(new URL(sb.awsUrl).port), 2 * 3600_000);
      await vi.waitFor(() => expect(clock.now()).toBe(sb.clock.now()), { timeout: 30_000, interval: 20 });
      expect(clock.stale()).toBeUndefined();
      // Asked again at once, from the new move count: one read is held again.
      await vi.waitFor(() => expect(sb.clock.waiting).toBe(1), { timeout: 30_000, interval: 20 });
      // Stopping lets go of the held read: the sandbox keeps no watcher for it.
      clock.stop();
      await vi.waitFor(() => expect(sb.clock.waiting).toBe(0), { timeout: 30_000, interval: 20 });
    } finally {
      clock.stop();
      await sb.stop();
    }
  });

  it("holds a read given the clock's move count until the clock moves; a lower count is answered at once", async () => {
    const { sb } = await startSandbox();
    const url = `${sb.awsUrl}/_sandbox/clock`;
    try {
      const plain = (await (await fetch(url)).json()) as { moves: number; now: number };
      expect(plain).toMatchObject({ moves: 0, now: sb.clock.now(), manual: true });
      const held = fetch(`${url}?moves=0&waitMs=60000`).then((r) => r.json());
      await vi.waitFor(() => expect(sb.clock.waiting).toBe(1), { timeout: 30_000, interval: 20 });
      await advanceSandboxClock(Number(new URL(sb.awsUrl).port), 60_000);
      expect(await held).toEqual({ now: plain.now + 60_000, speed: 1, manual: true, moves: 1 });
      // A follower behind (it missed a move) is answered without waiting.
      expect(await (await fetch(`${url}?moves=0&waitMs=60000`)).json()).toMatchObject({ moves: 1 });
      // A follower that goes away leaves no watcher behind.
      const gone = new AbortController();
      const abandoned = fetch(`${url}?moves=1&waitMs=60000`, { signal: gone.signal }).catch(() => "aborted");
      await vi.waitFor(() => expect(sb.clock.waiting).toBe(1), { timeout: 30_000, interval: 20 });
      gone.abort();
      expect(await abandoned).toBe("aborted");
      await vi.waitFor(() => expect(sb.clock.waiting).toBe(0), { timeout: 30_000, interval: 20 });
    } finally {
      await sb.stop();
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
