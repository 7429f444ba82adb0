/**
 * Issue 22: the record keeps, per settled period, the other measures golive reads (p99, the
 * runbook's 4xx/5xx measures and the config's custom metrics), so the HTML record charts "any
 * configured metric" from the chain itself. Each value is checked against the sandbox's own
 * CloudWatch store (not golive's adapter); a period recorded late, whose measures were never read
 * for it, carries none rather than a neighbour's.
 */
import { describe, expect, it } from "vitest";
import type { EventMap, SessionEvent } from "../../source/domain/events.js";
import { renderChart } from "../../source/domain/report/chart.js";
import { measurePanels } from "../../source/domain/report/measures.js";
import { reportSeries } from "../../source/domain/report/series.js";
import { statistic } from "../../source/sandbox/world/metrics.js";
import { CHECKOUT, CUSTOM, withCustom } from "../helpers/checkout.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";

type Period = EventMap["metrics.period"];
const periodsOf = (events: readonly SessionEvent[]) =>
  events.flatMap((e) => (e.type === "metrics.period" ? [e.data as Period] : []));

describe("metrics.period carries the configured measures", () => {
  it("p99, the 4xx rate, the 5xx count and CheckoutErrors per period equal the sandbox's CloudWatch; a late period has none", async () => {
    const rig = await engineOnSandbox({ runbook: CHECKOUT, config: withCustom });
    try {
      const { engine, sb } = rig;
      await engine.controller.promote({ greenPercent: 50, by: "Ann" });
      // The application publishes its own metric, a different value each minute per arm.
      const start = Math.floor(sb.clock.now() / 60_000) * 60_000;
      for (let m = 0; m < 12; m++)
        for (const [service, value] of [
          ["checkout-green", 30 + m],
          ["checkout-blue", 2],
        ] as const)
          sb.world.cw.add(
            "Payments/Checkout",
            "CheckoutErrors",
            [{ Name: "Service", Value: service }],
            start + m * 60_000,
            value,
          );
      for (let i = 0; i < 5; i++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
      const polled = periodsOf(rig.store.events).filter((p) => p.measures);
      expect(polled.filter((p) => p.measures?.p99?.green).length).toBeGreaterThanOrEqual(3);

      // The sandbox's own datapoint for one arm's metric in one period.
      const truth = (name: string, arm: "blue" | "green", t: number, stat: string) => {
        const tg = rig.config.alb[`${arm}TargetGroupArn`].split(":").at(-1)!;
        const m = [...sb.world.cw.metrics.values()].find(
          (x) =>
            x.name === name &&
            x.dims.some((d) => d.Name === "TargetGroup" && d.Value === tg) &&
            x.dims.some((d) => d.Name === "LoadBalancer"),
        );
        const p = m?.points.get(t);
        return p ? statistic([p], stat)! : null;
      };
      for (const p of polled) {
        const t = Date.parse(p.t);
        const m = p.measures!;
        for (const arm of ["blue", "green"] as const) {
          const requests = truth("RequestCount", arm, t, "Sum");
          if (!requests) {
            // Green before the promote: no traffic is no value, never 0.
            expect([m.p99?.[arm], m.http4xxRate?.[arm]]).toEqual([null, null]);
            continue;
          }
          expect(m.p99![arm]).toBeCloseTo(truth("TargetResponseTime", arm, t, "p99")! * 1000, 6);
          expect(m.http4xxRate![arm]).toBeCloseTo(
            ((truth("HTTPCode_Target_4XX_Count", arm, t, "Sum") ?? 0) / requests) * 100,
            6,
          );
          expect(m.http5xxCount![arm]).toBe(truth("HTTPCode_Target_5XX_Count", arm, t, "Sum") ?? 0);
        }
        if (t >= start)
          expect(m["custom:CheckoutErrors"]).toEqual({ blue: 2, green: 30 + (t - start) / 60_000 });
        else expect(m["custom:CheckoutErrors"]).toBeUndefined();
      }

      // Five periods settle before the next poll: only the newest was read for itself.
      const before = periodsOf(rig.store.events).length;
      minutes(sb, 5);
      await engine.monitor.pollMetrics();
      const late = periodsOf(rig.store.events).slice(before);
      expect(late.length).toBeGreaterThanOrEqual(4);
      expect(late.slice(0, -1).every((p) => p.measures === undefined)).toBe(true);
      expect(late.at(-1)!.measures?.["custom:CheckoutErrors"]?.green).toBe(
        30 + (Date.parse(late.at(-1)!.t) - start) / 60_000,
      );

      // The record's chart draws each measure in its own panel, from these events alone.
      const series = reportSeries(rig.store.events);
      expect(series.measures).toEqual(["p99", "http4xxRate", "http5xxCount", "custom:CheckoutErrors"]);
      const panels = measurePanels(series.measures, engine.d.runbook.stated, [CUSTOM]);
      expect(panels["custom:CheckoutErrors"]!.rollback).toEqual({ op: ">", value: 25 });
      expect(panels.p99!.rollback).toEqual({ op: ">", value: 1200 });
      const svg = renderChart(series, { errorRate: {}, latencyP95: {}, measures: panels });
      for (const title of [
        "Latency p99 per period (ms)",
        "4xx rate (HTTPCode_Target_4XX_Count / RequestCount) per period (%)",
        "5xx count (HTTPCode_Target_5XX_Count) per period (per minute)",
        "CheckoutErrors (Payments/Checkout CheckoutErrors, Sum) per period (per minute)",
      ])
        expect(svg).toContain(`>${title.replace(/&/g, "&amp;")}</text>`);
      // Both arms' lines in every measure panel: one path per arm, with one point per period measured.
      const measured = series.periods.filter((p) => p.measures["custom:CheckoutErrors"]).length;
      const custom = [
        ...svg.matchAll(/<path d="([^"]+)" class="line (blue|green)"[^>]*><title>\w+ checkouterrors/g),
      ];
      expect(custom.map((m) => m[2])).toEqual(["blue", "green"]);
      for (const m of custom) expect(m[1]!.match(/[ML]/g)!.length).toBe(measured);
      expect(svg).toContain("rollback &gt; 25 per minute");
    } finally {
      await rig.stop();
    }
  }, 120_000);
});
