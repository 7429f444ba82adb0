/**
 * engine/checkpoints.ts with CloudWatch and the session in memory: the T+15/30/… rows anchor to
 * the current attempt's promotion to 100 % (or T0 when the config says so), each window filled
 * once its last minute is published (or, after a grace period, as "no data"), judged against the go
 * thresholds, its blanks and notes filled; and the pre-flight baseline from the serving arm's last
 * 15 minutes.
 */
import { describe, expect, it } from "vitest";
import type { PeriodPoint } from "../../source/domain/ports.js";
import type { Threshold } from "../../source/domain/thresholds.js";
import { captureBaseline, checkpointAnchor, fillCheckpoints } from "../../source/engine/checkpoints.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const MIN = 60_000;
const LIVE = Date.parse("2026-12-04T12:00:00.000Z");
const RUNBOOK = `# Go-live

## Pre-flight

- [ ] Capture baseline metrics:
  - Latency p95: _______ms
  - Error rate: _______%
  - Throughput: _______ req/s

## Monitoring

| Time | Error Rate | Latency p95 | Status | Notes |
|------|-----------|-------------|--------|-------|
| T+15 | _____% | _____ms | ☐ OK / ☐ Issue | ____ |
| T+30 | _____% | _____ms | ☐ Pass / ☐ Fail | ____ |
`;
const threshold = (value: number, unit: "%" | "ms") =>
  ({ op: "<", value, unit, kind: "go", text: "", line: 1, source: "runbook" }) as Threshold;
/** Go: errors below 1 %, p95 below 300 ms. */
const GO = { errorRate: threshold(1, "%"), latencyP95: threshold(300, "ms") };

/** One minute of green traffic at `t`. */
const pt = (t: number, requests = 600, errors = 0): PeriodPoint => ({ t, requests, errors, p95Ms: 50 });
/** Traffic in every minute of the window. */
const everyMinute = (start: number, end: number) =>
  Array.from({ length: Math.round((end - start) / MIN) }, (_, i) => pt(start + i * MIN));

function rig(
  o: {
    runbook?: string;
    live?: { at: string; attempt: number; endedAt?: string } | null;
    anchor?: "t0";
    offsets?: number[];
    weights?: { blue: number; green: number } | null;
    p95?: number | null;
    green?: (start: number, end: number) => PeriodPoint[];
    blue?: (start: number, end: number) => PeriodPoint[];
  } = {},
) {
  const calls: { series: [number, number, number][]; p95: [number, number, number][] } = {
    series: [],
    p95: [],
  };
  const events: { type: string; data: Record<string, unknown>; by: string }[] = [];
  const state = {
    t0: LIVE - 30 * MIN,
    live: o.live === null ? undefined : (o.live ?? { at: new Date(LIVE).toISOString(), attempt: 1 }),
    checkpoints: {} as Record<number, unknown>,
    weights: o.weights === undefined ? { blue: 0, green: 100 } : o.weights,
  };
  const clock = { t: LIVE, now: () => clock.t, sleep: async () => {} };
  const metrics = {
    series: async (start: number, end: number, periodSeconds: number) => {
      calls.series.push([start, end, periodSeconds]);
      return { green: (o.green ?? everyMinute)(start, end), blue: o.blue?.(start, end) ?? [] };
    },
    ...(o.p95 === undefined
      ? {}
      : {
          windowPercentile: async (start: number, end: number, percentile: number) => {
            calls.p95.push([start, end, percentile]);
            return { green: o.p95 ?? null, blue: o.p95 === null ? null : (o.p95 ?? 0) + 1 };
          },
        }),
  };
  const recorder = {
    state,
    append: async (type: string, data: Record<string, unknown>, by: string) => {
      events.push({ type, data, by });
      if (type === "checkpoint.recorded") state.checkpoints[data.offsetMinutes as number] = data;
      return {} as never;
    },
  };
  const config = {
    metrics: { periodSeconds: 60 },
    checkpoints: {
      ...(o.anchor ? { anchor: o.anchor } : {}),
      ...(o.offsets ? { offsetsMinutes: o.offsets } : {}),
    },
  };
  const d = {
    metrics,
    recorder,
    clock,
    config,
    runbook: parseRunbook("t.md", o.runbook ?? RUNBOOK, "0"),
  } as unknown as Parameters<typeof fillCheckpoints>[0];
  const fields = (by = "golive") =>
    events.filter((e) => e.type === "field.recorded" && e.by === by).map((e) => [e.data.field, e.data.value]);
  const rows = () => events.filter((e) => e.type === "checkpoint.recorded").map((e) => e.data);
  return { d, clock, calls, events, state, fields, rows, fill: () => fillCheckpoints(d, GO) };
}

