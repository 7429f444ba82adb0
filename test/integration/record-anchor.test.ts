/**
 * The chain head anchored on S3 under compliance-mode Object Lock (moto's real server, over
 * sockets), and the forgery cases: edit one event and re-chain the whole export →
 * `verify --anchor` and the signature check both fail, naming the event; cut the last events →
 * fail; untouched → pass. The aws CLI reads the lock golive set (get-object-retention).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { anchorBucketLine } from "../../source/commands/anchor.js";
import type { Ctx } from "../../source/commands/context.js";
import { ExitCode } from "../../source/domain/errors.js";
import { S3AnchorStore } from "../../source/integrations/s3-anchor.js";
import { anchoredRecord, BUCKET, forge, lockedBucketForSuite } from "../helpers/anchored-record.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { minimalConfig } from "../helpers/env-config.js";
import { MOTO_CREDENTIALS, motoAbsent } from "../helpers/moto.js";
import { tempDir } from "../helpers/paths.js";
import { findAwsClis, runAws } from "../helpers/sandbox.js";
import { newSeedSession } from "../helpers/session.js";
import { LOADED } from "../helpers/timeouts.js";
import { which } from "../helpers/which.js";

const absent = motoAbsent("record-anchor.test.ts");

describe.skipIf(absent)("the chain head anchored on S3 under Object Lock (moto)", () => {
  // The worker's moto (lockedBucketForSuite): each test anchors a session of its own.
  const onSharedMoto = async (fn: (moto: ReturnType<typeof motoFor>) => Promise<void>) => fn(motoFor());
  const motoFor = lockedBucketForSuite();
  it("untouched → pass; edited and re-chained → anchor and signature both fail at the event; truncated → fail", async () => {
    await onSharedMoto(async (moto) => {
      const { out, verify, dir } = await anchoredRecord(moto);
      const ok = await verify(out);
      expect(ok.code, ok.stderr + ok.stdout).toBe(0);
      expect(ok.stdout).toContain("signature good: ann@example.com");
      expect(ok.stdout).toContain("anchor matches 1 locked anchor");

      const edited = join(dir, "edited.json");
      writeFileSync(edited, readFileSync(out));
      writeFileSync(`${edited}.sig`, readFileSync(`${out}.sig`));
      forge(edited, (evs) => {
        evs[1]!.data.text = "blue healthy (edited)";
      });
      // The chain alone cannot tell: a careful forger's export verifies on its own.
      expect((await golive(["verify", edited])).code).toBe(0);
      const bad = await verify(edited, "--json");
      expect(bad.code).toBe(ExitCode.verifyFailed);
      const body = JSON.parse(bad.stdout);
      expect(body.problem).toContain("the signature does not match these bytes");
      expect(body.problem).toContain("event #2 is not the event the anchor of event #5");
      expect(body.problem).toContain("edited there and re-chained");
      expect(body.seq).toBe(2);

      const cut = join(dir, "cut.json");
      writeFileSync(cut, readFileSync(out));
      forge(cut, (evs) => {
        evs.splice(3);
      });
      const short = await verify(cut, "--signature", `${out}.sig`);
      expect(short.code).toBe(ExitCode.verifyFailed);
      expect(short.stderr).toContain("the record ends at event #3");
      expect(short.stderr).toContain("events #4–#5 were cut from the end");
    });
  });

  it(
    "an amendment re-anchors; an export older than it fails; a planted unlocked version is ignored; aws s3api sees the lock",
    async () => {
      await onSharedMoto(async (moto) => {
        const { out, g, url, verify, dir, id, signOffVersion, amend } = await anchoredRecord(moto);
        // The export as signed at sign-off (the amendment re-signs `out` itself: record-amend.test.ts).
        const before = join(dir, "before-amendment.json");
        writeFileSync(before, readFileSync(out));
        writeFileSync(`${before}.sig`, readFileSync(`${out}.sig`));
        const amended = await amend("T+24h: error budget intact", "late observation");
        expect(amended.code, amended.stderr).toBe(0);
        expect(amended.stderr).toContain(`head #6 anchored at ${url}`);
        const old = await verify(before);
        expect(old.code).toBe(ExitCode.verifyFailed);
        expect(old.stderr).toContain("the record ends at event #5");
        const fresh = join(dir, "fresh.json");
        expect((await g(["sign", "--key", join(dir, "id_ed25519"), "--out", fresh])).code).toBe(0);
        const now = await verify(fresh);
        expect(now.code, now.stderr).toBe(0);
        expect(now.stdout).toContain("anchor matches 2 locked anchors");

        // Anyone with PutObject can add a version naming a forged head; without a compliance lock it
        // counts for nothing, and it cannot remove the locked ones.
        const s3 = new S3Client({
          endpoint: moto.endpoint,
          region: "us-east-1",
          forcePathStyle: true,
          credentials: MOTO_CREDENTIALS,
        });
        await s3.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: `records/${id}.anchor.json`,
            Body: JSON.stringify({
              format: "golive.anchor/1",
              session: id,
              seq: 99,
              hash: "f".repeat(64),
              hashes: "",
            }),
          }),
        );
        s3.destroy();
        const planted = await verify(fresh);
        expect(planted.code, planted.stderr).toBe(0);
        expect(planted.stderr).toMatch(/not under a compliance-mode lock \(no lock\).*ignored/);

        const clis = findAwsClis();
        const cli = clis.v1 ?? clis.v2;
        if (!cli || !which("aws")) return;
        const locked = signOffVersion;
        const ret = await runAws(cli, moto.endpoint, [
          "s3api",
          "head-object",
          "--bucket",
          BUCKET,
          "--key",
          `records/${id}.anchor.json`,
          "--version-id",
          locked,
        ]);
        expect(ret.code, ret.stderr).toBe(0);
        // head-object, not get-object-retention: moto 5.2.1 has no GetObjectRetention (it answers 500).
        const head = JSON.parse(ret.stdout);
        expect(head.ObjectLockMode).toBe("COMPLIANCE");
        expect(Date.parse(head.ObjectLockRetainUntilDate)).toBe(Date.parse("2026-12-23T13:00:00Z"));
        // Compliance mode: not even the bucket's owner may delete the locked version.
        const owner = new S3Client({
          endpoint: moto.endpoint,
          region: "us-east-1",
          forcePathStyle: true,
          credentials: MOTO_CREDENTIALS,
        });
        const del = await owner
          .send(
            new DeleteObjectCommand({ Bucket: BUCKET, Key: `records/${id}.anchor.json`, VersionId: locked }),
          )
          .then(
            () => "deleted",
            (e: Error) => e.name,
          );
        owner.destroy();
        expect(del).toBe("AccessDenied");
      });
    },
    LOADED,
  );

  it("doctor's anchor line: a bucket with Object Lock passes; one without is named with how to make one, and no anchor is written there", async () => {
    await onSharedMoto(async (moto) => {
      const s3 = new S3Client({
        endpoint: moto.endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: MOTO_CREDENTIALS,
      });
      await s3.send(new CreateBucketCommand({ Bucket: "plain-bucket" }));
      s3.destroy();
      const ctx = {
        env: { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" },
      } as unknown as Ctx;
      const good = await anchorBucketLine(ctx, {
        s3: `s3://${BUCKET}/r/`,
        retentionDays: 7,
        endpoint: moto.endpoint,
      });
      expect(good).toEqual({
        ok: true,
        text: `anchor: s3://${BUCKET} has Object Lock enabled; each anchor locked COMPLIANCE for 7 days`,
      });
      const plain = await anchorBucketLine(ctx, {
        s3: "s3://plain-bucket/r/",
        retentionDays: 7,
        endpoint: moto.endpoint,
      });
      expect(plain.ok).toBe(false);
      expect(plain.text).toContain("s3://plain-bucket does not have Object Lock enabled");
      expect(plain.fix).toContain("--object-lock-enabled-for-bucket");
      const store = new S3AnchorStore({
        bucket: "plain-bucket",
        endpoint: moto.endpoint,
        credentials: MOTO_CREDENTIALS,
      });
      await expect(store.put("r/x.anchor.json", "{}", new Date(Date.now() + 86_400_000))).rejects.toThrow(
        /could not write the anchor s3:\/\/plain-bucket\/r\/x\.anchor\.json/,
      );
      store.destroy();
    });
  });

  it("S3 unreachable at sign-off: the sign-off is recorded, golive says the head is NOT anchored, and golive anchor fails the same way", async () => {
    const dir = tempDir("record-anchor-down-");
    const { store } = await newSeedSession(dir);
    const id = store.id;
    await store.close();
    const env = { AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y" };
    const g = (args: string[]) =>
      golive(args, { sessions: dir, clock: fixedClock("2026-11-23T13:00:00Z"), env });
    const config = join(dir, "env.json");
    // Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    writeFileSync(
      config,
      JSON.stringify({
        ...minimalConfig(),
        anchor: { s3: "s3://golive-records/r/", retentionDays: 1, endpoint: "http://127.0.0.1:9" },
      }),
    );
    expect((await g(["attach", "--config", config])).code).toBe(0);
    const signed = await g(["sign", "--status", "success", "--signer", "Ann", "--accept", "fixture"]);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toContain("signed success by Ann");
    expect(signed.stderr).toContain("recorded, but the head #3 is NOT anchored");
    expect(signed.stderr).toContain("run golive anchor once S3 answers");
    const again = await g(["anchor", "--session", id]);
    expect(again.code).toBe(ExitCode.aws);
    expect(again.stderr).toMatch(
      /could not write the anchor s3:\/\/golive-records\/r\/\S+\.anchor\.json: S3 is unreachable/,
    );
  });
});
