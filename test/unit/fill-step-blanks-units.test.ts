/**
 * engine/fill-step-blanks.ts with CloudWatch and the session in memory: each canary step's "Error
 * rate / Latency p95" blanks filled from green's numbers over its dwell (cut short by the next step)
 * once the dwell's last period has settled, and the verification's blanks over the 100 % dwell of the
 * current attempt; a blank already filled, a dwell without datapoints or a step promoted past at once
 * writes nothing.
 */
import { describe, expect, it } from "vitest";
import type { PeriodPoint } from "../../source/domain/ports.js";
import { fillStepBlanks } from "../../source/engine/fill-step-blanks.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const MIN = 60_000;
const T = Date.parse("2026-12-04T12:00:00.000Z");
const iso = (t: number) => new Date(t).toISOString();
/** Dwells 10, 20 and 30 minutes; blanks f1 f2 (10 %), f3 f4 (50 %), f5 f6 (the verification). */
const RUNBOOK = `# Go-live

## Canary

- [ ] Route 10% traffic to green
- [ ] Monitor for 10 minutes
  - Error rate: ____ %
  - Latency p95: ____ ms
- [ ] Route 50% traffic to green
- [ ] Monitor for 20 minutes
  - Error rate: ____ %
  - Latency p95: ____ ms
- [ ] Route 100% traffic to green
- [ ] Monitor for 30 minutes

## Verify

- [ ] 100% traffic to v2.0 → Confirmed
- [ ] Error rate < 1% → ____%
- [ ] Latency p95 < 50ms → ____ms
`;

function rig(
  o: {
    steps?: [number, number][];
    live?: { at: number; endedAt?: number };
    fields?: Record<string, string>;
    settleSeconds?: number;
    canary?: { steps?: number[] };
    runbook?: string;
    /** green's points over [start, end); default: 1000 requests, 7 errors a minute */
    green?: (start: number, end: number) => PeriodPoint[];
    p95?: number | null;
  } = {},
) {
  const calls: [number, number][] = [];
  const events: { type: string; data: Record<string, unknown>; by: string }[] = [];
  const state = {
    steps: (o.steps ?? []).map(([step, at]) => ({ step, confirmedAt: iso(at) })),
    fields: Object.fromEntries(Object.entries(o.fields ?? {}).map(([k, value]) => [k, { value }])) as Record<
      string,
      unknown
    >,
    live: o.live && { at: iso(o.live.at), ...(o.live.endedAt ? { endedAt: iso(o.live.endedAt) } : {}) },
  };
  const clock = { t: T, now: () => clock.t, sleep: async () => {} };
  const minutes = (s: number, e: number) =>
    Array.from({ length: (e - s) / MIN }, (_, i) => ({
      t: s + i * MIN,
      requests: 1000,
      errors: 7,
      p95Ms: 1,
    }));
  const metrics = {
    series: async (start: number, end: number, periodSeconds: number) => {
      expect(periodSeconds).toBe(60);
      calls.push([start, end]);
      return {
        green: (o.green ?? minutes)(start, end),
        blue: [{ t: start, requests: 5, errors: 5, p95Ms: 1 }],
      };
    },
    windowPercentile: async (start: number, end: number, p: number) => {
      expect([start, end, p]).toEqual(calls.at(-1) ? [...calls.at(-1)!, 95] : []);
      return { green: o.p95 === undefined ? 41.6 : o.p95, blue: 999 };
    },
  };
  const recorder = {
    state,
    append: async (type: string, data: Record<string, unknown>, by: string) => {
      events.push({ type, data, by });
      if (type === "field.recorded") state.fields[data.field as string] = data;
      return {} as never;
    },
  };
  const config = {
    metrics: {
      periodSeconds: 60,
      ...(o.settleSeconds === undefined ? {} : { settleSeconds: o.settleSeconds }),
    },
    ...(o.canary ? { canary: o.canary } : {}),
  };
  const d = { metrics, recorder, clock, config, runbook: parseRunbook("t.md", o.runbook ?? RUNBOOK, "0") };
  const fill = () => fillStepBlanks(d as unknown as Parameters<typeof fillStepBlanks>[0]);
  const written = () =>
    events.map((e) => {
      expect([e.type, e.by, e.data.source]).toEqual(["field.recorded", "golive", "metrics"]);
      return [e.data.field, e.data.value];
    });
  return { clock, calls, fill, written };
}