/** Both rows filled (12:31). */
async function filled(o: Parameters<typeof rig>[0]) {
  const r = rig(o);
  r.clock.t = LIVE + 31 * MIN;
  await r.fill();
  return r;
}
const statusBlanks = (r: ReturnType<typeof rig>) => r.fields().filter(([f]) => f === "f6" || f === "f10");

describe("the anchor", () => {
  it("the current attempt's promotion; none before it or after a rollback; T0 when the config says so", () => {
    expect(checkpointAnchor(rig().d)).toEqual({ at: LIVE, attempt: 1 });
    expect(checkpointAnchor(rig({ live: { at: "2026-12-04T13:00:00.000Z", attempt: 2 } }).d)).toEqual({
      at: LIVE + 60 * MIN,
      attempt: 2,
    });
    expect(checkpointAnchor(rig({ live: null }).d)).toBeUndefined();
    const ended = { at: "2026-12-04T12:00:00.000Z", attempt: 1, endedAt: "2026-12-04T12:05:00.000Z" };
    expect(checkpointAnchor(rig({ live: ended }).d)).toBeUndefined();
    expect(checkpointAnchor(rig({ live: null, anchor: "t0" }).d)).toEqual({
      at: LIVE - 30 * MIN,
      attempt: 1,
    });
  });
});

