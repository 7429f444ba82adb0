/**
 * terminalText keeps the layout (newlines, tabs) and shows every other control visibly; it runs over
 * whole documents (the Markdown export), so a newline must cost nothing, yet a control next to one
 * must still be caught.
 */
import { describe, expect, it } from "vitest";
import { terminalText } from "../../source/domain/sanitize.js";

describe("terminalText", () => {
  it("keeps newlines and tabs, shows every other control and bidi mark", () => {
    expect(terminalText("a\n\tb")).toBe("a\n\tb");
    expect(terminalText("x\u001b]52;c;AAAA\u0007\ny\r\n")).toBe("x\\e]52;c;AAAA\\a\ny\\r\n");
    expect(terminalText("\u0000\u000b\u000c\u007f\u009b\u202e\u2066")).toBe(
      "\\0\\v\\f\\x7f\\x9b\\u202e\\u2066",
    );
  });

  it("a long document of plain lines comes back unchanged", () => {
    const doc = Array.from({ length: 1000 }, (_, i) => `| ${i} | line\twith tab |`).join("\n");
    expect(terminalText(doc)).toBe(doc);
  });
});
