/**
 * Team mode on S3 (issue 17), against moto's server on loopback (single-threaded, as the launcher
 * runs it): the append (conditional PUT, then the local fsync) p50/p95, and a viewer's follow lag —
 * how long after the lead's acknowledgement a follower polling every second, as `golive watch` does,
 * has the event. Run: `node --import tsx bench/team.ts [appends] [followed]`; prints Markdown.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3SharedLog } from "../source/integrations/s3-log.js";
import { motoMissing, startMoto } from "../source/integrations/s3-moto.js";
import { TeamSession } from "../source/session/s3-store.js";
import { teamSessionData } from "../test/helpers/moto.js";

const APPENDS = Number(process.argv[2] ?? 300);
const FOLLOWED = Number(process.argv[3] ?? 40);
const creds = { accessKeyId: "testing", secretAccessKey: "testing" };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

const missing = motoMissing();
if (missing) {
  console.log(`team bench skipped: ${missing}`);
  process.exit(0);
}
const moto = await startMoto();
const log = () => new S3SharedLog({ bucket: "bench", endpoint: moto.endpoint, credentials: creds });
const admin = log();
await admin.createBucket();
const dir = (n: string) => mkdtempSync(join(tmpdir(), `golive-team-bench-${n}-`));
const lead = await TeamSession.create(dir("lead"), await teamSessionData(), "ann", log(), { prefix: "b" });

const appends: number[] = [];
for (let i = 0; i < APPENDS; i++) {
  const t = performance.now();
  await lead.append("note.added", { text: `n${i}` }, "ann");
  appends.push(performance.now() - t);
}

// What golive's commands do: append to the local file (acknowledged), then share it (the link).
const shared: number[] = [];
for (let i = 0; i < APPENDS; i++) {
  const t = performance.now();
  await lead.local.append("note.added", { text: `l${i}` }, "ann");
  await lead.exchange();
  shared.push(performance.now() - t);
}

// The follower polls once a second (the cockpit's link); the lead appends at random moments.
const viewer = await TeamSession.join(dir("viewer"), lead.id, log(), { prefix: "b" });
const acked = new Map<number, number>();
const lags: number[] = [];
let stop = false;
const follow = (async () => {
  while (!stop) {
    await viewer.sync();
    const now = performance.now();
    for (const [seq, at] of acked) {
      if (viewer.events.length < seq) continue;
      lags.push(now - at);
      acked.delete(seq);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
})();
for (let i = 0; i < FOLLOWED; i++) {
  await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
  const e = await lead.append("note.added", { text: `f${i}` }, "ann");
  acked.set(e.seq, performance.now());
}
while (acked.size) await new Promise((r) => setTimeout(r, 100));
stop = true;
await follow;
await viewer.close();
await lead.close();
await moto.stop();

const f = (x: number) => `${x.toFixed(1)} ms`;
console.log(`| measure | n | p50 | p95 | max |
|---|---|---|---|---|
| append (If-None-Match PUT to moto, then local fsync) | ${APPENDS} | ${f(pct(appends, 50))} | ${f(pct(appends, 95))} | ${f(Math.max(...appends))} |
| local append + exchange (what a command and the cockpit do: list, PUT, fsync) | ${APPENDS} | ${f(pct(shared, 50))} | ${f(pct(shared, 95))} | ${f(Math.max(...shared))} |
| follow lag (lead's ack → viewer has it; viewer polls every 1 s) | ${FOLLOWED} | ${f(pct(lags, 50))} | ${f(pct(lags, 95))} | ${f(Math.max(...lags))} |`);
