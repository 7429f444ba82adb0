import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect } from "vitest";
import { S3SharedLog } from "../../source/integrations/s3-log.js";
import { type MotoServer, motoMissing, startMoto } from "../../source/integrations/s3-moto.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import type { CliResult } from "./cli.js";
import { SEEDS, tempDir } from "./paths.js";
import { findAwsClis, runAws } from "./sandbox.js";

export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

let missingMoto: [string | undefined] | undefined;

/** Why team-mode tests cannot run here (said loudly once per file), or undefined when moto is present. */
export function motoAbsent(file: string): string | undefined {
  // Asked once per worker: each asking imports moto.server in Python, seconds of CPU, synchronously.
  missingMoto ??= [motoMissing()];
  const [missing] = missingMoto;
  if (missing) console.warn(`\n!!! ${file}: team-mode tests SKIPPED — ${missing}\n`);
  return missing;
}

let workerMoto: Promise<MotoServer> | undefined;
const made = new Map<string, Promise<unknown>>();
let buckets = 0;

/**
 * The worker's moto: started by the first file of a vitest worker that asks, then shared by every
 * later file of that worker (isolate is off, so this module's state outlives a file), and gone with
 * the worker (moto exits when its stdin closes). A start was ~2.5 s of CPU in Python per file; files
 * are kept apart by bucket (motoWithBucket makes a new one per call) and by their own key prefixes.
 */
export function sharedMoto(): Promise<MotoServer> {
  workerMoto ??= startMoto().catch((e: unknown) => {
    workerMoto = undefined;
    throw e;
  });
  return workerMoto;
}

/** `make` run once per worker for `what` (a bucket, IAM users): later files of the worker reuse it. */
export function oncePerWorker<T>(what: string, make: () => Promise<T>): Promise<T> {
  if (!made.has(what))
    made.set(
      what,
      make().catch((e: unknown) => {
        made.delete(what);
        throw e;
      }),
    );
  return made.get(what) as Promise<T>;
}

/** A bucket of its own on the worker's moto, and golive's log over it. */
export async function motoWithBucket(bucket = `golive-team-${++buckets}`) {
  const moto: MotoServer = await sharedMoto();
  const s3 = new S3Client({
    endpoint: moto.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: MOTO_CREDENTIALS,
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  const logs: S3SharedLog[] = [];
  const newLog = () => {
    const log = new S3SharedLog({ bucket, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
    logs.push(log);
    return log;
  };
  return {
    moto,
    bucket,
    newLog,
    /** The worker's moto stays up for its next file. */
    stop() {
      for (const l of logs) l.destroy();
    },
  };
}

/** The first event's data of a team session over the shipped deployment runbook. */
export async function teamSessionData() {
  const file = join(SEEDS, "deployment.md");
  const { text, sha256 } = await readRunbookFile(file);
  return {
    runbook: { file, sha256, title: "Deployment", text },
    t0: "2026-11-23T12:00:00.000Z",
    lead: "ann",
  };
}

/** `golive new` of the shipped deployment runbook, shared as the team session `config` names, T-0 now. */
export async function newTeamSession(
  run: (args: string[]) => Promise<CliResult>,
  config: string,
): Promise<{ id: string; made: CliResult }> {
  const made = await run(["new", "--runbook", "checklists/deployment.md", "--config", config, "--t0", "now"]);
  expect(made.code, made.stderr).toBe(0);
  return { id: /session (\S+) created/.exec(made.stdout)![1]!, made };
}

/**
 * What is in the bucket as the aws CLI reads it (an independent client, not golive's SDK): the keys
 * under `prefix` (list-objects-v2) and one object's JSON (get-object).
 */
export async function awsCliReads(endpoint: string, bucket: string, prefix: string, key: string) {
  const clis = findAwsClis();
  const cli = clis.v1 ?? clis.v2;
  expect(cli, "an aws CLI must be installed").toBeDefined();
  const list = await runAws(cli!, endpoint, [
    "s3api",
    "list-objects-v2",
    "--bucket",
    bucket,
    "--prefix",
    prefix,
  ]);
  expect(list.code, list.stderr).toBe(0);
  const keys = (JSON.parse(list.stdout).Contents as { Key: string }[]).map((o) => o.Key);
  const out = join(tempDir(), "object.json");
  const got = await runAws(cli!, endpoint, ["s3api", "get-object", "--bucket", bucket, "--key", key, out]);
  expect(got.code, got.stderr).toBe(0);
  return { keys, object: JSON.parse(readFileSync(out, "utf8")) as unknown };
}

/** One call of moto's IAM Query API (moto checks no signature; the credential scope routes it to IAM). */
async function motoIam(endpoint: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      authorization: `AWS4-HMAC-SHA256 Credential=${MOTO_CREDENTIALS.accessKeyId}/20261201/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Version: "2010-05-08", ...params }).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto IAM ${params.Action}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

/**
 * IAM users on the worker's moto, each with an access key: made once per worker, since moto keeps
 * users for its whole life and refuses a second create-user of one name. Straight to moto's IAM API:
 * through the aws CLI the four calls (and the CLI's warm Python when no file of the worker had started
 * it) were ~6 s before approval.test.ts's first test at load 15.
 */
export function iamUsers<U extends string>(moto: MotoServer, users: readonly U[]) {
  return oncePerWorker(`iam ${moto.endpoint} ${users.join(" ")}`, async () => {
    const keys = {} as Record<U, { AccessKeyId: string; SecretAccessKey: string }>;
    for (const user of users) {
      await motoIam(moto.endpoint, { Action: "CreateUser", UserName: user });
      const xml = await motoIam(moto.endpoint, { Action: "CreateAccessKey", UserName: user });
      const field = (name: string) => {
        const v = new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1];
        if (!v) throw new Error(`moto IAM CreateAccessKey for ${user}: no ${name} in ${xml.slice(0, 300)}`);
        return v;
      };
      keys[user] = { AccessKeyId: field("AccessKeyId"), SecretAccessKey: field("SecretAccessKey") };
    }
    return keys;
  });
}

/** A bucket of its own on the worker's moto for the describe block that calls this, before its tests. */
export function motoForSuite(): () => Awaited<ReturnType<typeof motoWithBucket>> {
  let env: Awaited<ReturnType<typeof motoWithBucket>> | undefined;
  beforeAll(async () => {
    env = await motoWithBucket();
  });
  afterAll(async () => {
    await env?.stop();
  });
  return () => env!;
}