describe("a checkpoint", () => {
  it("is filled one period past due, its window from the one before, with its blanks", async () => {
    const r = rig({ p95: 120 });
    r.clock.t = LIVE + 16 * MIN - 1;
    expect(await r.fill()).toBe(0);
    expect(r.calls.series).toEqual([]);
    r.clock.t = LIVE + 16 * MIN;
    expect(await r.fill()).toBe(1);
    expect(r.calls.series).toEqual([[LIVE, LIVE + 15 * MIN, 60]]);
    expect(r.calls.p95).toEqual([[LIVE, LIVE + 15 * MIN, 95]]);
    expect(r.rows()).toEqual([
      {
        offsetMinutes: 15,
        errorRate: 0,
        latencyP95: 120,
        status: "OK",
        late: false,
        anchor: "2026-12-04T12:00:00.000Z",
        attempt: 1,
      },
    ]);
    expect(r.fields()).toEqual([
      ["f4", "0.00"],
      ["f5", "120"],
      ["f6", "OK"],
    ]);
    expect(r.events.every((e) => e.by === "golive")).toBe(true);
    const sources = r.events.filter((e) => e.type === "field.recorded").map((e) => e.data.source);
    expect(sources).toEqual(["metrics", "metrics", "metrics"]);
    // Once recorded, not again; the next window starts where this one ended.
    r.clock.t = LIVE + 31 * MIN;
    expect(await r.fill()).toBe(1);
    expect(r.calls.series.at(-1)).toEqual([LIVE + 15 * MIN, LIVE + 30 * MIN, 60]);
    expect(r.rows().map((x) => x.offsetMinutes)).toEqual([15, 30]);
  });

  it("judged against the go thresholds: errors or p95 past them is an Issue, with the runbook's own word", async () => {
    const errors = await filled({ p95: 100, green: (s, e) => [pt(s), pt(e - MIN, 600, 12)] });
    expect(errors.rows().map((x) => [x.status, x.errorRate])).toEqual([
      ["Issue", 1],
      ["Issue", 1],
    ]);
    expect(statusBlanks(errors)).toEqual([
      ["f6", "Issue"],
      ["f10", "Fail"],
    ]);
    // p95 at the go threshold (< 300 ms) is past it; a millisecond under is within.
    expect(statusBlanks(await filled({ p95: 300 }))).toEqual([
      ["f6", "Issue"],
      ["f10", "Fail"],
    ]);
    expect(statusBlanks(await filled({ p95: 299 }))).toEqual([
      ["f6", "OK"],
      ["f10", "Pass"],
    ]);
    // No window p95 to ask for: judged on errors alone, no latency written.
    const noP95 = rig();
    noP95.clock.t = LIVE + 16 * MIN;
    await noP95.fill();
    expect(noP95.rows()[0]).toMatchObject({ latencyP95: null, status: "OK" });
    expect(noP95.fields()).toEqual([
      ["f4", "0.00"],
      ["f6", "OK"],
    ]);
    // Not even by a p95 bound that every measured p95 would break (< 0 ms): no p95, no verdict on it.
    const strict = rig();
    strict.clock.t = LIVE + 16 * MIN;
    await fillCheckpoints(strict.d, { ...GO, latencyP95: threshold(0, "ms") });
    expect(strict.rows()[0]).toMatchObject({ latencyP95: null, status: "OK" });
  });

  it("waits for the window's last minute to be published, then after the grace period fills it as no data", async () => {
    const r = rig({ green: () => [] });
    r.clock.t = LIVE + 25 * MIN - 1;
    expect(await r.fill()).toBe(0);
    r.clock.t = LIVE + 25 * MIN;
    expect(await r.fill()).toBe(1);
    expect(r.rows()[0]).toMatchObject({ errorRate: null, latencyP95: null, status: "no data", late: true });
    expect(r.fields()).toEqual([
      ["f7", "filled late from CloudWatch history (12:25Z); no datapoints in window"],
    ]);
  });

  it("the last minute is published when either arm shows traffic in it", async () => {
    const last = (s: number, e: number) => [pt(s), pt(e - MIN)];
    const before = (s: number, e: number) => [pt(s), pt(e - MIN - 1)];
    const idle = (s: number, e: number) => [pt(s), pt(e - MIN, 0)];
    for (const [o, filled] of [
      [{ green: last }, 1],
      [{ green: before }, 0],
      [{ green: idle }, 0],
      [{ green: () => [], blue: last }, 1],
    ] as const) {
      const r = rig(o);
      r.clock.t = LIVE + 16 * MIN;
      expect(await r.fill()).toBe(filled);
    }
  });

  it("late after five minutes past due, said in its notes; a later attempt says so too", async () => {
    const onTime = rig();
    onTime.clock.t = LIVE + 20 * MIN;
    await onTime.fill();
    expect(onTime.rows()[0]?.late).toBe(false);
    expect(onTime.fields().map(([f]) => f)).not.toContain("f7");
    const late = rig({ live: { at: "2026-12-04T12:00:00.000Z", attempt: 3 } });
    late.clock.t = LIVE + 20 * MIN + 1;
    await late.fill();
    expect(late.rows()[0]).toMatchObject({ late: true, attempt: 3 });
    expect(late.fields().at(-1)).toEqual([
      "f7",
      "attempt 3 (after a rollback); filled late from CloudWatch history (12:20Z)",
    ]);
  });

  it("offsets from the config before the table's, in order; without either, every quarter hour", async () => {
    const r = rig({ offsets: [30, 5] });
    r.clock.t = LIVE + 40 * MIN;
    expect(await r.fill()).toBe(2);
    expect(r.rows().map((x) => x.offsetMinutes)).toEqual([5, 30]);
    expect(r.calls.series).toEqual([
      [LIVE, LIVE + 5 * MIN, 60],
      [LIVE + 5 * MIN, LIVE + 30 * MIN, 60],
    ]);
    // T+5 has no row in the table: no blanks filled for it.
    expect(r.fields().map(([f]) => f)).toEqual(["f8", "f10", "f11"]);
    const plain = rig({ runbook: "# Go-live\n\n- [ ] Deploy\n" });
    plain.clock.t = LIVE + 61 * MIN;
    expect(await plain.fill()).toBe(4);
    expect(plain.rows().map((x) => x.offsetMinutes)).toEqual([15, 30, 45, 60]);
    expect(plain.fields()).toEqual([]);
    const none = rig({ live: null });
    none.clock.t = LIVE + 61 * MIN;
    expect(await none.fill()).toBe(0);
    expect(none.calls.series).toEqual([]);
  });
});

