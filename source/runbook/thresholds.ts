/**
 * Every threshold a runbook states, read as what it says. A bound on the error rate (or the 5xx
 * rate, which is what golive's error rate counts) or on p95 latency is one of the two golive gates
 * and triggers on; a bound on p50/p90/p99 latency is measured as that percentile (CloudWatch's
 * ExtendedStatistics with Period = the period), never bound to p95; the 4xx rate and 4xx/5xx counts
 * are measured per target group; a metric of the team's own (`SearchErrors > 25 per minute`) is
 * measured when the config's metrics.custom names it, else shown as "not measured by golive — check
 * by hand", never dropped and never shown as met. Rollback triggers
 * with no number ("Critical functionality broken") are manual triggers.
 */
import type { MetricName, StatedThreshold, Threshold } from "../domain/thresholds.js";
import { METRIC_NAME, METRIC_WORDS, normalOp, OP, WORSE_HIGH } from "./threshold-words.js";

/** What `scanThresholds` found in one piece of text. */
export interface Scanned {
  /** The error rate and p95 bounds (domain Threshold, as the gate and triggers take them). */
  core: Threshold[];
  /** Everything else with a number: other percentiles, 4xx, counts, custom metrics. */
  stated: StatedThreshold[];
}

/**
 * The thresholds in `text` (one paragraph, heading, list item or table cell at `line`).
 * `trigger`: the text sits in a list of rollback triggers (`Rollback Triggers:`, `Abort when …`),
 * so every bound in it is a rollback bound, and one on an unknown metric is still a trigger.
 */
