/**
 * What `golive record` and the cockpit's fill dialog accept for a runbook blank: a choice is one of
 * its options (as the runbook spells it), a number-with-unit blank is a number (its unit optional,
 * another unit refused), anything else is the text as typed; empty and huge values are refused.
 */
import { describe, expect, it } from "vitest";
import { normalizeFieldValue } from "../../source/domain/fields.js";
import type { Field } from "../../source/domain/runbook.js";

const field = (over: Partial<Field>): Field => ({
  id: "f1",
  kind: "blank",
  label: "Error rate",
  section: "T+15",
  position: { line: 1, column: 1, start: 0, end: 3 },
  ...over,
});

describe("normalizeFieldValue", () => {
  it("refuses an empty or blank value, and one over 2000 characters (evidence is for long output)", () => {
    expect(normalizeFieldValue(field({}), "   ")).toEqual({ ok: false, error: "the value is empty" });
    expect(normalizeFieldValue(field({}), "x".repeat(2001))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/over 2000 characters; attach long output as evidence/),
    });
    expect(normalizeFieldValue(field({}), "x".repeat(2000))).toEqual({ ok: true, value: "x".repeat(2000) });
  });

  it("a choice matches its options whatever the case and records the runbook's spelling", () => {
    const go = field({ kind: "choice", options: ["GO", "NO-GO"] });
    expect(normalizeFieldValue(go, " no-go ")).toEqual({ ok: true, value: "NO-GO" });
    expect(normalizeFieldValue(go, "maybe")).toEqual({ ok: false, error: "expected one of: GO, NO-GO" });
  });

  it("a number with a unit: the unit may be written or left out, the number is what is kept", () => {
    const pct = field({ unit: "%" });
    expect(normalizeFieldValue(pct, "0.4 %")).toEqual({ ok: true, value: "0.4" });
    expect(normalizeFieldValue(pct, "0.4%")).toEqual({ ok: true, value: "0.4" });
    expect(normalizeFieldValue(pct, "12")).toEqual({ ok: true, value: "12" });
    expect(normalizeFieldValue(field({ unit: "ms" }), "-3ms")).toEqual({ ok: true, value: "-3" });
    // A unit with regex characters in it is matched literally.
    expect(normalizeFieldValue(field({ unit: "req/s" }), "180.5 req/s")).toEqual({
      ok: true,
      value: "180.5",
    });
  });

  it("a number in another unit, or no number at all, is refused saying what was expected", () => {
    expect(normalizeFieldValue(field({ unit: "%" }), "0.4 ms")).toEqual({
      ok: false,
      error: 'expected a number of %, got "0.4 ms"',
    });
    expect(normalizeFieldValue(field({ unit: "req/s" }), "12 req")).toMatchObject({ ok: false });
    expect(normalizeFieldValue(field({ unit: "ms" }), "fast")).toMatchObject({ ok: false });
    expect(normalizeFieldValue(field({ unit: "ms" }), "1.")).toMatchObject({ ok: false });
  });

  it("a blank with no unit, or a unit that is not a measure, keeps the text as typed (trimmed)", () => {
    expect(normalizeFieldValue(field({}), "  v2.0 rc1 ")).toEqual({ ok: true, value: "v2.0 rc1" });
    expect(normalizeFieldValue(field({ unit: "tasks" }), "three")).toEqual({ ok: true, value: "three" });
  });
});
