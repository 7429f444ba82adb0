/**
 * Nothing from data reaches a terminal raw: escape sequences, C1 controls and bidi overrides in
 * runbook text, notes, AWS messages are shown as visible text, for any input (fast-check).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  hasTerminalControls,
  terminalDeep,
  terminalLine,
  terminalText,
} from "../../source/domain/sanitize.js";

/** What must never be emitted: C0 (but newline and tab where allowed), DEL, C1, bidi controls. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "\u001b",
      "\u0007",
      "\u009b",
      "\u202e",
      "\u2066",
      "\u061c",
      "\n",
      "\t",
      "\r",
      "\u0000",
      "\u007f",
    ),
    fc.string({ minLength: 1, maxLength: 1 }),
    fc.constantFrom("é", "→", "✓", "💥"),
  ),
  maxLength: 40,
});

describe("terminalText", () => {
  it("shows the common attacks as the text they are", () => {
    expect(terminalText("\u001b]52;c;ZXZpbA==\u0007")).toBe("\\e]52;c;ZXZpbA==\\a");
    expect(terminalText("\u001b[2J")).toBe("\\e[2J");
    // C1 CSI, which some terminals take as ESC [.
    expect(terminalText("\u009b31m")).toBe("\\x9b31m");
    // A right-to-left override that makes "txt.exe" read as "exe.txt".
    expect(terminalText("a\u202Etxt.exe")).toBe("a\\u202etxt.exe");
    expect(terminalText("a\rb\bc\fd\ve\u0000")).toBe("a\\rb\\bc\\fd\\ve\\0");
  });

  it("keeps newlines, tabs and printable Unicode as they are", () => {
    expect(terminalText("line 1\n\tline 2 → ✓ é 💥")).toBe("line 1\n\tline 2 → ✓ é 💥");
  });

  it("for any text: nothing raw is left, and only text with controls is changed", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = terminalText(s);
        expect(RAW.test(out)).toBe(false);
        expect(out !== s).toBe(hasTerminalControls(s));
        // The printable text is all still there, in order. (Checked where the input has no
        // backslash of its own: a printable "\0" in the input reads like an escape in the output.)
        if (!s.includes("\\"))
          expect(out.replace(/\\(e|a|b|r|f|v|0|x[0-9a-f]{2}|u[0-9a-f]{4})/g, "")).toBe(
            s.replace(new RegExp(RAW.source, "g"), ""),
          );
      }),
    );
  });
});

describe("terminalLine", () => {
  it("keeps a cell on one line: a newline is shown, a tab becomes a space", () => {
    expect(terminalLine("a\nb\tc")).toBe("a\\x0ab c");
  });
  it("a multiline pane keeps newlines (it splits them itself)", () => {
    expect(terminalLine("a\nb\u001b[1m", true)).toBe("a\nb\\e[1m");
  });
  it("for any text, a one-line cell holds no newline, tab or raw control", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = terminalLine(s);
        expect(/[\n\t]/.test(out) || RAW.test(out)).toBe(false);
      }),
    );
  });
});

describe("terminalDeep", () => {
  it("makes every string inside a value safe, keeps numbers, nulls and dates, and leaves the input alone", () => {
    const at = new Date("2026-11-23T12:00:00Z");
    const input = {
      note: "ok\u001b[2J",
      list: ["\u009bx", 3, null],
      nested: { by: "ann\u202e", at, n: 1.5, yes: true },
    };
    const copy = structuredClone(input);
    const out = terminalDeep(input);
    expect(out).toEqual({
      note: "ok\\e[2J",
      list: ["\\x9bx", 3, null],
      nested: { by: "ann\\u202e", at, n: 1.5, yes: true },
    });
    expect(out.nested.at).toBe(at);
    expect(input).toEqual(copy);
  });

  it("copies on write: a value with nothing to rewrite is itself, a copy shares every unchanged part", () => {
    const clean = { steps: [{ step: 10, at: "12:00" }], weights: { blue: 90, green: 10 }, n: Number.NaN };
    expect(terminalDeep(clean)).toBe(clean);
    expect(terminalDeep(clean.steps)).toBe(clean.steps);
    const state = { ...clean, notes: [{ text: "fine" }, { text: "evil\u001b]52;c;x\u0007" }] };
    const copy = structuredClone(state);
    const out = terminalDeep(state);
    expect(out).not.toBe(state);
    expect(out.steps).toBe(state.steps);
    expect(out.weights).toBe(state.weights);
    expect(out.notes).not.toBe(state.notes);
    expect(out.notes[0]).toBe(state.notes[0]);
    expect(out.notes[1]).toEqual({ text: "evil\\e]52;c;x\\a" });
    expect(Object.keys(out)).toEqual(Object.keys(state));
    expect(state).toEqual(copy);
  });

  it("still reads anything but a plain object or array as a copy of its own fields", () => {
    class Point {
      constructor(
        readonly x: number,
        readonly label: string,
      ) {}
    }
    const p = new Point(1, "a");
    const out = terminalDeep(p);
    expect(out).not.toBe(p);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out).toEqual({ x: 1, label: "a" });
  });
});
