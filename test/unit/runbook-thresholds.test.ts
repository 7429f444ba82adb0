/**
 * scanThresholds on single sentences: the whole threshold each yields (metric, go or rollback, the
 * comparison, value and unit, the words as written, the line, how it is measured), for every metric
 * kind it tells apart, and the words that are prose. In memory, for runbook-thresholds' mutants.
 */
import { describe, expect, it } from "vitest";
import { normalOp, OP } from "../../source/runbook/threshold-words.js";
import { scanThresholds } from "../../source/runbook/thresholds.js";

const core = (metric: string, kind: string, op: string, value: number, unit: string, text: string) => ({
  metric,
  kind,
  op,
  value,
  unit,
  text,
  line: 3,
  source: "runbook",
});
const stated = (
  metric: string,
  label: string,
  kind: string,
  op: string,
  value: number,
  unit: string,
  text: string,
  measure: object,
) => ({ metric, label, kind, op, value, unit, text, line: 3, measure });
const UNKNOWN = { by: "manual", why: "golive cannot tell which metric this is" };
const scan = (text: string, trigger = false) => scanThresholds(text, 3, trigger);

describe("scanThresholds: the two gates", () => {
  it.each([
    ["Error rate < 1%", "go", "<", 1, "Error rate < 1%"],
    ["Error rate > 5%", "rollback", ">", 5, "Error rate > 5%"],
    ["Roll back if error rate ≥ 2 %", "rollback", ">=", 2, "Roll back if error rate ≥ 2 %"],
    ["Error rate ≤ 0.5%", "go", "<=", 0.5, "Error rate ≤ 0.5%"],
    ["Error rate above 2%", "rollback", ">", 2, "Error rate above 2%"],
    ["Server errors > 2%", "rollback", ">", 2, "Server errors > 2%"],
    ["5xx < 1%", "go", "<", 1, "5xx < 1%"],
  ])("%j", (text, kind, op, value, written) => {
    expect(scan(text)).toEqual({ core: [core("errorRate", kind, op, value, "%", written)], stated: [] });
  });

  it.each([
    ["Latency p95: ____ ms (target: <50ms)", "go", "<", 50, "Latency p95: ____ ms (target: <50ms)"],
    // Closed only when the clause opened it and the text closes it at once.
    ["Latency p95 (target: <50ms p95) ok", "go", "<", 50, "Latency p95 (target: <50ms p95)"],
    ["Latency p95 (target: <50ms, ideally less)", "go", "<", 50, "Latency p95 (target: <50ms"],
    ["Latency p95 <50ms) stray", "go", "<", 50, "Latency p95 <50ms"],
    ["Latency p95 (target: <50ms )", "go", "<", 50, "Latency p95 (target: <50ms)"],
    ["Latency  p95 \t< 50ms", "go", "<", 50, "Latency p95 < 50ms"],
    ["Response time < 2 s", "go", "<", 2000, "Response time < 2 s"],
    ["Latency < 1.5 seconds", "go", "<", 1500, "Latency < 1.5 seconds"],
    ["Latency < 1 second", "go", "<", 1000, "Latency < 1 second"],
    ["Latency > 300ms p95", "rollback", ">", 300, "Latency > 300ms p95"],
    ["p95 > 2s", "rollback", ">", 2000, "p95 > 2s"],
  ])("%j", (text, kind, op, value, written) => {
    expect(scan(text)).toEqual({ core: [core("latencyP95", kind, op, value, "ms", written)], stated: [] });
  });

  it("in a trigger list every bound ends the canary, a < one too", () => {
    expect(scan("Error rate below 1%", true).core).toEqual([
      core("errorRate", "rollback", "<", 1, "%", "Error rate below 1%"),
    ]);
    expect(scan("Error rate < 1%", true).core).toEqual([
      core("errorRate", "rollback", "<", 1, "%", "Error rate < 1%"),
    ]);
    // Rollback words outside a trigger list make a word bound a rollback one, not a < symbol.
    expect(scan("Revert when error rate < 1%").core).toEqual([
      core("errorRate", "go", "<", 1, "%", "Revert when error rate < 1%"),
    ]);
    expect(scan("Rollback when the error rate falls below 1%").core[0]!.kind).toBe("rollback");
    expect(scan("Abort if error rate under 1%").core[0]!.kind).toBe("rollback");
  });
});

