/**
 * session/kept-binding.ts's checksum in a process started with --pending-deprecation (or
 * --throw-deprecation), where it must not touch process.binding and takes node:zlib's crc32 instead:
 * the same CRC-32 as the binding's (kept-binding-units holds the standard check values). The choice is
 * made once per module, from the flags and NODE_OPTIONS, so the module is loaded again (another id)
 * with NODE_OPTIONS saying so.
 */
import { afterEach, describe, expect, it } from "vitest";
// Imported as written too: Stryker finds a mutant's tests by their imports.
import { bodySum } from "../../source/session/kept-binding.js";

const FRESH = "../../source/session/kept-binding.js?deprecation-flags";
const saved = process.env.NODE_OPTIONS;
afterEach(() => {
  if (saved === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = saved;
});

describe("bodySum under a deprecation flag", () => {
  it("is the same CRC-32, from node:zlib's module", async () => {
    process.env.NODE_OPTIONS = "--pending-deprecation";
    const flagged: typeof import("../../source/session/kept-binding.js") = await import(FRESH);
    for (const text of ["123456789", "", "a", "x".repeat(5000)]) {
      expect(flagged.bodySum(Buffer.from(text))).toBe(bodySum(Buffer.from(text)));
    }
    expect(flagged.bodySum(Buffer.from("123456789"))).toBe("9-cbf43926");
  });
});
