/**
 * The small-screen boundary, one column and one row either side of 80×24: 79×24 and 80×23 draw the
 * small screen (only R and q act), 80×24 draws the full cockpit where p opens the promote dialog.
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

describe("the 80×24 boundary", () => {
  it.each([
    [79, 24],
    [80, 23],
  ])(
    "at %i×%i: the small screen; p is refused with the reason, R still opens the rollback",
    async (columns, rows) => {
      const { m, calls } = await model();
      const size = { columns, rows };
      const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
      const f = await r.waitFor((x) => x.includes("R roll back · q quit"), "small screen");
      expect(f).toContain(`needs 80×24 (this is ${columns}×${rows})`);
      await r.press("p");
      await r.waitFor((x) => x.includes("too small to show that key"), "p refused");
      expect(r.frame()).not.toContain("Promote to");
      await r.press("R");
      await r.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
      expect(calls).toEqual([]);
      r.unmount();
    },
  );

  it("at 80×24: the full cockpit; p opens the promote dialog and y promotes", async () => {
    const { m, calls } = await model();
    const size = { columns: 80, rows: 24 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    const f = await r.waitFor((x) => x.includes("PRE-FLIGHT"), "cockpit");
    expect(f).not.toContain("needs 80×24");
    await r.press("p");
    await r.waitFor((x) => x.includes("Promote to 10 % green"), "promote dialog");
    await r.press("y");
    await r.waitFor(() => calls.length === 1, "promote sent");
    expect(calls).toEqual(["promote 90/10"]);
    r.unmount();
  });
});
