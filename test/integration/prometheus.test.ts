import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSandboxFiles } from "../../source/commands/sandbox.js";
import { validateEnvConfig } from "../../source/domain/config.js";
import { Prometheus } from "../../source/integrations/prometheus.js";
import { defaultScenario } from "../../source/sandbox/scenario.js";
import { Sandbox } from "../../source/sandbox/server.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { hasTool } from "../helpers/tools.js";
import { which } from "../helpers/which.js";

/**
 * A real Prometheus (Debian's package) scrapes the sandbox's per-arm /metrics; golive's PromQL for
 * error rate, p95 (histogram_quantile) and throughput per arm equals the traffic model's truth
 * within sampling error (p95 within the histogram's bucket width), and target health names a
 * target that cannot be scraped.
 */
const PROMETHEUS = which("prometheus");
const run = hasTool(PROMETHEUS, "prometheus", "the real-Prometheus tests");

const SPEED = 60;
/**
 * Scrape interval and deadline: five scrapes per 5 s window (WINDOW_S), and a loaded machine's slow
 * answer still counts. Each test waits for a whole window of scrapes on Prometheus's wall clock: a 10 s
 * window with 2 s scrapes made the first test ~14 s of waiting on a quiet machine.
 */
const SCRAPE_S = 1;
const WINDOW_S = 5;
let sb: Sandbox;
let prom: ChildProcess | undefined;
let api: Prometheus;
let configFile: string;
let promUrl: string;
const scenario = defaultScenario();
const green = scenario.targetGroups.find((t) => t.key === "green")!;
green.errorRate = 0.05;
green.latency = { medianMs: 40, p95Ms: 80 };
const blue = scenario.targetGroups.find((t) => t.key === "blue")!;

