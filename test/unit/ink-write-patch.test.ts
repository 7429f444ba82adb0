/**
 * A full-screen frame reached the terminal as three writes (begin a synchronized update, the changed
 * rows, end it), and a frame that changed no row still wrote the two markers. The bundle's patch
 * (scripts/ink-patches-write.mjs) makes it one write, and none for a frame with nothing to draw.
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleInkProgram, fakeTerminal } from "../helpers/ink-bundle.js";

const driver = `
import React from "react";
import { render, Box, Text } from "ink";
${fakeTerminal}
const h = React.createElement;
export async function draw(texts) {
  const { stdout, stdin, out } = terminal(40, 4, true);
  let show;
  let renders = 0;
  function App() {
    const [k, setK] = React.useState(0);
    show = setK;
    return h(Box, { flexDirection: "column", width: 40, height: 4 },
      h(Text, null, "header"), h(Text, null, texts[k]), h(Text, null, "footer"));
  }
  const ink = render(h(App), { stdout, stdin, patchConsole: false, exitOnCtrlC: false, onRender: () => renders++ });
  const frames = [];
  for (let k = 1; k < texts.length; k++) {
    const [before, rendered] = [out.writes, renders];
    show(k);
    while (renders === rendered) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    frames.push(out.all.slice(before));
  }
  ink.unmount();
  return frames;
}
`;

describe("Ink's terminal write, as the bundle patches it", () => {
  it("writes a full-screen frame once, synchronized update markers included, and a frame with nothing new not at all", async () => {
    // Synchronized updates are off in CI (is-in-ci, read when Ink loads): this terminal is not in CI.
    const ci = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
    process.env.CI = "0";
    delete process.env.CONTINUOUS_INTEGRATION;
    let draw: (texts: string[]) => Promise<string[][]>;
    try {
      const file = await bundleInkProgram(
        driver,
        true,
        join(mkdtempSync(join(tmpdir(), "golive-ink-write-")), "p.mjs"),
      );
      ({ draw } = await import(pathToFileURL(file).href));
    } finally {
      for (const [k, v] of Object.entries(ci))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    const frames = await draw(["12:00:00", "12:00:01", "12:00:01", "12:00:02"]);
    const [bsu, esu] = ["\u001b[?2026h", "\u001b[?2026l"];
    // The first full-screen frame is Ink's whole write; the third changes nothing.
    expect(frames.map((f) => f.length)).toEqual([1, 0, 1]);
    const changed = frames[2]![0]!;
    expect(changed.startsWith(bsu) && changed.endsWith(esu)).toBe(true);
    // Only the changed row and the last (empty here: it is where Ink's cursor ends), each at its place.
    expect(changed).toBe(`${bsu}\u001b[2;1H\u001b[2K12:00:02\u001b[4;1H\u001b[2K${esu}`);
  });
});
