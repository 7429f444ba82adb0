/**
 * The one-second clock redraws only what shows time (issue 14): the header's clock and countdown
 * and the panes' ages are leaves that tick on their own, in one frame a tick, and the App (the whole shape of the
 * cockpit, its gate and its panes) draws again on a tick only when what it shows from the time
 * changed. The gate still follows the clock: an input that ages past its limit closes it at the next
 * tick with no new data (no evidence, never healthy).
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { tickerFor } from "../../source/ui/hooks/clock.js";
import { model, T0, testGate, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

const SIZE = { columns: 200, rows: 50 };

/**
 * The model's ticker at 20 ms, registered before the first render takes the 1 s one (tickerFor keeps
 * one per model): what these show is what a tick draws, not its period, and a tick then follows each
 * setNow at once instead of after up to a real second (six of them a run).
 */
const fastTicks = (m: { now(): number }): void => {
  tickerFor(m, 20);
};

describe("the clock's tick", () => {
  it("redraws the clock and the countdown without drawing the App again", async () => {
    const { m, setNow } = await model();
    fastTicks(m);
    let renders = 0;
    const state = m.state;
    // The App reads the session state once per render (shape.ts); the leaves never do.
    m.state = () => {
      renders++;
      return state();
    };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={SIZE} />, SIZE);
    await r.waitFor((f) => f.includes("11:40:00 UTC  T-00:20:00"), "the first frame");
    const before = renders;
    // One frame per tick: the leaves (clock, countdown, two ages) set their state in one ticker
    // callback, which React draws as one commit, so Ink writes one frame, not four.
    const frames = r.frames.length;
    for (const s of [1, 2, 3]) {
      setNow(T0 - 20 * 60_000 + s * 1000);
      const f = await r.waitFor((x) => x.includes(`11:40:0${s} UTC  T-00:19:5${10 - s}`), `tick ${s}`);
      expect(f).toContain(`Pre-Deployment Verification ends in 00:19:5${10 - s}`);
    }
    expect(renders).toBe(before);
    expect(r.frames.length - frames).toBe(3);
    // A phase's status moved by the clock alone is the App's to draw: T-0 makes Deployment Execution current.
    setNow(T0 + 1000);
    await r.waitFor((f) => f.includes("Deployment Execution ends in"), "the phase at T-0");
    expect(renders).toBeGreaterThan(before);
    r.unmount();
  });

  it("closes the gate when blue's baseline ages past its limit, with no new data or event", async () => {
    const { m, store, setNow } = await model();
    fastTicks(m);
    const polled = T0 - 20 * 60_000;
    let now = polled;
    const set = (t: number) => {
      now = t;
      setNow(t);
    };
    // Blue's metrics were read once, at `polled`, and never again; everything else is current.
    m.gate = () => testGate(store.state, m.snapshot()!, now, polled);
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={SIZE} />, SIZE);
    await r.waitFor((f) => f.includes("gate open: p promotes to 10 % green"), "the open gate");
    const events = store.events.length;
    set(polled + 179_000);
    await r.waitFor((f) => f.includes("11:42:59 UTC"), "within the limit");
    expect(r.frame()).toContain("gate open: p promotes to 10 % green");
    set(polled + 181_000);
    const f = await r.waitFor((x) => x.includes("gate closed for 10 %"), "the gate closed by age");
    expect(f).toContain("blue's baseline metrics poll is stale: last success 3m01s ago");
    expect(f).not.toContain("gate open");
    expect(store.events.length).toBe(events);
    r.unmount();
  });
});
