/**
 * A monitor notification draws a cockpit frame only when it changes what the cockpit shows: a poll
 * that read the same again (only its read time, or a probe's duration, moved) draws none.
 */
import { describe, expect, it } from "vitest";
import { monitorNews } from "../../source/ui/app/monitor-news.js";
import { snapshotAt, T0 } from "../helpers/cockpit.js";

describe("monitorNews", () => {
  const before = snapshotAt(T0, 0.4);
  const reread = (over: Partial<typeof before> = {}) => ({
    ...before,
    metricsAt: T0 + 5000,
    listenerAt: T0 + 5000,
    listenerReadFrom: T0 + 4990,
    fleetAt: T0 + 5000,
    probes: {
      blue: { ...before.probes.blue!, at: T0 + 5000, ms: 9 },
      green: { ...before.probes.green!, at: T0 + 5000, ms: 1 },
    },
    ...over,
  });

  it("is no news when a poll read the same again", () => {
    expect(monitorNews(before, before)).toBe(false);
    expect(monitorNews(before, reread())).toBe(false);
    // The listener read again, begun later: its start moves with every read (every 5 s).
    expect(monitorNews(reread({ listenerReadFrom: T0 + 10 }), reread())).toBe(false);
    expect(monitorNews(undefined, undefined)).toBe(false);
  });

  it("is news when anything shown changed, however small", () => {
    expect(monitorNews(undefined, before)).toBe(true);
    expect(monitorNews(before, undefined)).toBe(true);
    const listener = { weights: { blue: 90, green: 10 }, raw: { blue: 900, green: 100 } };
    expect(
      monitorNews(
        reread({ listener }),
        reread({ listener: { ...listener, weights: { blue: 50, green: 50 } } }),
      ),
    ).toBe(true);
    expect(monitorNews(before, reread({ listener }))).toBe(true);
    expect(
      monitorNews(
        before,
        reread({
          probes: { ...reread().probes, green: { ...reread().probes.green!, status: 503, ok: false } },
        }),
      ),
    ).toBe(true);
    expect(
      monitorNews(
        before,
        reread({ errors: [{ source: "listener", message: "x", since: T0, at: T0, count: 1 }] }),
      ),
    ).toBe(true);
    const series = before.green.series.map((p, i) => (i === 29 ? { ...p, errors: p.errors + 1 } : p));
    expect(monitorNews(before, reread({ green: { ...before.green, series } }))).toBe(true);
    expect(monitorNews(before, reread({ consecutiveBreaches: 1 }))).toBe(true);
  });
});
