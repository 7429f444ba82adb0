/**
 * Text and Enter arriving in one read (typed fast over SSH, or pasted with its newline) are the
 * text, then Enter: the field ends with exactly the text, and Enter does what Enter does there.
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

describe("text then Enter in one read", () => {
  it("the rollback reason takes the text and Enter finishes editing it", async () => {
    const { m } = await model();
    const size = { columns: 200, rows: 50 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((x) => x.includes("Timeline"), "cockpit");
    await r.press("R");
    await r.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
    await r.press("e");
    await r.waitFor((x) => x.includes("typing the reason"), "editing the reason");
    await r.press("late deploy\r");
    const f = await r.waitFor((x) => x.includes("y rolls back now"), "editing finished by the Enter");
    expect(f).toMatch(/reason: manual rollback by annlate deploy/);
    expect(f).not.toContain("\\r");
  });
});
