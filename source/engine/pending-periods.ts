/** Periods whose verdict is not yet recorded, with the counts each one holds. */
import type { EventMap, PeriodCounts, SessionState } from "../domain/events.js";
import type { PeriodPoint } from "../domain/ports.js";
import type { Readings } from "../domain/stated.js";

function counts(p: PeriodPoint | undefined): PeriodCounts | null {
  if (!p || p.requests <= 0) return null;
  return {
    requests: p.requests,
    errors: p.errors,
    connectionErrors: p.connectionErrors ?? 0,
    p95Ms: p.p95Ms,
  };
}

/**
 * The readings that describe exactly the period starting at `t` (the monitor reads them for the
 * latest settled period only, so a period recorded late has none: absent, never guessed).
 */
function measuresAt(readings: Readings | undefined, t: number, periodMs: number) {
  let out: EventMap["metrics.period"]["measures"];
  for (const [k, r] of Object.entries(readings ?? {})) {
    if (r.periodStart !== t || (r.periodMs ?? periodMs) !== periodMs) continue;
    if (r.blue === null && r.green === null) continue;
    out ??= {};
    out[k] = { blue: r.blue, green: r.green };
  }
  return out;
}

/** The settled periods (both arms) the record does not have yet, oldest first, as events' data. */
export function pendingPeriods(
  s: SessionState,
  series: { blue: PeriodPoint[]; green: PeriodPoint[] },
  c: { now: number; periodMs: number; settleMs: number },
  readings?: Readings,
): EventMap["metrics.period"][] {
  const after = lastRecorded(s);
  const ts = new Set<number>();
  for (const p of [...series.blue, ...series.green]) if (pending(p, after, c)) ts.add(p.t);
  return [...ts]
    .sort((a, b) => a - b)
    .map((t) => {
      const b = series.blue.find((p) => p.t === t);
      const g = series.green.find((p) => p.t === t);
      const periodMs = (g ?? b)?.periodMs ?? c.periodMs;
      const measures = measuresAt(readings, t, periodMs);
      return {
        t: new Date(t).toISOString(),
        periodMs,
        // The weights AWS confirmed over the whole period, else unknown: a period that began
        // before the current weights were confirmed belongs to no step.
        weights:
          s.weights && t >= (s.weightsSince ? Date.parse(s.weightsSince) : Number.NEGATIVE_INFINITY)
            ? s.weights
            : null,
        blue: counts(b),
        green: counts(g),
        ...(measures ? { measures } : {}),
      };
    });
}

/**
 * How many points of the series are pending at `c.now`: for the same record and series it grows
 * only as periods settle, so it says without building them whether the pending periods changed.
 */
export function pendingCount(
  s: SessionState,
  series: { blue: PeriodPoint[]; green: PeriodPoint[] },
  c: { now: number; periodMs: number; settleMs: number },
): number {
  const after = lastRecorded(s);
  let n = 0;
  for (const p of series.blue) if (pending(p, after, c)) n++;
  for (const p of series.green) if (pending(p, after, c)) n++;
  return n;
}

function lastRecorded(s: SessionState): number {
  const last = s.periods?.at(-1);
  return last ? Date.parse(last.t) : Number.NEGATIVE_INFINITY;
}

/** After the last recorded period, with traffic, and settled by `c.now`. */
function pending(p: PeriodPoint, after: number, c: { now: number; periodMs: number; settleMs: number }) {
  return p.t > after && p.requests > 0 && p.t + (p.periodMs ?? c.periodMs) + c.settleMs <= c.now;
}
