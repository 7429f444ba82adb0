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

/**
 * The gate asks for every pre-Go item's words against every criterion on each of the cockpit's
 * frames (once a second for its clock); the texts are the runbook's and do not change, so each
 * text's words are worked out once. Bounded: a new runbook's texts replace an old one's.
 */
const known = new Map<string, ReadonlySet<string>>();

export function keywords(s: string): ReadonlySet<string> {
  let words = known.get(s);
  if (words === undefined) {
    if (known.size >= 10_000) known.clear();
    words = new Set(
      s
        .toLowerCase()
        .replace(/[^a-z0-9\s-]/g, " ")
        .split(/\s+/)
        .map((w) => w.replace(/(?<!s)s$/, ""))
        .filter((w) => w.length > 1 && w !== "no" && !STOP.has(w)),
    );
    known.set(s, words);
  }
  return words;
}

export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}
