/**
 * Issue 13: what golive cannot measure holds the Go decision until a person confirms it clear.
 * Each manual check of a phase up to T-0 (or not timed: the rollback triggers, the matrix) is a gate
 * check on the first step; a confirmation counts until the next rollback; a T+30 watch holds nothing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateGate, gateInputsFromState } from "../../source/domain/gate.js";
import { manualCheckViews, sessionManualChecks } from "../../source/domain/manual-checks.js";
import { manualGateChecks } from "../../source/domain/manual-gate.js";
import { DEFAULT_THRESHOLDS } from "../../source/domain/threshold-defaults.js";
import type { SessionStore } from "../../source/session/store.js";
import { ROOT, SEEDS, tempDir } from "../helpers/paths.js";
import { sessionOnClock } from "../helpers/session.js";

const T0 = "2026-11-23T12:00:00.000Z";

const session = (file: string) => sessionOnClock(file, T0);

/** The gate for the next step from the session's weights with everything else fine: only the manual checks can close it. */
function firstStepGate(checks: ReturnType<typeof manualGateChecks>, store: SessionStore, now: number) {
  const w = store.state.weights ?? { blue: 100, green: 0 };
  const fresh = {
    value: { errorRate: 0.1, latencyP95: 20, throughput: 100, periodStart: now - 60_000, periodEnd: now },
    at: now,
  };
  return evaluateGate({
    action: "promote",
    now,
    plan: { steps: [10, 50, 100], dwellMinutes: 10 },
    ...gateInputsFromState(store.state),
    listener: { value: w, at: now },
    metrics: { blue: fresh, green: w.green > 0 ? fresh : { value: null, at: null } },
    health: {},
    thresholds: { errorRate: DEFAULT_THRESHOLDS[0]!, latencyP95: DEFAULT_THRESHOLDS[1]! },
    limits: { listenerMaxAgeMs: 30_000, metricsMaxAgeMs: 180_000, healthMaxAgeMs: 30_000 },
    checks,
  });
}

/** The manual-check reasons of the gate for the next step. */
function manualReasons(checks: ReturnType<typeof manualGateChecks>, store: SessionStore, now: number) {
  return firstStepGate(checks, store, now).reasons.filter((r) => r.includes("manual check"));
}

async function promoted(store: SessionStore, green: number) {
  const to = { blue: 100 - green, green };
  await store.append("traffic.shift.requested", { kind: "promote", to, step: green }, "ann");
  await store.append(
    "traffic.shift.confirmed",
    { kind: "promote", weights: to, tookMs: 5, attempts: 1 },
    "golive",
  );
}

