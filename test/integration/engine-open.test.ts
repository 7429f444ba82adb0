/**
 * Opening the engine from a command (commands/engine-context.ts): a session without an environment
 * config, the terminal confirmation (no → nothing sent to AWS; yes → sent), and a rollback when the
 * session and its last good copy are both unreadable (it cannot act, so it says how to roll back by
 * hand). AWS is read from the sandbox's own state and call log.
 */
import { writeFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../source/cli.js";
import { ExitCode } from "../../source/domain/errors.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** golive with a terminal on stdin that types `answer` once the question is asked. */
async function withTerminal(args: string[], sessions: string, now: () => number, answer: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = "";
  let e = "";
  stdout.on("data", (d) => {
    o += d;
    if (/\[y\/N\] $/.test(o)) stdin.write(`${answer}\n`);
  });
  stderr.on("data", (d) => {
    e += d;
  });
  const code = await main(args, {
    stdin,
    stdout,
    stderr,
    env: { GOLIVE_USER: "tester", GOLIVE_SESSIONS: sessions },
    clock: { now },
  });
  return { code, stdout: o, stderr: e };
}

describe("opening the engine from a command", () => {
  it("a session without an environment config: exit 2, and how to attach one", async () => {
    const sessions = tempDir("tests-open-");
    expect((await golive(["new", "--runbook", "checklists/deployment.md"], { sessions })).code).toBe(0);
    const r = await golive(["metrics"], { sessions });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toMatch(
      /has no environment config\n {2}→ attach one with `golive attach --config FILE`/,
    );
  });

  it("the terminal confirmation: n sends nothing to AWS, y sends it", async () => {
    const s = await startSandbox();
    stop = () => s.sb.stop();
    const sessions = tempDir("tests-open-");
    const now = () => s.sb.clock.now();
    const created = await golive(
      ["new", "--runbook", "checklists/deployment.md", "--config", s.files.config],
      {
        sessions,
        clock: { now },
      },
    );
    expect(created.code, created.stderr).toBe(0);
    const td = s.sb.state().ecs.services.find((x) => x.name === "nba-mcp-blue")!.taskDefinition;
    const updates = () => s.sb.world.log.filter((e) => e.operation === "UpdateService").length;
    const args = ["ecs", "deploy-green", "--task-definition", td, "--count", "3", "--wait", "1"];

    const no = await withTerminal(args, sessions, now, "n");
    expect(no.stdout).toMatch(/Deploy green \(.*\)\? \[y\/N\] $/);
    expect(no.code).toBe(ExitCode.refused);
    expect(no.stderr).toMatch(/cancelled; nothing changed/);
    expect(updates()).toBe(0);

    const yes = await withTerminal(args, sessions, now, "yes");
    // Sent: AWS holds the new desired count. (Not steady within 1 s on a clock that does not move.)
    expect(updates()).toBe(1);
    expect(s.sb.state().ecs.services.find((x) => x.name === "nba-mcp-green")).toMatchObject({ desired: 3 });
    expect(yes.code).toBe(ExitCode.aws);
  });

  it("rollback with the session and its .bak both unreadable says how to roll back by hand", async () => {
    const sessions = tempDir("tests-open-");
    const created = await golive(["new", "--runbook", "checklists/deployment.md", "--json"], { sessions });
    const { file } = JSON.parse(created.stdout) as { file: string };
    expect(
      (await golive(["note", "a note so the session is closed once with a .bak"], { sessions })).code,
    ).toBe(0);
    writeFileSync(file, "{ truncated");
    writeFileSync(`${file}.bak`, "also damaged");
    const r = await golive(["rollback", "--yes", "--reason", "drill"], { sessions });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/its last good copy .*\.bak cannot be read either/);
    expect(r.stderr).toMatch(/→ roll back by hand with `aws elbv2 modify-listener`/);
  });
});
