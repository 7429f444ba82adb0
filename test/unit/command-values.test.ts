/**
 * What a recorded value a command uses may be, by field type, and the words `golive record` and the
 * cockpit's fill dialog show when it may not. Stryker's domain-shell run (2026-12-03 11:25 UTC) left
 * these untested in-process: which unit makes which type, the 256-character limit at its edge, an
 * empty duration, the words of each refusal, which commands use a field, and checkRecordedValue's
 * format refusal, its error naming one or several commands, and its hint.
 */
import { describe, expect, it } from "vitest";
import {
  checkRecordedValue,
  commandsUsing,
  commandValueError,
  valueTypeOf,
} from "../../source/domain/command-values.js";
import type { Field, Runbook } from "../../source/domain/runbook.js";

const field = (unit?: string): Field =>
  ({ id: "f1", kind: "blank", label: "Tag", section: "s", position: {}, ...(unit ? { unit } : {}) }) as Field;

/** A runbook whose commands are these codes, `c1`, `c2`, … in order. */
const runbook = (...codes: string[]): Runbook =>
  ({ commands: codes.map((code, i) => ({ id: `c${i + 1}`, code })) }) as unknown as Runbook;

describe("valueTypeOf: the field's unit decides", () => {
  it.each([
    ["%", "percentage"],
    ["ms", "duration"],
    ["s", "duration"],
    ["sec", "duration"],
    ["seconds", "duration"],
    ["min", "duration"],
    ["minutes", "duration"],
    ["hour", "duration"],
    ["hours", "duration"],
    ["req/s", "number"],
    ["MB", "number"],
    [undefined, "identifier"],
  ])("unit %s is a %s", (unit, type) => {
    expect(valueTypeOf(field(unit))).toBe(type);
  });
});

describe("commandValueError: by type", () => {
  it("a percentage may carry its % sign; a number may not", () => {
    expect(commandValueError(field("%"), "12%")).toBeUndefined();
    expect(commandValueError(field("req/s"), "12%")).toBe(
      'f1 = "12%" is not a number; a value used in a command must be one',
    );
  });

  it("a duration may be written 1m30s; a number may not", () => {
    expect(commandValueError(field("s"), "1m30s")).toBeUndefined();
    expect(commandValueError(field("req/s"), "1m30s")).toBe(
      'f1 = "1m30s" is not a number; a value used in a command must be one',
    );
  });

  it("an empty duration is refused", () => {
    expect(commandValueError(field("s"), "")).toBe(
      'f1 = "" is not a duration; a value used in a command must be one',
    );
  });

  it("an identifier starts with a letter or digit (no option like -rf), and its refusal says what it may hold", () => {
    expect(commandValueError(field(), "-rf")).toBe(
      'f1 = "-rf" is not a identifier (letters, digits and . _ - : / @ + = , %); a value used in a command must be one',
    );
  });

  it("256 characters are allowed, 257 are not", () => {
    expect(commandValueError(field(), "a".repeat(256))).toBeUndefined();
    expect(commandValueError(field(), "a".repeat(257))).toBe(
      "f1 is over 256 characters; a value used in a command must be short",
    );
  });

  it("a metacharacter is named, with the type the value must be", () => {
    expect(commandValueError(field("ms"), "1;2")).toBe(
      'f1 = "1;2" holds ";", which a shell reads as syntax; a value used in a command must be a plain duration',
    );
  });
});

describe("commandsUsing", () => {
  it("names the commands whose code refers to the field, in runbook order", () => {
    const rb = runbook("echo {{f1}}", "echo {{f2}}", "echo {{f2}} {{ f1 }}", "true", "echo {{f11}}");
    expect(commandsUsing(rb, "f1")).toEqual(["c1", "c3"]);
    expect(commandsUsing(rb, "f2")).toEqual(["c2", "c3"]);
    expect(commandsUsing(rb, "f3")).toEqual([]);
  });
});

describe("checkRecordedValue", () => {
  it("refuses a value not in the field's format first, naming the field and its label, with no hint", () => {
    expect(checkRecordedValue(runbook("echo {{f1}}"), field("ms"), "ten")).toEqual({
      ok: false,
      error: 'f1 (Tag): expected a number of ms, got "ten"',
    });
  });

  it("records the normalized value when it is plain data", () => {
    expect(checkRecordedValue(runbook("sleep {{f1}}"), field("ms"), " 42 ms ")).toEqual({
      ok: true,
      value: "42",
    });
  });

  it("a value no command uses may hold anything its format allows", () => {
    expect(checkRecordedValue(runbook("echo {{f2}}"), field(), "a b; c")).toEqual({
      ok: true,
      value: "a b; c",
    });
  });

  it("a value one command uses is refused with that command named and a hint", () => {
    expect(checkRecordedValue(runbook("echo {{f1}}"), field(), "a b")).toEqual({
      ok: false,
      error: `f1 = "a b" holds " ", which a shell reads as syntax; a value used in a command must be a plain identifier (c1 uses it)`,
      hint: "record a plain identifier: golive record f1 VALUE",
    });
  });

  it("a value several commands use is refused with each named", () => {
    const r = checkRecordedValue(runbook("echo {{f1}}", "true", "ssh h {{f1}}"), field(), "-rf");
    expect(r).toEqual({
      ok: false,
      error:
        'f1 = "-rf" is not a identifier (letters, digits and . _ - : / @ + = , %); a value used in a command must be one (c1, c3 use it)',
      hint: "record a plain identifier: golive record f1 VALUE",
    });
  });
});
