/** Matching a runbook item to a go criterion by its words, negations kept apart. */
/** Words that carry no meaning for matching a criterion to an item. */
const STOP = new Set([
  "the",
  "and",
  "all",
  "for",
  "with",
  "are",
  "has",
  "have",
  "ready",
  "any",
  "our",
  "from",
]);

/** The negative side of a No-Go criterion: "Critical tests failing" is about the tests. */
export const NEGATION = new Set([
  "critical",
  "failing",
  "failed",
  "fail",
  "failure",
  "issue",
  "missing",
  "not",
  "broken",
  "down",
  "unavailable",
  "lacking",
  "without",
  "open",
  "unresolved",
]);

export function keywords(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, " ")
      .split(/\s+/)
      .map((w) => w.replace(/(?<!s)s$/, ""))
      .filter((w) => w.length > 1 && w !== "no" && !STOP.has(w)),
  );
}

export function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}
