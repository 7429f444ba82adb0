/**
 * Issue 13: p99 in the metric panes, beside p95 — CloudWatch's own p99 as the monitor read it, judged
 * only against the bounds the runbook states (never against p95's), "no data" never shown as a number.
 */
import { describe, expect, it } from "vitest";
import { MetricPane } from "../../source/ui/components/MetricPane.js";
import { snapshotAt, T0, TH, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

const pane = (p99: Parameters<typeof MetricPane>[0]["p99"], stale?: string) => {
  const snap = snapshotAt(T0, 0.4);
  const r = renderAt(
    <MetricPane
      color="green"
      weight={10}
      metrics={snap.green.current}
      series={snap.green.series}
      thresholds={TH}
      p99={p99}
      stale={stale}
      width={110}
      height={8}
      theme={theme}
    />,
    { columns: 110, rows: 8 },
  );
  const f = r.frame();
  r.unmount();
  return f.split("\n").find((l) => l.startsWith("throughput")) ?? "";
};

describe("p99 in the metric pane", () => {
  it("judged against the runbook's own p99 bounds, with their line", () => {
    expect(pane({ value: 950, rollback: 900, from: "runbook:18" })).toBe(
      "throughput 20.0 req/s  · p99 ✖ 950 ms ROLLBACK (rollback > 900 ms, runbook:18)",
    );
    expect(pane({ value: 850, go: 800, rollback: 900, from: "runbook:18" })).toContain(
      "p99 ▲ 850 ms WARN (go < 800 ms · rollback > 900 ms, runbook:18)",
    );
    expect(pane({ value: 120, rollback: 900, from: "runbook:18" })).toContain("p99 ✓ 120 ms OK");
  });

  it("without a runbook bound it is shown, not judged; no datapoints and stale numbers are said so", () => {
    expect(pane({ value: 71 })).toBe("throughput 20.0 req/s  · p99   71 ms");
    expect(pane({ value: null, rollback: 900 })).toContain("p99 · no data NO DATA");
    expect(pane({ value: 950, rollback: 900 }, "metrics 5m old")).toContain("p99 ? 950 ms STALE");
    expect(pane(undefined)).toBe("throughput 20.0 req/s");
  });
});
