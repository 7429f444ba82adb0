import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { S3SharedLog } from "../../source/integrations/s3-log.js";
import { type MotoServer, motoMissing, startMoto } from "../../source/integrations/s3-moto.js";

export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

/** Why team-mode tests cannot run here (said loudly once per file), or undefined when moto is present. */
export function motoAbsent(file: string): string | undefined {
  const missing = motoMissing();
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
