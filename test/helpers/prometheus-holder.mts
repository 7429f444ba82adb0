// A stand-in for golive holding the demo's Prometheus: starts it, prints "ready <dir>", then waits
// to be killed (the test sends kill -9, as a dropped SSH session or a crash would).
import { startDemoPrometheus } from "../../source/commands/demo-prometheus.js";

const [awsUrl, dir] = process.argv.slice(2) as [string, string];
const p = await startDemoPrometheus({ awsUrl, dir, speed: 60, periodSeconds: 60 });
if (!p.ok) {
  process.stdout.write(`failed ${p.why}\n`);
  process.exit(1);
}
process.stdout.write(`ready ${p.url}\n`);
setInterval(() => {}, 1 << 30);
