// Scopes over source/domain/ added on 2026-12-04 (evening), one file per helper so parallel work never
// edits the same file. Same shape as domain.mjs: a scope mutates a few files and runs only the test
// files that reach them.
const piece = (files, tests) => ({
  mutate: files.map((f) => `source/domain/report/${f}.ts`),
  tests: tests.map((t) => `test/unit/${t}.test.ts`),
});

// mut-report helper, 2026-12-04: the HTML sign-off record, rendered in memory from chains the tests
// build (test/helpers/report-night.ts), milliseconds a page.
export const SCOPES_REPORT = {
  "report-html": piece(["html"], ["report-html-page", "report-html-parts", "report-html-empty"]),
  // Their own unit tests only: on a machine at load 12 a page render per mutant was the difference
  // between finishing before the deadline and not.
  "report-chart": piece(["chart"], ["report-chart", "report-html-page"]),
  "report-series": piece(["series"], ["report-series"]),
  "report-measures": piece(["measures"], ["report-series"]),
  // mut-drec helper, 2026-12-04 21:40 UTC: the Markdown record (domain/signoff.ts) with the tests of
  // its parts the small runbook of signoff-record.test.ts lacks, and of forged values.
  "report-signoff-md": {
    mutate: ["source/domain/signoff.ts"],
    tests: ["signoff-record", "signoff-record-parts", "signoff-forged-values"].map((t) => `test/unit/${t}.test.ts`),
  },
  // The HTML page's units without the pinned night (report-html-page): fast, for the chart's re-runs.
  "report-chart-units": piece(["chart"], ["report-chart"]),
  "report-small": piece(
    ["escape", "event-rows", "record-block", "style"],
    ["report-html-page", "report-escape", "report-event-rows"],
  ),
};
