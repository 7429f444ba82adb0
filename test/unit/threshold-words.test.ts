/**
 * Issue 13: comparisons written in words are thresholds like their symbols ("above 80%", "no more
 * than 2 %", "at least", "below"), bound to the metric they name; words without a unit are prose.
 */
import { describe, expect, it } from "vitest";
import { effectiveThresholds } from "../../source/domain/threshold-defaults.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { scanThresholds } from "../../source/runbook/thresholds.js";

const row = (text: string, trigger = false) => {
  const s = scanThresholds(text, 7, trigger);
  return [
    ...s.core.map((t) => [t.metric, t.kind, t.op, t.value, t.unit]),
    ...s.stated.map((t) => [t.metric, t.kind, t.op, t.value, t.unit]),
  ];
};

describe("word comparisons", () => {
  it.each([
    ["Roll back if the error rate is above 5%", [["errorRate", "rollback", ">", 5, "%"]]],
    ["Error rate below 1%", [["errorRate", "go", "<", 1, "%"]]],
    ["Error rate no more than 0.5 %", [["errorRate", "go", "<=", 0.5, "%"]]],
    ["p95 latency under 200ms", [["latencyP95", "go", "<", 200, "ms"]]],
    ["p99 latency exceeds 2 s", [["latencyP99", "rollback", ">", 2000, "ms"]]],
    ["4xx rate more than 3%", [["http4xxRate", "rollback", ">", 3, "%"]]],
    ["Latency p95 at most 300 ms", [["latencyP95", "go", "<=", 300, "ms"]]],
    [
      "Error rate less than 2% and p95 latency less than 150ms",
      [
        ["errorRate", "go", "<", 2, "%"],
        ["latencyP95", "go", "<", 150, "ms"],
      ],
    ],
  ])("%s", (text, want) => {
    expect(row(text)).toEqual(want);
  });

  it("the number's unit decides: 'over 10 minutes' and 'under 3 people' are prose", () => {
    expect(row("Watch the error rate over 10 minutes")).toEqual([]);
    expect(row("Keep the latency war room under 3 people")).toEqual([]);
    expect(row("CPU above 80% on the database")).toEqual([]); // no deployment metric named
  });

  it("a runbook in words: the gate's error-rate and p95 bounds come from its sentences, with their lines", () => {
    const text = [
      "# Release",
      "",
      "## Canary",
      "",
      "- [ ] Go when the error rate stays below 1%",
      "- [ ] Roll back if latency p95 is above 400 ms",
      "",
    ].join("\n");
    const rb = parseRunbook("words.md", text, "0".repeat(64));
    const th = effectiveThresholds(rb.thresholds);
    expect([th.go.errorRate.value, th.go.errorRate.op, th.go.errorRate.line]).toEqual([1, "<", 5]);
    expect([th.rollback.latencyP95.value, th.rollback.latencyP95.op, th.rollback.latencyP95.line]).toEqual([
      400,
      ">",
      6,
    ]);
  });
});

describe("word comparisons on metrics golive does not know", () => {
  it("orbit-release.md's 'Cache hit ratio above 80%' is a criterion to hold, checked by hand, with its line", () => {
    const s = scanThresholds("Cache hit ratio above 80%", 32);
    expect(s.core).toEqual([]);
    expect(s.stated.map((t) => [t.metric, t.kind, t.op, t.value, t.unit, t.line, t.measure.by])).toEqual([
      ["unknown", "go", ">", 80, "%", 32, "manual"],
    ]);
  });
});
