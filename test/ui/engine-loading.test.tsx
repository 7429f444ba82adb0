/**
 * The cockpit's first frame comes before its engine (commands/cockpit.ts): until the engine is
 * there nothing has been asked of AWS, so the metric panes say so — no evidence, never "healthy",
 * and never "CloudWatch has none" — and the what-next line says the engine is loading.
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { model, snapshotAt, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

describe("the cockpit while its engine loads", () => {
  for (const size of [
    { columns: 80, rows: 24 },
    { columns: 200, rows: 50 },
  ])
    it(`${size.columns}×${size.rows}: both metric panes say not read yet, the next line says loading`, async () => {
      const { m } = await model();
      const loading = { ...m, snapshot: () => undefined, gate: () => undefined, engineLoading: () => true };
      const r = renderAt(<App model={loading} theme={theme} copy={() => {}} size={size} />, size);
      const f = r.frame();
      expect(f.match(/not read yet: the engine is loading/g)?.length).toBe(2);
      expect(f).not.toMatch(/CloudWatch|✓ OK/);
      expect(f).toContain("loading the engine: the gate is read once it is there");
      r.unmount();
    });
});

describe("the metric panes before a poll has answered", () => {
  const size = { columns: 200, rows: 50 };
  const frame = async (over: (m: Awaited<ReturnType<typeof model>>["m"]) => object) => {
    const { m } = await model();
    const r = renderAt(<App model={{ ...m, ...over(m) }} theme={theme} copy={() => {}} size={size} />, size);
    const f = r.frame();
    r.unmount();
    return f;
  };

  it("the engine is there, its first poll on the wire: not read yet, not 'CloudWatch has none'", async () => {
    const f = await frame((m) => ({ snapshot: () => ({ ...snapshotAt(m.now(), null), metricsAt: null }) }));
    expect(f.match(/not read yet: the first poll is under way/g)?.length).toBe(2);
    expect(f).not.toMatch(/has none/);
  });

  it("no environment config: nothing will be read, and the panes say why", async () => {
    const f = await frame(() => ({ snapshot: () => undefined, gate: () => undefined }));
    expect(f.match(/not read: no environment config/g)?.length).toBe(2);
    expect(f).not.toMatch(/has none/);
  });

  it("a poll answered without green's datapoints: then, and only then, CloudWatch had none", async () => {
    const f = await frame((m) => ({ snapshot: () => snapshotAt(m.now(), null) }));
    expect(f.match(/no CloudWatch datapoints for green/g)?.length).toBe(1);
    expect(f).not.toMatch(/not read/);
  });
});
