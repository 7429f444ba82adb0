/** The vocabulary of a stated threshold: comparisons in symbols and words, units, metric names. */
import type { Threshold } from "../domain/thresholds.js";

/** Word comparisons, longest first (so "no more than" is not read as "more than"). */
export const WORDS: [RegExp, Threshold["op"]][] = [
  [/^(?:no more than|not more than|at most|not above|not exceeding|no higher than|up to)$/i, "<="],
  [/^(?:no less than|not less than|at least|not below|no lower than)$/i, ">="],
  [/^(?:above|over|more than|greater than|higher than|exceeds?|exceeding)$/i, ">"],
  [/^(?:below|under|less than|lower than|fewer than)$/i, "<"],
];

export const WORD_OPS = [
  "no more than",
  "not more than",
  "at most",
  "not above",
  "not exceeding",
  "no higher than",
  "up to",
  "no less than",
  "not less than",
  "at least",
  "not below",
  "no lower than",
  "more than",
  "greater than",
  "higher than",
  "less than",
  "lower than",
  "fewer than",
  "exceeding",
  "exceeds",
  "exceed",
  "above",
  "over",
  "below",
  "under",
].join("|");

const UNIT = String.raw`%|ms\b|s\b|seconds?\b|per (?:minute|min|second|sec)\b|\/\s*(?:min|s)\b`;

/**
 * A comparison, as a symbol or in words ("above 80%", "no more than 2 %", "at least 99.9%"). Words
 * count only with a unit after the number, so "over 10 minutes" or "under 3 people" is prose.
 */
export const OP = new RegExp(
  String.raw`(<=|>=|≤|≥|<|>)\s*(\d+(?:\.\d+)?)\s*(${UNIT})?` +
    String.raw`|\b(${WORD_OPS})\s+(\d+(?:\.\d+)?)\s*(${UNIT})`,
  "gi",
);

/** A phrase that names a deployment metric (else a "> 30 % free" on disk space is not one). */
export const METRIC_WORDS =
  /error|5xx|4xx|latency|response time|p\d{2}(?:\.\d)?\b|percentile|median|\bratio\b/i;

/** Metrics that are worse when higher: a bound above them in words ends the canary. */
export const WORSE_HIGH = /error|5xx|4xx|latency|response time|p\d{2}(?:\.\d)?\b|percentile|median/i;

/** A metric's own name, as CloudWatch and dashboards spell them: `SearchErrors`, `ErrorRate`. */
export const METRIC_NAME = /\b([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)\b/;

export function normalOp(s: string): Threshold["op"] {
  const word = WORDS.find(([re]) => re.test(s.replace(/\s+/g, " ").trim()));
  if (word) return word[1];
  if (s === "≤") return "<=";
  if (s === "≥") return ">=";
  return s as Threshold["op"];
}
