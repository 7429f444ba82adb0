import { expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

it("promote with AWS unreachable is one line and exit 6: nothing sent, no internal error", async () => {
  const s = await startSandbox();
  const sessions = tempDir();
  const made = await golive(
    ["new", "--runbook", "checklists/deployment.md", "--config", s.files.config, "--t0", "now"],
    {
      sessions,
    },
  );
  expect(made.code, made.stderr).toBe(0);
  await s.sb.stop();
  const r = await golive(["promote", "--yes", "--override", "drill"], { sessions });
  expect(r.code).toBe(6);
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr.split("\n")[0]).toMatch(
    /^golive: promote: could not read the listener from AWS, nothing was sent: connection refused/,
  );
});
