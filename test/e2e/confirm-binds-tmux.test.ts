/**
 * Issue 12, item 1 (I1) in real tmux against `golive demo`: the promote dialog binds what is sent.
 * An engineer moves the listener with the aws CLI while the dialog is open; the key that confirms
 * sends nothing, "listener changed since the dialog" is recorded, and the dialog shows the new
 * situation. At 60×20 the dialog cannot be confirmed at all (hidden), and still binds once visible.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  firstFrame,
  fits,
  listenerWeights,
  recorded,
  SIZES,
  setListener,
  startDemo,
} from "../helpers/demo.js";
import { killTmuxServer } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

describe("item 1: the confirmation binds what is sent (I1)", () => {
  it.each(SIZES)(
    "at $columns×$rows",
    async (size) => {
      const small = size.columns < 80;
      // The dialog needs 80×24; at 60×20 it is opened there and the terminal shrinks under it.
      const d = await startDemo(`bind${size.columns}`, small ? { columns: 80, rows: 24 } : size);
      try {
        const { t, port, sessions } = d;
        await firstFrame(d);
        await t.keys("p");
        const dialog = await t.waitFor((x) => x.includes("o overrides"), "promote dialog with its plan");
        expect(dialog).toMatch(/Listener as read from AWS \d+s ago: blue 100 \/ green 0/);
        expect(dialog).toMatch(/y sends exactly: +blue 90 \/ green 10/);
        expect(fits(dialog, small ? { columns: 80, rows: 24 } : size)).toBe(true);
        await t.keys("o");
        await t.waitFor((x) => x.includes("override reason"), "override input");
        await t.keys("go-on-the-call");
        await t.waitFor((x) => x.includes("go-on-the-call"), "reason typed");
        // Someone changes the listener by hand while the dialog is open.
        await setListener(port, 40, 60);
        if (small) {
          await t.resize(60, 20);
          // The monitor sees the outside change first (a toast older than an alert would be hidden).
          await t.waitFor(
            // At 60 columns the alert line is cut after its level and the start of the drift.
            (x) => x.includes("R roll back · q quit") && x.includes("PAUSE TRIGGER: listener changed"),
            "small screen with the drift",
          );
          await t.keys("Enter");
          await t.waitFor((x) => x.includes("too small to show that key"), "Enter refused unseen");
          expect(await listenerWeights(port)).toEqual([40, 60]);
          await t.resize(80, 24);
          await t.waitFor((x) => x.includes("go-on-the-call"), "the same dialog back in view");
        }
        await t.keys("Enter");
        const replaced = await t.waitFor(
          (x) => x.includes("✖ listener changed since the dialog — nothing was sent (recorded)"),
          "dialog replaced by the new situation",
        );
        expect(replaced).toContain("the dialog showed blue 100 / green 0, AWS now shows blue 40 / green 60");
        expect(replaced).toMatch(/Listener as read from AWS \d+s ago: blue 40 \/ green 60/);
        expect(fits(replaced, small ? { columns: 80, rows: 24 } : size)).toBe(true);
        // Nothing was sent: AWS still shows the engineer's weights, and the record says why.
        expect(await listenerWeights(port)).toEqual([40, 60]);
        const events = await recorded(sessions);
        expect(events.map((e) => e.type)).not.toContain("traffic.shift.requested");
        expect(events.filter((e) => e.type === "traffic.observed").map((e) => e.data)).toEqual([
          expect.objectContaining({ observation: "changed-since-dialog", weights: { blue: 40, green: 60 } }),
        ]);
        await t.keys("Escape");
        await t.waitFor((x) => !x.includes("listener changed since the dialog —"), "dialog closed");
        await t.keys("q");
        await t.waitFor((x) => x.includes("[exited 0]"), "quit");
      } finally {
        d.kill();
      }
    },
    120_000,
  );
});