async function until<T>(f: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

/** Prometheus's own view once it has scraped: the two arms up, `nowhere` down. */
function twoOfThreeUp() {
  return until(async () => {
    const x = await api.targets();
    return x.total === 3 && x.up === 2 ? x : undefined;
  }, "three targets, two up");
}

/** Enough scrapes for a whole rate window on both arms: each test waits for it (any may run first). */
async function fullWindow() {
  await until(async () => {
    const r = await Promise.all([api.arm("blue"), api.arm("green")]);
    return r.every((a) => a.throughputRps !== null && a.latencyP95Ms !== null) ? r : undefined;
  }, "both arms' figures");
  // A full window of scrapes (Prometheus's wall clock): the oldest sample in it a scrape short of a
  // window old or more.
  await until(
    async () =>
      ((await api.query(`min(timestamp(http_requests_total{arm="green"} offset ${WINDOW_S - SCRAPE_S}s))`)) ??
        0) > 0
        ? true
        : undefined,
    "a full window of scrapes",
  );
}

/**
 * `golive prometheus ARGS`, read while every scrape of both arms succeeded (Prometheus's own `up`
 * series over the read, one scrape before it included). A target's health is its last scrape, and
 * on a loaded machine a scrape of the in-process sandbox can miss its deadline: golive then rightly
 * reports "1/3 up", which says nothing about golive. Such a read is taken again, never accepted;
 * so is one that Prometheus itself, as loaded, did not answer in time (golive's exit 6 "did not
 * answer", or this check's own query), which a dead Prometheus below covers on its own.
 */
async function whileArmsUp(args: string[], sessions: string) {
  for (let attempt = 0; attempt < 10; attempt++) {
    await twoOfThreeUp();
    const started = Date.now();
    const r = await golive(["prometheus", ...args], { sessions });
    if (r.code === 6 && /did not answer within/.test(r.stderr)) continue;
    const s = Math.ceil((Date.now() - started) / 1000) + SCRAPE_S;
    const up = await api.query(`min(min_over_time(up{job=~"blue|green"}[${s}s]))`).catch(() => null);
    if (up === 1) return r;
  }
  throw new Error("no read of golive prometheus with both arms scraped throughout, in 10 tries");
}

describe.runIf(run)("Prometheus as a metric source (real prometheus)", () => {
  beforeAll(async () => {
    sb = await Sandbox.start({ port: 0, speed: SPEED, scenario });
    const dir = mkdtempSync(join(tmpdir(), "eks-prom-"));
    const files = await writeSandboxFiles(sb, dir);
    const config = validateEnvConfig(
      JSON.parse((await import("node:fs")).readFileSync(files.config, "utf8")),
    );
    if (!config.ok) throw new Error(config.problems.join("; "));
    // Half the traffic to each arm, on the sandbox's listener.
    const elb = new ElasticLoadBalancingV2Client({
      endpoint: sb.awsUrl,
      region: "us-east-1",
      credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
    });
    await elb.send(
      new ModifyListenerCommand({
        ListenerArn: config.config.alb!.listenerArn,
        DefaultActions: [
          {
            Type: "forward",
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: config.config.alb!.blueTargetGroupArn, Weight: 50 },
                { TargetGroupArn: config.config.alb!.greenTargetGroupArn, Weight: 50 },
              ],
            },
          },
        ],
      }),
    );
    elb.destroy();
    const target = sb.awsUrl.replace(/^http:\/\//, "");
    const job = (name: string, path: string) =>
      `  - job_name: ${name}\n    metrics_path: ${path}\n    static_configs:\n      - targets: ["${target}"]`;
    writeFileSync(
      join(dir, "prometheus.yml"),
      `global:\n  scrape_interval: ${SCRAPE_S}s\n  scrape_timeout: ${SCRAPE_S}s\n  evaluation_interval: 1s\nscrape_configs:\n${job("blue", "/metrics/blue")}\n${job("green", "/metrics/green")}\n${job("nowhere", "/metrics/nowhere")}\n`,
    );
    const port = await freePortPair();
    promUrl = `http://127.0.0.1:${port}`;
    configFile = join(dir, "environment-prometheus.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        ...JSON.parse((await import("node:fs")).readFileSync(files.config, "utf8")),
        prometheus: { url: promUrl, window: `${WINDOW_S}s` },
      }),
    );
    prom = spawn(
      PROMETHEUS!,
      [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      { stdio: "ignore" },
    );
    api = new Prometheus({
      url: `http://127.0.0.1:${port}`,
      window: `${WINDOW_S}s`,
      arms: { blue: "blue", green: "green" },
      queries: {},
      timeoutMs: 3000,
    });
  }, 60_000);
  afterAll(async () => {
    prom?.kill();
    await sb?.stop();
  });

  it("PromQL per arm equals the traffic model's truth: error rate, p95 within bucket width, throughput", async () => {
    // Enough scrapes for a whole rate window on both arms.
    await fullWindow();
    const g = await api.arm("green");
    const b = await api.arm("blue");
    // 100 req/s per arm in sandbox time = 6,000 per real second at 60×: ~30,000 requests a window.
    expect(g.errorRatePercent!).toBeGreaterThan(5 - 0.5);
    expect(g.errorRatePercent!).toBeLessThan(5 + 0.5);
    expect(b.errorRatePercent!).toBeLessThan(blue.errorRate * 100 + 0.3);
    // The lognormal's p95 is the scenario's; the histogram's buckets are 5-20 ms wide there.
    expect(Math.abs(g.latencyP95Ms! - green.latency.p95Ms)).toBeLessThanOrEqual(20);
    expect(Math.abs(b.latencyP95Ms! - blue.latency.p95Ms)).toBeLessThanOrEqual(5);
    // Rates are per real second (Prometheus stamps scrapes with its own clock): speed × rps × share.
    const truth = scenario.traffic.rps * 0.5 * SPEED;
    expect(g.throughputRps!).toBeGreaterThan(truth * 0.85);
    expect(g.throughputRps!).toBeLessThan(truth * 1.15);
    expect(api.promql("latencyP95Ms", "green")).toContain(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{arm="green"}[5s])))',
    );
  }, 120_000);

  it("target health names what cannot be scraped; a bad query and a dead server are one line", async () => {
    const t = await twoOfThreeUp();
    expect(t.down).toHaveLength(1);
    expect(t.down[0]).toMatch(/\/metrics\/nowhere down: .*404/);
    await expect(api.query("sum(rate(")).rejects.toThrow(/^Prometheus refused the query \(bad_data: /);
    const nobody = await freePortPair();
    const dead = new Prometheus({
      url: `http://127.0.0.1:${nobody}`,
      window: "1m",
      arms: { blue: "b", green: "g" },
      queries: {},
      timeoutMs: 1000,
    });
    await expect(dead.arm("green")).rejects.toThrow(
      /^Prometheus http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)$/,
    );
  });

  it("golive prometheus: the figures per arm, the PromQL it ran, and a target down is exit 7 naming it", async () => {
    const sessions = tempDir();
    const made = await golive(
      ["new", "--runbook", "checklists/go-live.md", "--config", configFile, "--t0", "now"],
      { sessions },
    );
    expect(made.code, made.stderr).toBe(0);
    await fullWindow();
    const r = await whileArmsUp(["--json"], sessions);
    const j = JSON.parse(r.stdout);
    expect(j.green.errorRatePercent).toBeGreaterThan(4.5);
    expect(j.green.errorRatePercent).toBeLessThan(5.5);
    expect(j.promql.green.errorRatePercent).toContain('http_requests_total{arm="green",code=~"5.."}[5s]');
    expect(j.targets).toMatchObject({ up: 2, total: 3 });
    const text = await whileArmsUp([], sessions);
    expect(text.code).toBe(7);
    expect(text.stdout).toMatch(
      /^green {2}error rate \d\.\d\d % {2}p95 \d+ ms {2}throughput \d+\.\d req\/s$/m,
    );
    expect(text.stdout).toMatch(/targets 2\/3 up: http:\/\/.*\/metrics\/nowhere down/);
    // A Prometheus that does not answer, without stopping the one the other tests share: a session
    // whose config names a port nobody listens on.
    const nobody = await freePortPair();
    const deadConfig = join(tempDir(), "environment-dead-prometheus.json");
    writeFileSync(
      deadConfig,
      JSON.stringify({
        ...JSON.parse(readFileSync(configFile, "utf8")),
        prometheus: { url: `http://127.0.0.1:${nobody}`, window: `${WINDOW_S}s` },
      }),
    );
    const deadSessions = tempDir();
    const dead = await golive(
      ["new", "--runbook", "checklists/go-live.md", "--config", deadConfig, "--t0", "now"],
      { sessions: deadSessions },
    );
    expect(dead.code, dead.stderr).toBe(0);
    const gone = await golive(["prometheus"], { sessions: deadSessions });
    expect(gone.code).toBe(6);
    expect(gone.stderr.split("\n")[0]).toMatch(
      new RegExp(`^golive: Prometheus http://127\\.0\\.0\\.1:${nobody} (cannot be reached|did not answer)`),
    );
  }, 60_000);
});
