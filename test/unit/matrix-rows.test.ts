/**
 * The Rollback Decision Matrix row by row, in memory: which table is the matrix, how an action and an
 * issue are read, which trigger a row sets (or that it is checked by hand), the line status and the
 * record print for it, and the row named beside an alert. A row read wrongly changes what golive
 * rolls back on, or shows a team's "fix in place" beside a rollback trigger.
 */
import { describe, expect, it } from "vitest";
import { decisionMatrix } from "../../source/domain/decision-matrix.js";
import { detectorOfAlert, ruleForAlert, ruleText, withMatrixRow } from "../../source/domain/matrix-alerts.js";
import { bindMatrix, matrixLines, runbookTriggers } from "../../source/domain/matrix-triggers.js";
import type { RecordTable } from "../../source/domain/runbook.js";

/** A GFM table whose header is on `line` (rows follow the delimiter line). */
const table = (header: string[], rows: string[][], line = 10): RecordTable => ({
  id: `t${line}`,
  section: "s",
  header,
  rows: rows.map((r) => ({ cells: r.map((text) => ({ text })) })),
  position: { line, column: 1, start: 0, end: 0 },
});
const HEADER = ["Issue", "Severity", "Action"];
const rb = (...tables: RecordTable[]) => ({ tables });
const kinds = (actions: string[]) =>
  decisionMatrix(
    rb(
      table(
        HEADER,
        actions.map((a) => ["Application Crash", "Critical", a]),
      ),
    ),
  )!.rules.map((r) => r.kind);

describe("decisionMatrix: the table and its cells", () => {
  it("is the first table with both an issue and an action column, not one with only either", () => {
    const m = decisionMatrix(
      rb(
        table(["Issue", "Owner"], [["Database", "Ann"]], 3),
        table(["Step", "Action"], [["1", "Rollback"]], 6),
        table(HEADER, [["Application Crash", "Critical", "Immediate rollback"]], 20),
      ),
    )!;
    expect(m.line).toBe(20);
    expect(m.rules.map((r) => [r.line, r.issue, r.kind])).toEqual([[22, "Application Crash", "rollback"]]);
  });

  it("reads each action golive knows, wherever the words stand", () => {
    expect(
      kinds([
        "Rollback",
        "Roll back",
        "Page on-call, rollback now",
        "Escalate if persists",
        "Monitor; rollback if it persists",
        "Hotfix",
        "Proceed",
        "Do not roll back; monitor",
        "Call the DBA",
      ]),
    ).toEqual([
      "rollback",
      "rollback",
      "rollback",
      "rollback-if-persists",
      "rollback-if-persists",
      "fix-in-place",
      "continue",
      "continue",
      undefined,
    ]);
  });

  it("warns of each row whose action it cannot read, by line, and of no other", () => {
    const m = decisionMatrix(
      rb(
        table(HEADER, [
          ["Application Crash", "Critical", "Rollback"],
          ["Data loss", "Critical", "Call the DBA"],
        ]),
      ),
    )!;
    expect(m.warnings).toEqual([
      {
        line: 13,
        message:
          'the rollback decision matrix\'s action "Call the DBA" is not one golive knows (immediate rollback, rollback if it persists, fix in place, continue): this row is shown, never applied',
      },
    ]);
  });

  it("finds the issue column where it stands, trims cells, and reads a missing cell as empty", () => {
    const m = decisionMatrix(
      rb(table(["Severity", "Problem", "Response"], [["High", "  Slow checkout ", " Rollback  "], ["Low"]])),
    )!;
    expect(m.rules.map((r) => [r.issue, r.severity, r.action, r.kind, r.detector])).toEqual([
      ["Slow checkout", "High", "Rollback", "rollback", "latency"],
      ["", "Low", "", undefined, undefined],
    ]);
    // No severity column: every row's severity is empty, and its text leaves it out.
    const bare = decisionMatrix(rb(table(["Issue", "Action"], [["Service down", "Rollback"]])))!;
    expect(bare.rules[0]!.severity).toBe("");
    expect(ruleText(bare.rules[0]!)).toBe("Service down → Rollback (line 12)");
  });
});

