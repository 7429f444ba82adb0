/**
 * The runbook's Go / No-Go criteria as gate inputs for the first promotion (the Go decision).
 * A Go criterion is met when the checklist items that say the same thing are ticked (and, for a
 * health criterion, the health URLs answer); a No-Go criterion is ruled out when the items that
 * would show it are ticked. Only items due before the first traffic shift count: a rollback step or
 * a T+1h check can never hold up the Go. Nothing to judge by is "no evidence" (ok: null), which
 * closes the gate like a failed criterion: an override with a reason is recorded with the list.
 *
 * The shape of each check is the gate's `GateCheck` (source, label, ok, detail, steps).
 */
import type { SessionState } from "./events.js";
import { keywords, NEGATION, overlap } from "./go-keywords.js";
import type { Item, Runbook } from "./runbook.js";
import { isItemDone, timeline } from "./timeline.js";

/** The gate's reason reads `<source>: <label> (<detail>)`, so the source says what holds the Go. */
export const GO_NOT_MET = "Go criterion not met";
export const NO_GO_OPEN = "No-Go not ruled out";

export interface GoCheck {
  source: typeof GO_NOT_MET | typeof NO_GO_OPEN;
  label: string;
  /** Go: met. No-Go: ruled out. null: nothing to judge by. */
  ok: boolean | null;
  detail: string;
  steps: "first";
  /** The items it was judged by. */
  items: string[];
}

/**
 * Items that can be done before the first promotion: phases at or before T-0 (by clock), and in
 * the T-0 phase only those above the runbook's canary plan (its line), where one is stated.
 */
export function preGoItems(rb: Runbook, s: SessionState): Item[] {
  const first = rb.canary.steps[0]?.stepFrom;
  const canaryLine = first?.from === "runbook" ? first.line : undefined;
  const views = timeline(rb, s, s.t0);
  return views
    .filter((v) => v.phase.section.time?.kind === "offset" && v.phase.section.time.minutes <= 0)
    .flatMap((v) => v.phase.items)
    .filter((i) => canaryLine === undefined || i.position.line < canaryLine);
}

export function goNoGoChecks(
  rb: Runbook,
  s: SessionState,
  /** The health URL probes, where configured: true = answering 2xx. */
  health: { blue?: boolean; green?: boolean } = {},
): GoCheck[] {
  const items = preGoItems(rb, s);
  const judge = (
    source: GoCheck["source"],
    label: string,
    words: ReadonlySet<string>,
    minOverlap: number,
  ): GoCheck => {
    const related = items.filter((i) => words.size > 0 && overlap(words, keywords(i.text)) >= minOverlap);
    const ids = related.map((i) => i.id);
    const healthCriterion = source === GO_NOT_MET && /health/i.test(label);
    const probes = Object.entries(health).filter(([, ok]) => ok !== undefined);
    const badProbes = probes.filter(([, ok]) => !ok).map(([c]) => c);
    if (!related.length && !(healthCriterion && probes.length))
      return {
        source,
        label,
        ok: null,
        detail: "no checklist item before the first shift covers it",
        steps: "first",
        items: [],
      };
    const open = related.filter((i) => !isItemDone(i, s)).map((i) => i.id);
    const parts: string[] = [];
    if (open.length) parts.push(`open: ${open.join(", ")}`);
    else if (ids.length) parts.push(`ticked: ${ids.join(", ")}`);
    if (healthCriterion && probes.length)
      parts.push(badProbes.length ? `${badProbes.join(", ")} health failing` : "health URLs answer 2xx");
    return {
      source,
      label,
      ok: open.length === 0 && !(healthCriterion && badProbes.length),
      detail: parts.join("; "),
      steps: "first",
      items: ids,
    };
  };
  return [
    ...rb.criteria.go.map((text) => {
      const w = keywords(text);
      return judge(GO_NOT_MET, text, w, Math.min(2, w.size));
    }),
    ...rb.criteria.noGo.map((text) => {
      const core = new Set([...keywords(text)].filter((w) => !NEGATION.has(w)));
      return judge(NO_GO_OPEN, text, core, 1);
    }),
  ];
}

/** One line per check that holds the Go, worded as the gate words it. */
export function goNoGoReasons(checks: GoCheck[]): string[] {
  return checks
    .filter((c) => c.ok !== true)
    .map((c) => `${c.ok === null ? "no evidence: " : ""}${c.source}: ${c.label} (${c.detail})`);
}
