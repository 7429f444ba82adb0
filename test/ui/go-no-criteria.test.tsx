/**
 * A runbook that lists no Go / No-Go criteria (the EKS go-live seed): the promote dialog says so
 * instead of drawing a heading with nothing under it, which read as "the criteria failed to load".
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

describe("the Go decision without criteria", () => {
  it("says the runbook lists none; with criteria, the heading lists them", async () => {
    for (const none of [true, false]) {
      const { m } = await model();
      if (none) m.goCriteria = () => [];
      const size = { columns: 200, rows: 50 };
      const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
      await r.waitFor((f) => f.includes("PRE-FLIGHT"), "cockpit");
      await r.press("p");
      const d = await r.waitFor((f) => f.includes("Promote to 10 % green"), "promote dialog");
      if (none) {
        expect(d).toContain("GO DECISION — the runbook lists no Go / No-Go criteria");
        expect(d).not.toContain("criteria (✓ met");
      } else {
        expect(d).toContain("GO DECISION — the runbook's Go / No-Go criteria (✓ met, or No-Go ruled out):");
        expect(d).not.toContain("lists no Go / No-Go criteria");
      }
    }
  });
});