describe("scanThresholds: the thresholds measured otherwise", () => {
  it.each([
    [
      "Latency < 300ms p99",
      stated("latencyP99", "p99 latency", "go", "<", 300, "ms", "Latency < 300ms p99", {
        by: "cloudwatch",
        stat: "p99",
      }),
    ],
    [
      "median latency <= 120 ms",
      stated("latencyP50", "p50 latency", "go", "<=", 120, "ms", "median latency <= 120 ms", {
        by: "cloudwatch",
        stat: "p50",
      }),
    ],
    [
      "p99.9 latency < 900ms",
      stated("latencyP99_9", "p99.9 latency", "go", "<", 900, "ms", "p99.9 latency < 900ms", {
        by: "cloudwatch",
        stat: "p99.9",
      }),
    ],
    [
      "P99Latency > 3 s",
      stated("latencyP99", "p99 latency", "rollback", ">", 3000, "ms", "P99Latency > 3 s", {
        by: "cloudwatch",
        stat: "p99",
      }),
    ],
    [
      "p00 latency < 5ms",
      stated("latencyP00", "p00 latency", "go", "<", 5, "ms", "p00 latency < 5ms", {
        by: "manual",
        why: "p00 is not a percentile",
      }),
    ],
    [
      "Revert when latency p50 > 100ms",
      stated("latencyP50", "p50 latency", "rollback", ">", 100, "ms", "Revert when latency p50 > 100ms", {
        by: "cloudwatch",
        stat: "p50",
      }),
    ],
    [
      "4xx rate > 3%",
      stated("http4xxRate", "4xx rate", "rollback", ">", 3, "%", "4xx rate > 3%", {
        by: "cloudwatch",
        stat: "http4xxRate",
      }),
    ],
    [
      "Client errors > 20 per minute",
      stated(
        "http4xxCount",
        "4xx count",
        "rollback",
        ">",
        20,
        "per minute",
        "Client errors > 20 per minute",
        {
          by: "cloudwatch",
          stat: "http4xxCount",
        },
      ),
    ],
    [
      "5xx count > 10 /min",
      stated("http5xxCount", "5xx count", "rollback", ">", 10, "/min", "5xx count > 10 /min", {
        by: "cloudwatch",
        stat: "http5xxCount",
      }),
    ],
    [
      // A unit's white space reads as one space, however it was typed.
      "5xx count < 5 /  \tmin",
      stated("http5xxCount", "5xx count", "go", "<", 5, "/ min", "5xx count < 5 / min", {
        by: "cloudwatch",
        stat: "http5xxCount",
      }),
    ],
    [
      "Server errors > 3 Per Second",
      stated("http5xxCount", "5xx count", "rollback", ">", 3, "per second", "Server errors > 3 Per Second", {
        by: "cloudwatch",
        stat: "http5xxCount",
      }),
    ],
    [
      "HTTPCode_Target_5XX_Count > 3",
      stated("http5xxCount", "5xx count", "rollback", ">", 3, "", "HTTPCode_Target_5XX_Count > 3", {
        by: "cloudwatch",
        stat: "http5xxCount",
      }),
    ],
    [
      "SearchErrors > 25 per minute",
      stated(
        "custom:SearchErrors",
        "SearchErrors",
        "rollback",
        ">",
        25,
        "per minute",
        "SearchErrors > 25 per minute",
        {
          by: "manual",
          why: "SearchErrors is not a metric golive reads; name it in the config's metrics.custom to measure it",
        },
      ),
    ],
    [
      "Cache hit ratio above 80%",
      stated("unknown", "Cache hit ratio", "go", ">", 80, "%", "Cache hit ratio above 80%", UNKNOWN),
    ],
    [
      "Abort: cache hit ratio below 80%",
      stated(
        "unknown",
        "Abort: cache hit ratio",
        "rollback",
        "<",
        80,
        "%",
        "Abort: cache hit ratio below 80%",
        UNKNOWN,
      ),
    ],
    ["Latency p95 > 2", stated("unknown", "Latency p95", "rollback", ">", 2, "", "Latency p95 > 2", UNKNOWN)],
    [
      "Error rate > 2 ms",
      stated("unknown", "Error rate", "rollback", ">", 2, "ms", "Error rate > 2 ms", UNKNOWN),
    ],
  ])("%j", (text, want) => {
    expect(scan(text)).toEqual({ core: [], stated: [want] });
  });

  it("a trigger on a metric golive does not know is still one, its label cut to 40 characters", () => {
    expect(scan("Throughput < 100 per second", true).stated).toEqual([
      stated(
        "unknown",
        "Throughput",
        "rollback",
        "<",
        100,
        "per second",
        "Throughput < 100 per second",
        UNKNOWN,
      ),
    ]);
    const long = `${"queue depth of the order service ".repeat(2)}> 500`;
    expect(scan(long, true).stated[0]!.label).toBe("queue depth of the order service queue d");
    expect(scan("> 500", true).stated[0]!.label).toBe("an unnamed metric");
    expect(scan("Queue depth > 500")).toEqual({ core: [], stated: [] });
  });
});

