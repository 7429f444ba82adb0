/**
 * The EKS rehearsal's monitoring: a real Prometheus (Debian's `prometheus`, when on PATH) scraping
 * the sandbox's per-arm /metrics, so the cockpit's panes and gate read PromQL as a real EKS session
 * does. Prometheus stamps scrapes with the wall clock while the sandbox runs N× faster, so it
 * scrapes several times per (compressed) period; a speed too high to scrape falls back to the
 * sandbox's CloudWatch, and so does a machine without Prometheus — each saying why.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export type DemoPrometheus =
  | { ok: true; url: string; scrapeMs: number; stop(): Promise<void> }
  | { ok: false; why: string };

/** Wall-clock ms between scrapes so that a period (60 session s at `speed`) holds five of them. */
export function scrapeMsFor(periodSeconds: number, speed: number): number {
  return Math.min(1000, Math.floor((periodSeconds * 1000) / speed / 5));
}

function onPath(bin: string): string | undefined {
  try {
    return execFileSync("sh", ["-c", 'command -v "$1"', "sh", bin], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/**
 * `sh -c WATCHDOG prometheus ARGS…`: runs Prometheus and polls, once a second, that golive
 * (GOLIVE_PID) is alive; when golive is gone, or on TERM/INT/HUP, it stops Prometheus and waits.
 */
export const WATCHDOG = `"$0" "$@" & p=$!
trap 'kill "$p" 2>/dev/null; wait "$p"; exit 0' TERM INT HUP
while kill -0 "$GOLIVE_PID" 2>/dev/null && kill -0 "$p" 2>/dev/null; do sleep 1; done
kill "$p" 2>/dev/null; wait "$p"`;

export async function startDemoPrometheus(o: {
  awsUrl: string;
  dir: string;
  speed: number;
  periodSeconds: number;
  bin?: string;
}): Promise<DemoPrometheus> {
  const bin = o.bin ?? onPath("prometheus");
  if (!bin)
    return {
      ok: false,
      why: "Prometheus is not installed (apt-get install prometheus, or put a prometheus binary on PATH); metrics come from the sandbox's CloudWatch",
    };
  const scrapeMs = scrapeMsFor(o.periodSeconds, o.speed);
  if (scrapeMs < 50)
    return {
      ok: false,
      why: `at --speed ${o.speed} a ${o.periodSeconds} s period is ${Math.round((o.periodSeconds * 1000) / o.speed)} ms of wall time, too short for Prometheus to scrape; metrics come from the sandbox's CloudWatch (use --speed ${Math.floor((o.periodSeconds * 1000) / 250)} or less)`,
    };
  const dir = join(o.dir, "prometheus");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = o.awsUrl.replace(/^https?:\/\//, "");
  const job = (arm: string) =>
    `  - job_name: ${arm}\n    metrics_path: /metrics/${arm}\n    static_configs:\n      - targets: ["${target}"]`;
  writeFileSync(
    join(dir, "prometheus.yml"),
    `global:\n  scrape_interval: ${scrapeMs}ms\n  scrape_timeout: ${scrapeMs}ms\nscrape_configs:\n${job("blue")}\n${job("green")}\n`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Prometheus runs under a watchdog that stops it when golive is gone: a dropped SSH session or
  // kill -9 gives golive no chance to stop it, and Prometheus takes SIGHUP as "reload config".
  const child: ChildProcess = spawn(
    "/bin/sh",
    [
      "-c",
      WATCHDOG,
      bin,
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=error",
    ],
    { stdio: "ignore", detached: true, env: { ...process.env, GOLIVE_PID: String(process.pid) } },
  );
  child.unref();
  // The watchdog and Prometheus share one process group (detached): a signal to it reaches both.
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      child.kill(sig);
    }
  };
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = `exited (${signal ?? `code ${code}`})`;
  });
  child.once("error", (e) => {
    exited = e.message;
  });
  const gone = new Promise<void>((r) => child.once("exit", () => r()));
  // Its data is the rehearsal's only: stopped (SIGKILL if it lingers) and removed.
  const stop = async () => {
    if (!exited) {
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !exited) {
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) return { ok: true, url, scrapeMs, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  return {
    ok: false,
    why: `Prometheus (${bin}) did not become ready (${exited ?? "15 s"}); metrics come from the sandbox's CloudWatch`,
  };
}
