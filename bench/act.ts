/**
 * Time to act: from the confirming key press in a real cockpit (tmux) to the sandbox receiving
 * ModifyListener, and to golive recording the shift as verified by DescribeListeners; side by side
 * with the runbook's manual way, `aws elbv2 modify-listener` run with the real CLIs.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  BIN,
  benchSandbox,
  cockpitEnv,
  exec,
  newSession,
  type Summary,
  sendKey,
  sessionEvents,
  summarize,
  TmuxSession,
  tempDir,
} from "./lib.js";

export interface ActResult {
  promoteToModify: Summary;
  rollbackToModify: Summary;
  promoteToVerified: Summary;
  rollbackToVerified: Summary;
  keyDelivery: Summary;
  manual: { cli: string; toModify: Summary; toExit: Summary; withDescribe: Summary }[];
}

async function waitScreen(t: TmuxSession, pred: (s: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await t.screen();
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}\n${s}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export async function benchAct(cycles: number, manualRuns: number): Promise<ActResult> {
  const { sb, files, next } = await benchSandbox();
  const sessions = tempDir();
  const file = await newSession(sessions, files.config);
  const t = await TmuxSession.start(
    "act",
    { columns: 200, rows: 50 },
    `node ${BIN} open`,
    cockpitEnv(sessions),
  );
  const isModify = (e: { operation?: string; kind: string }) =>
    e.kind === "api" && e.operation === "ModifyListener";
  const promote: number[] = [];
  const rollback: number[] = [];
  const keyAt: { kind: "promote" | "rollback"; at: number }[] = [];
  const delivery: number[] = [];
  try {
    await waitScreen(t, (s) => /blue 100 █+ green 0/.test(s), "the listener read from AWS");
    for (let i = 0; i < cycles; i++) {
      // Promote 0 → 10 %: the first step's gate opens as soon as the weights are known.
      let confirmKey = "y";
      for (;;) {
        await t.keys("p");
        const d = await waitScreen(t, (s) => s.includes("Promote to 10 % green"), "the promote dialog");
        if (d.includes("✓ gate open")) break;
        // The Go decision with the runbook's Go items open: given by override, measured from Enter.
        if (/GO DECISION[\s\S]*✖ /.test(d) && !d.includes("✓ gate open")) {
          await t.keys("o");
          await waitScreen(t, (s) => s.includes("override reason"), "the override input");
          await t.keys("bench-go");
          await waitScreen(t, (s) => s.includes("bench-go"), "the override reason");
          confirmKey = "Enter";
          break;
        }
        await t.keys("Escape");
        await waitScreen(t, (s) => !s.includes("Promote to"), "the dialog to close");
        await new Promise((r) => setTimeout(r, 100));
      }
      const modified = next(isModify);
      const at = await sendKey(t, confirmKey);
      delivery.push(Date.now() - at);
      promote.push((await modified).realAt - at);
      keyAt.push({ kind: "promote", at });
      await waitScreen(t, (s) => /✓ promote confirmed by AWS: blue 90 \/ green 10/.test(s), "the promotion");
      await t.keys("R");
      await waitScreen(t, (s) => s.includes("ROLL BACK to 100 % blue"), "the rollback dialog");
      const rolled = next(isModify);
      const rat = await sendKey(t, "y");
      rollback.push((await rolled).realAt - rat);
      keyAt.push({ kind: "rollback", at: rat });
      await waitScreen(
        t,
        (s) => s.includes("✓ rollback confirmed by AWS: blue 100 / green 0"),
        "the rollback",
      );
    }
    await t.keys("q");
  } finally {
    t.kill();
  }
  // Verified = golive recorded traffic.shift.confirmed (after DescribeListeners showed the weights).
  const confirmed = sessionEvents(file).filter((e) => e.type === "traffic.shift.confirmed");
  const toVerified = { promote: [] as number[], rollback: [] as number[] };
  confirmed.forEach((e, i) => {
    const k = keyAt[i];
    if (k && e.data.kind === k.kind) toVerified[k.kind].push(Date.parse(e.at) - k.at);
  });

  const manual: ActResult["manual"] = [];
  const clis = [
    ...(process.env.PATH ?? "")
      .split(":")
      .map((d) => join(d, "aws"))
      .filter((p) => existsSync(p))
      .slice(0, 1),
    ...(existsSync("/usr/bin/aws") ? ["/usr/bin/aws"] : []),
  ].filter((c, i, a) => a.indexOf(c) === i);
  const listener = sb.world.alb.listener.arn;
  const [blue, green] = [sb.world.alb.tgByKey("blue").arn, sb.world.alb.tgByKey("green").arn];
  const env = {
    PATH: process.env.PATH,
    HOME: tempDir(),
    AWS_ACCESS_KEY_ID: "sandbox",
    AWS_SECRET_ACCESS_KEY: "sandbox",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
  for (const cli of clis) {
    const version = (await exec(cli, ["--version"], { env }).catch((e) => e)).stdout?.split(" ")[0] ?? cli;
    const toModify: number[] = [];
    const toExit: number[] = [];
    const withDescribe: number[] = [];
    for (let i = 0; i < manualRuns; i++) {
      const g = i % 2 === 0 ? 10 : 0;
      const args = [
        "--endpoint-url",
        sb.awsUrl,
        "elbv2",
        "modify-listener",
        "--listener-arn",
        listener,
        "--default-actions",
        `Type=forward,ForwardConfig={TargetGroups=[{TargetGroupArn=${blue},Weight=${100 - g}},{TargetGroupArn=${green},Weight=${g}}]}`,
      ];
      const modified = next(isModify);
      const at = Date.now();
      await exec(cli, args, { env });
      toExit.push(Date.now() - at);
      toModify.push((await modified).realAt - at);
      // The runbook's way to see it took: describe-listeners afterwards.
      await exec(
        cli,
        ["--endpoint-url", sb.awsUrl, "elbv2", "describe-listeners", "--listener-arns", listener],
        { env },
      );
      withDescribe.push(Date.now() - at);
    }
    manual.push({
      cli: version,
      toModify: summarize(toModify),
      toExit: summarize(toExit),
      withDescribe: summarize(withDescribe),
    });
  }
  await sb.stop();
  return {
    promoteToModify: summarize(promote),
    rollbackToModify: summarize(rollback),
    promoteToVerified: summarize(toVerified.promote),
    rollbackToVerified: summarize(toVerified.rollback),
    keyDelivery: summarize(delivery),
    manual,
  };
}
