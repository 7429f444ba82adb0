/**
 * Every session names its clock (issue 12, I10): `golive new --config` against `golive sandbox
 * --speed N` names the sandbox's clock (read from the sandbox), and `status`, writers (`check`) and
 * the cockpit/`watch` (same openSessionClock) run on it, whatever the machine's clock says; a
 * session without a sandbox names the wall clock. The sandbox's clock is moved through its own admin
 * API, never through golive.
 */
import { describe, expect, it } from "vitest";
import { fixedClock, golive } from "../helpers/cli.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

const RUNBOOK = `${SEEDS}/deployment.md`;
const WALL = "2020-01-01T00:00:00Z";

async function advanceSandbox(url: string, ms: number) {
  const r = await fetch(`${url}/_sandbox/clock`, { method: "POST", body: JSON.stringify({ advanceMs: ms }) });
  expect(r.status).toBe(200);
}
const sandboxNow = async (url: string) =>
  ((await (await fetch(`${url}/_sandbox/clock`)).json()) as { now: number }).now;

describe("the session names its clock", () => {
  it("new --config against a sandbox at --speed 60: the sandbox's clock, for T-0, stamps, status and check", async () => {
    const { sb, files } = await startSandbox({ speed: 60 });
    const sessions = tempDir("trust-clock-");
    const wall = fixedClock(WALL);
    const g = (args: string[]) => golive(args, { sessions, clock: wall });
    try {
      const made = await g(["new", "--runbook", RUNBOOK, "--config", files.config, "--json"]);
      expect(made.code, made.stderr).toBe(0);
      const created = JSON.parse(made.stdout);
      expect(created.clock).toEqual({ source: "sandbox", url: sb.awsUrl, speed: 60 });
      // T-0 defaults to the next full hour of the SANDBOX's time, not the wall clock's 2020.
      const t0 = Date.parse(created.t0);
      const sbNow = await sandboxNow(sb.awsUrl);
      expect(t0).toBeGreaterThan(sbNow);
      expect(t0 - sbNow).toBeLessThanOrEqual(3_600_000);
      const status = async () => JSON.parse((await g(["status", "--json"])).stdout) as { now: string };
      expect(Date.parse((await status()).now)).toBe(sbNow);
      // The sandbox moves on 2 h (its admin API); the machine's clock stays in 2020.
      await advanceSandbox(sb.awsUrl, 2 * 3_600_000);
      expect(Date.parse((await status()).now)).toBe(sbNow + 2 * 3_600_000);
      // A writer beside the cockpit stamps the session's time too.
      expect((await g(["check", "1"])).code).toBe(0);
      const shown = await g(["status", "--all"]);
      const at = new Date(sbNow + 2 * 3_600_000).toISOString().slice(11, 16);
      expect(shown.stdout).toMatch(new RegExp(`\\[x\\] i1 .*— tester ${at}Z`));
      // The text form says which clock it names.
      const again = await g(["new", "--runbook", RUNBOOK, "--config", files.config]);
      expect(again.stdout).toContain(`clock    the sandbox's at ${sb.awsUrl} (60× real time)`);
    } finally {
      await sb.stop();
    }
  });

  it("without a sandbox the session names the wall clock; a sandbox that does not answer is refused in one line", async () => {
    const sessions = tempDir("trust-clock-");
    const wall = fixedClock(WALL);
    const made = await golive(["new", "--runbook", RUNBOOK, "--json"], { sessions, clock: wall });
    expect(JSON.parse(made.stdout).clock).toEqual({ source: "wall" });
    const st = JSON.parse((await golive(["status", "--json"], { sessions, clock: wall })).stdout);
    expect(st.now).toBe(new Date(WALL).toISOString());
    const { sb, files } = await startSandbox({ speed: 60 });
    await sb.stop();
    const refused = await golive(["new", "--runbook", RUNBOOK, "--config", files.config], {
      sessions,
      clock: wall,
    });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/^golive: .*environment\.json: the sandbox clock at .* does not answer/);
    expect(refused.stderr).toContain("start the sandbox first");
  });
});
