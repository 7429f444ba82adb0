/**
 * mdInline returns plain text unchanged without running its escapes (a 100,000-event record is
 * mostly plain cells); the shortcut must give exactly what the full escaping gives, for any text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AUTOLINK, JOINER, mdInline } from "../../source/domain/markdown-escape.js";
import { terminalLine } from "../../source/domain/sanitize.js";

/** The full escaping, step by step, as mdInline does it when the shortcut does not apply. */
const full = (s: string) =>
  terminalLine(s.replace(/\r?\n/g, " ⏎ "))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~]/g, "\\$&")
    .replace(AUTOLINK, (m) => `${m.slice(0, -1)}${JOINER}${m.slice(-1)}`);

const tricky = [..."aZ09 ,.;:'\"!?()=+%#$-wW/@&<>\\`*_[]|~\n\r\t\u001b\u0085\u202e\u2060é—"];

describe("mdInline's plain-text shortcut", () => {
  it("gives what the full escaping gives", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tricky), { maxLength: 24 }), (cs) => {
        const s = cs.join("");
        expect(mdInline(s)).toBe(full(s));
      }),
      { numRuns: 3000 },
    );
    for (const s of ["www.example.com", "WWW.x", "2026-11-23T11:00:00Z", "item.checked", "v2.4.1 (ok)"])
      expect(mdInline(s)).toBe(full(s));
    expect(mdInline("see www.evil.test")).toContain(JOINER);
  });
});
