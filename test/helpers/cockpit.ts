/** A cockpit model over a real session store (seed runbook), with an engine stand-in that records calls. */
import { evaluateGate, gateInputsFromState } from "../../source/domain/gate.js";
import { inForce } from "../../source/domain/in-force.js";
import { NO_ELB_DATA } from "../../source/domain/metrics.js";
import { DEFAULT_THRESHOLDS } from "../../source/domain/runbook.js";
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

export async function model(over: { readOnly?: boolean; now?: number } = {}) {
  const { store, rb } = await newSeedSession(tempDir(), new Date(T0).toISOString());
  const calls: string[] = [];
  let rollbackWait: Promise<void> | undefined;
  let now = over.now ?? T0 - 20 * 60_000;
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
    gate: () =>
      evaluateGate({
        action: "promote",
        now,
        plan: { steps: [10, 50, 100], dwellMinutes: 10 },
        ...gateInputsFromState(store.state),
        listener: { value: store.state.weights, at: now },
        metrics: {
          blue: { value: { ...snap.blue.current, periodEnd: now }, at: now },
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
      }),
    goCriteria: () => rb.criteria.go.map((text) => ({ text, ok: null, why: "test" })),
    steps: [10, 50, 100],
    rollbackInFlight: () => rollbackWait,
    actions: {
      setItem: async (id, done) => {
        calls.push(`item ${id} ${done}`);
        await store.append(done ? "item.checked" : "item.unchecked", { item: id }, "ann");
      },
      record: async (field, value) => {
        calls.push(`record ${field}=${value}`);
        await store.append("field.recorded", { field, value }, "ann");
      },
      promote: async (override) => {
        calls.push(`promote ${override ?? ""}`);
        await store.append(
          "traffic.shift.confirmed",
          { kind: "promote", weights: { blue: 90, green: 10 }, tookMs: 1, attempts: 1 },
          "ann",
        );
        return { ok: true, text: "promote confirmed by AWS: blue 90 / green 10" };
      },
      rollback: async (reason) => {
        calls.push(`rollback ${reason}`);
        return { ok: true, text: "rollback confirmed by AWS: blue 100 / green 0" };
      },
      acknowledge: async (id) => {
        calls.push(`ack ${id}`);
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
  };
}