describe("the status blank", () => {
  const table = (header: string, rows: string[]) =>
    `# Go-live\n\n- [ ] Deploy\n\n## Monitoring\n\n| Time | Error Rate | ${header} |\n|---|---|---|\n${rows.map((r) => `${r} |`).join("\n")}\n`;

  it("the option the word starts with, not one that only contains it", async () => {
    const runbook = table("Status", [
      "| T+15 | ____% | ☐ Broken / ☐ OK",
      "| T+30 | ____% | ☐ No issue / ☐ Issue",
    ]);
    const r = await filled({
      runbook,
      green: (s, e) => (s === LIVE ? everyMinute(s, e) : [pt(s), pt(e - MIN, 600, 60)]),
    });
    expect(r.fields()).toEqual([
      ["f1", "0.00"],
      ["f2", "OK"],
      ["f3", "5.00"],
      ["f4", "Issue"],
    ]);
  });

  it("a blank without options, or no status column: the rest filled, no status", async () => {
    const blank = await filled({
      runbook: table("Status", ["| T+15 | ____% | ____", "| T+30 | ____% | ____"]),
    });
    expect(blank.fields()).toEqual([
      ["f1", "0.00"],
      ["f3", "0.00"],
    ]);
    const none = await filled({
      runbook: table("Owner", ["| T+15 | ____% | ____", "| T+30 | ____% | ____"]),
    });
    expect(none.fields()).toEqual([
      ["f1", "0.00"],
      ["f3", "0.00"],
    ]);
  });
});

describe("the baseline", () => {
  it("the serving arm's last 15 whole minutes into the baseline's blanks, and its item ticked", async () => {
    const r = rig({ p95: 80, weights: { blue: 100, green: 0 }, blue: everyMinute });
    r.clock.t = LIVE + 30_500;
    const m = await captureBaseline(r.d, "ann");
    expect(r.calls.series).toEqual([[LIVE - 15 * MIN, LIVE, 60]]);
    expect(m.latencyP95).toBe(81);
    expect(r.fields("ann")).toEqual([
      ["f1", "81"],
      ["f2", "0.00"],
      ["f3", "10.0"],
    ]);
    expect(r.events.at(-1)).toEqual({
      type: "item.checked",
      data: {
        item: "i1",
        evidence: "CloudWatch last 15 min: p95 81 ms (one 15-minute period), errors 0.00 %, 10.0 req/s",
      },
      by: "ann",
    });
    // All traffic on green: green's numbers; no weights known: blue's.
    const green = rig({ p95: 80 });
    expect((await captureBaseline(green.d, "ann")).latencyP95).toBe(80);
    const unknown = rig({ p95: 80, weights: null, blue: everyMinute });
    expect((await captureBaseline(unknown.d, "ann")).latencyP95).toBe(81);
  });

  it("no data: no blanks, no tick; no window p95: said so", async () => {
    const r = rig({ p95: null, green: () => [], blue: () => [] });
    await captureBaseline(r.d, "ann");
    expect(r.events).toEqual([]);
    const noP95 = rig({ p95: null, weights: null, blue: (s) => [pt(s)] });
    await captureBaseline(noP95.d, "ann");
    expect(noP95.fields("ann").map(([f]) => f)).toEqual(["f2", "f3"]);
    expect(noP95.events.at(-1)?.data.evidence).toBe(
      "CloudWatch last 15 min: p95 no data ms (one 15-minute period), errors 0.00 %, 0.7 req/s",
    );
    // A metric source without window percentiles: no p95, the rest as ever.
    const noWindow = rig({ weights: null, blue: everyMinute });
    await captureBaseline(noWindow.d, "ann");
    expect(noWindow.fields("ann").map(([f]) => f)).toEqual(["f2", "f3"]);
    expect(noWindow.events.filter((e) => e.type === "field.recorded").map((e) => e.data.source)).toEqual([
      "metrics",
      "metrics",
    ]);
    const noItem = rig({ runbook: "# Go-live\n\n- [ ] Deploy\n", p95: 80 });
    await captureBaseline(noItem.d, "ann");
    expect(noItem.events).toEqual([]);
  });
});
