/**
 * Thresholds on other metrics as status, the record and `new` state them (stated-text.ts), and a
 * reading in the threshold's own unit (stated.ts): the line names the runbook's file:line, what
 * golive reads for it and green's value in the runbook's unit, or says plainly it is not measured.
 */
import { describe, expect, it } from "vitest";
import { bindCustom, inUnit, type PercentileReading } from "../../source/domain/stated.js";
import {
  manualTriggerText,
  otherThresholdLines,
  otherThresholdsJson,
  statedText,
  unmeasuredWarnings,
  valueText,
} from "../../source/domain/stated-text.js";
import { NOT_MEASURED, type StatedThreshold } from "../../source/domain/thresholds.js";

const MIN = 60_000;
const th = (o: Partial<StatedThreshold> = {}): StatedThreshold => ({
  metric: "latencyP99",
  label: "p99 latency",
  kind: "rollback",
  op: ">",
  value: 900,
  unit: "ms",
  text: "p99 latency > 900 ms",
  line: 18,
  measure: { by: "cloudwatch", stat: "p99" },
  ...o,
});
const count = (stat: string, unit: string, o: Partial<StatedThreshold> = {}) =>
  th({ metric: stat, unit, measure: { by: "cloudwatch", stat }, ...o });
const reading = (green: number | null, periodMs?: number, blue: number | null = 7): PercentileReading => ({
  blue,
  green,
  periodStart: 0,
  at: 0,
  ...(periodMs ? { periodMs } : {}),
});
const MANUAL = th({
  metric: "unknown",
  text: "queue depth > 1000",
  line: 22,
  measure: { by: "manual", why: "no metric for queue depth" },
});

describe("a reading in the threshold's unit", () => {
  it("a count per period becomes per minute or per second when the runbook says so", () => {
    const five = reading(250, 5 * MIN);
    expect(inUnit(count("http5xxCount", "/min"), five)).toBe(50);
    expect(inUnit(count("http4xxCount", "per minute"), five)).toBe(50);
    expect(inUnit(count("http5xxCount", "per second"), five)).toBeCloseTo(250 / 300, 10);
    expect(inUnit(count("http5xxCount", "/s"), five)).toBeCloseTo(250 / 300, 10);
    expect(inUnit(count("http5xxCount", "/ s"), five)).toBeCloseTo(250 / 300, 10);
    expect(inUnit(count("http5xxCount", "errors"), five)).toBe(250);
    expect(inUnit(count("http5xxCount", "/session"), five)).toBe(250);
    // No period length recorded: a minute.
    expect(inUnit(count("http5xxCount", "/sec"), reading(120))).toBe(2);
    expect(inUnit(count("http5xxCount", "/min"), reading(120))).toBe(120);
  });

  it("a rate, a latency or a custom metric that is no count stays as read", () => {
    const five = reading(250, 5 * MIN);
    expect(inUnit(count("http4xxRate", "/min"), five)).toBe(250);
    expect(inUnit(th({ unit: "ms/min" }), five)).toBe(250);
    const custom = (countStat?: string) =>
      th({
        metric: "custom:Errs",
        unit: "/min",
        measure: { by: "cloudwatch", stat: "custom:Errs", countStat },
      });
    expect(inUnit(custom("Sum"), five)).toBe(50);
    expect(inUnit(custom("SampleCount"), five)).toBe(50);
    expect(inUnit(custom("Average"), five)).toBe(250);
    expect(inUnit(custom("Sums"), five)).toBe(250);
    expect(inUnit(custom(), five)).toBe(250);
    expect(
      inUnit(
        th({ metric: "x", unit: "/min", measure: { by: "cloudwatch", stat: "x", countStat: "Sum" } }),
        five,
      ),
    ).toBe(250);
  });

  it("each arm as read; no reading, no data, or a manual threshold is no number", () => {
    const t = count("http5xxCount", "/min");
    expect(inUnit(t, reading(250, 5 * MIN, 100), "blue")).toBe(20);
    expect(inUnit(t, reading(null, 5 * MIN))).toBeNull();
    expect(inUnit(t, undefined)).toBeUndefined();
    expect(inUnit({ ...MANUAL, unit: "/min" }, reading(250, 5 * MIN))).toBe(250);
  });
});

