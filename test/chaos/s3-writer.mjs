// Child process for the S3 kill -9 chaos test: one "bastion" with its own session directory.
// It loads golive (and the AWS SDK) at once, then waits: a line `go N` joins the session in moto's
// S3 (the session directory is opened only then: the next victim is started while the previous one
// still holds it) and appends N notes (`go` alone: until killed), printing each acknowledgement only
// after append() resolved (in the log and in its local file), then `batch`. stdin closing ends it.
import { createInterface } from "node:readline";
import { S3SharedLog } from "../../dist/integrations/s3-log.js";
import { TeamSession } from "../../dist/session/s3-store.js";

const { dir, id, endpoint, bucket, prefix, name } = JSON.parse(process.argv[2]);
const log = new S3SharedLog({
  bucket,
  endpoint,
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
});
process.stdout.write("ready\n");
let team;
let n = 0;
for await (const line of createInterface({ input: process.stdin })) {
  const m = /^go(?: (\d+))?$/.exec(line.trim());
  if (!m) continue;
  team ??= await TeamSession.join(dir, id, log, { prefix });
  const count = m[1] === undefined ? Number.POSITIVE_INFINITY : Number(m[1]);
  for (let i = 0; i < count; i++) {
    n++;
    const e = await team.append("note.added", { text: `${name} ${n}` }, name);
    process.stdout.write(`ack ${e.seq} ${e.hash} ${name} ${n}\n`);
  }
  process.stdout.write("batch\n");
}
await team?.close();
log.destroy();
