/**
 * engine/stated.ts with CloudWatch and the alert book in memory: the runbook's bounds on other
 * percentiles and counts, read over the latest settled period, become rollback-trigger alerts while
 * green takes traffic (cleared when back within) and go checks from the second step on.
 */
import { describe, expect, it } from "vitest";
import type { Readings } from "../../source/domain/stated.js";
import type { StatedThreshold } from "../../source/domain/thresholds.js";
import { measureStated, statedFindings, statedGateChecks } from "../../source/engine/stated.js";

const MIN = 60_000;
const NOW = Date.parse("2026-12-04T12:00:30.000Z");
const th = (o: Partial<StatedThreshold> & Pick<StatedThreshold, "metric" | "label">): StatedThreshold => ({
  kind: "rollback",
  op: ">",
  value: 500,
  unit: "ms",
  text: "",
  line: 7,
  measure: { by: "cloudwatch", stat: "p99" },
  ...o,
});
const P99 = th({ metric: "latencyP99", label: "p99 latency" });
const P90_GO = th({
  metric: "latencyP90",
  label: "p90 latency",
  kind: "go",
  op: "<",
  value: 200,
  line: 9,
  measure: { by: "cloudwatch", stat: "p90" },
});
/** 5xx per minute, read as a count per 5-minute period. */
const C5XX = th({
  metric: "http5xxCount",
  label: "5xx",
  op: ">=",
  value: 10,
  unit: "/min",
  line: 11,
  measure: { by: "cloudwatch", stat: "http5xxCount" },
});
const MANUAL = th({
  metric: "unknown",
  label: "checkout errors",
  measure: { by: "manual", why: "no metric" },
});
const reading = (green: number | null, o: { periodMs?: number; at?: number } = {}) => ({
  blue: 1,
  green,
  periodStart: 0,
  at: o.at ?? 123,
  periodMs: o.periodMs ?? MIN,
});

describe("statedFindings", () => {
  it("one per rollback bound green was read for, in the bound's unit, with the runbook line", () => {
    const r: Readings = {
      p99: reading(612.3),
      p90: reading(250),
      http5xxCount: reading(50, { periodMs: 5 * MIN }),
    };
    expect(statedFindings([P99, P90_GO, C5XX, MANUAL], r, "deploy.md")).toEqual([
      {
        key: "stated:latencyP99:7",
        breached: true,
        message: "green p99 latency 612 ms > 500 ms (runbook deploy.md:7)",
      },
      {
        key: "stated:http5xxCount:11",
        breached: true,
        message: "green 5xx 10 /min >= 10 /min (runbook deploy.md:11)",
      },
    ]);
    expect(
      statedFindings(
        [P99, C5XX],
        { p99: reading(500), http5xxCount: reading(45, { periodMs: 5 * MIN }) },
        "d.md",
      ),
    ).toEqual([
      {
        key: "stated:latencyP99:7",
        breached: false,
        message: "green p99 latency 500 ms > 500 ms (runbook d.md:7)",
      },
      {
        key: "stated:http5xxCount:11",
        breached: false,
        message: "green 5xx 9 /min >= 10 /min (runbook d.md:11)",
      },
    ]);
  });

  it("nothing for a bound without a reading, with no green number, or no bounds at all", () => {
    expect(statedFindings([P99, C5XX], { p99: reading(null) }, "d.md")).toEqual([]);
    expect(statedFindings(undefined, { p99: reading(900) }, "d.md")).toEqual([]);
  });
});

describe("statedGateChecks", () => {
  it("go bounds golive can read, as checks for promote and scale-blue from the second step", () => {
    const r: Readings = { p90: reading(99.5, { at: 456 }), p99: reading(900) };
    expect(statedGateChecks([P99, P90_GO, { ...MANUAL, kind: "go" }], r, 90_000)).toEqual([
      {
        source: "runbook threshold",
        label: "green p90 latency < 200 ms (line 9)",
        ok: true,
        detail: "green p90 latency 99.5 ms",
        at: 456,
        maxAgeMs: 90_000,
        actions: ["promote", "scale-blue"],
        steps: "later",
      },
    ]);
    expect(statedGateChecks([P90_GO], { p90: reading(200) }, 1)[0]).toMatchObject({
      ok: false,
      detail: "green p90 latency 200 ms",
    });
  });

  it("no datapoints is no evidence: ok unknown, said, no time", () => {
    expect(statedGateChecks([P90_GO], {}, 1)[0]).toMatchObject({
      ok: null,
      detail: "no p90 latency datapoints for green",
      at: null,
    });
    expect(statedGateChecks([P90_GO], { p90: reading(null, { at: 5 }) }, 1)[0]).toMatchObject({
      ok: null,
      at: 5,
    });
    expect(statedGateChecks(undefined, {}, 1)).toEqual([]);
  });
});

