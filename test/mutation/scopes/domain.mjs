// Scopes over source/domain/ added after stryker.config.mjs and stryker-scopes-res.mjs filled up: one file
// per folder so work on different folders never edits the same file. Same shape as those: a scope
// mutates a few files and runs only the test files that reach them.
export const SCOPES_DOMAIN = {};
