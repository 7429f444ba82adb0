/** What a recorded value must look like for its field. Shared by the CLI and the cockpit's editor. */
import type { Field } from "./runbook.js";

const NUMERIC_UNITS = new Set([
  "%",
  "ms",
  "s",
  "sec",
  "seconds",
  "req/s",
  "rps",
  "MB",
  "GB",
  "min",
  "minutes",
  "hours",
  "hour",
]);

export function normalizeFieldValue(
  field: Field,
  raw: string,
): { ok: true; value: string } | { ok: false; error: string } {
  const value = raw.trim();
  if (!value) return { ok: false, error: "the value is empty" };
  if (value.length > 2000)
    return { ok: false, error: "the value is over 2000 characters; attach long output as evidence instead" };
  if (field.kind === "choice") {
    const option = field.options?.find((o) => o.toLowerCase() === value.toLowerCase());
    if (!option) return { ok: false, error: `expected one of: ${field.options?.join(", ")}` };
    return { ok: true, value: option };
  }
  if (field.unit && NUMERIC_UNITS.has(field.unit)) {
    const m = new RegExp(`^(-?\\d+(?:\\.\\d+)?)\\s*(?:${escapeRe(field.unit)})?$`).exec(value);
    if (!m) return { ok: false, error: `expected a number of ${field.unit}, got "${value}"` };
    return { ok: true, value: m[1]! };
  }
  return { ok: true, value };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
