/**
 * A recorded value used in a runbook command (`{{f3}}`) must be plain data for its field's type:
 * a number, a duration, a percentage, or an identifier (a version, a tag, an image, a host). The
 * command gets it as "$GOLIVE_F3", which one shell never re-parses; but `bash -c "…{{f3}}"`,
 * `ssh host "…"` or `kubectl exec -- sh -c` hand it to a second shell that does. So anything a
 * shell could read as syntax is refused, in every position.
 */
import { normalizeFieldValue } from "./fields.js";
import type { Field, Runbook } from "./runbook.js";
import { scanFieldRefs } from "./shell-quote.js";

export type ValueType = "number" | "duration" | "percentage" | "identifier";

const DURATION_UNITS = new Set(["ms", "s", "sec", "seconds", "min", "minutes", "hour", "hours"]);

export function valueTypeOf(field: Field): ValueType {
  if (field.unit === "%") return "percentage";
  if (field.unit && DURATION_UNITS.has(field.unit)) return "duration";
  if (field.unit) return "number";
  return "identifier";
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const PERCENT = /^-?\d+(?:\.\d+)?%?$/;
const DURATION = /^\d+(?:\.\d+)?(?:ms|s|m|h)?$|^(?:\d+h)?(?:\d+m)?(?:\d+s)?$/;
/** Letters, digits and `. _ - : / @ + = , %`: no blank, quote, `$`, backtick, glob or operator. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._\-:/@+=,%]*$/;
const METACHARS = /[\s$`'"\\;&|<>(){}[\]*?!~#^]|[\u0000-\u001f\u007f-\u009f]/;

/** Why `value` may not be used in a command, or undefined when it may. */
export function commandValueError(field: Field, value: string): string | undefined {
  const type = valueTypeOf(field);
  const meta = METACHARS.exec(value);
  if (meta)
    return `${field.id} = ${JSON.stringify(value)} holds ${JSON.stringify(meta[0])}, which a shell reads as syntax; a value used in a command must be a plain ${type}`;
  if (value.length > 256)
    return `${field.id} is over 256 characters; a value used in a command must be short`;
  const ok =
    type === "number"
      ? NUMBER.test(value)
      : type === "percentage"
        ? PERCENT.test(value)
        : type === "duration"
          ? DURATION.test(value) && value !== ""
          : IDENTIFIER.test(value);
  if (!ok)
    return `${field.id} = ${JSON.stringify(value)} is not a ${type}${type === "identifier" ? " (letters, digits and . _ - : / @ + = , %)" : ""}; a value used in a command must be one`;
  return undefined;
}

/** The ids of the commands that use a field (`{{f3}}`), in runbook order. */
export function commandsUsing(rb: Runbook, fieldId: string): string[] {
  return rb.commands.filter((c) => scanFieldRefs(c.code).some((r) => r.id === fieldId)).map((c) => c.id);
}

/**
 * What `golive record` and the cockpit's fill dialog both check before recording: the field's own
 * format, then, when a command uses the field, that the value is plain data for its type. The
 * error is one line naming the field, what is wrong and which commands use it.
 */
export function checkRecordedValue(
  rb: Runbook,
  field: Field,
  raw: string,
): { ok: true; value: string } | { ok: false; error: string; hint?: string } {
  const normalized = normalizeFieldValue(field, raw);
  if (!normalized.ok) return { ok: false, error: `${field.id} (${field.label}): ${normalized.error}` };
  const usedBy = commandsUsing(rb, field.id);
  const unsafe = usedBy.length ? commandValueError(field, normalized.value) : undefined;
  if (!unsafe) return normalized;
  return {
    ok: false,
    error: `${unsafe} (${usedBy.join(", ")} use${usedBy.length === 1 ? "s" : ""} it)`,
    hint: `record a plain ${valueTypeOf(field)}: golive record ${field.id} VALUE`,
  };
}
