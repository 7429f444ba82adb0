/**
 * The words a runbook item or a Go criterion is matched by (domain/go-keywords.ts), and the cache that
 * works each text's words out once. Stryker's domain-words run (2026-12-03 14:36 UTC) left these
 * untested: punctuation and slashes as word breaks, one-letter words dropped, the cache's identity
 * and its bound.
 */
import { expect, it } from "vitest";
import { keywords } from "../../source/domain/go-keywords.js";

it("punctuation and slashes break words; one-letter words, plurals' s and stop words go", () => {
  expect([...keywords("Backups, verified! API/DB: a b c; the tests")]).toEqual([
    "backup",
    "verified",
    "api",
    "db",
    "test",
  ]);
});

it("a text's words are worked out once: the same set again, also after other texts", () => {
  const first = keywords("Smoke tests passed on green");
  keywords("Rollback plan reviewed");
  expect(keywords("Smoke tests passed on green")).toBe(first);
});

it("the cache is bounded: ten thousand other texts later, a text is worked out anew", () => {
  const first = keywords("Change ticket approved");
  for (let i = 0; i < 10_000; i++) keywords(`item ${i}`);
  const again = keywords("Change ticket approved");
  expect(again).not.toBe(first);
  expect([...again]).toEqual([...first]);
});
