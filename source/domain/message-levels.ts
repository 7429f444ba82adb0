/** The night's state as a status slot's words: now, over the whole session, and its details line. */
import type { PeriodCounts, SessionState } from "./events.js";
import { choiceLevel } from "./message-templates.js";
import { periodMetrics } from "./metrics.js";

export const hhmm = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

type Level = "ok" | "progress" | "warn" | "bad";

export function stateLevel(s: SessionState): Level {
  const open = s.alerts.filter((a) => !a.acknowledged);
  if (s.rollback || open.some((a) => a.severity === "critical")) return "bad";
  if (open.length) return "warn";
  return s.live && !s.live.endedAt ? "ok" : "progress";
}

/** `Issues: [None/Minor/Major]` is about the whole night, not the current minute. */
export function historyLevel(s: SessionState): Level {
  if (s.rollback || s.alerts.some((a) => a.severity === "critical")) return "bad";
  return s.alerts.length ? "warn" : "ok";
}

/** The option standing for `level`; "in progress" reads as green where the slot has no such word. */
export function pick(options: string[], level: Level): string | undefined {
  const order: Level[] =
    level === "progress" ? ["progress", "ok"] : level === "warn" ? ["warn", "bad"] : [level];
  for (const l of order) {
    const o = options.find((x) => choiceLevel(x) === l);
    if (o) return o;
  }
  return undefined;
}

export function details(s: SessionState): string {
  const w = s.weights;
  const last = s.periods.at(-1);
  const arm = (name: string, p: PeriodCounts | null | undefined) => {
    if (!p || p.requests <= 0) return `${name}: no traffic in the last period (no evidence)`;
    const m = periodMetrics({
      t: 0,
      requests: p.requests,
      errors: p.errors,
      connectionErrors: p.connectionErrors,
      p95Ms: p.p95Ms,
    });
    return `${name}: error rate ${m.errorRate!.toFixed(2)} %, p95 ${p.p95Ms === null ? "no data" : `${Math.round(p.p95Ms)} ms`} (${p.requests} requests)`;
  };
  return [
    w
      ? `Traffic: blue ${w.blue} % / green ${w.green} % (as AWS confirmed it)`
      : "Traffic: not read from AWS yet",
    ...(last
      ? [
          `Metrics for the period from ${hhmm(Date.parse(last.t))}:`,
          `  ${arm("blue", last.blue)}`,
          `  ${arm("green", last.green)}`,
        ]
      : ["Metrics: none recorded yet (no evidence)"]),
    ...s.alerts
      .filter((a) => !a.acknowledged)
      .slice(-3)
      .map((a) => `Alert (${a.severity}): ${a.message}`),
  ].join("\n");
}
