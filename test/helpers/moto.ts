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

/** moto on a free loopback port, with one bucket, and golive's log over it. */
export async function motoWithBucket(bucket = "golive-team") {
  const moto: MotoServer = await startMoto();
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
    async stop() {
      for (const l of logs) l.destroy();
      await moto.stop();
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

/** One moto server with a bucket for the describe block that calls this: up before its tests, down after. */
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
