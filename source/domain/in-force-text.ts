/**
 * What is in force, as people and `--json` read it: each value with where it came from
 * (`runbook deployment.md:174`, `config environment.json`, `default`), the plan line by line, the
 * thresholds on one line, and the plain JSON for `status --json`, `metrics --json` and the record.
 */
import type { InForce } from "./in-force.js";
import type { PlanStep, ValueSource } from "./plan-in-force.js";
import type { Threshold } from "./thresholds.js";

/** `runbook deployment.md:174`, `config environment.json`, `default`. */
export function sourceText(s: ValueSource, runbookFile: string): string {
  if (s.from === "runbook") return `runbook ${basename(runbookFile)}:${s.line}`;
  if (s.from === "config") return `config ${s.file}`;
  return "default";
}

export function thresholdSourceText(t: Threshold, f: Pick<InForce, "runbookFile" | "configFile">): string {
  if (t.source === "runbook") return `runbook ${basename(f.runbookFile)}:${t.line}`;
  if (t.source === "config") return `config ${f.configFile ?? "config"}`;
  return "default";
}

/** For tight places (the cockpit's metric panes): `runbook:178`, `config`, `default`. */
export function shortSource(t: Threshold | ValueSource): string {
  // Both shapes carry the runbook's line whenever the value is the runbook's (the types say so), so
  // every runbook value reads `runbook:LINE`: there is no line-less form to word.
  if ("from" in t) return t.from === "runbook" ? `runbook:${t.line}` : t.from;
  return t.source === "runbook" ? `runbook:${t.line}` : t.source;
}

/** `5 % → 25 % → 100 %`. */
export function stepsText(plan: PlanStep[]): string {
  return plan.map((s) => `${s.green} %`).join(" → ");
}

/**
 * One line per step: `25 %  dwell 15 min  (step: runbook x.md:12 · dwell: runbook x.md:14)`.
 * Sources are given once per distinct value so a uniform plan reads short.
 */
export function planLines(f: InForce): string[] {
  return f.plan.map((s, i) => {
    const last = i === f.plan.length - 1;
    const dwell = last ? `watch ${s.dwellMinutes} min` : `dwell ${s.dwellMinutes} min`;
    return `${String(s.green).padStart(3)} %  ${dwell.padEnd(15)} (step: ${sourceText(s.stepFrom, f.runbookFile)} · dwell: ${sourceText(s.dwellFrom, f.runbookFile)})`;
  });
}

/** `go: error rate < 1 % (runbook x.md:178), p95 < 50 ms (default) · rollback: …`. */
export function thresholdsText(f: InForce): string {
  const one = (t: Threshold, what: string) =>
    `${what} ${t.op} ${t.value} ${t.unit} (${thresholdSourceText(t, f)})`;
  const th = f.thresholds;
  return `go: ${one(th.go.errorRate, "error rate")}, ${one(th.go.latencyP95, "p95")} · rollback: ${one(th.rollback.errorRate, "error rate")}, ${one(th.rollback.latencyP95, "p95")}`;
}

/** The plan and thresholds as plain JSON for `status --json`, `metrics --json` and the record. */
export function inForceJson(f: InForce) {
  const src = (s: ValueSource) => ({ ...s, text: undefined, label: sourceText(s, f.runbookFile) });
  const th = (t: Threshold) => ({ ...t, label: thresholdSourceText(t, f) });
  return {
    canary: {
      steps: f.plan.map((s) => s.green),
      plan: f.plan.map((s) => ({
        green: s.green,
        dwellMinutes: s.dwellMinutes,
        step: src(s.stepFrom),
        dwell: src(s.dwellFrom),
      })),
    },
    thresholds: {
      go: { errorRate: th(f.thresholds.go.errorRate), latencyP95: th(f.thresholds.go.latencyP95) },
      rollback: {
        errorRate: th(f.thresholds.rollback.errorRate),
        latencyP95: th(f.thresholds.rollback.latencyP95),
      },
    },
  };
}

/** The file name of a path, as shown beside a value (either separator). */
export function basename(p: string): string {
  return p.split(/[\\/]/).at(-1) ?? p;
}
