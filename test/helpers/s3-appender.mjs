// Child process for team-mode tests: one "bastion" with its own session directory, joining a session
// in moto's S3 and appending notes; it prints each acknowledgement only after append() resolved
// (in the log and in its local file). The parent may kill -9 it at any point.
import { S3SharedLog } from "../../dist/integrations/s3-log.js";
import { TeamSession } from "../../dist/session/s3-store.js";

const { dir, id, endpoint, bucket, prefix, count, name } = JSON.parse(process.argv[2]);
const log = new S3SharedLog({
  bucket,
  endpoint,
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
});
const team = await TeamSession.join(dir, id, log, { prefix });
process.stdout.write(`joined ${team.events.length}\n`);
for (let n = 1; count === null || n <= count; n++) {
  const e = await team.append("note.added", { text: `${name} ${n}` }, name);
  process.stdout.write(`ack ${e.seq} ${e.hash} ${name} ${n}\n`);
}
await team.close();
log.destroy();
process.stdout.write("done\n");