function rig(
  o: {
    green?: number;
    observeOnly?: boolean;
    custom?: boolean;
    p99?: number | null;
    file?: string;
    stated?: StatedThreshold[];
  } = {},
) {
  const asked: unknown[] = [];
  const alerts: unknown[] = [];
  const metrics = {
    series: async () => ({ blue: [], green: [] }),
    windowPercentile: async (start: number, end: number, p: number) => {
      asked.push(["percentile", start, end, p]);
      return { blue: 1, green: p === 99 ? (o.p99 === undefined ? 700 : o.p99) : 100 };
    },
    measure: async (start: number, end: number, specs: { id: string }[]) => {
      asked.push(["measure", start, end, specs.map((s) => s.id)]);
      return { "custom:Orders": { blue: 3, green: 4 } };
    },
  };
  const d = {
    metrics,
    runbook: { file: o.file ?? "runbooks/deploy.md", stated: o.stated ?? [P99, P90_GO] },
    recorder: {
      state: { weights: o.green === undefined ? undefined : { blue: 100 - o.green, green: o.green } },
    },
    alerts: {
      breached: async (...a: unknown[]) => {
        alerts.push(["breached", ...a]);
      },
      recovered: (key: string) => {
        alerts.push(["recovered", key]);
      },
    },
    ...(o.observeOnly ? { observeOnly: true } : {}),
    ...(o.custom
      ? { config: { metrics: { custom: [{ name: "Orders", namespace: "Shop", stat: "Sum" }] } } }
      : {}),
  } as unknown as Parameters<typeof measureStated>[0];
  const run = () => measureStated(d, { now: NOW, periodMs: MIN, settleMs: 20_000 });
  return { run, asked, alerts };
}

describe("measureStated", () => {
  // 12:00:30 less the 20 s settle is in 12:00's period: the latest settled one began at 11:59.
  const START = NOW - 30_000 - MIN;

  it("reads the runbook's percentiles and p99 once each over the latest settled period; a breach alerts while green serves", async () => {
    const r = rig({ green: 10 });
    const readings = await r.run();
    expect(r.asked).toEqual([
      ["percentile", START, START + MIN, 99],
      ["percentile", START, START + MIN, 90],
    ]);
    expect(readings?.p99).toEqual({ blue: 1, green: 700, periodStart: START, at: NOW, periodMs: MIN });
    expect(r.alerts).toEqual([
      [
        "breached",
        "stated:latencyP99:7",
        "critical",
        "ROLLBACK TRIGGER: green p99 latency 700 ms > 500 ms (runbook deploy.md:7)",
      ],
    ]);
  });

  it("not while green has no traffic; recovered when within; nothing judged when only observing", async () => {
    for (const green of [0, undefined]) {
      const r = rig({ green });
      await r.run();
      expect(r.alerts).toEqual([]);
    }
    const within = rig({ green: 10, p99: 400, file: "C:\\books\\go.md" });
    await within.run();
    expect(within.alerts).toEqual([["recovered", "stated:latencyP99:7"]]);
    const observing = rig({ green: 10, observeOnly: true });
    expect((await observing.run())?.p99?.green).toBe(700);
    expect(observing.alerts).toEqual([]);
  });

  it("the file named by its base name whatever the separator", async () => {
    const r = rig({ green: 10, file: "C:\\books\\go.md" });
    await r.run();
    expect(r.alerts[0]).toEqual([
      "breached",
      "stated:latencyP99:7",
      "critical",
      "ROLLBACK TRIGGER: green p99 latency 700 ms > 500 ms (runbook go.md:7)",
    ]);
  });

  it("p99 read for the panes even when the runbook bounds no p99", async () => {
    const r = rig({ green: 10, stated: [P90_GO] });
    const readings = await r.run();
    expect(r.asked).toEqual([
      ["percentile", START, START + MIN, 90],
      ["percentile", START, START + MIN, 99],
    ]);
    expect(Object.keys(readings ?? {})).toEqual(["p90", "p99"]);
    expect(r.alerts).toEqual([]);
  });

  it("the config's custom metrics are read too, for the record", async () => {
    const r = rig({ green: 10, custom: true });
    const readings = await r.run();
    expect(r.asked.at(-1)).toEqual(["measure", START, START + MIN, ["custom:Orders"]]);
    expect(readings?.["custom:Orders"]).toEqual({
      blue: 3,
      green: 4,
      periodStart: START,
      at: NOW,
      periodMs: MIN,
    });
  });
});
