/**
 * The EKS demo's real Prometheus never outlives golive: killed with -9 (a crash, or a dropped SSH
 * session that gives it no chance to clean up), its Prometheus is stopped by the watchdog it runs
 * under, instead of scraping and holding its port forever.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/paths.js";
import { hasTool } from "../helpers/tools.js";
import { which } from "../helpers/which.js";

const run = hasTool(which("prometheus"), "prometheus", "the demo Prometheus watchdog test");

/** The live Prometheus processes (not the watchdog shell) whose storage is under `dir`. */
function prometheusUnder(dir: string): number[] {
  const r = spawnSync("pgrep", ["-f", `storage.tsdb.path=${dir}`], { encoding: "utf8" });
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map(Number)
    .filter((pid) => {
      const ps = spawnSync("ps", ["-o", "stat=,comm=", "-p", String(pid)], {
        encoding: "utf8",
      }).stdout.trim();
      return /^[^Z]\S*\s+prometheus$/.test(ps);
    });
}

async function until<T>(what: string, f: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(run)("the demo's Prometheus", () => {
  it("is stopped when golive is killed with -9", async () => {
    const dir = tempDir("prom-orphan-");
    // One node process (no tsx wrapper in between), so the pid killed is golive's own.
    const holder = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "test/helpers/prometheus-holder.mts"), "http://127.0.0.1:9", dir],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    holder.stdout!.on("data", (b) => {
      out += String(b);
    });
    try {
      await until("Prometheus ready", () => (/^(ready|failed)/m.test(out) ? true : undefined), 60_000);
      expect(out).toMatch(/^ready http:\/\/127\.0\.0\.1:\d+/m);
      const pids = prometheusUnder(join(dir, "prometheus", "data"));
      expect(pids).toHaveLength(1);
      const gone = new Promise((r) => holder.once("exit", r));
      holder.kill("SIGKILL");
      await gone;
      await until("Prometheus to stop", () =>
        prometheusUnder(join(dir, "prometheus", "data")).length ? undefined : true,
      );
    } finally {
      holder.kill("SIGKILL");
      for (const pid of prometheusUnder(join(dir, "prometheus", "data"))) process.kill(pid, "SIGKILL");
    }
  }, 120_000);
});