describe("binding the team's own metrics", () => {
  it("a threshold on custom:NAME is measured as the config's metric; others are left as they are", () => {
    const own = th({ metric: "custom:SearchErrors", measure: { by: "manual", why: "no such metric" } });
    const p99 = th();
    const custom = [
      { name: "Other", namespace: "App", stat: "Sum" },
      { name: "SearchErrors", namespace: "Shop/Search", metric: "Errors", stat: "Sum" },
    ];
    const [a, b] = bindCustom([own, p99], custom)!;
    expect(a).toEqual({
      ...own,
      measure: {
        by: "cloudwatch",
        stat: "custom:SearchErrors",
        countStat: "Sum",
        source: "CloudWatch Shop/Search Errors (Sum, config metrics.custom)",
      },
    });
    expect(b).toBe(p99);
    expect(
      bindCustom([own], [{ name: "SearchErrors", namespace: "N", stat: "p90" }])![0]!.measure,
    ).toMatchObject({
      source: "CloudWatch N SearchErrors (p90, config metrics.custom)",
    });
    const stated = [own];
    expect(bindCustom(stated, [])).toBe(stated);
    expect(bindCustom(stated, undefined)).toBe(stated);
    expect(bindCustom(undefined, custom)).toBeUndefined();
  });
});

describe("a threshold as the lead reads it", () => {
  it("a value in the runbook's unit: percent to two places, else whole or one place", () => {
    expect(valueText({ unit: "%" }, 3.2)).toBe("3.20 %");
    expect(valueText({ unit: "ms" }, 812)).toBe("812 ms");
    expect(valueText({ unit: "ms" }, 812.4)).toBe("812 ms");
    expect(valueText({ unit: "ms" }, 100)).toBe("100 ms");
    expect(valueText({ unit: "ms" }, 99.94)).toBe("99.9 ms");
    expect(valueText({ unit: "ms" }, 100.5)).toBe("101 ms");
    expect(valueText({ unit: "" }, 31.25)).toBe("31.3");
    expect(valueText({ unit: "" }, 31)).toBe("31");
  });

  it("says where it is stated, what golive reads for it, and green's value", () => {
    const r = {
      p99: reading(812.4),
      http4xxRate: reading(3.2),
      http5xxCount: reading(250, 5 * MIN),
      "custom:Errs": reading(null),
    };
    const line = (t: StatedThreshold, rr: typeof r | undefined = r) => statedText(t, "x.md", rr);
    expect(line(th())).toBe(
      "p99 latency > 900 ms (runbook x.md:18, rollback) — measured as CloudWatch p99, green 812 ms",
    );
    expect(statedText(th(), "x.md")).toBe(
      "p99 latency > 900 ms (runbook x.md:18, rollback) — measured as CloudWatch p99",
    );
    expect(line(th({ kind: "go", measure: { by: "cloudwatch", stat: "p90" } }))).toBe(
      "p99 latency > 900 ms (runbook x.md:18, go) — measured as CloudWatch p90",
    );
    expect(line(count("http4xxRate", "%", { text: "4xx > 5 %" }))).toBe(
      "4xx > 5 % (runbook x.md:18, rollback) — measured as HTTPCode_Target_4XX_Count / RequestCount per target group, green 3.20 %",
    );
    expect(line(count("http4xxCount", "/min", { text: "4xx > 9/min" }))).toBe(
      "4xx > 9/min (runbook x.md:18, rollback) — measured as HTTPCode_Target_4XX_Count per target group",
    );
    expect(line(count("http5xxCount", "/min", { text: "5xx > 9/min" }))).toBe(
      "5xx > 9/min (runbook x.md:18, rollback) — measured as HTTPCode_Target_5XX_Count per target group, green 50 /min",
    );
    const custom = (source?: string) =>
      th({
        text: "errs > 3",
        unit: "",
        measure: { by: "cloudwatch", stat: "custom:Errs", countStat: "Sum", source },
      });
    expect(line(custom("CloudWatch App Errs (Sum, config metrics.custom)"))).toBe(
      "errs > 3 (runbook x.md:18, rollback) — measured as CloudWatch App Errs (Sum, config metrics.custom), green: no data",
    );
    expect(line(custom())).toBe("errs > 3 (runbook x.md:18, rollback) — measured as Errs, green: no data");
    expect(line(MANUAL)).toBe(
      `queue depth > 1000 (runbook x.md:22, rollback) — ${NOT_MEASURED} (no metric for queue depth)`,
    );
    expect(manualTriggerText({ text: "Checkout broken", line: 30 }, "x.md")).toBe(
      `Checkout broken (runbook x.md:30) — manual trigger: ${NOT_MEASURED}`,
    );
  });

  it("every other threshold, then every manual trigger, named by the runbook's file name", () => {
    const rb = {
      file: "/team/runbooks/go.md",
      stated: [th(), MANUAL],
      manualTriggers: [{ text: "Checkout broken", line: 30 }],
    };
    expect(otherThresholdLines(rb)).toEqual([
      "p99 latency > 900 ms (runbook go.md:18, rollback) — measured as CloudWatch p99",
      `queue depth > 1000 (runbook go.md:22, rollback) — ${NOT_MEASURED} (no metric for queue depth)`,
      `Checkout broken (runbook go.md:30) — manual trigger: ${NOT_MEASURED}`,
    ]);
    expect(otherThresholdLines({ ...rb, file: "C:\\rb\\go.md" }, { p99: reading(950) })[0]).toBe(
      "p99 latency > 900 ms (runbook go.md:18, rollback) — measured as CloudWatch p99, green 950 ms",
    );
    expect(otherThresholdLines({ file: "go.md" })).toEqual([]);
    expect(unmeasuredWarnings(rb, "go.md")).toEqual([
      `go.md:22: "queue depth > 1000" — ${NOT_MEASURED} (no metric for queue depth)`,
    ]);
    expect(unmeasuredWarnings({}, "go.md")).toEqual([]);
  });

  it("as JSON: each with its source, whether golive measures it, green's value and the line shown", () => {
    const rb = {
      file: "a/go.md",
      stated: [th(), MANUAL],
      manualTriggers: [{ text: "Checkout broken", line: 30 }],
    };
    const j = otherThresholdsJson(rb, { p99: reading(812), unknown: reading(5) });
    expect(j.stated.map((s) => [s.source, s.measured, s.green, s.shown])).toEqual([
      ["runbook go.md:18", true, 812, otherThresholdLines(rb, { p99: reading(812) })[0]],
      ["runbook go.md:22", false, null, otherThresholdLines(rb)[1]],
    ]);
    expect(j.stated[0]).toMatchObject({ metric: "latencyP99", value: 900 });
    expect(otherThresholdsJson(rb, { p99: reading(null) }).stated[0]?.green).toBeNull();
    expect(otherThresholdsJson(rb).stated[0]?.green).toBeNull();
    expect(j.manualTriggers).toEqual([
      { text: "Checkout broken", line: 30, source: "runbook go.md:30", shown: otherThresholdLines(rb)[2] },
    ]);
    expect(otherThresholdsJson({ file: "go.md" })).toEqual({ stated: [], manualTriggers: [] });
    // A threshold not read yet (the poll read others), in a runbook deeper in the tree.
    const deep = otherThresholdsJson({ file: "/team/rb/go.md", stated: [th()] }, { p90: reading(3) });
    expect(deep.stated.map((s) => [s.source, s.green])).toEqual([["runbook go.md:18", null]]);
  });
});
