/**
 * The monitor with every port in memory (engine/monitor.ts): CloudWatch's series, the probes, the
 * listener (through a controller that keeps what it is asked), the fleet, an alert book and a
 * recorder that keep what they are told, and a clock the test moves.
 */
import { envConfigSchema } from "../../source/domain/config-schema.js";
import type { PeriodPoint, ProbeResult } from "../../source/domain/ports.js";
import { Monitor } from "../../source/engine/monitor.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { minimalConfig } from "./env-config.js";

export const T = Date.parse("2026-12-04T12:00:00.000Z");
export const MIN = 60_000;

type Answer<V> = V | Error | (() => Promise<V>);
const answer = async <V>(a: Answer<V>): Promise<V> => {
  if (a instanceof Error) throw a;
  return typeof a === "function" ? (a as () => Promise<V>)() : a;
};

export function monitorRig(
  o: {
    observeOnly?: boolean;
    clockRate?: number;
    health?: { blue?: string; green?: string };
    weights?: { blue: number; green: number };
    fleet?: boolean;
    source?: string;
    jumps?: boolean;
    /** The runbook's Markdown (default: one item). */
    runbook?: string;
  } = {},
) {
  const log: unknown[][] = [];
  const clock = { t: T, jump: undefined as (() => void) | undefined };
  const config = envConfigSchema.parse({
    ...minimalConfig(),
    metrics: { pollSeconds: 60, periodSeconds: 60 },
    health: { ...(o.health ?? { blue: "http://blue/health", green: "http://green/health" }), timeoutMs: 700 },
  });
  const answers = {
    listener: [] as Answer<unknown>[],
    probe: {} as Record<string, Answer<Partial<ProbeResult>>>,
    series: [] as Answer<{ blue: PeriodPoint[]; green: PeriodPoint[]; loadBalancer?: unknown[] }>[],
    fleet: [] as Answer<unknown>[],
  };
  const FLEET = {
    blue: { targets: { byState: { healthy: 2 } } },
    green: { targets: { byState: { healthy: 1 } } },
  };
  const LISTENER = { weights: { blue: 90, green: 10 }, raw: { blue: 900, green: 100 } };
  const controller = {
    busy: false,
    alerts: {
      pending: [],
      flush: async () => void log.push(["flush"]),
      recovered: (key: string) => void log.push(["recovered", key]),
      breached: async (...a: unknown[]) => void log.push(["breached", ...a]),
    },
    fireTrigger: async (...a: unknown[]) => void log.push(["fire", ...a]),
    observe: async (...a: unknown[]) => {
      log.push(["observe", ...a]);
      return answer(answers.listener.shift() ?? LISTENER);
    },
    rollback: async (...a: unknown[]) => void log.push(["rollback", ...a]),
  };
  const state = {
    lastSeq: 0,
    weights: o.weights,
    steps: [],
    fields: {},
    periods: [],
    checkpoints: {},
  };
  const recorder = {
    state,
    append: async (type: string, data: unknown) => void log.push(["append", type, data]),
  };
  const asked: unknown[][] = [];
  const monitor = new Monitor({
    clock: {
      now: () => clock.t,
      sleep: async () => {},
      ...(o.jumps
        ? {
            onJump: (fn: () => void) => {
              clock.jump = fn;
              return () => {
                clock.jump = undefined;
              };
            },
          }
        : {}),
    },
    config,
    runbook: parseRunbook("r.md", o.runbook ?? "# R\n\n- [ ] Ship it\n", "0"),
    controller: controller as never,
    recorder: recorder as never,
    ...(o.observeOnly ? { observeOnly: true } : {}),
    ...(o.clockRate ? { clockRate: o.clockRate } : {}),
    metrics: {
      ...(o.source ? { source: o.source } : {}),
      series: async (...a: unknown[]) => {
        asked.push(["series", ...a]);
        return answer(answers.series.shift() ?? { blue: [], green: [] });
      },
    } as never,
    probe: {
      probe: async (url: string, timeoutMs: number) => {
        asked.push(["probe", url, timeoutMs]);
        const r = await answer(answers.probe[url] ?? { ok: true, status: 200 });
        return { url, ms: 3, ok: true, status: 200, ...r };
      },
    } as never,
    ...(o.fleet
      ? {
          fleet: {
            read: async () => {
              asked.push(["fleet"]);
              return answer(answers.fleet.shift() ?? FLEET);
            },
          } as never,
        }
      : {}),
  });
  /** What the alert book and the controller were told, without the flushes. */
  const told = () => log.filter((e) => e[0] !== "flush" && e[0] !== "observe");
  return { monitor, log, told, clock, answers, asked, state, controller, config, LISTENER };
}

/** One period of traffic at `t`: `errors` of 1000 requests failed, p95 40 ms. */
export const pt = (t: number, errors = 0): PeriodPoint => ({ t, requests: 1000, errors, p95Ms: 40 });
