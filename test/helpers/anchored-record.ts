/**
 * A signed-off record anchored on S3 (moto) and SSH-signed with a fresh ed25519 key, and a careful
 * forger's edit: shared by the anchor and the amendment tests.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, expect } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import type { MotoServer } from "../../source/integrations/s3-moto.js";
import { fixedClock, golive } from "./cli.js";
import { minimalConfig } from "./env-config.js";
import { MOTO_CREDENTIALS, oncePerWorker, sharedMoto } from "./moto.js";
import { tempDir } from "./paths.js";
import { newSeedSession } from "./session.js";

export const BUCKET = "golive-records";

interface Ev {
  seq: number;
  prev: string;
  hash: string;
  data: Record<string, unknown>;
}

/** A careful forger: edits the export's events, then recomputes every hash, the head and the count. */
export function forge(out: string, edit: (events: Ev[]) => void) {
  const exp = JSON.parse(readFileSync(out, "utf8"));
  const events = exp.session.events as Ev[];
  edit(events);
  for (let i = 1; i < events.length; i++) {
    events[i]!.prev = events[i - 1]!.hash;
    const signs = events[i]!.data.signs as { head: string } | undefined;
    if (signs) signs.head = events[i]!.prev;
    events[i]!.hash = hashEvent(events[i]! as never);
  }
  exp.head = events.at(-1)!.hash;
  exp.eventCount = events.length;
  if (!events.some((e) => (e as { type?: string }).type === "session.signed")) exp.signed = null;
  writeFileSync(out, `${JSON.stringify(exp, null, 1)}\n`);
}

/** The worker's moto (moto.ts) with BUCKET under Object Lock, made once per worker. */
async function motoWithLockedBucket(): Promise<MotoServer> {
  const moto = await sharedMoto();
  await oncePerWorker(`locked bucket ${moto.endpoint}`, async () => {
    const s3 = new S3Client({
      endpoint: moto.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: MOTO_CREDENTIALS,
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, ObjectLockEnabledForBucket: true }));
    s3.destroy();
  });
  return moto;
}

export async function withMoto<T>(fn: (moto: MotoServer) => Promise<T>): Promise<T> {
  return fn(await motoWithLockedBucket());
}

/**
 * The worker's moto for a file's tests: each test's record is a new session, anchored under its own
 * id, so no test reads another's objects.
 */
export function lockedBucketForSuite(): () => MotoServer {
  let moto: MotoServer | undefined;
  beforeAll(async () => {
    moto = await motoWithLockedBucket();
  });
  return () => moto!;
}

/** A session with an anchored config, signed off (which anchors the head) and exported + SSH-signed. */
export async function anchoredRecord(moto: MotoServer) {
  const dir = tempDir("record-anchor-");
  const { store } = await newSeedSession(dir);
  await store.append("note.added", { text: "blue healthy" }, "lead");
  await store.append("note.added", { text: "green at 100 %" }, "lead");
  const id = store.id;
  await store.close();
  const env = {
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: moto.endpoint,
  };
  const clock = fixedClock("2026-11-23T13:00:00Z");
  const g = (args: string[]) => golive(args, { sessions: dir, clock, env });
  const config = join(dir, "env.json");
  writeFileSync(
    config,
    JSON.stringify({
      ...minimalConfig(),
      anchor: { s3: `s3://${BUCKET}/records/`, retentionDays: 30, endpoint: moto.endpoint },
    }),
  );
  expect((await g(["attach", "--config", config])).code).toBe(0);
  const signed = await g(["sign", "--status", "success", "--signer", "Ann", "--accept", "fixture"]);
  expect(signed.code, signed.stderr).toBe(0);
  const url = `s3://${BUCKET}/records/${id}.anchor.json`;
  expect(signed.stderr).toContain(`head #5 anchored at ${url}`);
  const signOffVersion = /\(version (\S+),/.exec(signed.stderr)![1]!;
  const key = join(dir, "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
  writeFileSync(join(dir, "allowed_signers"), `ann@example.com ${readFileSync(`${key}.pub`, "utf8")}`);
  const out = join(dir, "record.json");
  expect((await g(["sign", "--key", key, "--out", out])).code).toBe(0);
  const verify = (file: string, ...more: string[]) =>
    g(["verify", file, "--anchor", url, "--allowed-signers", join(dir, "allowed_signers"), ...more]);
  /** A note recorded after sign-off: an amendment, with why. */
  const amend = (text: string, why: string) => g(["note", text, "--session", id, "--amend", why]);
  return { dir, g, id, url, out, verify, clock, signOffVersion, amend };
}
