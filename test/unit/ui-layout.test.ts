import { describe, expect, it } from "vitest";
import { columnHeight, layout } from "../../source/ui/layout.js";

describe("layout is a pure function of the terminal size", () => {
  it.each([
    [80, 24, "compact"],
    [120, 40, "medium"],
    [200, 50, "wide"],
    [300, 80, "wide"],
  ] as const)("%i×%i → %s, never taller or wider than the terminal", (cols, rows, mode) => {
    for (const alerts of [0, 1, 5]) {
      const l = layout(cols, rows, alerts);
      expect(l.mode).toBe(mode);
      const body = rows - l.header.height - l.alerts.height - l.helpBar.height;
      for (const col of l.columnsOf) expect(columnHeight(l, col)).toBeLessThanOrEqual(body);
      const widths = l.columnsOf.map((col) => Math.max(...col.map((p) => l[p].width)));
      expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(cols);
      for (const col of l.columnsOf) for (const p of col) expect(l[p].height).toBeGreaterThanOrEqual(0);
    }
  });

  it("puts panes side by side when wide and stacks them at 80×24", () => {
    expect(layout(200, 50).columnsOf).toHaveLength(3);
    expect(layout(80, 24).columnsOf).toHaveLength(1);
    const c = layout(80, 24);
    expect(c.metricPane.height).toBe(1);
    expect(c.checklist.height).toBeGreaterThanOrEqual(10);
    // Room for the whole monitoring table when wide (4 rows in ink-table = 11 lines + title).
    expect(layout(200, 50).monitoring.height).toBe(12);
  });

  it("keeps the body within the terminal even when tiny", () => {
    const l = layout(80, 24, 9);
    expect(l.alerts.height).toBe(1);
    expect(
      l.header.height + l.alerts.height + l.helpBar.height + columnHeight(l, l.columnsOf[0]!),
    ).toBeLessThanOrEqual(24);
  });
});
