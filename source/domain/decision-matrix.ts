/**
 * The runbook's Rollback Decision Matrix (issue type × severity → action), read from its table and
 * bound to what golive can detect: an application crash ↔ a health check failing, performance
 * degradation ↔ a latency trigger, minor functionality ↔ the error rate, monitoring issues ↔ a
 * metric source gone silent. When an alert is raised, the row that applies is named with it, so
 * the lead reads the team's own decision beside the numbers. Rows whose action golive cannot read
 * are warned about at `new` (file:line), never dropped.
 */
import type { RecordTable, Runbook } from "./runbook.js";

export type MatrixAction = "rollback" | "rollback-if-persists" | "fix-in-place" | "continue";

export interface MatrixRule {
  issue: string;
  severity: string;
  action: string;
  /** The action read as golive's: undefined when it cannot tell (a warning at `new`). */
  kind?: MatrixAction;
  /** Which alerts this row applies to (by alert key), if golive detects the issue at all. */
  detector?: "health" | "latency" | "error-rate" | "metrics-silent";
  line: number;
}

export interface DecisionMatrix {
  rules: MatrixRule[];
  line: number;
  warnings: { line: number; message: string }[];
}

function isMatrix(t: RecordTable): boolean {
  const h = t.header.map((x) => x.toLowerCase());
  return h.some((x) => /issue|problem|symptom/.test(x)) && h.some((x) => /action|decision|response/.test(x));
}

function actionKind(a: string): MatrixAction | undefined {
  if (/rollback if|roll back if|if (it )?persists/i.test(a)) return "rollback-if-persists";
  if (/immediate|roll ?back now|^roll ?back\b/i.test(a)) return "rollback";
  if (/fix in place|hotfix|fix forward/i.test(a)) return "fix-in-place";
  if (/continue|proceed|monitor/i.test(a)) return "continue";
  return undefined;
}

function detectorOf(issue: string): MatrixRule["detector"] {
  if (/crash|down|unavailable|health/i.test(issue)) return "health";
  if (/performance|latency|slow/i.test(issue)) return "latency";
  if (/functionality|error/i.test(issue)) return "error-rate";
  if (/monitoring|metrics|observability/i.test(issue)) return "metrics-silent";
  return undefined;
}

/** The matrix, or undefined when the runbook has none. */
export function decisionMatrix(rb: Pick<Runbook, "tables">): DecisionMatrix | undefined {
  const t = rb.tables.find(isMatrix);
  if (!t) return undefined;
  const col = (re: RegExp) => t.header.findIndex((h) => re.test(h));
  const ci = Math.max(0, col(/issue|problem|symptom/i));
  const cs = col(/severity|impact|priority/i);
  const ca = col(/action|decision|response/i);
  const warnings: DecisionMatrix["warnings"] = [];
  const rules = t.rows.map((r, i) => {
    // A GFM table: header, delimiter, then one row per line.
    const line = t.position.line + 2 + i;
    const cell = (c: number) => (c >= 0 ? (r.cells[c]?.text ?? "").trim() : "");
    const rule: MatrixRule = {
      issue: cell(ci),
      severity: cell(cs),
      action: cell(ca),
      kind: actionKind(cell(ca)),
      detector: detectorOf(cell(ci)),
      line,
    };
    if (!rule.kind)
      warnings.push({
        line,
        message: `the rollback decision matrix's action "${rule.action}" is not one golive knows (immediate rollback, rollback if it persists, fix in place, continue): this row is shown, never applied`,
      });
    return rule;
  });
  return { rules, line: t.position.line, warnings };
}
