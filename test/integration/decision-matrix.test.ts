/**
 * Issue 13, the Rollback Decision Matrix: go-live.md's table read as rules (issue × severity →
 * action, each bound to what golive detects), shown by status, status --json and the export, named
 * with the alert it applies to (a latency trigger → "Performance Degradation"), and a row whose
 * action golive cannot read is a warning at new with file:line.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decisionMatrix } from "../../source/domain/decision-matrix.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { ROOT, tempDir } from "../helpers/paths.js";
import { T0 } from "../helpers/sandbox.js";

const GO_LIVE = join(ROOT, "checklists/go-live.md");

describe("rollback decision matrix", () => {
  it("go-live.md: four rows, each action read and bound to a detector", async () => {
    const { text, sha256 } = await readRunbookFile(GO_LIVE);
    const m = decisionMatrix(parseRunbook(GO_LIVE, text, sha256))!;
    expect(m.rules.map((r) => [r.line, r.issue, r.severity, r.kind, r.detector])).toEqual([
      [499, "Application Crash", "Critical", "rollback", "health"],
      [500, "Performance Degradation", "High", "rollback-if-persists", "latency"],
      [501, "Minor Functionality", "Medium", "fix-in-place", "error-rate"],
      [502, "Monitoring Issues", "Low", "continue", "metrics-silent"],
    ]);
    expect(text.split("\n")[499]).toContain("Performance Degradation"); // line 500, 1-based
    expect(m.warnings).toEqual([]);
  });

  it("status, status --json and the export show it; an unknown action is a warning at new", async () => {
    const sessions = tempDir("plan-matrix-");
    const clock = fixedClock(new Date(T0).toISOString());
    const g = async (args: string[], dir = sessions) => {
      const r = await golive(args, { sessions: dir, clock });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    await g(["new", "--runbook", "checklists/go-live.md", "--t0", "now+1h"]);
    expect(await g(["status"])).toContain(
      "  Performance Degradation / High → Monitor, rollback if persists (line 500) — sets latency-p95 (green's p95 against the rollback threshold): trust advisory, rollback after 3 periods",
    );
    const json = JSON.parse(await g(["status", "--json"])) as { decisionMatrix: { rules: unknown[] } };
    expect(json.decisionMatrix.rules).toHaveLength(4);
    expect(json.decisionMatrix.rules[2]).toMatchObject({
      line: 501,
      trigger: "error-rate-elevated",
      policy: { level: "advisory" },
    });
    expect(json.decisionMatrix.rules[0]).toMatchObject({
      line: 499,
      triggers: ["health-probe", "k8s-crash"],
      policy: { level: "rollback" },
    });
    expect(json.decisionMatrix.rules[3]).toMatchObject({ line: 502, triggers: ["metrics-silent"] });
    expect(await g(["export", "--out", "-"])).toContain(
      "  - Application Crash / Critical → Immediate rollback (line 499) — sets health-probe (an arm's health check failing while it serves) and k8s-crash (the Deployment's new pods crash-looping, not pulling, OOM-killed or unschedulable): trust rollback",
    );

    const file = join(tempDir("plan-matrix-rb-"), "bad-matrix.md");
    writeFileSync(
      file,
      [
        "# Release",
        "",
        "- [ ] Ship it",
        "",
        "| Issue Type | Severity | Action |",
        "|---|---|---|",
        "| Application Crash | Critical | Immediate rollback |",
        "| Data loss | Critical | Call the DBA |",
        "",
      ].join("\n"),
    );
    const created = await g(["new", "--runbook", file, "--t0", "now+1h"], tempDir("plan-matrix-s-"));
    expect(created).toContain(
      `warning: ${file}:8: the rollback decision matrix's action "Call the DBA" is not one golive knows`,
    );
  });

  it("a latency trigger on the sandbox names the row that applies", async () => {
    const rig = await engineOnSandbox({ runbook: GO_LIVE });
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      rig.sb.applyFault({ type: "latency", target: "green", multiplier: 5 });
      // Two periods, each proven young (p90 and count): still below the row's 3-period persistence.
      for (let i = 0; i < 2; i++) {
        minutes(rig.sb, 1);
        await rig.engine.monitor.pollMetrics();
      }
      const p95 = rig.store.state.alerts.filter((a) => /p95 \d+ ms > 100 ms/.test(a.message));
      expect(p95).toHaveLength(1);
      expect(p95[0]!.message).toMatch(
        / — runbook matrix: Performance Degradation \/ High → Monitor, rollback if persists \(line 500\)$/,
      );
    } finally {
      await rig.stop();
    }
  });
});
