// `npm run test:soak [-- RUNS]`: `npm test` RUNS times (default 10) in a row while a CPU-heavy
// process (a busy loop on one core) runs beside it, as on a loaded CI box. Prints each run's result
// and time, and fails if any run failed or took longer than 3 minutes.
import { spawn, spawnSync } from "node:child_process";

const runs = Number(process.argv[2] ?? 10);
const LIMIT_S = 180;
const hog = spawn(process.execPath, ["-e", "for(;;){Math.sqrt(Math.random())}"], { stdio: "ignore" });
const results = [];
try {
  for (let i = 1; i <= runs; i++) {
    const t = Date.now();
    const r = spawnSync("npm", ["test"], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    const s = (Date.now() - t) / 1000;
    const ok = r.status === 0;
    const failed = ok ? "" : (r.stdout.match(/(FAIL .*|× .*)/g) ?? []).slice(0, 5).join("\n    ");
    results.push({ ok, s });
    console.log(
      `soak ${i}/${runs}: ${ok ? "pass" : "FAIL"} in ${s.toFixed(0)} s${s > LIMIT_S ? " (over 3 min)" : ""}${failed ? `\n    ${failed}` : ""}`,
    );
  }
} finally {
  hog.kill("SIGKILL");
}
const passed = results.filter((r) => r.ok).length;
const slow = results.filter((r) => r.s > LIMIT_S).length;
const max = Math.max(...results.map((r) => r.s));
console.log(
  `soak: ${passed}/${runs} passed beside a busy core; slowest ${max.toFixed(0)} s; ${slow} over 3 min`,
);
process.exit(passed === runs && slow === 0 ? 0 : 1);