describe("scanThresholds: several bounds, and prose", () => {
  it("each bound with its own clause", () => {
    expect(scan("error rate < 1%; p95 < 200ms, 4xx rate < 5%")).toEqual({
      core: [
        core("errorRate", "go", "<", 1, "%", "error rate < 1%"),
        core("latencyP95", "go", "<", 200, "ms", "p95 < 200ms"),
      ],
      stated: [
        stated("http4xxRate", "4xx rate", "go", "<", 5, "%", "4xx rate < 5%", {
          by: "cloudwatch",
          stat: "http4xxRate",
        }),
      ],
    });
    expect(scan("Error rate < 2% and latency < 150ms or 5xx > 3%").core.map((t) => t.text)).toEqual([
      "Error rate < 2%",
      "latency < 150ms",
      "5xx > 3%",
    ]);
    expect(scan("Latency is fine. p95 < 2s").core).toEqual([
      core("latencyP95", "go", "<", 2000, "ms", "p95 < 2s"),
    ]);
  });

  it("the nearest clause of several, blanks in the words as written made one", () => {
    expect(scan("Latency, as measured; error  rate < 1%").core).toEqual([
      core("errorRate", "go", "<", 1, "%", "error rate < 1%"),
    ]);
    expect(scan("Error rate at least 5%").core[0]!.kind).toBe("rollback");
    expect(scan("Error rate no more than 5%").core[0]!.kind).toBe("go");
    expect(scan("Latency > 300ms  p99").stated[0]!.metric).toBe("latencyP99");
    expect(scan("Latency > 300ms p99.9").stated[0]!.metric).toBe("latencyP99_9");
    expect(scan("ApiHTTPErrors > 5").stated[0]!.metric).toBe("custom:ApiHTTPErrors");
    expect(scan("SearchErrors > 25").stated[0]!.unit).toBe("");
    expect(scanThresholds("x > 5%", 3).stated).toEqual([]);
  });

  it("a clause that names no metric takes the stretch since the last bound", () => {
    expect(scan("Error rate (measured over 5 min) < 1%").core).toEqual([
      core("errorRate", "go", "<", 1, "%", "Error rate (measured over 5 min) < 1%"),
    ]);
  });

  it("a paragraph wrapped in the source is read across its soft line breaks", () => {
    expect(scan("Error\n rate < 1 %").core).toEqual([
      core("errorRate", "go", "<", 1, "%", "Error rate < 1 %"),
    ]);
    expect(scan("Roll back if p95\nlatency > 100 ms").core).toEqual([
      core("latencyP95", "rollback", ">", 100, "ms", "Roll back if p95 latency > 100 ms"),
    ]);
    expect(scan("Roll back if p99\nlatency > 300 ms")).toMatchObject({
      core: [],
      stated: [
        { metric: "latencyP99", kind: "rollback", value: 300, text: "Roll back if p99 latency > 300 ms" },
      ],
    });
    // Two words of one metric's name on two lines, with no blank beside the break.
    expect(scan("Response\ntime < 200 ms").core).toEqual([
      core("latencyP95", "go", "<", 200, "ms", "Response time < 200 ms"),
    ]);
    // Each line that names its own metric keeps it: the line before lends nothing.
    expect(scan("Error rate < 1 %\nLatency p95 < 50 ms").core.map((t) => [t.metric, t.text])).toEqual([
      ["errorRate", "Error rate < 1 %"],
      ["latencyP95", "Latency p95 < 50 ms"],
    ]);
  });

  it.each(["> 30 % free", "Watch the error rate over 10 minutes", "CPU above 80%", "Error.\n Rate < 1 %"])(
    "%j is no threshold",
    (text) => {
      expect(scan(text)).toEqual({ core: [], stated: [] });
    },
  );
});

describe("threshold words", () => {
  it.each([
    ["no more than", "<="],
    ["Not  More Than", "<="],
    ["at least", ">="],
    ["exceeds", ">"],
    ["fewer than", "<"],
    ["≤", "<="],
    ["≥", ">="],
    ["<", "<"],
  ])("%j is %s", (word, op) => {
    expect(normalOp(word)).toBe(op);
  });

  it("a word comparison needs a unit; a symbol does not", () => {
    const found = (s: string) => [...s.matchAll(OP)].map((m) => m[0]);
    expect(found("over 10 minutes, above 5 %, < 3, up to 2 s, at least 99.9%")).toEqual([
      "above 5 %",
      "< 3",
      "up to 2 s",
      "at least 99.9%",
    ]);
  });
});
