/**
 * The gate `golive status` shows. By default the recorded gate (issue 14): the one predicate over
 * what the session holds, each input with its age, with no AWS call and no AWS client loaded, so
 * status stays a read of one file. `status --live` (status-live.ts) reads AWS for a fresh gate.
 */
import type { SessionEvent, SessionState } from "../domain/events.js";
import type { Gate } from "../domain/gate.js";
import type { Runbook } from "../domain/runbook.js";
import { type RecordedInput, recordedGate } from "../engine/recorded-gate.js";
import type { SessionStore } from "../session/store.js";
import { type NextAction, nextAction } from "../ui/app/next.js";
import type { Ctx } from "./io.js";
import { openSessionClock } from "./session-clock.js";

export interface StatusGate {
  /** Where the gate's inputs came from: the session record, or a read of AWS just now. */
  source: "record" | "aws";
  now: number;
  /** Undefined without an environment config: there is nothing to read, and nothing to gate. */
  gate?: Gate;
  /** The recorded inputs with their ages (record only). */
  inputs?: RecordedInput[];
  /** Why the gate is absent, or what the clock could not do. */
  note?: string;
  next: NextAction;
}

export async function recordedStatus(
  ctx: Ctx,
  store: Pick<SessionStore, "state">,
  runbook: Runbook,
  // A team session's view: the local copy and what S3 has beyond it (commands/team-peek.ts).
  view: { state: SessionState; events: readonly SessionEvent[] },
): Promise<StatusGate> {
  const clock = await openSessionClock(ctx, store);
  try {
    const s = view.state;
    const now = clock.clock.now();
    const r = recordedGate(runbook, s, view.events, now, clock.rate);
    const note = r
      ? clock.status()
      : "no environment config: nothing recorded from AWS, nothing to gate (golive attach --config FILE)";
    return {
      source: "record",
      now,
      gate: r?.gate,
      inputs: r?.inputs,
      ...(note ? { note } : {}),
      next: nextAction({ state: s, gate: r?.gate, readOnly: false }),
    };
  } finally {
    clock.close();
  }
}

/** The session's alerts as status reports them: every episode, acknowledged or not. */
export function alertsJson(s: SessionState) {
  return s.alerts.map((a) => ({
    id: a.id,
    severity: a.severity,
    ...(a.trust ? { trust: a.trust } : {}),
    message: a.message,
    acknowledged: a.acknowledged,
    raisedAt: a.at,
    raisedBy: a.by,
    count: a.count,
    lastSeenAt: a.lastSeenAt,
    key: a.key ?? null,
  }));
}

export function gateJson(g: Gate | undefined, note: string | undefined) {
  if (!g)
    return { allowed: false, reasons: [note ?? "no gate"], details: [], next: null, note: note ?? null };
  return {
    action: g.action,
    allowed: g.allowed,
    reasons: g.reasons,
    details: g.details,
    next: g.next ?? null,
    dwellLeftMs: g.dwellLeftMs,
    isGoDecision: g.isGoDecision,
    note: note || null,
  };
}
