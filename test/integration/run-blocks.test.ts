/**
 * `golive run` on the blue/green checklist's canary block is refused whole and names the engine
 * action; the sandbox's own request log proves no ModifyListener reached it. A harmless block still
 * shows exactly what runs, and runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

let s: Awaited<ReturnType<typeof startSandbox>>;
let sessions: string;
const g = (args: string[], cwd?: string) =>
  golive(args, { sessions, cwd, clock: { now: () => s.sb.clock.now() } });

/** What the sandbox itself saw, read over its admin API (not golive's record). */
async function sandboxLog(): Promise<{ operation?: string; service?: string }[]> {
  const r = await fetch(`${s.sb.awsUrl}/_sandbox/log`);
  return ((await r.json()) as { entries: { operation?: string; service?: string }[] }).entries;
}
async function weights(): Promise<Record<string, number>> {
  return (
    (await (await fetch(`${s.sb.awsUrl}/_sandbox/state`)).json()) as { weights: Record<string, number> }
  ).weights;
}

beforeAll(async () => {
  s = await startSandbox();
  sessions = tempDir();
  const made = await g([
    "new",
    "--runbook",
    "checklists/deployment.md",
    "--config",
    s.files.config,
    "--t0",
    "now",
  ]);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterAll(async () => {
  await s.sb.stop();
});

describe("golive run and the runbook's blocks", () => {
  it("refuses the canary block whole, names `golive promote`, and no ModifyListener reaches AWS", async () => {
    expect(await weights()).toEqual({ blue: 100 });
    const r = await g(["run", "c6", "--yes"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(
      /^golive: c6 changes traffic: aws elbv2 modify-listener \(line 190, 196, 202\); golive never runs such a block as a script — do the step with `p` in the cockpit or `golive promote`/,
    );
    expect(r.stdout).toBe("");
    const ops = (await sandboxLog()).map((e) => e.operation);
    expect(ops).not.toContain("ModifyListener");
    expect(await weights()).toEqual({ blue: 100 });
    // Nothing was recorded as run or done.
    const status = JSON.parse((await g(["status", "--json"])).stdout);
    expect(status.progress.done).toBe(0);
  });

  it("refuses the rollback block with R / golive rollback and the scale-down with golive ecs scale-blue", async () => {
    const rb = await g(["run", "c10", "--yes"]);
    expect(rb.code).toBe(7);
    expect(rb.stderr).toContain("`R` in the cockpit or `golive rollback --reason …`");
    const scale = await g(["run", "c8", "--yes"]);
    expect(scale.code).toBe(7);
    expect(scale.stderr).toContain("aws ecs update-service (line 237)");
    expect(scale.stderr).toContain("`golive ecs scale-blue`");
    expect((await sandboxLog()).map((e) => e.operation)).not.toContain("UpdateService");
  });

  it("run --list shows every block's class, the ids of runnable ones and what run does", async () => {
    const r = await g(["run", "--list"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("13 fenced blocks in checklists/deployment.md");
    expect(r.stdout).toMatch(
      /c6 {3}shell {4}line 187 .*Step 4: Traffic Shift \(Canary\)\n {7}REFUSED as a script/,
    );
    expect(r.stdout).toMatch(/- {4}template line 59 .*\n {7}not run: message with a Subject: line/);
    expect(r.stdout).toMatch(/- {4}program {2}line 87 .*\n {7}not run: python block/);
    const json = JSON.parse((await g(["run", "--list", "--json"])).stdout) as {
      id: string | null;
      kind: string;
      runnable: boolean;
    }[];
    expect(json.filter((b) => b.runnable).map((b) => b.id)).toEqual([
      "c1",
      "c2",
      "c3",
      "c5",
      "c7",
      "c9",
      "c11",
    ]);
    const all = (await g(["status", "--all"])).stdout;
    expect(all).toMatch(/c6 {3}bash block, line 187: REFUSED as a script/);
    expect(all).toMatch(/c3 {3}bash block, line 122: runs with bash: aws ecs describe-services/);
  });

  it("a block that does not change traffic still shows exactly what runs, then runs", async () => {
    const work = tempDir();
    const r = await g(["run", "c11", "--yes"], work);
    expect(r.stdout).toContain(
      "will run exactly:\nbash -e <<'EOF'\ncurl http://blue.nba-mcp-prod.internal/health\nEOF",
    );
    expect(r.stdout).toMatch(/(PASS|FAIL): exit/);
  });
});
