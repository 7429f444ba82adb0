/**
 * Issue 12, item 2 (I2) in real tmux against `golive demo`: no key acts unseen. Below 80×24 only R
 * and q work; at 80×24 and 200×50 the help overlay hides the promote dialog, and the keys that
 * close it (y, Enter, A) do nothing else. AWS is read with the aws CLI, the record with export.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Demo, firstFrame, fits, listenerWeights, recorded, SIZES, startDemo } from "../helpers/demo.js";
import { killTmuxServer } from "../helpers/tmux.js";

const ACTS = [
  "decision.go",
  "traffic.shift.requested",
  "alert.acknowledged",
  "item.checked",
  "field.recorded",
];

/** The layout drawn for a size, told apart by what only it has (a resize cuts the old frame at once). */
const LAYOUT = {
  60: (x: string) => x.includes("R roll back · q quit"),
  80: (x: string) =>
    /^\d\d:\d\d:\d\d UTC {2}T-/.test(x) && /blue 100 █+/.test(x) && !x.includes("R roll back · q quit"),
  200: (x: string) => x.includes("Event log") && /blue 100 █+/.test(x),
} as const;

describe("item 2: nothing acts unseen (I2)", () => {
  // One demo for the three sizes, resized to each (a demo's start is most of what a test costs):
  // every test leaves it as it found it, and says so (AWS at 100/0, nothing recorded that acts).
  let d: Demo;
  beforeAll(async () => {
    d = await startDemo("unseen", { columns: 80, rows: 24 });
    await firstFrame(d);
  });
  afterAll(async () => {
    try {
      // q works below 80×24 too, where only R and q do.
      await d.t.resize(60, 20);
      await d.t.waitFor(LAYOUT[60], "small screen");
      await d.t.keys("q");
      await d.t.waitFor((x) => x.includes("[exited 0]"), "quit");
    } finally {
      d?.kill();
      killTmuxServer();
    }
  });

  it.each(SIZES)(
    "at $columns×$rows",
    async (size) => {
      const { t, port, sessions } = d;
      await t.resize(size.columns, size.rows);
      const s = await t.waitFor(LAYOUT[size.columns], `the ${size.columns}×${size.rows} layout`);
      if (size.columns < 80) {
        expect(s).toContain("needs 80×24 (this is 60×20)");
        await t.keys("p", "y", "Space", "Enter", "a", "A", "o");
        // Keys are handled in order: once R's dialog is drawn, every key before it has been handled.
        await t.keys("R");
        const r = await t.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
        expect(fits(r, size)).toBe(true);
        expect(r).toContain("y rolls back");
        expect(r).not.toContain("Promote");
        await t.keys("Escape");
        await t.waitFor(LAYOUT[60], "back to the small screen");
      } else {
        await t.keys("p");
        await t.waitFor((x) => x.includes("Promote to 10 % green") && x.includes("o overrides"), "dialog");
        for (const key of ["y", "Enter", "A", "o"]) {
          await t.keys("?");
          await t.waitFor((x) => x.includes("key closes") && !x.includes("Promote to"), "help over it");
          await t.keys(key);
          // Back in view, unconfirmed: the key closed the help and did nothing else.
          await t.waitFor(
            (x) => x.includes("Promote to 10 % green") && !x.includes("key closes"),
            `dialog back after ${key}`,
          );
        }
        expect(await t.screen()).not.toContain("override reason");
        await t.keys("Escape");
        await t.waitFor((x) => !x.includes("Promote to"), "dialog closed");
      }
      expect(await listenerWeights(port)).toEqual([100, 0]);
      const types = (await recorded(sessions)).map((e) => e.type);
      for (const type of ACTS) expect(types).not.toContain(type);
    },
    120_000,
  );
});
