/**
 * The cockpit's first frame comes before its engine (commands/cockpit.ts): until the engine is
 * there nothing has been asked of AWS, so the metric panes say so — no evidence, never "healthy",
 * and never "CloudWatch has none" — and the what-next line says the engine is loading.
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
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
