import { render } from "ink-testing-library";
import type { ReactElement } from "react";

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/**
 * How often a wait looks again when no frame came: predicates also read the store, the engine and
 * the sandbox, which change without a frame. A frame wakes the wait at once (below).
 */
const POLL_MS = 5;

/** ink-testing-library with a fixed terminal size, and waits on what the frame shows (no sleeps). */
export function renderAt(tree: ReactElement, size: { columns: number; rows: number }) {
  const r = render(tree);
  Object.defineProperty(r.stdout, "columns", { value: size.columns, configurable: true });
  Object.defineProperty(r.stdout, "rows", { value: size.rows, configurable: true });
  // A wait parks on a timer, not on setImmediate: spinning kept the worker's core busy for the
  // whole wait (the sandbox's sockets, Ink's throttle, the engine's timers), CPU the other worker
  // needed. Ink's frames wake the parked wait so that it still sees each frame as it is written.
  let wake: (() => void) | undefined;
  const write = r.stdout.write.bind(r.stdout);
  r.stdout.write = (frame: string) => {
    write(frame);
    wake?.();
  };
  r.rerender(tree);
  // Memoised on the frame's text: a wait asks for it far more often than Ink draws.
  let raw: string | undefined;
  let plain = "";
  const frame = () => {
    const last = r.lastFrame() ?? "";
    if (last !== raw) {
      raw = last;
      plain = last.replace(ANSI, "");
    }
    return plain;
  };
  return {
    ...r,
    frame,
    lines: () => frame().split("\n"),
    async waitFor(pred: (frame: string) => boolean, what = "condition", timeoutMs = 15_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const f = frame();
        if (pred(f)) return f;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${f}`);
        await new Promise<void>((res) => {
          const t = setTimeout(() => {
            wake = undefined;
            res();
          }, POLL_MS);
          // Looked at on the next turn, as the spin did: React's effects of the commit that wrote the
          // frame (useInput's handler among them) run first, so a key sent next meets that frame's.
          wake = () => {
            clearTimeout(t);
            wake = undefined;
            setImmediate(res);
          };
        });
      }
    },
    async press(keys: string) {
      r.stdin.write(keys);
      await new Promise((res) => setImmediate(res));
    },
  };
}

/** Display width of a line (wide symbols count as one column here, as in the terminals golive targets). */
export function width(line: string): number {
  return [...line].length;
}
