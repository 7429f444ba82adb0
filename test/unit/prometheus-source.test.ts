import { describe, expect, it } from "vitest";
import { scrapeMsFor, startDemoPrometheus } from "../../source/commands/demo-prometheus.js";
import { validateEnvConfig } from "../../source/domain/config.js";
import { minimalConfig } from "../helpers/env-config.js";
import { tempDir } from "../helpers/paths.js";

const base = minimalConfig();

describe("Prometheus as the session's metric source", () => {
  it("metrics.source prometheus needs the prometheus section, said in one line", () => {
    const v = validateEnvConfig({ ...base, metrics: { source: "prometheus" } });
    expect(v).toEqual({
      ok: false,
      problems: [
        'metrics.source: "prometheus" needs a prometheus section ({ "url": "http://prometheus:9090" })',
      ],
    });
    const ok = validateEnvConfig({
      ...base,
      metrics: { source: "prometheus" },
      prometheus: { url: "http://127.0.0.1:9090" },
    });
    expect(ok.ok && ok.config.metrics.source).toBe("prometheus");
    expect(validateEnvConfig({ ...base, metrics: { source: "datadog" } }).ok).toBe(false);
  });

  it("Prometheus may judge finer periods (a divisor of 60 from 10 s); CloudWatch may not, said in one line", () => {
    const prom = { url: "http://127.0.0.1:9090" };
    const fine = validateEnvConfig({
      ...base,
      metrics: { source: "prometheus", periodSeconds: 15 },
      prometheus: prom,
    });
    expect(fine.ok && fine.config.metrics.periodSeconds).toBe(15);
    expect(validateEnvConfig({ ...base, metrics: { periodSeconds: 15 } })).toMatchObject({
      ok: false,
      problems: [
        'metrics.periodSeconds: 15 s is finer than CloudWatch\'s ALB metrics (per minute): use a multiple of 60, or metrics.source "prometheus"',
      ],
    });
    expect(
      validateEnvConfig({ ...base, metrics: { source: "prometheus", periodSeconds: 45 }, prometheus: prom }),
    ).toMatchObject({
      ok: false,
      problems: [
        "metrics.periodSeconds: must be a multiple of 60 (with Prometheus also 10, 12, 15, 20 or 30)",
      ],
    });
    expect(
      validateEnvConfig({ ...base, metrics: { source: "prometheus", periodSeconds: 5 }, prometheus: prom })
        .ok,
    ).toBe(false);
  });

  it("the demo scrapes five times a period of wall time, and says why not when it cannot", async () => {
    expect(scrapeMsFor(60, 60)).toBe(200);
    expect(scrapeMsFor(60, 1)).toBe(1000);
    const fast = await startDemoPrometheus({
      awsUrl: "http://127.0.0.1:1",
      dir: tempDir(),
      speed: 600,
      periodSeconds: 60,
      bin: "/bin/true",
    });
    expect(fast).toEqual({
      ok: false,
      why: "at --speed 600 a 60 s period is 100 ms of wall time, too short for Prometheus to scrape; metrics come from the sandbox's CloudWatch (use --speed 240 or less)",
    });
    const dead = await startDemoPrometheus({
      awsUrl: "http://127.0.0.1:1",
      dir: tempDir(),
      speed: 1,
      periodSeconds: 60,
      bin: "/bin/false",
    });
    expect(dead.ok).toBe(false);
    expect(!dead.ok && dead.why).toMatch(
      /^Prometheus \(\/bin\/false\) did not become ready \(exited \(code 1\)\)/,
    );
  });
});
