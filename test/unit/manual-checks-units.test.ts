/**
 * The checks golive cannot measure (domain/manual-checks.ts), in memory: where each comes from, which
 * promotions it holds, whether its section is timed after T-0, which confirmation still counts (a
 * rollback reopens it; a later step needs one made after the step before), and the line status and
 * `confirm --list` print. A check shown as met that is not, or one that holds no step it should,
 * lets a promotion through that a person was meant to look at first.
 */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import {
  clockedAfterT0,
  confirmation,
  type ManualCheck,
  manualCheckLines,
  manualChecks,
  manualChecksJson,
  manualCheckViews,
  sessionManualChecks,
  stepConfirmation,
} from "../../source/domain/manual-checks.js";
import type { RecordTable, Section } from "../../source/domain/runbook.js";
import type { StatedThreshold } from "../../source/domain/thresholds.js";

const pos = (line: number) => ({ line, column: 1, start: 0, end: 0 });
const statedAt = (line: number, by: "manual" | "cloudwatch"): StatedThreshold => ({
  metric: "custom:CheckoutErrors",
  label: "CheckoutErrors",
  kind: "go",
  op: "<",
  value: 5,
  unit: "",
  text: `CheckoutErrors < 5 (${line})`,
  line,
  measure: by === "manual" ? { by, why: "no metric named" } : { by, stat: "p99" },
});
const matrix: RecordTable = {
  id: "m",
  section: "s",
  header: ["Issue", "Severity", "Action"],
  rows: [
    ["Data loss", "Critical", "Rollback"],
    ["Typos", "Low", "Fix in place"],
    ["Slow search", "High", "Rollback"],
    ["Cache misses", "Low", "Continue"],
  ].map((r) => ({ cells: r.map((text) => ({ text })) })),
  position: pos(50),
};

describe("manualChecks: what golive cannot measure, each once, in line order", () => {
  // Worked out inside each case: one computed at collection would run before a mutant is active.
  const runbook = {
    stated: [statedAt(41, "cloudwatch"), statedAt(40, "manual")],
    manualTriggers: [{ text: "Critical functionality broken", line: 30 }],
    tables: [matrix],
  };

  it("a threshold it cannot read, a trigger with no number, a matrix row it does not act on", () => {
    const checks = manualChecks(runbook);
    expect(checks.map((c) => [c.id, c.line, c.text, c.why, c.holds.go, c.holds.laterSteps])).toEqual([
      ["m30", 30, "Critical functionality broken", "a rollback trigger with no number", true, true],
      ["m40", 40, "CheckoutErrors < 5 (40)", "no metric named", true, false],
      [
        "m52",
        52,
        "Data loss (Critical) → Rollback",
        "a matrix row checked by hand: golive has no metric for this issue",
        false,
        true,
      ],
      [
        "m53",
        53,
        "Typos (Low) → Fix in place",
        "a matrix row checked by hand: golive has no metric for this issue",
        false,
        false,
      ],
      // m54 "Slow search" sets latency-p95: measured, so not a check by hand.
      [
        "m55",
        55,
        "Cache misses (Low) → Continue",
        "a matrix row checked by hand: golive has no metric for this issue",
        false,
        false,
      ],
    ]);
  });

  it("the first source of a line wins; no runbook parts, no checks", () => {
    const twice = manualChecks({
      stated: [statedAt(30, "manual")],
      manualTriggers: [{ text: "Critical functionality broken", line: 30 }],
      tables: [],
    });
    expect(twice.map((c) => [c.id, c.why])).toEqual([["m30", "no metric named"]]);
    expect(manualChecks({ tables: [] } as never)).toEqual([]);
  });

  it("the session's list: the same without a config (a custom metric it names is measured)", () => {
    expect(sessionManualChecks(runbook, undefined)).toEqual(manualChecks(runbook));
    // A config file with no metrics section (its defaults apply): nothing custom to bind.
    expect(sessionManualChecks(runbook, { name: "prod" })).toEqual(manualChecks(runbook));
    const custom = [{ name: "CheckoutErrors", namespace: "Shop", stat: "Sum" }];
    expect(sessionManualChecks(runbook, { metrics: { custom } }).map((c) => c.id)).not.toContain("m40");
  });
});

