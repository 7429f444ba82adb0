/**
 * Two-person approval from the approver's own cockpit (`golive watch --approve`, a real process in
 * tmux), moto (S3 and STS; ann and bob are IAM users with keys of their own) and the sandbox:
 * the lead's `golive promote` to 100 % waits; bob's viewer on bastion b shows the exact change with
 * `v`, approves it with `y` (written to S3 only), and the promote goes out — AWS reads 0/100 back.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { golive as goliveHere } from "../helpers/cli.js";
import { iamUsers, motoAbsent, motoForSuite, newTeamSession } from "../helpers/moto.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { startSandbox, weightsOnAws } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

const skip = motoAbsent("approve-watch-tmux.test.ts");

describe.skipIf(skip)("watch --approve: the approver's cockpit approves the lead's waiting promote", () => {
  const env = motoForSuite();
  let s: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    killTmuxServer();
    await s?.sb.stop();
  });

  it("v shows the exact change and who you are to AWS; y approves it; the lead's promote sends exactly it", async () => {
    const keys: Record<string, Record<string, string>> = {};
    for (const [user, k] of Object.entries(await iamUsers(env().moto, ["ann", "bob"])))
      keys[user] = { AWS_ACCESS_KEY_ID: k.AccessKeyId, AWS_SECRET_ACCESS_KEY: k.SecretAccessKey };
    const dirs = { a: tempDir(), b: tempDir() };
    const envOf = (b: "a" | "b") =>
      cockpitEnv(dirs[b], {
        NO_COLOR: "1",
        GOLIVE_USER: b === "a" ? "ann" : "bob",
        GOLIVE_BASTION: b,
        ...keys[b === "a" ? "ann" : "bob"],
      });
    // The lead's commands run in this process (new, two promotes, the join, the promote that waits):
    // the approver's cockpit is what this test drives, a real process in tmux.
    const golive = (b: "a" | "b", args: string[]) => goliveHere(args, { env: envOf(b) });
    const cfg = JSON.parse(readFileSync(s.files.config, "utf8"));
    cfg.team = {
      s3: { bucket: env().bucket, prefix: "approve-watch", endpoint: env().moto.endpoint },
      lease: { ttl: 600 },
      approval: { steps: [100], expireSeconds: 600, sts: { endpoint: env().moto.endpoint } },
    };
    const config = join(tempDir(), "team.json");
    writeFileSync(config, JSON.stringify(cfg, null, 2));
    const { id } = await newTeamSession((args) => golive("a", args), config);
    for (const why of ["to 10", "to 50"])
      expect((await golive("a", ["promote", "--yes", "--override", why])).code).toBe(0);
    expect((await golive("b", ["join", id, "--config", config])).code).toBe(0);

    const t = await TmuxSession.start(
      "approver",
      { columns: 200, rows: 50 },
      `node ${BIN} watch --approve`,
      envOf("b"),
    );
    await t.waitFor(
      (x) => x.includes("CANARY 50 %") && x.includes("v approve"),
      "bob's viewer at 50 % offering v",
    );
    const lead = golive("a", ["promote", "--yes", "--override", "the step to 100"]);
    let screen = "";
    for (let i = 0; i < 60 && !/change to +blue 0 \/ green 100/.test(screen); i++) {
      await t.keys("Escape");
      await t.keys("v");
      screen = await t
        .waitFor(
          (x) => /APPROVE the lead's promote/.test(x) && /change to|nothing to approve/.test(x),
          "the approve dialog",
          15_000,
        )
        .catch(() => "");
    }
    expect(screen).toMatch(/requested by +arn:aws:iam::\d+:user\/ann/);
    expect(screen).toMatch(/AWS showed +blue 50 \/ green 50/);
    expect(screen).toMatch(/AWS shows now +blue 50 \/ green 50/);
    expect(screen).toMatch(/you are +arn:aws:iam::\d+:user\/bob/);
    expect(screen).toContain("y approves exactly this change");
    expect(weightsOnAws(s.sb)).toEqual({ blue: 50, green: 50 });
    await t.keys("y");
    // Recorded in S3, and taken from there into this viewer's copy like any other event.
    await t.waitFor(
      (x) => /bob: approved by \S*user\/bob: request r-\w+/.test(x),
      "the approval in the event log",
    );
    const sent = await lead;
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain("promote confirmed by AWS: blue 0 / green 100");
    expect(weightsOnAws(s.sb)).toEqual({ blue: 0, green: 100 });
    await t.waitFor(
      (x) => /green 100/.test(x) && !x.includes("CANARY 50 %"),
      "the viewer follows the promote",
    );
    await t.keys("q");
  }, 180_000);
});
