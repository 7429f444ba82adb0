/**
 * When to read the fleet. Its three SDK calls (DescribeServices, DescribeTargetHealth per arm) every
 * 5 s were most of an idle cockpit's AWS traffic, and the fleet is shown, never a gate input. So the
 * poll ticks at its fast interval as before but reads only every `slowEvery`-th tick (the metrics'
 * cadence) while nothing moves; it reads at every tick while anything might: a traffic intent
 * queued or running (promote, rollback, scale-blue), a new session event since the last read (a
 * shift requested or confirmed, a rollback, drift), or a fleet that is not at rest (targets
 * draining or starting, tasks short of or over what is desired, a part that failed to read, or a
 * read that differs from the one before).
 */
import type { Fleet, FleetArm } from "./fleet.js";

export interface FleetMoves {
  /** The traffic actor has an intent queued or running. */
  busy: boolean;
  /** The session's last event sequence number. */
  seq: number;
}

export class FleetCadence {
  private ticksSinceRead = 0;
  private read?: { fleet: Fleet; seq: number; before?: Fleet };

  constructor(private slowEvery: number) {}

  /** One tick of the poll: should it read? */
  due(now: FleetMoves): boolean {
    this.ticksSinceRead++;
    const r = this.read;
    if (!r || now.busy || now.seq !== r.seq || !atRest(r.fleet, r.before)) return true;
    return this.ticksSinceRead >= this.slowEvery;
  }

  /** A read finished (`fleet` undefined: it failed, so the next tick reads again). */
  done(fleet: Fleet | undefined, seq: number): void {
    this.ticksSinceRead = 0;
    this.read = fleet ? { fleet, seq, before: this.read?.fleet } : undefined;
  }
}

/** Ticks of `fastMs` to one read at rest: the metrics' poll interval, never fewer than one. */
export function slowEvery(fastMs: number, metricsPollMs: number): number {
  return Math.max(1, Math.round(metricsPollMs / fastMs));
}

function armAtRest(a: FleetArm, b: FleetArm | undefined): boolean {
  if (a.error || !a.targets) return false;
  for (const state of Object.keys(a.targets.byState))
    if (state !== "healthy" && state !== "unused") return false;
  const s = a.service;
  if (s && (s.running !== s.desired || s.pending)) return false;
  return !!b && JSON.stringify(a) === JSON.stringify(b);
}

function atRest(f: Fleet, before: Fleet | undefined): boolean {
  return armAtRest(f.blue, before?.blue) && armAtRest(f.green, before?.green);
}
