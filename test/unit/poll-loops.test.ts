/**
 * engine/poll-loops.ts on vitest's fake timers: each loop ticks at once and then on its own timer
 * (one timer per loop, whatever ran meanwhile), an immediate tick cancels the pending timer, a poll
 * never overlaps itself (asked for while it runs, in its loop or outside it, it runs once more when
 * that ends), a failing poll keeps its loop, and nothing ticks after stop.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type PollLoop, PollLoops } from "../../source/engine/poll-loops.js";
import { gate } from "../helpers/gate.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A loop whose ticks are logged; `hold()` keeps the next tick running until released. */
function loop(name: string, delay = 1000, o: { now?: boolean; fail?: boolean } = {}) {
  const log: string[] = [];
  const running = gate();
  const run = (kind: string) => async () => {
    log.push(kind);
    await running.wait;
    if (o.fail) throw new Error("poll failed");
  };
  const l: PollLoop = { name, delay: () => delay, tick: run("tick"), ...(o.now ? { now: run("now") } : {}) };
  return {
    l,
    log,
    hold: () => running.shut(),
  };
}

describe("a poll loop", () => {
  it("ticks at once, then every interval", async () => {
    const loops = new PollLoops();
    const a = loop("a");
    loops.add(a.l);
    expect(a.log).toEqual(["tick"]);
    await vi.advanceTimersByTimeAsync(999);
    expect(a.log).toEqual(["tick"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.log).toEqual(["tick", "tick"]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(a.log).toHaveLength(5);
    loops.stop();
  });

  it("an immediate tick runs its own read and replaces the pending timer", async () => {
    const loops = new PollLoops();
    const a = loop("a", 1000, { now: true });
    const b = loop("b", 1000);
    loops.add(a.l);
    loops.add(b.l);
    await vi.advanceTimersByTimeAsync(600);
    loops.now("a");
    loops.now("nobody");
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log).toEqual(["tick", "now"]);
    // The timer armed at 0 would have fired at 1000; the one armed by the immediate tick fires at 1600.
    await vi.advanceTimersByTimeAsync(999);
    expect(a.log).toEqual(["tick", "now"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.log).toEqual(["tick", "now", "tick"]);
    expect(vi.getTimerCount()).toBe(2);
    // Every loop at once; a loop without its own read ticks.
    loops.all();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log.at(-1)).toBe("now");
    expect(b.log).toEqual(["tick", "tick", "tick"]);
    loops.stop();
  });

  it("asked for while it runs: once more when it ends, however often asked", async () => {
    const loops = new PollLoops();
    const a = loop("a", 1000, { now: true });
    const open = a.hold();
    loops.add(a.l);
    loops.now("a");
    loops.now("a");
    expect(a.log).toEqual(["tick"]);
    open();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log).toEqual(["tick", "now"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log).toEqual(["tick", "now"]);
    expect(vi.getTimerCount()).toBe(1);
    loops.stop();
  });

  it("busy outside its loop: the immediate tick waits for that read to end", async () => {
    let busy = true;
    const loops = new PollLoops((name) => busy && name === "a");
    const a = loop("a", 1000, { now: true });
    loops.add(a.l);
    await vi.advanceTimersByTimeAsync(0);
    loops.now("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log).toEqual(["tick"]);
    busy = false;
    loops.ended("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log).toEqual(["tick", "now"]);
    // Ended with nothing asked for meanwhile: nothing runs.
    loops.ended("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log).toEqual(["tick", "now"]);
    loops.stop();
  });

  it("asked for while its own tick runs and a read outside is under way: the read's end runs it, once", async () => {
    let busy = false;
    const loops = new PollLoops((name) => busy && name === "a");
    const a = loop("a", 1000, { now: true });
    const open = a.hold();
    loops.add(a.l);
    loops.now("a");
    // A read outside the loop ending while the loop's tick runs leaves the ask to the tick's end.
    loops.ended("a");
    busy = true;
    open();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log).toEqual(["tick"]);
    expect(vi.getTimerCount()).toBe(1);
    busy = false;
    loops.ended("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log).toEqual(["tick", "now"]);
    loops.stop();
  });

  it("a failing poll keeps its loop", async () => {
    const loops = new PollLoops();
    const a = loop("a", 500, { fail: true });
    loops.add(a.l);
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.log).toEqual(["tick", "tick", "tick"]);
    loops.stop();
  });

  it("stopped: no timer left, nothing ticks, a tick under way arms none", async () => {
    const loops = new PollLoops();
    const a = loop("a");
    const b = loop("b");
    const open = b.hold();
    loops.add(a.l);
    loops.add(b.l);
    loops.now("b");
    loops.stop();
    expect(vi.getTimerCount()).toBe(0);
    open();
    await vi.advanceTimersByTimeAsync(5000);
    loops.now("a");
    loops.all();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.log).toEqual(["tick"]);
    expect(b.log).toEqual(["tick"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
