/**
 * An Engine (engine/engine.ts) with every port in memory: the listener and fallback of
 * test/helpers/traffic-core.ts, a recorder that folds what it is told with the real reducer, a
 * clock that moves only when the code sleeps or the test moves it, a full environment config, and
 * metrics and probes the test answers. No sandbox: a mutant costs a second.
 */
import { envConfigSchema } from "../../source/domain/config-schema.js";
import { apply, initialState, type SessionEvent, type SessionState } from "../../source/domain/events.js";
import type { GateCheck } from "../../source/domain/gate.js";
import type { PeriodPoint, ProbeResult } from "../../source/domain/ports.js";
import { Engine, type EngineDeps } from "../../source/engine/engine.js";
import { minimalConfig } from "./env-config.js";
import { core } from "./traffic-core.js";

export function engineRig(
  o: Parameters<typeof core>[0] & { config?: Record<string, unknown>; deps?: Partial<EngineDeps> } = {},
) {
  const k = core(o);
  const config = envConfigSchema.parse({
    ...minimalConfig(),
    metrics: { pollSeconds: 60, periodSeconds: 60 },
    health: { blue: "http://blue/health", green: "http://green/health", timeoutMs: 700 },
    ...o.config,
  });
  let seq = 0;
  const ev = (type: string, data: unknown, by: string) =>
    ({
      seq: ++seq,
      at: new Date(k.clock.t).toISOString(),
      by,
      type,
      data,
      prev: "",
      hash: "",
    }) as SessionEvent;
  const created = {
    id: "s",
    runbook: { file: "r.md", sha256: "x", title: "r", text: "" },
    t0: new Date(k.clock.t).toISOString(),
    lead: "ann",
  };
  const box = { state: initialState(ev("session.created", created, "ann") as never) as SessionState };
  const events: { type: string; data: Record<string, unknown>; by: string }[] = [];
  const recorder = {
    get state() {
      return box.state;
    },
    append: async (type: string, data: unknown, by: string) => {
      const e = ev(type, data, by);
      events.push({ type, data: data as Record<string, unknown>, by });
      box.state = apply(box.state, e);
      return e;
    },
  };
  const asked: unknown[][] = [];
  const series: { blue: PeriodPoint[]; green: PeriodPoint[] } = { blue: [], green: [] };
  const probes: Record<string, Partial<ProbeResult>> = {};
  const d = k.c.d as unknown as EngineDeps;
  const engine = new Engine({
    ...d,
    recorder,
    config,
    metrics: {
      series: async (...a: unknown[]) => {
        asked.push(["series", ...a]);
        return series;
      },
    } as never,
    probe: {
      probe: async (url: string) => {
        asked.push(["probe", url]);
        return { url, ms: 3, ok: true, status: 200, ...probes[url] };
      },
    },
    ...o.deps,
  });
  const types = () => events.map((e) => e.type);
  return { ...k, engine, config, asked, series, probes, events, types, box, recorder };
}

/** A manual check another part adds to the gate, open ("not yet") for a minute from `at`. */
export const manualCheck = (at: number, label: string): GateCheck => ({
  source: "manual check",
  label,
  ok: false,
  detail: "not yet",
  at,
  maxAgeMs: 60_000,
  actions: ["promote"],
  steps: "all",
});
