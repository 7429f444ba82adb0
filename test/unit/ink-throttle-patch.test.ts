/**
 * Ink throttles its frames (maxFps) with es-toolkit's throttle, which arms two timers after every
 * frame, a lone one included, and each wakes the idle cockpit a window later to draw nothing. The
 * bundle's patch (scripts/ink-patches-throttle.mjs) arms a timer only for a frame asked for inside
 * the window; what is drawn, and that the last state is always drawn, stay as they were.
 */
import { describe, expect, it } from "vitest";
import { fakeTerminal, importInkPrograms } from "../helpers/ink-bundle.js";

const driver = `
import React from "react";
import { render, Box, Text } from "ink";
${fakeTerminal}
const h = React.createElement;
const tick = () => new Promise((r) => setImmediate(r));

export async function run(maxFps) {
  const window = Math.ceil(1000 / maxFps);
  const { stdout, stdin, out } = terminal(40, 3, true);
  let show;
  let frameAt = 0;
  let committed;
  function App() {
    const [t, setT] = React.useState("0");
    show = setT;
    React.useLayoutEffect(() => { committed = t; });
    return h(Box, { flexDirection: "column", width: 40, height: 3 },
      h(Text, null, "header"), h(Text, null, "value " + t), h(Text, null, "footer"));
  }
  const ink = render(h(App), {
    stdout, stdin, patchConsole: false, exitOnCtrlC: false, maxFps,
    onRender: () => { frameAt = performance.now(); },
  });
  const drawn = async (text) => { while (!out.all.join("").includes(text)) await tick(); };
  await drawn("value 0");
  // Lone updates, each a whole window after the last frame: the timers Ink arms for each.
  const armed = [];
  const setTimeoutInk = globalThis.setTimeout;
  for (let k = 1; k <= 3; k++) {
    while (performance.now() - frameAt < window + 1) await tick();
    let n = 0;
    globalThis.setTimeout = (...a) => { n++; return setTimeoutInk(...a); };
    try {
      show(String(k));
      await drawn("value " + k);
    } finally {
      globalThis.setTimeout = setTimeoutInk;
    }
    armed.push(n);
  }
  // A burst inside one window: the last state is drawn (by the trailing frame).
  show("burst 1");
  show("burst 2");
  await tick();
  show("burst 3");
  await drawn("value burst 3");
  // A frame asked for inside the window, then unmount: the pending frame is drawn, not dropped.
  await drawn("value burst 3");
  show("last a");
  await tick();
  show("last b");
  while (committed !== "last b") await tick();
  ink.unmount();
  return { armed, all: out.all.join("") };
}
`;

describe("Ink's frame throttle, as the bundle patches it", () => {
  it("arms no timer for a lone frame, and still draws a burst's last state and a pending frame on unmount", async () => {
    const { ink, patched } = await importInkPrograms<{
      run: (maxFps: number) => Promise<{ armed: number[]; all: string }>;
    }>(driver, "golive-ink-throttle-");
    const [a, b] = [await ink.run(15), await patched.run(15)];
    // Unpatched Ink arms its throttle's timers for every frame (what the patch removes).
    for (const n of a.armed) expect(n).toBeGreaterThan(0);
    expect(b.armed).toEqual([0, 0, 0]);
    for (const r of [a, b]) {
      expect(r.all).toContain("value burst 3");
      expect(r.all).toContain("value last b");
    }
  });
});
