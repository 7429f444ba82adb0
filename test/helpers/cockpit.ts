/** A cockpit model over a real session store (seed runbook), with an engine stand-in that records calls. */

import { onTestFinished } from "vitest";
import { writeMessageFile } from "../../source/commands/message-file.js";
import type { SessionState, Weights } from "../../source/domain/events.js";
import { evaluateGate, gateInputsFromState } from "../../source/domain/gate.js";
import { inForce } from "../../source/domain/in-force.js";
import { manualCheckViews, sessionManualChecks } from "../../source/domain/manual-checks.js";
import { messageTemplates } from "../../source/domain/message-templates.js";
import { NO_ELB_DATA } from "../../source/domain/metrics.js";
import { planSignoff, recordSignoff } from "../../source/domain/signoff-plan.js";
import { DEFAULT_THRESHOLDS } from "../../source/domain/threshold-defaults.js";
import type { PromotePlan } from "../../source/engine/engine.js";
import type { MonitorSnapshot } from "../../source/engine/monitor.js";
import type { CockpitModel } from "../../source/ui/app/model.js";
import { makeTheme } from "../../source/ui/theme.js";
import { tempDir } from "./paths.js";
import { newSeedSession } from "./session.js";

export const theme = makeTheme({ NO_COLOR: "1" });

export const T0 = Date.parse("2026-11-23T12:00:00Z");

export const TH = { go: { errorRate: 1, latencyP95: 50 }, rollback: { errorRate: 5, latencyP95: 100 } };

export function snapshotAt(now: number, greenErr: number | null): MonitorSnapshot {
  const series = (err: number) =>
    Array.from({ length: 30 }, (_, i) => ({
      t: now - (30 - i) * 60_000,
      requests: 1000,
      errors: err * 10,
      p95Ms: 30 + (i % 5),
    }));
  return {
    metricsAt: now,
    blue: {
      current: { errorRate: 0.2, latencyP95: 33, throughput: 180, periodStart: now - 60_000, periodEnd: now },
      series: series(0.2),
    },
    green: {
      current:
        greenErr === null
          ? { errorRate: null, latencyP95: null, throughput: null, periodStart: null, periodEnd: null }
          : {
              errorRate: greenErr,
              latencyP95: 31,
              throughput: 20,
              periodStart: now - 60_000,
              periodEnd: now,
            },
      series: greenErr === null ? [] : series(greenErr),
    },
    probes: {
      blue: { url: "http://b/health", status: 200, ms: 3, ok: true, at: now },
      green: { url: "http://g/health", status: 200, ms: 3, ok: true, at: now },
    },
    loadBalancer: { current: NO_ELB_DATA, series: [] },
    listenerAt: now,
    errors: [],
    consecutiveBreaches: 0,
    pendingAlerts: [],
  };
}

/**
 * The gate the test model evaluates: every input read at `now`, except blue's metrics, last read at
 * `blueAt` (a poll that stopped answering).
 */
export function testGate(s: SessionState, snap: MonitorSnapshot, now: number, blueAt = now) {
  return evaluateGate({
    action: "promote",
    now,
    plan: { steps: [10, 50, 100], dwellMinutes: 10 },
    ...gateInputsFromState(s),
    listener: { value: s.weights, at: now },
    metrics: {
      blue: { value: { ...snap.blue.current, periodEnd: blueAt }, at: blueAt },
      green: {
        value:
          snap.green.current.errorRate === null
            ? snap.green.current
            : { ...snap.green.current, periodEnd: now },
        at: now,
      },
    },
    health: { green: { value: true, at: now } },
    thresholds: { errorRate: DEFAULT_THRESHOLDS[0]!, latencyP95: DEFAULT_THRESHOLDS[1]! },
    limits: { listenerMaxAgeMs: 30_000, metricsMaxAgeMs: 180_000, healthMaxAgeMs: 30_000 },
  });
}

