/**
 * The sandbox clock's two subscriptions: `onMove` is one held read (called once, counted in
 * `waiting`), `onEveryMove` a standing follower (the demo's engine re-reads at every jump), which
 * a long-poll's count never includes.
 */
import { describe, expect, it } from "vitest";
import { createClock } from "../../source/sandbox/clock.js";

describe("the sandbox clock's subscriptions", () => {
  it("onEveryMove is called at every move until unsubscribed, and is not a waiting read", () => {
    const clock = createClock({ manual: true, start: 0 });
    const seen: number[] = [];
    const off = clock.onEveryMove(() => seen.push(clock.now()));
    expect(clock.waiting).toBe(0);
    clock.advance(1_000);
    clock.set(60_000);
    clock.advance(5);
    expect(seen).toEqual([1_000, 60_000, 60_005]);
    off();
    clock.advance(1);
    expect(seen).toHaveLength(3);
  });

  it("onMove is called once, at the next move only", () => {
    const clock = createClock({ manual: true, start: 0 });
    let calls = 0;
    clock.onMove(() => calls++);
    expect(clock.waiting).toBe(1);
    clock.advance(1);
    clock.advance(1);
    expect(calls).toBe(1);
    expect(clock.waiting).toBe(0);
  });
});
