// Scopes over source/domain/ added on 2026-12-04 (evening), one file per helper so parallel work never
// edits the same file. Same shape as domain.mjs: a scope mutates a few files and runs only the test
// files that reach them.
export const SCOPES_DOMAIN_REST = {};