describe("a step's blanks", () => {
  it("filled once its dwell's last period has settled (60 s by default), over the dwell, then never again", async () => {
    const r = rig({ steps: [[10, T]] });
    r.clock.t = T + 11 * MIN - 1;
    expect(await r.fill()).toBe(0);
    expect(r.calls).toEqual([]);
    r.clock.t = T + 11 * MIN;
    expect(await r.fill()).toBe(2);
    expect(r.calls).toEqual([[T, T + 10 * MIN]]);
    // 70 errors in 10 000 requests, two decimals; p95 to the millisecond.
    expect(r.written()).toEqual([
      ["f1", "0.70"],
      ["f2", "42"],
    ]);
    r.clock.t = T + 60 * MIN;
    expect(await r.fill()).toBe(0);
    expect(r.calls).toHaveLength(1);
  });

  it("the config's settle delay; the next step cuts the dwell short; each step's own dwell", async () => {
    const r = rig({
      settleSeconds: 120,
      steps: [
        [10, T],
        [50, T + 4 * MIN],
      ],
    });
    r.clock.t = T + 6 * MIN - 1;
    expect(await r.fill()).toBe(0);
    r.clock.t = T + 6 * MIN;
    expect(await r.fill()).toBe(2);
    expect(r.calls).toEqual([[T, T + 4 * MIN]]);
    // 50 %: 20 minutes from 12:04, settled two minutes after.
    r.clock.t = T + 26 * MIN - 1;
    expect(await r.fill()).toBe(0);
    r.clock.t = T + 26 * MIN;
    expect(await r.fill()).toBe(2);
    expect(r.calls.at(-1)).toEqual([T + 4 * MIN, T + 24 * MIN]);
    expect(r.written().map(([f]) => f)).toEqual(["f1", "f2", "f3", "f4"]);
  });

  it("a step the plan in force does not hold measures over the plan's first dwell", async () => {
    // The config's plan is 50 % (the runbook's 20 minutes) then 100 %: 10 % is not in it.
    const r = rig({ canary: { steps: [50, 100] }, steps: [[10, T]] });
    r.clock.t = T + 21 * MIN - 1;
    expect(await r.fill()).toBe(0);
    r.clock.t = T + 21 * MIN;
    expect(await r.fill()).toBe(2);
    expect(r.calls).toEqual([[T, T + 20 * MIN]]);
  });

  it("only the blanks still open; none asked for when both are filled", async () => {
    const one = rig({ steps: [[10, T]], fields: { f1: "0.10" } });
    one.clock.t = T + 11 * MIN;
    expect(await one.fill()).toBe(1);
    expect(one.written()).toEqual([["f2", "42"]]);
    const p95 = rig({ steps: [[10, T]], fields: { f2: "40" } });
    p95.clock.t = T + 11 * MIN;
    expect(await p95.fill()).toBe(1);
    expect(p95.written()).toEqual([["f1", "0.70"]]);
    const both = rig({
      steps: [
        [10, T],
        [50, T + 10 * MIN],
      ],
      fields: { f1: "0.10", f2: "40" },
    });
    both.clock.t = T + 40 * MIN;
    expect(await both.fill()).toBe(2);
    expect(both.calls).toEqual([[T + 10 * MIN, T + 30 * MIN]]);
  });

  it("a dwell without datapoints or without a p95 leaves those blanks open", async () => {
    const none = rig({ steps: [[10, T]], green: () => [] });
    none.clock.t = T + 11 * MIN;
    expect(await none.fill()).toBe(0);
    expect(none.written()).toEqual([]);
    const noP95 = rig({ steps: [[10, T]], p95: null });
    noP95.clock.t = T + 11 * MIN;
    expect(await noP95.fill()).toBe(1);
    expect(noP95.written()).toEqual([["f1", "0.70"]]);
  });

  it("a step promoted past at once had no dwell; a step without blanks is passed over", async () => {
    // 25 % has no route item in the runbook, so no blanks.
    const r = rig({
      steps: [
        [25, T - 30 * MIN],
        [10, T],
        [50, T],
        [100, T + 20 * MIN],
      ],
    });
    r.clock.t = T + 90 * MIN;
    expect(await r.fill()).toBe(2);
    expect(r.calls).toEqual([[T, T + 20 * MIN]]);
    expect(r.written().map(([f]) => f)).toEqual(["f3", "f4"]);
  });
});

describe("the verification's blanks", () => {
  it("over the current attempt's 100 % dwell once settled; not after a rollback; not again", async () => {
    const r = rig({ live: { at: T } });
    r.clock.t = T + 31 * MIN - 1;
    expect(await r.fill()).toBe(0);
    r.clock.t = T + 31 * MIN;
    expect(await r.fill()).toBe(2);
    expect(r.calls).toEqual([[T, T + 30 * MIN]]);
    expect(r.written()).toEqual([
      ["f5", "0.70"],
      ["f6", "42"],
    ]);
    expect(await r.fill()).toBe(0);
    expect(r.calls).toHaveLength(1);
    const ended = rig({ live: { at: T, endedAt: T + MIN } });
    ended.clock.t = T + 90 * MIN;
    expect(await ended.fill()).toBe(0);
    expect(ended.calls).toEqual([]);
  });

  it("one blank left open is filled alone; no verification section, nothing", async () => {
    const r = rig({ live: { at: T }, fields: { f6: "40" } });
    r.clock.t = T + 31 * MIN;
    expect(await r.fill()).toBe(1);
    expect(r.written()).toEqual([["f5", "0.70"]]);
    const e = rig({ live: { at: T }, fields: { f5: "0.1" } });
    e.clock.t = T + 31 * MIN;
    expect(await e.fill()).toBe(1);
    expect(e.written()).toEqual([["f6", "42"]]);
    const plain = rig({ live: { at: T }, runbook: RUNBOOK.split("## Verify")[0] });
    plain.clock.t = T + 90 * MIN;
    expect(await plain.fill()).toBe(0);
    expect(plain.calls).toEqual([]);
  });
});
