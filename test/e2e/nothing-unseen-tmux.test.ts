/**
 * Issue 12, item 2 (I2) in real tmux against `golive demo`: no key acts unseen. Below 80×24 only R
 * and q work; at 80×24 and 200×50 the help overlay hides the promote dialog, and the keys that
 * close it (y, Enter, A) do nothing else. AWS is read with the aws CLI, the record with export.
 */
import { afterAll, describe, expect, it } from "vitest";
import { firstFrame, fits, listenerWeights, recorded, SIZES, startDemo } from "../helpers/demo.js";
import { killTmuxServer } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

const ACTS = [
  "decision.go",
  "traffic.shift.requested",
  "alert.acknowledged",
  "item.checked",
  "field.recorded",
];

describe("item 2: nothing acts unseen (I2)", () => {
  it.each(SIZES)(
    "at $columns×$rows",
    async (size) => {
      const d = await startDemo(`unseen${size.columns}`, size);
      try {
        const { t, port, sessions } = d;
        if (size.columns < 80) {
          const s = await t.waitFor((x) => x.includes("R roll back · q quit"), "small screen", 30_000);
          expect(s).toContain("needs 80×24 (this is 60×20)");
          await t.keys("p", "y", "Space", "Enter", "a", "A", "o");
          // Keys are handled in order: once R's dialog is drawn, every key before it has been handled.
          await t.keys("R");
          const r = await t.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
          expect(fits(r, size)).toBe(true);
          expect(r).toContain("y rolls back");
          expect(r).not.toContain("Promote");
          await t.keys("Escape");
          await t.waitFor((x) => x.includes("R roll back · q quit"), "back to the small screen");
        } else {
          await firstFrame(d);
          await t.keys("p");
          await t.waitFor((x) => x.includes("Promote to 10 % green") && x.includes("o overrides"), "dialog");
          for (const key of ["y", "Enter", "A", "o"]) {
            await t.keys("?");
            await t.waitFor((x) => x.includes("any key closes") && !x.includes("Promote to"), "help over it");
            await t.keys(key);
            // Back in view, unconfirmed: the key closed the help and did nothing else.
            await t.waitFor(
              (x) => x.includes("Promote to 10 % green") && !x.includes("any key closes"),
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
        await t.keys("q");
        await t.waitFor((x) => x.includes("[exited 0]"), "quit");
      } finally {
        d.kill();
      }
    },
    120_000,
  );
});