describe("the matrix bound onto the triggers", () => {
  const matrix = rb(
    table(HEADER, [
      ["Performance Degradation", "High", "Monitor, rollback if persists"],
      ["Slow pages", "Medium", "Rollback"],
      ["Minor Functionality", "Medium", "Fix in place"],
      ["Application Crash", "Critical", "Call the DBA"],
      ["Data loss", "Critical", "Rollback"],
    ]),
  );

  it("the first row for a trigger sets it; a later one, an unknown action, an unmeasured issue are by hand", () => {
    expect(bindMatrix(decisionMatrix(matrix)).map((b) => [b.rule.line, b.triggers ?? b.byHand])).toEqual([
      [12, ["latency-p95"]],
      [13, "an earlier row already sets latency-p95"],
      [14, ["error-rate-elevated"]],
      [15, "its action is not one golive knows"],
      [16, "golive has no metric for this issue"],
    ]);
    // The second latency row's "Rollback" does not take over the first row's "if persists".
    expect(runbookTriggers(matrix)).toEqual({
      "latency-p95": { level: "advisory", persist: { periods: 3, to: "rollback" } },
      "error-rate-elevated": { level: "advisory" },
    });
    expect(bindMatrix(undefined)).toEqual([]);
  });

  it("one line per row: what it sets, what the config overrides, and the manual check of the rest", () => {
    expect(matrixLines(matrix, { triggers: { "latency-p95": "pause" } })).toEqual([
      "Performance Degradation / High → Monitor, rollback if persists (line 12) — sets latency-p95 (green's p95 against the rollback threshold): trust advisory, rollback after 3 periods; the config's triggers.latency-p95 wins: trust pause (config)",
      "Slow pages / Medium → Rollback (line 13) — checked by hand (an earlier row already sets latency-p95): manual check m13",
      "Minor Functionality / Medium → Fix in place (line 14) — sets error-rate-elevated (green's error rate past the go threshold, not past the rollback threshold): trust advisory; the error-rate rollback trigger is unchanged",
      "Application Crash / Critical → Call the DBA (line 15) — checked by hand (its action is not one golive knows): manual check m15",
      "Data loss / Critical → Rollback (line 16) — checked by hand (golive has no metric for this issue): manual check m16",
    ]);
    // Without the config's triggers, the runbook's level stands and nothing is said to win.
    expect(matrixLines(matrix)[0]).toBe(
      "Performance Degradation / High → Monitor, rollback if persists (line 12) — sets latency-p95 (green's p95 against the rollback threshold): trust advisory, rollback after 3 periods",
    );
  });
});

describe("an application crash: two triggers set by one row", () => {
  const crash = rb(
    table(HEADER, [
      ["Application Crash", "Critical", "Immediate rollback"],
      ["Service down", "Critical", "Rollback"],
    ]),
  );

  it("both named, each with what the config overrides; a later crash row is by hand", () => {
    expect(bindMatrix(decisionMatrix(crash))[1]!.byHand).toBe(
      "an earlier row already sets health-probe and k8s-crash",
    );
    expect(matrixLines(crash, { triggers: { "health-probe": "advisory", "k8s-crash": "pause" } })[0]).toBe(
      "Application Crash / Critical → Immediate rollback (line 12) — sets health-probe (an arm's health check failing while it serves) and k8s-crash (the Deployment's new pods crash-looping, not pulling, OOM-killed or unschedulable): trust rollback; the config's triggers.health-probe wins: trust advisory (config); the config's triggers.k8s-crash wins: trust pause (config)",
    );
  });
});

describe("the row beside an alert", () => {
  it("each alert key belongs to its detector; the rollback thresholds' keys to none", () => {
    const keys = [
      "probe:green",
      "k8s:crash",
      "latency-p95:green",
      "stated:latencyP95:120",
      "error-rate-elevated:green",
      "poll:metrics",
      "error-rate:green",
      "elb-5xx",
      "stated:errorRate:121",
      "poll:k8s",
    ];
    expect(keys.map(detectorOfAlert)).toEqual([
      "health",
      "health",
      "latency",
      "latency",
      "error-rate",
      "metrics-silent",
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("names the row for what raised the alert, and nothing without a matrix or a row", () => {
    const m = decisionMatrix(rb(table(HEADER, [["Application Crash", "Critical", "Immediate rollback"]])));
    expect(withMatrixRow(m, "k8s:crash", "pods crash-looping")).toBe(
      "pods crash-looping — runbook matrix: Application Crash / Critical → Immediate rollback (line 12)",
    );
    expect(withMatrixRow(m, "latency-p95:green", "p95 high")).toBe("p95 high");
    expect(ruleForAlert(undefined, "probe:green")).toBeUndefined();
  });
});
