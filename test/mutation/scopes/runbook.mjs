// Scopes over source/runbook/ added after stryker.config.mjs and stryker-scopes-res.mjs filled up: one file
// per folder so work on different folders never edits the same file. Same shape as those: a scope
// mutates a few files and runs only the test files that reach them.
//
// mut-runbook helper, 2026-12-04: a runbook file with a unit test of its own that drives it in memory
// (a script or a small Markdown string, exact output), milliseconds a mutant; the seed-parsing tests
// in `runbook` cost seconds a mutant and never finished the folder.
const piece = (files, tests) => ({
  mutate: files.map((f) => `source/runbook/${f}.ts`),
  tests: tests.map((t) => `test/unit/${t}.test.ts`),
});
export const SCOPES_RUNBOOK = {
  "runbook-shell-scan": piece(["shell-scan"], ["runbook-shell-scan"]),
  "runbook-prescan": piece(["prescan"], ["runbook-prescan"]),
  "runbook-changes": piece(["changes"], ["runbook-changes"]),
  "runbook-blocks": piece(["blocks"], ["runbook-block-kinds"]),
  "runbook-annotations": piece(["annotations"], ["runbook-annotations"]),
  "runbook-read": piece(["read"], ["runbook-read"]),
  "runbook-record-safety": piece(["record-safety"], ["runbook-record-safety"]),
  "runbook-thresholds": piece(["thresholds", "threshold-words"], ["runbook-thresholds"]),
  "runbook-warnings": piece(["warnings"], ["runbook-warnings"]),
  "runbook-source-text": piece(["source-text"], ["runbook-source-text"]),
};
// mut-runbook helper, 2026-12-04 15:20 UTC: files no scope had scored, each through a unit test that
// calls it directly or parses a few lines of Markdown (exact output, milliseconds a mutant).
Object.assign(SCOPES_RUNBOOK, {
  "runbook-flat-runs": piece(["flat", "markdown-runs"], ["runbook-flat-runs"]),
  "runbook-fields-tables": piece(["fields", "tables"], ["runbook-fields-tables"]),
  "runbook-markdown-cuts": piece(["markdown"], ["runbook-markdown-cuts", "runbook-markdown-cost"]),
});
// mut-parse helper, 2026-12-04 16:35 UTC: the parser's walk and the plain-line tree builder, each
// through small documents in memory (exact runbooks; the plain path held to micromark's own tree).
Object.assign(SCOPES_RUNBOOK, {
  "runbook-parse-walk": piece(["parse"], ["parse-edges", "runbook-parse-walk", "runbook-parse-lines"]),
  "runbook-markdown-plain": piece(["markdown-plain"], ["runbook-markdown-plain-lines"]),
});
// mut-runbook helper, 2026-12-04 19:00 UTC: the parse cache and the shipped checklists' parses, never
// scored before, through a three-line runbook (the seed-based tests parse the shipped checklists).
Object.assign(SCOPES_RUNBOOK, {
  "runbook-cache": piece(["cache", "shipped"], ["runbook-cache-units"]),
});
// mut-runbook helper, 2026-12-04 21:40 UTC: runbook-markdown-cost (micromark's calls counted) joins
// the cuts' scope: markdown.ts's survivors changed which path builds the tree, never the tree.
// 21:55 UTC: prompts.ts through its own unit cases (it was scored only in `runbook`, seconds a mutant).
Object.assign(SCOPES_RUNBOOK, {
  "runbook-prompts": piece(["prompts"], ["runbook-outline"]),
});
