/**
 * What `golive new` tells the lead about a runbook it accepts: secrets written in it (stored
 * redacted, and a command holding one will be refused at `run`) and `{{fN}}` values placed where a
 * second shell would parse them. Each warning carries file:line so an editor can jump to it.
 */
import { InputError } from "../domain/errors.js";
import { redact } from "../domain/redact.js";
import type { Runbook } from "../domain/runbook.js";
import { nestedShellRefs } from "../domain/shell-quote.js";
import { parseRunbook } from "./parse.js";

/** Lines that redaction changes: the text keeps its line count, so line i is line i of the file. */
export function secretLines(text: string): number[] {
  const before = text.split("\n");
  const after = redact(text).split("\n");
  if (after.length !== before.length) return [1];
  const out: number[] = [];
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) out.push(i + 1);
  return out;
}

export function runbookWarnings(rb: Runbook, text: string): string[] {
  const out: string[] = [];
  for (const line of secretLines(text)) {
    const inCommand = rb.commands.some(
      (c) => line > c.position.line && line <= c.position.line + c.code.split("\n").length,
    );
    out.push(
      `${rb.file}:${line}: holds a secret; the session stores it redacted${inCommand ? ", and `golive run` will refuse this command" : ""} — move the secret into an environment variable (e.g. "$DB_PASSWORD")`,
    );
  }
  for (const c of rb.commands) {
    for (const ref of nestedShellRefs(c.code)) {
      out.push(
        `${rb.file}:${c.position.line + ref.line}: {{${ref.id}}} sits inside a string a second shell parses (${ref.shell}); only plain values (numbers, identifiers) will be allowed there`,
      );
    }
  }
  return out;
}

/**
 * The runbook as the session stores it (redacted), checked to have the same items, fields and
 * commands as the file: redaction must never move an id.
 */
export function storedRunbookText(rb: Runbook, text: string): string {
  const stored = redact(text);
  if (stored === text) return text;
  const again = parseRunbook(rb.file, stored, rb.sha256);
  const same =
    again.items.length === rb.items.length &&
    again.fields.length === rb.fields.length &&
    again.commands.length === rb.commands.length;
  if (!same) {
    const line = secretLines(text)[0] ?? 1;
    throw new InputError(
      { file: rb.file, line, column: 1 },
      "a secret here changes the runbook's structure when it is redacted; move it into an environment variable",
    );
  }
  return stored;
}
