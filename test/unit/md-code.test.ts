/**
 * A value shown as inline code in the sign-off record (a session id, a runbook path): one line,
 * controls visible, and a fence no backtick inside can close.
 */
import { describe, expect, it } from "vitest";
import { mdCode } from "../../source/domain/markdown-escape.js";
import { terminalDeep } from "../../source/domain/sanitize.js";

describe("mdCode", () => {
  it.each([
    ["sessions/2026-12-03.json", "`sessions/2026-12-03.json`"],
    ["a `b` c", "``a `b` c``"],
    ["a ``` b `c` d", "````a ``` b `c` d````"],
    // A backtick at either end is padded off the fence, or it would join it.
    ["`start", "`` `start ``"],
    ["end`", "`` end` ``"],
    ["``x``", "``` ``x`` ```"],
    ["line1\nline2\r\nline3", "`line1 ⏎ line2 ⏎ line3`"],
    ["\u001b[2J", "`\\e[2J`"],
  ])("%j is %j", (value, code) => {
    expect(mdCode(value)).toBe(code);
  });
});

describe("terminalDeep", () => {
  it("returns an object with no prototype itself when nothing in it needs rewriting", () => {
    const o = Object.assign(Object.create(null) as Record<string, string>, { a: "plain" });
    expect(terminalDeep(o)).toBe(o);
  });
});
