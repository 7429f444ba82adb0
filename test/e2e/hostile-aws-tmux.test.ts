/**
 * Issue 20: terminal escapes carried in AWS's own strings — a target group's name, a listener rule's
 * condition, an AWS error message — injected through the sandbox (its admin API and the real ELBv2
 * API with the aws CLI, never through golive) and replayed through the cockpit and `watch` in real
 * tmux (`set-clipboard on`: a leaked OSC 52 would land in its paste buffers; OSC 0 would retitle the
 * pane), and through status, status --json, export, verify and doctor (their raw stdout and files).
 * Nothing may emit an escape; each must be shown visibly (`\e]52…`).
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { CreateRuleCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, describe, expect, it } from "vitest";
import { firstFrame, golive, LISTENER, startDemo } from "../helpers/demo.js";
import { BIN } from "../helpers/paths.js";
import { advanceSandboxClock } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

const exec = promisify(execFile);
afterAll(() => killTmuxServer());

const OSC52 = "\u001b]52;c;cHduZWQ=\u0007";
const TITLE = "\u001b]0;owned-title\u0007";
const CLEAR = "\u001b[2J";
const EVIL = `${OSC52}${TITLE}${CLEAR}`;
const GREEN_TG =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nba-mcp-green/943f017f100becff";
const tmux = async (...args: string[]) =>
  (await exec("tmux", ["-L", TmuxSession.socket(), ...args])).stdout.trim();
const admin = async (port: number, path: string, body: unknown) => {
  const r = await fetch(`http://127.0.0.1:${port}/_sandbox/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
};
/** No byte of an escape or control sequence (newlines and tabs aside) in what a command wrote. */
const clean = (s: string) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s);

describe("escapes carried in AWS strings", () => {
  it("a target group name, a listener rule and an AWS error message: shown escaped everywhere, never emitted", async () => {
    const d = await startDemo("trusthostile", { columns: 200, rows: 50 });
    let viewer: TmuxSession | undefined;
    try {
      const { t, port, sessions } = d;
      await firstFrame(d);
      await tmux("set-option", "-s", "set-clipboard", "on");
      const buffers = await tmux("list-buffers").catch(() => "");
      const title = await t.format("#{pane_title}");
      // AWS holds the hostile strings: a renamed target group (admin API), a rule whose condition
      // carries them (the real CreateRule, with the aws CLI), and ModifyListener failing with them.
      await admin(port, "rename", { targetGroup: "green", name: `green${EVIL}` });
      const conditions = [{ Field: "path-pattern" as const, PathPatternConfig: { Values: [`/x${EVIL}`] } }];
      const actions = [{ Type: "forward" as const, TargetGroupArn: GREEN_TG }];
      // (AWS's rules allow no control characters in a path pattern, so aws-cli's strict XML parser
      // rejects the answer; the SDK golive uses reads it, which is the path that must stay safe.)
      const elbv2 = new ElasticLoadBalancingV2Client({
        endpoint: `http://127.0.0.1:${port}`,
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDSANDBOX", secretAccessKey: "sandbox" },
      });
      await elbv2.send(
        new CreateRuleCommand({
          ListenerArn: LISTENER,
          Priority: 10,
          Conditions: conditions,
          Actions: actions,
        }),
      );
      elbv2.destroy();
      await admin(port, "fault", {
        type: "api",
        operation: "ModifyListener",
        kind: "500",
        count: 50,
        message: `listener busy ${EVIL} try later`,
      });
      // The rule is a gate reason in the dialog; pressed through with an override, the write fails.
      await t.keys("p");
      const dialog = await t.waitFor(
        (x) => x.includes("o overrides") && x.includes("path-pattern=/x\\e]52"),
        "the promote dialog with the rule, escaped",
      );
      expect(dialog).toContain("\\e]0;owned-title\\a\\e[2J");
      await t.keys("o");
      await t.waitFor((x) => x.includes("override reason"), "override input");
      await t.keys("rehearsal");
      await t.waitFor((x) => x.includes("rehearsal"), "override reason typed");
      await t.keys("Enter");
      await t.waitFor((x) => x.includes("promote FAILED"), "the failed promote in the event log", 60_000);
      // Then every listener read fails with AWS's message: the header says STALE and why.
      await admin(port, "fault", {
        type: "api",
        operation: "DescribeListeners",
        kind: "500",
        count: 100_000,
        message: `${EVIL} read failed`,
      });
      // The last good read ages past the listener's limit (3 polls, 225 s at 15×) on the sandbox
      // clock, not the wall clock.
      await advanceSandboxClock(port, 4 * 60_000);
      const stale = await t.waitFor(
        (x) => x.includes("listener STALE") && x.includes("\\e]52;c;cHduZWQ=\\a"),
        "the header with AWS's message, escaped",
        60_000,
      );
      expect(stale).toContain("\\e[2J");
      viewer = await TmuxSession.start(
        `trusthostile-watch-${port}`,
        { columns: 200, rows: 50 },
        `node ${BIN} watch`,
        cockpitEnv(sessions, { NO_COLOR: "1" }),
      );
      const watched = await viewer.waitFor(
        (x) => x.includes("promote FAILED") && x.includes("listener STALE") && x.includes("read failed"),
        "watch: the failed promote and the header with AWS's message, escaped",
        60_000,
      );
      expect(watched).toContain("\\e]52;c;cHduZWQ=\\a");
      expect(await tmux("list-buffers").catch(() => "")).toBe(buffers);
      expect(await t.format("#{pane_title}")).toBe(title);
      expect(await viewer.format("#{pane_title}")).not.toContain("owned-title");
      // The CLI's raw output and the record's files.
      // Readers of the session side by side (each is a node start-up; none writes what another reads).
      const failed = (e: unknown) => e as { stdout: string; stderr: string };
      const [status, json, verify, doctor] = await Promise.all([
        golive(["status"], sessions),
        golive(["status", "--json"], sessions),
        golive(["export"], sessions).then(() => golive(["verify"], sessions).catch(failed)),
        golive(["doctor"], sessions).catch(failed),
      ]);
      const exported = readdirSync(sessions).find((f) => f.endsWith(".signoff.md"))!;
      const md = readFileSync(join(sessions, exported), "utf8");
      for (const [what, text] of [
        ["status", status.stdout + status.stderr],
        ["status --json", json.stdout + json.stderr],
        ["verify", verify.stdout + verify.stderr],
        ["doctor", doctor.stdout + doctor.stderr],
        ["export", md],
      ] as const)
        expect(clean(text), `${what} emitted a control character`).toBe(true);
      // Shown, not dropped: the alert AWS's message raised (status), the rule the override pressed
      // through and the failed write's message (the record), the renamed target group (doctor).
      expect(status.stdout).toContain(
        "alert UNACKNOWLEDGED warning: listener failing: InternalFailure: \\e]52;c;cHduZWQ=\\a\\e]0;owned-title\\a\\e[2J read failed",
      );
      // (Markdown-escaped too: the backslash and the brackets cannot make a link.)
      expect(md).toContain(String.raw`path-pattern=/x\\e\]52;c;cHduZWQ=\\a\\e\]0;owned-title\\a\\e\[2J`);
      expect(JSON.parse(json.stdout).manualCommand).not.toBeNull();
      expect(md).toContain(String.raw`listener busy \\e\]52`);
      expect(doctor.stdout).toContain("green\\e]52");
    } finally {
      viewer?.kill();
      d.kill();
    }
  }, 240_000);
});