export async function model(over: { readOnly?: boolean; now?: number } = {}) {
  const { store, rb } = await newSeedSession(tempDir(), new Date(T0).toISOString());
  // The store holds the session's lock and journal: left open, every test leaked both (11 "exit"
  // listeners and "closing file descriptor on garbage collection" in cockpit-safety alone).
  onTestFinished(() => store.close());
  const calls: string[] = [];
  /** What AWS shows when it differs from the session (an outside change); undefined = the same. */
  let aws: Weights | undefined;
  /** planPromote waits on this (a slow DescribeListeners). */
  let planGate: Promise<void> = Promise.resolve();
  let plans = 0;
  let now = over.now ?? T0 - 20 * 60_000;
  const planFrom = (from: Weights): PromotePlan => {
    const steps = [10, 50, 100];
    const next = steps.find((x) => x > from.green);
    const gate = m.gate()!;
    if (next === undefined) return { gate, listener: [] };
    return {
      gate,
      listener: [],
      plan: {
        kind: "promote",
        from: { weights: from, raw: from },
        readAt: now - 3000,
        to: { blue: 100 - next, green: next },
        step: next,
        confirmed: null,
        epoch: 0,
      },
    };
  };
  let rollbackWait: Promise<void> | undefined;
  const snap = snapshotAt(now, null);
  const m: CockpitModel = {
    runbook: rb,
    readOnly: over.readOnly ?? false,
    user: "ann",
    now: () => now,
    state: () => store.state,
    events: () => store.events,
    subscribe: (fn) => store.onChange(fn),
    snapshot: () => snap,
    subscribeMonitor: () => () => {},
    thresholds: TH,
    inForce: inForce(rb, store.state),
    listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb/1/2",
    gate: () => testGate(store.state, snap, now),
    goCriteria: () => rb.criteria.go.map((text) => ({ text, ok: null, why: "test" })),
    manualChecks: () => manualCheckViews(sessionManualChecks(rb, undefined), rb, store.state),
    steps: [10, 50, 100],
    rollbackInFlight: () => rollbackWait,
    templates: messageTemplates(rb),
    actions: {
      sign: async (input) => {
        calls.push(`sign ${input.status ?? "role"} ${input.role ?? ""}`);
        const plan = planSignoff(rb, store.state, store.events, now, input);
        if (plan.kind === "refused") throw new Error("refused");
        await recordSignoff(plan, input.signer, (type, data) => store.append(type, data, "ann"));
        return `signed ${input.status ?? "role"}`;
      },
      writeMessage: async (m, clip) => {
        calls.push(`message ${m.name} ${clip.copied ? "copied" : "not copied"}`);
        return writeMessageFile(
          store,
          m,
          { clipboard: clip.copied ? "osc52" : "blocked", why: clip.why },
          "ann",
        );
      },
      confirmCheck: async (id) => {
        calls.push(`confirm ${id}`);
        const c = sessionManualChecks(rb, undefined).find((x) => x.id === id)!;
        await store.append("check.confirmed", { check: c.id, text: c.text, line: c.line }, "ann");
      },
      setItem: async (id, done) => {
        calls.push(`item ${id} ${done}`);
        await store.append(done ? "item.checked" : "item.unchecked", { item: id }, "ann");
      },
      record: async (field, value) => {
        calls.push(`record ${field}=${value}`);
        await store.append("field.recorded", { field, value }, "ann");
      },
      planPromote: async () => {
        plans++;
        await planGate;
        return planFrom(aws ?? store.state.weights ?? { blue: 100, green: 0 });
      },
      confirmPromote: async (plan, override) => {
        // As the engine does: the listener is read again; anything but the plan's state sends nothing.
        const now = aws ?? store.state.weights ?? { blue: 100, green: 0 };
        if (now.blue !== plan.from.weights.blue || now.green !== plan.from.weights.green) {
          calls.push(`changed ${now.blue}/${now.green}`);
          await store.append(
            "traffic.observed",
            {
              observation: "changed-since-dialog",
              weights: now,
              expected: plan.from.weights,
              detail: "test",
            },
            "ann",
          );
          return { ok: false, text: "nothing sent", changed: now, replan: planFrom(now) };
        }
        calls.push(`promote ${plan.to.blue}/${plan.to.green}${override ? ` ${override}` : ""}`);
        await store.append(
          "traffic.shift.confirmed",
          { kind: "promote", weights: plan.to, tookMs: 1, attempts: 1 },
          "ann",
        );
        aws = undefined;
        return { ok: true, text: `promote confirmed by AWS: blue ${plan.to.blue} / green ${plan.to.green}` };
      },
      rollback: async (reason) => {
        calls.push(`rollback ${reason}`);
        return { ok: true, text: "rollback confirmed by AWS: blue 100 / green 0" };
      },
      acknowledge: async (id) => {
        calls.push(`ack ${id}`);
      },
      acknowledgeAll: async (shown) => {
        const alerts = store.state.alerts
          .filter((a) => !a.acknowledged && shown.includes(a.id))
          .map((a) => a.id);
        calls.push(`ackAll ${alerts.join(",")}`);
        if (alerts.length) await store.append("alert.acknowledged", { alerts }, "ann");
        return alerts.length;
      },
      previewCheck: (ref) => ({ label: ref, shows: `bash -e <<'EOF'\necho ${ref}\nEOF`, dangerous: true }),
      runCheck: async (ref) => {
        calls.push(`run ${ref}`);
        return { ok: true, evidence: "exit 0" };
      },
      exportRecord: async () => "/tmp/x.signoff.md",
    },
  };
  await store.append("drift.detected", { expected: null, actual: { blue: 100, green: 0 } }, "golive");
  return {
    m,
    store,
    rb,
    calls,
    setNow: (t: number) => (now = t),
    setRollbackWait: (p: Promise<void> | undefined) => (rollbackWait = p),
    /** An outside change to the listener (the aws CLI while the dialog is open). */
    setAws: (w: Weights | undefined) => (aws = w),
    setPlanGate: (p: Promise<void>) => (planGate = p),
    /** How many plans the cockpit asked the engine for (one per `p`, one per changed listener). */
    plans: () => plans,
  };
}
