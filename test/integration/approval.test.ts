/**
 * Two-person approval (issue 17) through the CLI, on the sandbox (real ELBv2 SDK over sockets) and
 * moto (S3 for the shared session, STS for who is acting). moto's STS answers any made-up keys with
 * one identity (user/moto), so ann and bob are IAM users created in moto with keys of their own:
 * GetCallerIdentity maps each access key to its user (moto sts/models.py get_caller_identity).
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { approve, pending } from "../../source/commands/approve.js";
import { configOf } from "../../source/commands/engine-context.js";
import { SessionStore } from "../../source/session/store.js";
import { type CliResult, golive } from "../helpers/cli.js";
import { iamUsers, motoAbsent, motoForSuite, newTeamSession } from "../helpers/moto.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { findAwsClis, runAws, startSandbox, weightsOnAws } from "../helpers/sandbox.js";
import { LOADED } from "../helpers/timeouts.js";

const skip = motoAbsent("approval.test.ts");
const EXPIRE = 300;

type Who = "ann" | "bob" | "annOnB";

// Each test is a chain of golive commands, two promotes and a join before the one it is about: at load
// 20–28 on the 2-core machine the first one (which also pays the worker's first imports of the CLI
// and the S3 and STS SDKs) went past vitest's 60 s, and its promote, still running, then left the
// listener at 100 % for the next four ("nothing to promote"). LOADED: a ceiling only (helpers/timeouts.ts).
const suite = "two-person approval: STS identities, S3 session, sandbox listener";
describe.skipIf(skip)(suite, { timeout: LOADED }, () => {
  const env = motoForSuite();
  let s: Awaited<ReturnType<typeof startSandbox>>;
  let cli: string;
  let config: string;
  let prefix = 0;
  const keys: Record<string, { AccessKeyId: string; SecretAccessKey: string }> = {};
  const dirs = { a: "", b: "" };
  /** Each person's clock (the approval clock): the host's, moved on by a test to pass an expiry. */
  const skew = { ann: 0, bob: 0, annOnB: 0 };
  const as = (who: Who) => (args: string[]) =>
    golive(args, {
      sessions: who === "ann" ? dirs.a : dirs.b,
      clock: { now: () => Date.now() + skew[who] },
      env: {
        GOLIVE_USER: who === "bob" ? "bob" : "ann",
        GOLIVE_BASTION: who === "ann" ? "a" : "b",
        AWS_ACCESS_KEY_ID: keys[who === "bob" ? "bob" : "ann"]!.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: keys[who === "bob" ? "bob" : "ann"]!.SecretAccessKey,
      },
    });
  const ann = as("ann");
  const bob = as("bob");
  const annOnB = as("annOnB");

  const events = async (dir: string) => {
    const [f] = JSON.parse((await golive(["list", "--json"], { sessions: dir })).stdout) as {
      file: string;
    }[];
    const st = await SessionStore.open(f!.file, { write: false });
    const out = st.events.map((e) => ({ seq: e.seq, type: e.type, by: e.by, data: e.data as never }));
    await st.close();
    return out;
  };

  beforeAll(async () => {
    s = await startSandbox();
    const clis = findAwsClis();
    cli = (clis.v1 ?? clis.v2)!;
    expect(cli, "an aws CLI must be installed").toBeDefined();
    Object.assign(keys, await iamUsers(env().moto, ["ann", "bob"]));
  });
  afterAll(async () => {
    await s?.sb.stop();
  });
  beforeEach(async () => {
    skew.ann = skew.bob = skew.annOnB = 0;
    dirs.a = tempDir();
    dirs.b = tempDir();
    const cfg = JSON.parse(readFileSync(s.files.config, "utf8"));
    cfg.team = {
      s3: { bucket: env().bucket, prefix: `ap${++prefix}`, endpoint: env().moto.endpoint },
      lease: { ttl: 600 },
      approval: { steps: [100], expireSeconds: EXPIRE, sts: { endpoint: env().moto.endpoint } },
    };
    config = join(tempDir(), "team.json");
    writeFileSync(config, JSON.stringify(cfg, null, 2));
  });

  /** A team session at blue 50 / green 50 (the step before 100 %), joined on bastion b. */
  async function atFifty() {
    const { id } = await newTeamSession(ann, config);
    expect((await bob(["join", id, "--config", config])).code).toBe(0);
    for (const step of ["to 10", "to 50"]) {
      const r = await ann(["promote", "--yes", "--override", `rehearsal ${step}`]);
      expect(r.code, r.stderr + r.stdout).toBe(0);
    }
    expect(weightsOnAws(s.sb)).toEqual({ blue: 50, green: 50 });
    return id;
  }

  /** The lead's promote to 100 %, left waiting; resolves once its request is in S3 (bob can see it). */
  async function requested() {
    const lead = ann(["promote", "--yes", "--override", "rehearsal to 100"]);
    let shown: CliResult | undefined;
    await vi.waitFor(
      async () => {
        shown = await bob(["approve", "--session", (await only(dirs.b)).id]);
        // Not at a terminal, so it shows the change and stops at the confirmation.
        expect(shown.stdout, shown.stderr).toContain("approval request r-");
      },
      { timeout: 20_000, interval: 200 },
    );
    return { lead, shown: shown! };
  }

  async function only(dir: string) {
    const [f] = JSON.parse((await golive(["list", "--json"], { sessions: dir })).stdout) as {
      id: string;
      file: string;
    }[];
    return f!;
  }

  it("the requester cannot approve their own change; a second identity's approval sends exactly it, and AWS reads it back", async () => {
    await atFifty();
    const { lead, shown } = await requested();
    expect(shown.stdout).toMatch(/requested by {3}arn:aws:iam::\d+:user\/ann/);
    expect(shown.stdout).toMatch(/AWS showed {5}blue 50 \/ green 50/);
    expect(shown.stdout).toMatch(/change to {6}blue 0 \/ green 100/);
    expect(shown.stdout).toMatch(/AWS shows now {2}blue 50 \/ green 50 .*read by you/);
    expect(shown.stdout).toMatch(/you are {8}arn:aws:iam::\d+:user\/bob/);
    // Ann on another bastion, with her own credentials, under another typed name: still ann to AWS.
    const self = await annOnB(["approve", "--yes", "--by", "someone-else"]);
    expect(self.code, self.stderr).toBe(7);
    expect(self.stderr).toMatch(
      /not approved: you \(arn:aws:iam::\d+:user\/ann\) made this request: the requester cannot approve their own change/,
    );
    expect(weightsOnAws(s.sb)).toEqual({ blue: 50, green: 50 });
    // doctor says why: one AWS identity for two people is one person to golive.
    const doc = await annOnB(["doctor", "--by", "someone-else"]);
    expect(doc.stdout).toMatch(
      /! two-person approval \(steps 100 %, requests expire after 300 s\): request r-\w+ was made by ann under your identity arn:aws:iam::\d+:user\/ann: golive refuses your approval of it.*→ two-person approval needs per-person identities/,
    );
    expect((await bob(["doctor"])).stdout).toMatch(
      /✓ two-person approval \(.*\): you are arn:aws:iam::\d+:user\/bob \(STS\)/,
    );
    const ok = await bob(["approve", "--yes"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(
      /approved as arn:aws:iam::\d+:user\/bob: request r-\w+, promote to blue 0 \/ green 100/,
    );
    const sent = await lead;
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/waiting for a second person's approval of exactly this change \(request r-/);
    expect(sent.stdout).toContain("promote confirmed by AWS: blue 0 / green 100");
    expect(weightsOnAws(s.sb)).toEqual({ blue: 0, green: 100 });
    const ev = await events(dirs.a);
    const req = ev.find((e) => e.type === "approval.requested")!.data as {
      request: string;
      requester: string;
    };
    const grant = ev.find((e) => e.type === "approval.granted")!;
    expect(grant.by).toBe("bob");
    expect(grant.data).toMatchObject({ request: req.request, approver: expect.stringMatching(/user\/bob$/) });
    expect(req.requester).toMatch(/user\/ann$/);
    const sentEv = ev.filter((e) => e.type === "traffic.shift.requested").at(-1)!;
    expect(sentEv.data).toMatchObject({
      kind: "promote",
      to: { blue: 0, green: 100 },
      approval: req.request,
    });
    expect(ev.findIndex((e) => e.type === "approval.granted")).toBeLessThan(ev.indexOf(sentEv));
    expect((await ann(["rollback", "--reason", "next test", "--yes"])).code).toBe(0);
  });

  it("a listener changed between request and approval voids it: the approver is refused; an approval that missed it is refused by the lead's read before the write", async () => {
    const id = await atFifty();
    const { lead } = await requested();
    const alb = s.config.alb;
    const fwd = (b: number, g: number) =>
      `Type=forward,ForwardConfig={TargetGroups=[{TargetGroupArn=${alb.blueTargetGroupArn},Weight=${b}},{TargetGroupArn=${alb.greenTargetGroupArn},Weight=${g}}]}`;
    const moved = await runAws(cli, s.sb.awsUrl, [
      "elbv2",
      "modify-listener",
      "--listener-arn",
      alb.listenerArn,
      "--default-actions",
      fwd(60, 40),
    ]);
    expect(moved.code, moved.stderr).toBe(0);
    const refused = await bob(["approve", "--yes"]);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(
      /not approved: the listener changed since the request \(it showed blue 50 \/ green 50, AWS now shows blue 60 \/ green 40\): the request is void/,
    );
    // An approver who could not read the listener (no ELB access) approves what the request shows:
    const ctx = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() };
    const st = await SessionStore.open((await only(dirs.b)).file, { write: false });
    await st.close();
    const cfg = configOf(st);
    const bobEnv = {
      AWS_ACCESS_KEY_ID: keys.bob!.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.bob!.SecretAccessKey,
    };
    const bobCtx = { ...ctx, env: bobEnv, clock: { now: () => Date.now() } };
    const p = await pending(bobCtx, cfg, id, st.events);
    const line = await approve(bobCtx, cfg, id, p.events, p.request, "bob (no ELB access)");
    expect(line).toMatch(/^approved as .*user\/bob/);
    const r = await lead;
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(
      /nothing sent: the listener changed since this plan was read \(AWS now shows blue 60 \/ green 40\)/,
    );
    expect(weightsOnAws(s.sb)).toEqual({ blue: 60, green: 40 });
    const ev = await events(dirs.a);
    expect(ev.filter((e) => e.type === "traffic.shift.requested").at(-1)!.data).not.toMatchObject({
      to: { green: 100 },
    });
    expect(ev.at(-1)).toMatchObject({
      type: "approval.voided",
      data: { why: "the listener changed between the request and the send" },
    });
    expect((await ann(["rollback", "--reason", "next test", "--yes"])).code).toBe(0);
  });

  it("an expired request is refused to the approver, and the lead's wait ends at the expiry with nothing sent", async () => {
    await atFifty();
    const { lead } = await requested();
    skew.bob = (EXPIRE + 1) * 1000;
    const late = await bob(["approve", "--yes"]);
    expect(late.code).toBe(7);
    expect(late.stderr).toMatch(/not approved: request r-\w+ expired at \S+: the lead must promote again/);
    skew.ann = (EXPIRE + 1) * 1000;
    const r = await lead;
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(
      /promote refused: no approval came before the request expired at \S+: nothing was sent/,
    );
    expect(weightsOnAws(s.sb)).toEqual({ blue: 50, green: 50 });
    expect((await events(dirs.a)).at(-1)).toMatchObject({ type: "approval.voided" });
    expect((await ann(["rollback", "--reason", "next test", "--yes"])).code).toBe(0);
  });

  it("rollback never waits for approval: bob's rollback voids the waiting request; the promote sends nothing", async () => {
    await atFifty();
    const { lead } = await requested();
    const rb = await bob(["rollback", "--reason", "drill", "--yes"]);
    expect(rb.code, rb.stderr).toBe(0);
    expect(weightsOnAws(s.sb)).toEqual({ blue: 100, green: 0 });
    const r = await lead;
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/the approval request is void: a rollback was requested: nothing was sent/);
    expect(weightsOnAws(s.sb)).toEqual({ blue: 100, green: 0 });
    const late = await bob(["approve", "--yes"]);
    expect(late.code).toBe(7);
    expect(late.stderr).toMatch(/not approved: request r-\w+ is void: a rollback was requested/);
  });

  it("Ctrl-C in the waiting golive promote withdraws the request on record: nothing is sent, bob's approval is refused", async () => {
    await atFifty();
    const child = spawn(process.execPath, [BIN, "promote", "--yes", "--override", "rehearsal to 100"], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GOLIVE_SESSIONS: dirs.a,
        GOLIVE_USER: "ann",
        GOLIVE_BASTION: "a",
        AWS_ACCESS_KEY_ID: keys.ann!.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.ann!.SecretAccessKey,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    await vi.waitFor(() => expect(stdout, stderr).toContain("Ctrl-C withdraws it"), {
      timeout: 30_000,
      interval: 100,
    });
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(7);
    expect(stderr).toMatch(/golive: promote withdrawn: withdrawn by ann: nothing was sent/);
    expect(weightsOnAws(s.sb)).toEqual({ blue: 50, green: 50 });
    expect((await events(dirs.a)).at(-1)).toMatchObject({
      type: "approval.voided",
      by: "ann",
      data: { why: "withdrawn by ann" },
    });
    const late = await bob(["approve", "--yes"]);
    expect(late.code).toBe(7);
    expect(late.stderr).toMatch(/not approved: request r-\w+ is void: withdrawn by ann/);
    expect(weightsOnAws(s.sb)).toEqual({ blue: 50, green: 50 });
    expect((await ann(["rollback", "--reason", "next test", "--yes"])).code).toBe(0);
  });
});
