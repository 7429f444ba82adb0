/** Each metric pane says how old its numbers are (ui/app/freshness.ts), on the injected clock. */
import { describe, expect, it } from "vitest";
import { NO_DATA } from "../../source/domain/metrics.js";
import type { MonitorSnapshot } from "../../source/engine/monitor.js";
import { paneAge } from "../../source/ui/app/freshness.js";

const T = Date.parse("2026-12-01T12:00:00Z");
const snap = (periodEnd: number | null, probeAt?: number) =>
  ({
    blue: { current: NO_DATA, series: [] },
    green: { current: { ...NO_DATA, periodStart: periodEnd && periodEnd - 60_000, periodEnd }, series: [] },
    probes: probeAt === undefined ? {} : { green: { ok: true, url: "u", status: 200, ms: 3, at: probeAt } },
  }) as unknown as MonitorSnapshot;

describe("a metric pane's data age", () => {
  it("grows with the clock until the next period lands, and names the probe's age", () => {
    const s = snap(T - 60_000, T - 3000);
    expect(paneAge(s, "green", T)).toBe("data 1m00s old · probe 3s ago");
    expect(paneAge(s, "green", T + 45_000)).toBe("data 1m45s old · probe 48s ago");
    expect(paneAge(snap(T, T + 44_000), "green", T + 45_000)).toBe("data 45s old · probe 1s ago");
  });

  it("no period yet and no probe: nothing to date (the pane says no data)", () => {
    expect(paneAge(snap(null), "green", T)).toBeUndefined();
    expect(paneAge(snap(null), "blue", T)).toBeUndefined();
    expect(paneAge(undefined, "green", T)).toBeUndefined();
  });
});