describe("manual checks in the gate", () => {
  it("rollback conditions hold 50 % and 100 % too: a confirmation counts only after the step before", async () => {
    const { rb, store, clock } = await session(join(SEEDS, "deployment.md"));
    try {
      const checks = sessionManualChecks(rb, undefined);
      const later = () => manualGateChecks(checks, rb, store.state, [50, 100]);
      const confirm = async (id: string) => {
        clock.advance(60_000);
        const c = checks.find((x) => x.id === id)!;
        await store.append("check.confirmed", { check: c.id, text: c.text, line: c.line }, "bob");
      };
      for (const c of checks) await confirm(c.id);
      expect(manualReasons(later(), store, clock.now())).toEqual([]);
      clock.advance(60_000);
      await promoted(store, 10);
      // Confirmed before the 10 % step: looked at again before 50 % is sent, 100 % not asked yet.
      expect(manualReasons(later(), store, clock.now())).toEqual(
        [
          "m314 Critical functionality broken",
          "m315 Data corruption detected",
          "m316 Security incident",
          "m405 Data issues detected",
        ].map(
          (t) =>
            `no evidence: manual check: ${t} (line ${t.slice(1, 4)}), before 50 % (not confirmed clear since the last step: c in the cockpit, or golive confirm ${t.slice(0, 4)})`,
        ),
      );
      expect(manualCheckViews(checks, rb, store.state)[0]!.confirmed).toBeUndefined();
      for (const c of checks) await confirm(c.id);
      expect(manualReasons(later(), store, clock.now())).toEqual([]);
      expect(manualCheckViews(checks, rb, store.state)[0]!.confirmed?.by).toBe("bob");
      clock.advance(60_000);
      await promoted(store, 50);
      await confirm("m314");
      expect(manualReasons(later(), store, clock.now()).map((r) => r.match(/m\d+/)![0])).toEqual([
        "m315",
        "m316",
        "m405",
      ]);
      expect(manualReasons(later(), store, clock.now())[0]).toContain("before 100 %");
    } finally {
      await store.close();
    }
  });

  it("a matrix row golive cannot measure: one that rolls back holds the steps after the first; one that continues holds none", async () => {
    // go-live.md with its crash and monitoring rows about issues golive has no detector for.
    const file = join(tempDir("manual-gate-"), "go-live.md");
    writeFileSync(
      file,
      readFileSync(join(SEEDS, "go-live.md"), "utf8")
        .replace("| Application Crash | Critical |", "| Data Loss | Critical |")
        .replace("| Monitoring Issues | Low |", "| Vendor Outage | Low |"),
    );
    const { rb, store, clock } = await session(file);
    try {
      const checks = sessionManualChecks(rb, undefined);
      const all = () => manualGateChecks(checks, rb, store.state, [50, 100]);
      expect(manualReasons(all(), store, clock.now())).toEqual([]);
      clock.advance(60_000);
      await promoted(store, 10);
      expect(manualReasons(all(), store, clock.now())).toEqual([
        "no evidence: manual check: m499 Data Loss (Critical) → Immediate rollback (line 499), before 50 % (not confirmed clear since the last step: c in the cockpit, or golive confirm m499)",
      ]);
      expect(manualCheckViews(checks, rb, store.state).map((c) => [c.id, c.holds])).toEqual([
        ["m499", { go: false, laterSteps: true }],
        ["m502", { go: false, laterSteps: false }],
      ]);
    } finally {
      await store.close();
    }
  });

  it("go-live.md's own matrix is measured row by row (crash → probes and pods, monitoring → metric polls): nothing to confirm by hand", async () => {
    const { rb, store } = await session(join(SEEDS, "go-live.md"));
    try {
      expect(sessionManualChecks(rb, undefined).map((c) => c.id)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("the blue/green seed: its four numberless triggers hold the Go decision until each is confirmed clear", async () => {
    const { rb, store, clock } = await session(join(SEEDS, "deployment.md"));
    try {
      const checks = sessionManualChecks(rb, undefined);
      const gate = () => firstStepGate(manualGateChecks(checks, rb, store.state), store, clock.now());
      await store.append("drift.detected", { expected: null, actual: { blue: 100, green: 0 } }, "golive");
      expect(gate().allowed).toBe(false);
      expect(gate().reasons).toEqual([
        "no evidence: manual check: m314 Critical functionality broken (line 314) (not confirmed clear: c in the cockpit, or golive confirm m314)",
        "no evidence: manual check: m315 Data corruption detected (line 315) (not confirmed clear: c in the cockpit, or golive confirm m315)",
        "no evidence: manual check: m316 Security incident (line 316) (not confirmed clear: c in the cockpit, or golive confirm m316)",
        "no evidence: manual check: m405 Data issues detected (line 405) (not confirmed clear: c in the cockpit, or golive confirm m405)",
      ]);
      for (const c of checks) {
        clock.advance(60_000);
        await store.append("check.confirmed", { check: c.id, text: c.text, line: c.line }, "bob");
      }
      expect(gate().allowed).toBe(true);
      expect(manualGateChecks(checks, rb, store.state)[0]!.detail).toBe("confirmed clear by bob at 12:01Z");
      // A rollback reopens the Go decision: what was clear before it is checked again.
      clock.advance(60_000);
      await store.append(
        "traffic.shift.requested",
        { kind: "rollback", to: { blue: 100, green: 0 }, override: "t" },
        "ann",
      );
      expect(manualGateChecks(checks, rb, store.state).map((c) => c.ok)).toEqual([null, null, null, null]);
      expect(manualCheckViews(checks, rb, store.state)[0]!.confirmed).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it("another team's runbook: the T-0 abort holds the Go decision, the T+30 watch does not", async () => {
    const { rb, store } = await session(join(ROOT, "test/fixtures/orbit-release.md"));
    try {
      const checks = sessionManualChecks(rb, undefined);
      expect(checks.map((c) => c.id)).toEqual(["m20", "m32"]);
      expect(manualGateChecks(checks, rb, store.state).map((c) => c.label)).toEqual([
        "m20 Abort when SearchErrors > 25 per minute (line 20)",
      ]);
      expect(manualCheckViews(checks, rb, store.state).map((c) => [c.id, c.gatesGo])).toEqual([
        ["m20", true],
        ["m32", false],
      ]);
      // A config naming SearchErrors in metrics.custom measures it: no longer a check by hand.
      const cfg = { metrics: { custom: [{ name: "SearchErrors", namespace: "Orbit", stat: "Sum" }] } };
      expect(sessionManualChecks(rb, cfg).map((c) => c.id)).toEqual(["m32"]);
    } finally {
      await store.close();
    }
  });
});