describe("clockedAfterT0: a check in a phase after T-0 cannot hold the first shift", () => {
  const sec = (id: string, line: number, minutes?: number, parent?: string): Section => ({
    id,
    number: id,
    title: id,
    depth: parent ? 2 : 1,
    ...(parent ? { parent } : {}),
    ...(minutes === undefined ? {} : { time: { kind: "offset", minutes, text: `T${minutes}` } }),
    position: pos(line),
  });
  const rb = {
    sections: [
      sec("pre", 10, -30),
      sec("go", 20, 0),
      sec("watch", 30, 30),
      sec("watch.a", 35, undefined, "watch"),
      sec("loose", 40),
      sec("event", 50),
    ],
  };
  rb.sections[5]!.time = { kind: "event", event: "Issue Detected", text: "T+X" };

  it("reads the section's own time, else its parent's; T-0 itself and events are not after", () => {
    expect([5, 12, 20, 30, 31, 36, 41, 51].map((line) => clockedAfterT0(rb, line))).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

const check = (holds: ManualCheck["holds"]): ManualCheck => ({
  id: "m30",
  text: "Critical functionality broken",
  line: 30,
  why: "a rollback trigger with no number",
  holds,
});
const by = (who: string, at: string, note?: string) => ({
  text: "x",
  by: who,
  at,
  ...(note ? { note } : {}),
});
type S = Pick<SessionState, "confirmed" | "rollback" | "steps" | "weights">;
const state = (o: Partial<S>): S => ({ steps: [], weights: null, ...o }) as S;

describe("which confirmation counts", () => {
  const c = check({ go: true, laterSteps: true });
  const ann = state({ confirmed: { m30: by("ann", "2026-12-04T12:00:00.000Z") } });

  it("a rollback started after the confirmation reopens it; one before it does not", () => {
    expect(confirmation(c, state({}))).toBeUndefined();
    expect(confirmation(c, ann)?.by).toBe("ann");
    const rolled = (startedAt: string) => ({ ...ann, rollback: { startedAt } as never });
    expect(confirmation(c, rolled("2026-12-04T12:00:01.000Z"))).toBeUndefined();
    expect(confirmation(c, rolled("2026-12-04T11:59:59.000Z"))?.by).toBe("ann");
    // Confirmed in the rollback's own millisecond: not before it, so it stands.
    expect(confirmation(c, rolled("2026-12-04T12:00:00.000Z"))?.by).toBe("ann");
    expect(
      confirmation(c, state({ rollback: { startedAt: "2026-12-04T12:00:01.000Z" } as never })),
    ).toBeUndefined();
  });

  it("a later step needs a confirmation made after the last step's promote", () => {
    expect(stepConfirmation(c, ann)?.by).toBe("ann");
    const stepAt = (confirmedAt: string) => ({ ...ann, steps: [{ step: 10, confirmedAt }] });
    expect(stepConfirmation(c, stepAt("2026-12-04T11:59:00.000Z"))?.by).toBe("ann");
    expect(stepConfirmation(c, stepAt("2026-12-04T12:00:00.000Z"))).toBeUndefined();
    expect(stepConfirmation(c, stepAt("2026-12-04T12:01:00.000Z"))).toBeUndefined();
  });
});

describe("how the checks read", () => {
  const at = "2026-12-04T12:00:00.000Z";
  const step = { step: 10, confirmedAt: "2026-12-04T12:05:00.000Z" };

  it("open, confirmed, confirmed before the last step or the rollback; and what each holds", () => {
    const both = check({ go: true, laterSteps: true });
    const later = { ...check({ go: false, laterSteps: true }), id: "m31" };
    const go = { ...check({ go: true, laterSteps: false }), id: "m32" };
    const none = { ...check({ go: false, laterSteps: false }), id: "m33" };
    expect(manualCheckLines([both, later, go, none], state({}))).toEqual([
      "m30   Critical functionality broken (line 30) — OPEN — check by hand, then: golive confirm m30 [holds the Go decision and each later step]",
      "m31   Critical functionality broken (line 30) — OPEN — check by hand, then: golive confirm m31 [holds each step after the first]",
      "m32   Critical functionality broken (line 30) — OPEN — check by hand, then: golive confirm m32 [holds the Go decision]",
      "m33   Critical functionality broken (line 30) — OPEN — check by hand, then: golive confirm m33 [for the record: holds no step]",
    ]);
    const confirmed = { m30: by("ann", at, "checked the checkout by hand"), m32: by("bob", at) };
    expect(manualCheckLines([both, go], state({ confirmed }))).toEqual([
      "m30   Critical functionality broken (line 30) — confirmed clear by ann at 2026-12-04T12:00:00.000Z — checked the checkout by hand [holds the Go decision and each later step]",
      "m32   Critical functionality broken (line 30) — confirmed clear by bob at 2026-12-04T12:00:00.000Z [holds the Go decision]",
    ]);
    // Green at 10 %: the confirmation before that step no longer counts for the next one.
    const mid = state({ confirmed, steps: [step], weights: { blue: 90, green: 10 } });
    expect(manualCheckLines([both], mid)).toEqual([
      "m30   Critical functionality broken (line 30) — OPEN — check by hand, then: golive confirm m30 (confirmed by ann at 2026-12-04T12:00:00.000Z, before the last step) [holds the Go decision and each later step]",
    ]);
    const rolled = state({ confirmed, rollback: { startedAt: "2026-12-04T12:10:00.000Z" } as never });
    expect(manualCheckLines([go], rolled)).toEqual([
      "m32   Critical functionality broken (line 30) — OPEN — check by hand, then: golive confirm m32 (confirmed by bob at 2026-12-04T12:00:00.000Z, before the rollback) [holds the Go decision]",
    ]);
  });

  it("the cockpit's list: the confirmation that counts, with its note when it has one", () => {
    const c = check({ go: true, laterSteps: false });
    const noted = state({ confirmed: { m30: by("ann", at, "looked at checkout") } });
    expect(manualCheckViews([c], { sections: [] }, noted)[0]!.confirmed).toEqual({
      by: "ann",
      at,
      note: "looked at checkout",
    });
    const plain = state({ confirmed: { m30: by("ann", at) } });
    expect(manualCheckViews([c], { sections: [] }, plain)[0]!.confirmed).toEqual({ by: "ann", at });
  });

  it("--json: each check with the confirmation that counts, or null", () => {
    const c = check({ go: true, laterSteps: false });
    expect(manualChecksJson([c], state({}))).toEqual([{ ...c, confirmed: null }]);
    const confirmed = { m30: by("ann", at) };
    expect(manualChecksJson([c], state({ confirmed }))).toEqual([{ ...c, confirmed: confirmed.m30 }]);
  });
});
