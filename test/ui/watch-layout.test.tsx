/**
 * Layout at the sizes people use (issue 12): nothing clipped at 80×24, "no data" once per pane, the
 * event log as wide as its pane at 200×50 with ARNs shortened (never cut mid-ARN), dates on timeline
 * rows of other days, and a viewer whose sources stopped answering: STALE with the age, never OK.
 */
import { describe, expect, it } from "vitest";
import type { MonitorSnapshot } from "../../source/engine/monitor.js";
import { App } from "../../source/ui/app/App.js";
import { layout } from "../../source/ui/layout.js";
import { model, snapshotAt, T0, theme } from "../helpers/cockpit.js";
import { renderAt, width } from "../helpers/ink.js";

const ARN =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/nba-mcp-prod-alb/50dc6c495c0c9188/f2f7dc8efc522ab2";
const WIDE = { columns: 200, rows: 50 };
const SMALL = { columns: 80, rows: 24 };

async function cockpit(
  size: { columns: number; rows: number },
  over?: (m: Awaited<ReturnType<typeof model>>) => void,
) {
  const rig = await model();
  over?.(rig);
  const r = renderAt(<App model={rig.m} theme={theme} copy={() => {}} size={size} />, size);
  await r.waitFor((f) => f.includes("Timeline"), "the cockpit");
  return { ...rig, r };
}

describe("layout", () => {
  it("200×50: the event log fills its pane, ARNs in it are shortened with … and never cut; timeline rows of other days carry the date", async () => {
    const { r, store, m } = await cockpit(WIDE);
    await store.append(
      "note.added",
      { text: `listener ${ARN} moved back by hand at 12:02 by the network team` },
      "ann",
    );
    const f = await r.waitFor((x) => x.includes("ann: note:"), "the note in the log");
    const rows = f.split("\n");
    const L = layout(WIDE.columns, WIDE.rows);
    const logLeft = WIDE.columns - L.events.width;
    // The first event (a long one) runs to the pane's right edge: the log uses the pane's width.
    const created = rows.find((l) => l.includes("session created from"))!;
    expect(width(created)).toBe(WIDE.columns);
    expect(created.endsWith("…")).toBe(true);
    const note = rows.find((l) => l.includes("ann: note:"))!;
    expect(width(note.slice(0, note.indexOf("ann: note:")))).toBeGreaterThanOrEqual(logLeft);
    // Too long for the pane: the ARN gives way to "…/<listener id>", the prose is cut at the end.
    expect(note).toMatch(/ann: note: listener …\/f2f7dc8efc522ab2 mov.*…$/);
    expect(note).not.toContain("arn:aws");
    // Timeline: T-24h and T+24h fall on other days (with the date); today's rows show the time only.
    expect(f).toMatch(/T-24h {2}Nov 22 12:00 Pre-Deployment \(T-24 hours\)/);
    expect(f).toMatch(/T\+24h {2}Nov 24 12:00 Post-Deployment \(T\+24 hours\)/);
    expect(f).toMatch(/T-30m {2}11:30 {8}Pre-Deployment Verification/);
    // No data is said once, in the pane that has none (green), not once per number.
    expect(f.match(/no data/g)).toHaveLength(1);
    expect(m.readOnly).toBe(false);
    r.unmount();
  });

  it("80×24: nothing is clipped: every line fits, the clock, both arms, no data once, the what-next line whole", async () => {
    const { r } = await cockpit(SMALL);
    const f = r.frame();
    const rows = f.split("\n");
    expect(rows.length).toBeLessThanOrEqual(SMALL.rows);
    for (const l of rows) expect(width(l), l).toBeLessThanOrEqual(SMALL.columns);
    expect(rows[0]).toMatch(/^11:40:00 UTC {2}T-00:20:00 {2}PRE-FLIGHT/);
    expect(rows[1]).toMatch(/^blue 100 █+ green 0 · next: Pre-Deployment Verification ends in 00:20:00$/);
    expect(f).toMatch(/BLUE 100 % err ✓ 0\.20 % +p95 ✓ 33 ms +180\.0 req\/s health ✓ 200/);
    expect(f).toMatch(/GREEN 0 % +· no data \(CloudWatch has none\) +health ✓ 200/);
    expect(f.match(/no data/g)).toHaveLength(1);
    expect(f).toContain("✓ gate open: p promotes to 10 % green\n");
    r.unmount();
  });
});

describe("a viewer whose sources stopped answering", () => {
  const now = T0 - 20 * 60_000;
  const dead = (): MonitorSnapshot => {
    const s = snapshotAt(now - 4 * 60_000, null);
    const failing = (source: string) => ({
      source,
      message: "connection refused (connect ECONNREFUSED 127.0.0.1:4566)",
      since: now - 3 * 60_000,
      at: now - 10_000,
      count: 7,
    });
    return {
      ...s,
      listener: { weights: { blue: 100, green: 0 } } as MonitorSnapshot["listener"],
      listenerAt: now - 4 * 60_000,
      metricsMaxAgeMs: 180_000,
      errors: [failing("metrics"), failing("listener")],
    };
  };

  for (const size of [WIDE, SMALL])
    it(`${size.columns}×${size.rows}: listener, clock and both metric panes say STALE with their age; no metric is judged OK`, async () => {
      const { r } = await cockpit(size, ({ m }) => {
        const snap = dead();
        m.snapshot = () => snap;
        m.clockStatus = () => "clock STALE 3m00s: the sandbox clock does not answer";
      });
      const f = r.frame();
      for (const l of f.split("\n")) expect(width(l), l).toBeLessThanOrEqual(size.columns);
      expect(f).toContain("⚠ clock STALE 3m00s");
      expect(f).toContain("listener STALE (last read 4m00s ago): connection");
      // Both arms, green (no datapoints before it died) included: STALE with the age, not "no data".
      expect(f.match(/\? STALE 4m00s old \(metrics failing ×7/g)).toHaveLength(2);
      expect(f).not.toMatch(/(err|error rate|p95)\s+[✓▲✖]/);
      expect(f).not.toMatch(/\bOK\b|no data/);
      r.unmount();
    });
});

describe("`?` help says what e does where", () => {
  it("in watch, e writes a copy of the viewer's own; in the lead's cockpit, the sign-off export", async () => {
    for (const readOnly of [true, false]) {
      const rig = await model({ readOnly });
      const r = renderAt(<App model={rig.m} theme={theme} copy={() => {}} size={WIDE} />, WIDE);
      await r.waitFor((f) => f.includes("Timeline"), "the cockpit");
      await r.press("?");
      const f = await r.waitFor((x) => x.includes("all keys"), "the help");
      if (readOnly) {
        expect(f).toContain("export a copy to a new file of your own (ID.signoff.viewer-…md)");
        expect(f).toContain("never the lead's export");
        expect(f).not.toContain("export the sign-off record (Markdown)");
      } else {
        expect(f).toContain("export the sign-off record (Markdown)");
        expect(f).not.toContain("a new file of your own");
      }
      r.unmount();
    }
  });
});
