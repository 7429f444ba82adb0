/**
 * The shipped bundle patches how Ink writes a frame that fills the terminal (scripts/ink-patches.mjs):
 * only the rows that changed, each at its own row, instead of clearing the terminal and writing every
 * row again. What the terminal then shows must be exactly what Ink's own full write shows: the same
 * small Ink program, bundled with and without the patch, runs in two real tmux panes, both are fed
 * the same keys, and their screens (with colours) are compared after every frame and a resize.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleInkProgram } from "../helpers/ink-bundle.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

/**
 * Each `n` is the next frame: a full-width first row (the terminal's pending-wrap column), a
 * full-width coloured rule, a row that gets shorter (what was there must be erased), wide
 * characters, a row that stays, an empty row now and then, one moving marker and the last row.
 */
const program = `
import React, { useState } from "react";
import { Box, Text, render, useApp, useInput, useStdout } from "ink";
const h = React.createElement;
function Screen() {
  const [n, setN] = useState(0);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [size, setSize] = useState({ columns: stdout.columns, rows: stdout.rows });
  React.useEffect(() => {
    const on = () => setSize({ columns: stdout.columns, rows: stdout.rows });
    stdout.on("resize", on);
    return () => stdout.off("resize", on);
  }, []);
  useInput((input) => {
    if (input === "n") setN((x) => x + 1);
    if (input === "q") exit();
  });
  const { columns: w, rows: r } = size;
  const lines = [
    h(Text, { key: "a" }, ("frame " + n).padEnd(w - 4) + String(n % 60).padStart(4)),
    h(Text, { key: "b", color: n % 2 ? "green" : "red", bold: n % 3 === 0 }, "━".repeat(w)),
    h(Text, { key: "c" }, "x".repeat(Math.max(0, w - ((n * 7) % w)))),
    h(Text, { key: "d", wrap: "truncate" }, "漢字🟢 " + (n % 3) + " " + "⚡".repeat(n % 4) + " ▅▆▇█"),
    h(Text, { key: "e", inverse: true }, "a row that stays"),
    h(Text, { key: "f" }, n % 5 === 0 ? "" : "now and then"),
  ];
  for (let i = lines.length; i < r - 1; i++)
    lines.push(h(Text, { key: "r" + i, color: i === n % r ? "yellow" : undefined }, "row " + i + (i === n % r ? " ←" : "")));
  lines.push(h(Text, { key: "z" }, "last " + (n % 2)));
  return h(Box, { flexDirection: "column", width: w, height: r, overflow: "hidden" }, lines);
}
process.stdout.write("\\u001b[?1049h\\u001b[H");
const app = render(h(Screen), { exitOnCtrlC: false, patchConsole: false, maxFps: 15, incrementalRendering: true });
await app.waitUntilExit();
process.stdout.write("\\u001b[?25h\\u001b[?1049l");
`;

const bundle = (dir: string, patched: boolean) =>
  bundleInkProgram(program, patched, join(dir, `${patched ? "patched" : "ink"}.mjs`));

describe("Ink's terminal writes as the bundle patches them", () => {
  let ink: TmuxSession;
  let patched: TmuxSession;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "golive-ink-writes-"));
    const [inkFile, patchedFile] = await Promise.all([bundle(dir, false), bundle(dir, true)]);
    const size = { columns: 40, rows: 12 };
    // Ink draws nothing until it exits when it believes it runs in CI (is-in-ci), as golive's own
    // entry knows (cli.tsx): the tmux server inherits CI=1 from .ci/run, so it is taken away here.
    const node = "env -u CI -u CONTINUOUS_INTEGRATION node";
    ink = await TmuxSession.start("ink-own", size, `${node} ${inkFile}`, cockpitEnv(dir));
    patched = await TmuxSession.start("ink-patched", size, `${node} ${patchedFile}`, cockpitEnv(dir));
  });
  afterAll(() => {
    ink?.kill();
    patched?.kill();
    killTmuxServer();
  });

  const frame = async (n: number) => {
    const shown = (s: string) => new RegExp(`^frame ${n} `, "m").test(s);
    await Promise.all([ink.waitFor(shown, `Ink's frame ${n}`), patched.waitFor(shown, `patched frame ${n}`)]);
    const [a, b] = await Promise.all([ink.screenWithEscapes(), patched.screenWithEscapes()]);
    expect(b, `frame ${n}`).toBe(a);
  };

  it("shows what Ink's full write shows, frame after frame and after a resize", async () => {
    await frame(0);
    // What each program writes to its terminal, to see that the patched one does not redraw it all.
    const dir = mkdtempSync(join(tmpdir(), "golive-ink-pipe-"));
    const pipe = (t: TmuxSession, file?: string) =>
      execFileSync("tmux", [
        "-L",
        TmuxSession.socket(),
        "pipe-pane",
        "-t",
        t.name,
        ...(file ? [`cat > ${file}`] : []),
      ]);
    pipe(ink, join(dir, "ink"));
    pipe(patched, join(dir, "patched"));
    let n = 0;
    for (; n < 12; ) {
      n++;
      await Promise.all([ink.keys("n"), patched.keys("n")]);
      await frame(n);
    }
    pipe(ink);
    pipe(patched);
    const clear = "\u001b[2J";
    expect(readFileSync(join(dir, "ink"), "latin1").split(clear).length - 1).toBeGreaterThanOrEqual(12);
    // Once, for the first frame that fills the terminal after the first one; never again.
    expect(readFileSync(join(dir, "patched"), "latin1").split(clear).length - 1).toBeLessThanOrEqual(1);
    await Promise.all([ink.resize(52, 9), patched.resize(52, 9)]);
    for (; n < 18; ) {
      n++;
      await Promise.all([ink.keys("n"), patched.keys("n")]);
      await frame(n);
    }
  });
});
