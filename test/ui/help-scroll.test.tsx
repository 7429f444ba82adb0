/**
 * The key help at the minimum size: every binding's whole description is reachable. At 80×24 the
 * list is taller and wider than the dialog; it used to lose its last keys (e, ?, q) and cut every
 * long description with "…", so a key could act that the help never showed.
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { routeKey } from "../../source/ui/app/keys.js";
import { wordWrap } from "../../source/ui/format/wrap.js";
import { bindingsFor } from "../../source/ui/keys/keymap.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

const size = { columns: 80, rows: 24 };

/** The text inside the dialog's border, row by row, with the border and padding taken off. */
function inside(frame: string): string[] {
  return frame
    .split("\n")
    .filter((l) => l.includes("║"))
    .map((l) => l.slice(l.indexOf("║") + 1, l.lastIndexOf("║")).trim());
}

describe("the key help (?) at 80×24", () => {
  it("scrolls through every binding, each description whole, then closes on any other key", async () => {
    const { m } = await model();
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((f) => f.includes("PRE-FLIGHT"), "cockpit");
    await r.press("?");
    let f = await r.waitFor((x) => x.includes("j/k scroll"), "help, scrollable");
    expect(f).toMatch(/lines 1–\d+ of \d+ · j \/ ↓ shows more/);
    const total = Number(/of (\d+)/.exec(f)![1]);
    const seen = new Set<string>();
    for (const row of inside(f)) seen.add(row);
    // Down to the end, one line a key: every row of the list passes through the dialog.
    for (let i = 0; i < total; i++) {
      await r.press("j");
      f = await r.waitFor((x) => x.includes("Keys"), "help still open");
      for (const row of inside(f)) seen.add(row);
    }
    expect(f).toMatch(new RegExp(`lines \\d+–${total} of ${total}\\s`));
    const text = [...seen].join("\n");
    const labels = bindingsFor(false).map((b) => b.label);
    expect(labels.length).toBeGreaterThan(15);
    for (const label of labels)
      expect(text).toMatch(new RegExp(`^${label.replace(/[?*+.^$()|[\]{}\\]/g, "\\$&")}\\s`, "m"));
    // The keys the 24-row dialog used to drop, and descriptions it used to cut.
    expect(text).toMatch(/^e\s+export the sign-off record/m);
    expect(text).toMatch(/^q\s+quit \(asks only while an action is in flight; the session is$/m);
    expect(text).toContain("already on disk)");
    expect(text).not.toContain("…]");
    // One k moves back at once, however many j were pressed past the end.
    await r.press("j");
    await r.press("k");
    f = await r.waitFor((x) => /lines \d+–\d+ of \d+ · j \/ ↓ shows more/.test(x), "one line back");
    expect(f).toContain(`–${total - 1} of ${total}`);
    await r.press("x");
    await r.waitFor((x) => !x.includes("j/k scroll") && x.includes("Timeline"), "closed");
    r.unmount();
  });

  it("a confirmation's line wider than the box wraps when the box has the rows: R's dialog whole", async () => {
    const { m } = await model();
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((f) => f.includes("PRE-FLIGHT"), "cockpit");
    await r.press("R");
    const f = await r.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
    const rows = inside(f);
    const then = rows.findIndex((l) => l.startsWith("then read back until AWS confirms"));
    expect(then).toBeGreaterThan(0);
    expect(`${rows[then]} ${rows[then + 1]}`).toContain("record the rollback checklist.");
    expect(f).not.toMatch(/health URL,…/);
    await r.press("n");
    r.unmount();
  });

  it("routes j/k and the arrows to the help's scroll, every other key to close", () => {
    const c = { dialog: { kind: "help" as const }, readOnly: false, small: false, bindings: [] };
    expect(routeKey("j", {}, c)).toEqual({ kind: "ui", event: { type: "scroll", delta: 1 } });
    expect(routeKey("", { downArrow: true }, c)).toEqual({ kind: "ui", event: { type: "scroll", delta: 1 } });
    expect(routeKey("k", {}, c)).toEqual({ kind: "ui", event: { type: "scroll", delta: -1 } });
    expect(routeKey("", { upArrow: true }, c)).toEqual({ kind: "ui", event: { type: "scroll", delta: -1 } });
    for (const k of ["y", "x", "q", " "])
      expect(routeKey(k, {}, c)).toEqual({ kind: "ui", event: { type: "close" } });
    expect(routeKey("R", {}, c)).toEqual({ kind: "action", action: "rollback" });
  });

  it("wraps at spaces under the given indent, and cuts a word longer than a row", () => {
    expect(wordWrap("short", 20, 4)).toEqual(["short"]);
    expect(wordWrap("alpha beta gamma delta", 12, 2)).toEqual(["alpha beta", "  gamma", "  delta"]);
    expect(wordWrap("abcdefghijklmnopqrstuvwxyz", 12, 2)).toEqual(["abcdefghijkl", "  mnopqrstuv", "  wxyz"]);
    for (const row of wordWrap("p ⚠ promote one canary step (shows the gate: dwell, thresholds)", 20, 9))
      expect([...row].length).toBeLessThanOrEqual(20);
  });
});
