/**
 * A writer beside a sandbox follows the sandbox's clock while it runs (monitor, a promote waiting on
 * its read-back) and stops following it when its session closes: in-process callers (the cockpit's
 * commands, a test worker) kept a one-second read of the sandbox for good before.
 */
import { describe, expect, it, vi } from "vitest";
import { SandboxClock } from "../../source/integrations/sandbox-clock.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

describe("the followed sandbox clock", () => {
  it("is let go when the command's session closes: no timer of it outlives golive check", async () => {
    const { sb, files } = await startSandbox({ speed: 60 });
    const sessions = tempDir("follow-");
    const g = (args: string[]) => golive(args, { sessions, clock: fixedClock("2020-01-01T00:00:00Z") });
    try {
      const made = await g(["new", "--runbook", `${SEEDS}/deployment.md`, "--config", files.config]);
      expect(made.code, made.stderr).toBe(0);
      // Its timer is unref'd (it never holds the process open), so Node's active resources do not
      // list it: what is counted is each follow begun and each one ended.
      const started = vi.spyOn(SandboxClock.prototype, "start");
      const stopped = vi.spyOn(SandboxClock.prototype, "stop");
      try {
        for (const item of ["1", "2", "3"]) expect((await g(["check", item])).code).toBe(0);
        expect(started).toHaveBeenCalledTimes(3);
        expect(stopped).toHaveBeenCalledTimes(3);
        expect(stopped.mock.instances).toEqual(started.mock.instances);
      } finally {
        started.mockRestore();
        stopped.mockRestore();
      }
    } finally {
      await sb.stop();
    }
  });
});
