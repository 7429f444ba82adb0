/**
 * Issue 12, item 9 (I8) in real tmux against `golive demo`: a trigger that stays breached is one
 * alert whose count grows, not one alert per metric period; a burst of `a` never acknowledges the
 * same alert twice; `A` acknowledges all of them as one event; below 80×24 neither acts unseen.
 * Time moves on the sandbox clock, a minute at a time, never waited out.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  clock,
  fault,
  firstFrame,
  fits,
  goWithOverride,
  recorded,
  SIZES,
  startDemo,
} from "../helpers/demo.js";
import { killTmuxServer } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

const TRIGGER_LINE = /✖ ALERT \d\d:\d\d:\d\d (×\d+ )?ROLLBACK TRIGGER/g;
const lines = (s: string) => s.match(TRIGGER_LINE)?.length ?? 0;
/** The highest episode count on screen (`×12`, before the message, so 80 columns never cut it). */
const seen = (s: string) =>
  Math.max(0, ...[...s.matchAll(/✖ ALERT \d\d:\d\d:\d\d ×(\d+) ROLLBACK TRIGGER/g)].map((m) => Number(m[1])));

describe("item 9: a breach that stays is one alert episode (I8)", () => {
  // 60×20 shows no alerts to act on: that case floods at 80×24, shrinks to 60×20 (a, A do nothing
  // there), grows back and goes on as the 80×24 case (a burst of a): one demo and one flood for both.
  for (const { small, name, ...big } of [
    { columns: 80, rows: 24, small: true, name: "60×20, then 80×24" },
    { columns: 200, rows: 50, small: false, name: "200×50" },
  ])
    it(`at ${name}`, async () => {
      const size = small ? SIZES[0] : big;
      const d = await startDemo(`flood${size.columns}`, big);
      try {
        const { t, port, sessions } = d;
        await firstFrame(d);
        await goWithOverride(t);
        await t.waitFor((x) => x.includes("CANARY 10 %") && !x.includes("promote…"), "canary at 10 %");
        // Green breaks two triggers (error rate and p95) and stays broken, period after period.
        await fault(port, "error-rate", "green", "15%");
        await fault(port, "latency", "green", "6x");
        let s = "";
        for (let m = 0; m < 12 && seen(s) < 3; m++) {
          await clock(port, 1);
          s = await t.waitFor((x) => x !== s, "the monitor's next frame", 3000).catch(() => s);
        }
        s = await t.waitFor((x) => seen(x) >= 3, "an episode seen three times");
        expect(fits(s, big)).toBe(true);
        let events = await recorded(sessions);
        const raised = events.filter((e) => e.type === "alert.raised" && e.data.severity === "critical");
        // One alert per (trigger, arm), however many periods it stayed breached: error rate, p95,
        // and the verdict's FAIL (a pause trigger by default since trust levels).
        expect(raised.length).toBeGreaterThanOrEqual(1);
        expect(raised.length).toBeLessThanOrEqual(3);
        expect(events.filter((e) => e.type === "alert.repeated").length).toBeGreaterThanOrEqual(2);
        // One line per episode, never one per period (80×24 has room for the newest only).
        expect(lines(s)).toBeGreaterThanOrEqual(1);
        expect(lines(s)).toBeLessThanOrEqual(raised.length);

        if (small) {
          await t.resize(60, 20);
          s = await t.waitFor((x) => x.includes("R rolls back — ROLLBACK TRIGGER"), "what now: only R");
          expect(fits(s, size)).toBe(true);
          await t.keys("a", "a", "A");
          await t.keys("R");
          await t.waitFor(
            (x) => x.includes("ROLL BACK to 100 % blue"),
            "R still works; a, A handled before it",
          );
          await t.keys("Escape");
          expect((await recorded(sessions)).map((e) => e.type)).not.toContain("alert.acknowledged");
          await t.resize(80, 24);
          // Keys act only once the full layout is drawn again (until then nothing acts unseen).
          await t.waitFor((x) => !x.includes("(this is 60×20)") && x.includes("? help"), "the full layout");
        }
        if (big.columns === 80) {
          // A burst of a: each takes the next alert, newest first; the rest find none left.
          await t.keys("aaaa");
          await t.waitFor((x) => lines(x) === 0, "every alert acknowledged");
          events = await recorded(sessions);
          const acks = events.filter((e) => e.type === "alert.acknowledged").map((e) => e.data.alert);
          // Every episode seen above is acknowledged, none twice, and nothing that was never raised;
          // the demo's clock runs on, so a later episode (the verdict's FAIL) may take one of the a's.
          expect(acks).toEqual(expect.arrayContaining(raised.map((e) => e.data.alert)));
          expect(new Set(acks).size).toBe(acks.length);
          const everRaised = events.filter((e) => e.type === "alert.raised").map((e) => e.data.alert);
          expect(everRaised).toEqual(expect.arrayContaining(acks));
        } else {
          await t.keys("A");
          // The toast says so, unless an alert raised after it took its place: the record decides.
          for (let n = 0; n < 100; n++) {
            if ((await recorded(sessions)).some((e) => e.type === "alert.acknowledged")) break;
            await new Promise((r) => setTimeout(r, 100));
          }
          await t.keys("A", "a");
          events = await recorded(sessions);
          const acks = events.filter((e) => e.type === "alert.acknowledged");
          // Every alert raised before A is in its one event; A and a again take only alerts raised
          // since (the demo's clock runs on), never one already acknowledged.
          expect(acks[0]!.data.alerts as string[]).toEqual(
            expect.arrayContaining(raised.map((e) => e.data.alert as string)),
          );
          const ids = acks.flatMap(
            (e) => (e.data.alerts as string[] | undefined) ?? [e.data.alert as string],
          );
          expect(new Set(ids).size).toBe(ids.length);
        }
        await t.keys("q");
        // An acknowledgement still being written makes q ask first (nothing in flight quits unseen).
        const asked = await t.waitFor((x) => x.includes("[exited") || x.includes("Quit anyway?"), "quit");
        if (!asked.includes("[exited")) {
          await t.keys("y");
          await t.waitFor((x) => x.includes("[exited"), "quit after y");
        }
      } finally {
        d.kill();
      }
    }, 120_000);
});
