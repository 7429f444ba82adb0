// Scopes over source/domain/ added on 2026-12-04 (evening), one file per helper so parallel work never
// edits the same file. Same shape as domain.mjs: a scope mutates a few files and runs only the test
// files that reach them.
const piece = (files, tests) => ({
  mutate: files.map((f) => `source/domain/${f}.ts`),
  tests: tests.map((t) => `test/unit/${t}.test.ts`),
});

export const SCOPES_MESSAGES = {
  // mut-messages helper, 2026-12-04 18:40 UTC: the message templates' filling (what the team reads on
  // the shared screen), the levels and values a slot is filled with, and the templates themselves.
  "messages-fill": piece(
    ["message-levels", "message-values", "message-fill"],
    ["message-values", "message-fill", "message-templates"],
  ),
  // Without message-templates.test.ts: its CLI case (new, message, export in-process) covers every
  // mutant here at seconds each (31 min left after 7); these three cover the same behaviour unit by unit.
  "messages-templates": piece(["message-templates"], ["message-template-words", "message-fill", "message-values"]),
  // Thresholds on other metrics as status, the record and the cockpit state them.
  "messages-stated": piece(["stated", "stated-text"], ["stated-text", "stated-units", "stated-percentiles"]),
};
