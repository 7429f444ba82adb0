/**
 * The shipped bundle's Ink output stage (scripts/ink-patches*.mjs) on the cockpit's own frames: what
 * the real App hands Ink's Output (each write's text, place and transformers, the clips) is recorded
 * frame by frame, in colour, at both benchmark sizes, and replayed into Ink's Output as published and
 * as the bundle patches it. Every frame must be the same string, byte for byte: the plain-runs paths
 * (ink-patches-plain.mjs) and the counted row arrays (ink-patches-rows.mjs) among them.
 */
import chalk from "chalk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The Output the in-process cockpit draws with (the workers' Ink: vitest.config.ts).
import InProcessOutput from "../../node_modules/ink/build/output.js";
import { App } from "../../source/ui/app/App.js";
import { makeTheme } from "../../source/ui/theme.js";
import { model, T0 } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";
import { bundle, type Ink } from "../helpers/ink-output-program.js";

type Op =
  | { type: "write"; x: number; y: number; text: string; transformers: ((s: string, i: number) => string)[] }
  | { type: "clip"; clip: { x1?: number; x2?: number; y1?: number; y2?: number } }
  | { type: "unclip" };
interface Recorded {
  width: number;
  height: number;
  operations: Op[];
}

const theme = makeTheme({});

/** The cockpit's frames at one size: the first, clock ticks, and the help dialog over it. */
async function cockpitFrames(size: { columns: number; rows: number }): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  const proto = InProcessOutput.prototype as { get: (this: Recorded) => unknown };
  const get = proto.get;
  proto.get = function (this: Recorded) {
    recorded.push({
      width: this.width,
      height: this.height,
      operations: this.operations.map((o) => ({ ...o })),
    });
    return get.call(this);
  };
  try {
    const { m, setNow } = await model();
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((f) => f.includes("T-00:20:00"), "the first frame");
    for (const s of [1, 2, 3, 4]) {
      setNow(T0 - 20 * 60_000 + s * 1000);
      await r.waitFor((f) => f.includes(`T-00:19:5${10 - s}`), `tick ${s}`);
    }
    r.stdin.write("?");
    await r.waitFor((f) => /help|keys/i.test(f) && f !== "", "the help dialog");
    setNow(T0 - 20 * 60_000 + 5000);
    await r.waitFor((f) => f.includes("T-00:19:55"), "a tick under the dialog");
    r.unmount();
  } finally {
    proto.get = get;
  }
  return recorded;
}

function replay(ink: Ink, frames: Recorded[]): string[] {
  return frames.map((f) => {
    const o = new ink.Output({ width: f.width, height: f.height });
    for (const op of f.operations)
      if (op.type === "write") o.write(op.x, op.y, op.text, { transformers: op.transformers });
      else if (op.type === "clip") o.clip(op.clip);
      else o.unclip();
    return o.get().output;
  });
}

describe("the cockpit's own frames through Ink's output stage as the bundle patches it", () => {
  let ink: Ink;
  let patched: Ink;
  // The workers' stdout is no terminal: chalk (Ink's colours) would draw none.
  const level = chalk.level;
  beforeAll(async () => {
    chalk.level = 3;
    [ink, patched] = await Promise.all([bundle(false), bundle(true)]);
  });
  afterAll(() => {
    chalk.level = level;
  });

  for (const size of [
    { columns: 200, rows: 50 },
    { columns: 80, rows: 24 },
  ])
    it(`draws every frame at ${size.columns}×${size.rows} byte for byte as Ink does`, async () => {
      const frames = await cockpitFrames(size);
      expect(frames.length).toBeGreaterThanOrEqual(6);
      const want = replay(ink, frames);
      // In colour, with styles inside rows: the frames reach the plain-runs paths, not only plain text.
      expect(want.some((f) => /\w\u001b\[[0-9;]*m\w/.test(f))).toBe(true);
      expect(replay(patched, frames)).toEqual(want);
    });
});