export function scanThresholds(text: string, line: number, trigger = false): Scanned {
  const out: Scanned = { core: [], stated: [] };
  const rollbackWords = trigger || /\b(abort|roll ?back|revert)\b/i.test(text);
  let prev = 0;
  for (const m of text.matchAll(OP)) {
    const at = m.index!;
    // The subject is what precedes the comparison in the same clause; a percentile or unit after
    // the number ("<50ms p95") belongs to it too.
    // The nearest clause, or the whole stretch since the last bound when that clause names no
    // metric ("Latency p95: ____ ms (target: <50ms)").
    const stretch = text.slice(prev, at);
    const named = (x: string) => METRIC_WORDS.test(x) || METRIC_NAME.test(x);
    // A `.` ends a clause, not a number's decimals: "p99.9 latency" is one subject. A paragraph
    // wrapped in the source ("Roll back if p99\nlatency > 100 ms") is one sentence on the page, so
    // its clause runs across soft line breaks: cut at them, the percentile on the line before was
    // lost and the bound became a p95 gate, and "Error\nrate < 1 %" was no threshold at all.
    const clause =
      stretch
        .replace(/\s*\n\s*/g, " ")
        .split(/(?<!\d)\.|\.(?!\d)|[;,(]|\band\b|\bor\b/)
        .at(-1) ?? "";
    const before = named(clause) ? clause : (stretch.split("\n").at(-1) ?? clause);
    const after = text.slice(at + m[0].length, at + m[0].length + 12);
    const trailing = /^\s*(p\d{2}(?:\.\d)?)\b/i.exec(after);
    prev = at + m[0].length;
    const subject = `${before} ${trailing?.[1] ?? ""}`.trim();
    if (!METRIC_WORDS.test(subject) && !METRIC_NAME.test(subject) && !trigger) continue;
    // As the runbook words it: the clause up to the number (and a percentile written after it).
    // A bracket the clause opened and the text closes right after the bound is closed in it too:
    // "(target: <50ms)" reads whole in the record, not "(target: <50ms".
    const open = `${before}${m[0]}${trailing?.[0] ?? ""}`;
    const closes = /^\s*\)/.test(text.slice(prev + (trailing?.[0].length ?? 0)));
    const written = `${open}${closes && open.split("(").length > open.split(")").length ? ")" : ""}`
      .replace(/\s+/g, " ")
      .trim();
    const op = normalOp(m[1] ?? m[4]!);
    const value = Number(m[2] ?? m[5]);
    const unitRaw = (m[3] ?? m[6] ?? "").toLowerCase().replace(/\s+/g, " ");
    // "< 1 %" is what a healthy canary stays within; "> 5 %" is what ends it. In a trigger list a
    // "< N" (throughput falling below N) ends it too.
    // In words, "Cache hit ratio above 80%" is a criterion to hold (go), "error rate above 5%" is
    // an end (rollback): the metric's direction decides, as a person reads it.
    const kind: "go" | "rollback" = m[4]
      ? rollbackWords || (op.startsWith(">") && WORSE_HIGH.test(subject))
        ? "rollback"
        : "go"
      : op.startsWith(">") || (rollbackWords && trigger)
        ? "rollback"
        : "go";
    const core = (metric: MetricName, unit: "%" | "ms", v = value) =>
      out.core.push({ metric, kind, op, value: v, unit, text: written, line, source: "runbook" });
    const stated = (metric: string, label: string, unit: string, measure: StatedThreshold["measure"]) =>
      out.stated.push({ metric, label, kind, op, value, unit, text: written, line, measure });

    // `(?!\d)`, not `\b`: the percentile of a metric's own name (`P99Latency`) is still p99.
    const pct =
      /\bp(\d{2}(?:\.\d)?)(?!\d)/i.exec(subject)?.[1] ?? (/\bmedian\b/i.test(subject) ? "50" : undefined);
    const custom = METRIC_NAME.exec(subject)?.[1];
    const isTime = unitRaw === "ms" || unitRaw === "s" || unitRaw.startsWith("second");
    if (custom && !/^(?:P\d|HTTP)/.test(custom)) {
      // Measured once the environment config names it (metrics.custom); until then by hand.
      stated(`custom:${custom}`, custom, unitRaw || "", {
        by: "manual",
        why: `${custom} is not a metric golive reads; name it in the config's metrics.custom to measure it`,
      });
    } else if (/4xx|client error/i.test(subject)) {
      // HTTPCode_Target_4XX_Count over RequestCount per target group, or the count itself.
      if (unitRaw === "%") stated("http4xxRate", "4xx rate", "%", { by: "cloudwatch", stat: "http4xxRate" });
      else stated("http4xxCount", "4xx count", unitRaw, { by: "cloudwatch", stat: "http4xxCount" });
    } else if (/5xx|server error/i.test(subject) && unitRaw !== "%") {
      stated("http5xxCount", "5xx count", unitRaw, { by: "cloudwatch", stat: "http5xxCount" });
    } else if (/error|5xx|server error/i.test(subject) && unitRaw === "%") {
      core("errorRate", "%");
    } else if (isTime && (pct || /latency|response time/i.test(subject))) {
      const ms = unitRaw === "ms" ? value : value * 1000;
      if (!pct || pct === "95") core("latencyP95", "ms", ms);
      else {
        const p = Number(pct);
        out.stated.push({
          metric: `latencyP${pct.replace(".", "_")}`,
          label: `p${pct} latency`,
          kind,
          op,
          value: ms,
          unit: "ms",
          text: written,
          line,
          measure:
            p > 0 && p < 100
              ? { by: "cloudwatch", stat: `p${pct}` }
              : { by: "manual", why: `p${pct} is not a percentile` },
        });
      }
    } else {
      stated("unknown", subject.slice(0, 40) || "an unnamed metric", unitRaw, {
        by: "manual",
        why: "golive cannot tell which metric this is",
      });
    }
  }
  return out;
}

/** Paragraphs that introduce a list of rollback triggers. */
export const TRIGGER_LIST =
  /^(?:rollback triggers?:?|execute if any of these conditions (?:are|is) met:?|(?:roll ?back|abort) (?:at once )?(?:if|when)[^:]*:)$/i;

/**
 * A single line that is itself a trigger: "Abort when …", "Roll back at once if …", or the condition
 * first ("If …, roll back"), behind an icon or a marker too ("⚠️ Abort when …"): a runbook's own
 * trigger that golive read as prose would never reach the lead.
 */
export const TRIGGER_LINE =
  /^[^\p{L}\p{N}]*(?:(?:abort|roll ?back)\b[^.]*\b(?:if|when)\b|(?:if|when)\b[^.]*,\s*(?:abort|roll ?back)\b)/iu;
