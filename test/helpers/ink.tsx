import { render } from "ink-testing-library";
import type { ReactElement } from "react";

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/** ink-testing-library with a fixed terminal size, and waits on what the frame shows (no sleeps). */
export function renderAt(tree: ReactElement, size: { columns: number; rows: number }) {
  const r = render(tree);
  Object.defineProperty(r.stdout, "columns", { value: size.columns, configurable: true });
  Object.defineProperty(r.stdout, "rows", { value: size.rows, configurable: true });
  r.rerender(tree);
  const frame = () => (r.lastFrame() ?? "").replace(ANSI, "");
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
        await new Promise((res) => setImmediate(res));
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
