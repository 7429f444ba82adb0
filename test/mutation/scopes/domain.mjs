// Scopes over source/domain/ added after stryker.config.mjs and stryker-scopes-res.mjs filled up: one file
// per folder so work on different folders never edits the same file. Same shape as those: a scope
// mutates a few files and runs only the test files that reach them.
const piece = (files, tests) => ({
  mutate: files.map((f) => `source/domain/${f}.ts`),
  tests: tests.map((t) => `test/unit/${t}.test.ts`),
});

export const SCOPES_DOMAIN = {
  // mut-domain helper, 2026-12-04: files domain-text / domain-fold / domain-stats listed but whose
  // results went stale or were never run, each with only its own fast unit tests (load 14 on 2 cores).
  "domain-redact": piece(["secret-looks", "redact"], ["redact-shapes", "redact-corpus", "redact-skip"]),
  "domain-window": piece(["window-metrics"], ["window-metrics", "latest-elb"]),
  "domain-verdict-step": piece(["verdict-step", "verdict-view"], ["verdict-step-units", "steps-fold"]),
  "domain-timeline": piece(["timeline"], ["timeline-units"]),
  "domain-signoff-record": piece(["signoff"], ["signoff-record"]),
  "domain-json-line": piece(["json-line"], ["json-line"]),
  // domain-stats without its seeded-runs test (the reason that scope is skipped).
  "domain-share": piece(["traffic-share"], ["traffic-share", "traffic-share-lines", "traffic-share-edges"]),
  // chain.ts after the fix that walks each member once, with the test that sees which path it takes.
  "domain-chain-walk": piece(["chain"], ["chain", "chain-fast-path", "chain-one-stringify"]),
  // mut-ddec helper, 2026-12-04 22:00: the deciding files' survivors re-run (--force, by line) with
  // every fast unit test file that imports them: `decisions` and the older scopes lack some of them
  // (gate-scale-blue, verdict-edges, ...), so mutants those files kill were recorded as survived.
  "decisions-gate": piece(
    ["gate"],
    ["gate", "gate-details", "gate-evidence", "gate-scale-blue", "go-nogo-phases", "manual-gate"],
  ),
  // signoff-rules.ts after lastFullPromotion's fix, with its own two test files.
  "decisions-signoff": piece(["signoff-rules"], ["signoff-rules", "signoff-blockers"]),
  // A refusal's name (UserError) as engine-decisions reads it; only the old whole-folder scope ran it.
  "domain-errors": piece(["errors"], ["engine-decisions"]),
};
