/**
 * The cockpit's one-second clock, shared: one timer per model, and each subscriber decides on a tick
 * whether it has anything new to draw. What shows time (the header's clock and countdown, a pane's
 * age) subscribes as a leaf of its own, so a tick re-renders those cells and not the whole App; the
 * App re-renders on a tick only when what it derives from the time changed (ui/app/time-key.ts).
 * All subscribers hear a tick in one callback, so React draws them in one frame.
 */
import { useEffect, useReducer, useRef } from "react";

export interface Ticker {
  subscribe(fn: () => void): () => void;
}

export interface Clocked {
  now(): number;
}

const tickers = new WeakMap<Clocked, Ticker>();

/** The model's ticker: a timer runs only while something listens. */
export function tickerFor(model: Clocked, everyMs = 1000): Ticker {
  let t = tickers.get(model);
  if (t) return t;
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  t = {
    subscribe(fn) {
      listeners.add(fn);
      timer ??= setInterval(() => {
        for (const l of [...listeners]) l();
      }, everyMs);
      return () => {
        listeners.delete(fn);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
  tickers.set(model, t);
  return t;
}

/**
 * Re-renders the calling component on a tick when `changed()` says so; `changed` is the latest
 * render's (it compares what that render drew with what the clock says now).
 */
export function useTick(model: Clocked, changed: () => boolean): void {
  const [, bump] = useReducer((x: number) => x + 1, 0);
  const latest = useRef(changed);
  latest.current = changed;
  useEffect(() => tickerFor(model).subscribe(() => latest.current() && bump()), [model]);
}

/** `text(now)`, drawn again on every tick where it reads differently. */
export function useClockText(model: Clocked, text: (now: number) => string): string {
  const shown = text(model.now());
  useTick(model, () => text(model.now()) !== shown);
  return shown;
}
