import { commandValueError } from "../domain/command-values.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { SessionState } from "../domain/events.js";
import type { Runbook } from "../domain/runbook.js";
import { scanFieldRefs, shellQuote } from "../domain/shell-quote.js";

/**
 * `{{f3}}` in a command becomes a reference to `$GOLIVE_F3` (which the command gets in its
 * environment), written for the quoting it sits in. Bash never re-parses what a variable expands to,
 * so no recorded value can become syntax of this shell; a second shell (`bash -c "…"`, `ssh host
 * "…"`) would parse it, so every value a command uses must also be plain data for its field's type
 * (domain/command-values.ts). A command holding a secret that was redacted when the session was
 * stored cannot run as written: the lead is told to move the secret into an environment variable.
 */
export function substitute(code: string, rb: Runbook, state: SessionState): string {
  refuseRedactedSecret(code);
  for (const ref of scanFieldRefs(code)) {
    const token = code.slice(ref.start, ref.end);
    const field = rb.fields.find((f) => f.id === ref.id);
    if (!field) throw new Error(`the command uses ${token}, but the runbook has no field ${ref.id}`);
    const v = state.fields[ref.id];
    if (!v) throw new Error(`the command uses ${token}, but ${ref.id} has no value yet (record it first)`);
    const bad = commandValueError(field, v.value);
    if (bad)
      throw new UserError(
        bad,
        ExitCode.refused,
        `record a plain value with \`golive record ${ref.id} VALUE\``,
      );
    if (ref.context === "literal")
      throw new Error(
        `${token} sits in a quoted here-document (<<'EOF'), where nothing expands; unquote its delimiter`,
      );
  }
  return withFieldRefs(code);
}

/**
 * A secret written in the runbook was redacted when the session was stored: the command cannot run
 * as written, and the lead is told where the secret belongs instead.
 */
export function refuseRedactedSecret(code: string): void {
  const redacted = /\[REDACTED:[^\]]*\]/.exec(code);
  if (redacted) {
    const line = code.slice(0, redacted.index).split("\n").length;
    throw new UserError(
      `the command holds a secret (line ${line} of the block), stored as ${redacted[0]}: it cannot run as written`,
      ExitCode.refused,
      'move the secret into an environment variable (e.g. "$DB_PASSWORD") in the runbook, export it before golive, and start a new session',
    );
  }
}

/** Each `{{fN}}` as "$GOLIVE_FN" written for the quoting it sits in (one word, never re-parsed). */
export function withFieldRefs(code: string): string {
  let out = "";
  let at = 0;
  for (const ref of scanFieldRefs(code)) {
    const name = `\${GOLIVE_${ref.id.toUpperCase()}}`;
    out += code.slice(at, ref.start);
    out +=
      ref.context === "double" || ref.context === "literal"
        ? name
        : ref.context === "single"
          ? `'"${name}"'`
          : `"${name}"`;
    at = ref.end;
  }
  return out + code.slice(at);
}

/** The values a command's `{{fN}}` refer to, as the `env` prefix that shows exactly what will run. */
export function fieldValuesShown(code: string, env: Record<string, string>): string {
  const ids = [...new Set(scanFieldRefs(code).map((r) => r.id))];
  if (!ids.length) return "";
  return `env ${ids.map((id) => `GOLIVE_${id.toUpperCase()}=${shellQuote(env[`GOLIVE_${id.toUpperCase()}`] ?? "")}`).join(" ")} `;
}
