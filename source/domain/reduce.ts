/**
 * The reducer: the session's events (events.ts) folded into SessionState. Pure; the log is the
 * truth, the state is what views read.
 */
import { foldApproval } from "./approval.js";
import type { EventOf, SessionEvent, SessionState, Weights } from "./events.js";

export function initialState(e: EventOf<"session.created">): SessionState {
  return {
    id: e.data.id,
    createdAt: e.at,
    runbook: e.data.runbook,
    t0: Date.parse(e.data.t0),
    version: e.data.version,
    lead: e.data.lead,
    env: e.data.env,
    config: e.data.config,
    ...(e.data.clock ? { clock: e.data.clock } : {}),
    items: {},
    fields: {},
    notes: [],
    amendments: [],
    weights: null,
    steps: [],
    alerts: [],
    checkpoints: {},
    earlierCheckpoints: [],
    checks: {},
    periods: [],
    lastSeq: e.seq,
    head: e.hash,
  };
}

/**
 * Pure: state + event → state. Unknown ids are kept (the log is the truth); views decide what to show.
 * `owned` (only `reduce`, which made every collection itself) adds to the maps and lists in place:
 * copying them per event made loading 100,000 events over 10,000 items quadratic (minutes).
 */
export function apply(s: SessionState, e: SessionEvent, owned = false): SessionState {
  // A key of "__proto__" assigned in place would set the prototype; a spread makes it an own key.
  const put = <T>(o: Record<string, T>, k: string, v: T): Record<string, T> => {
    if (!owned || k === "__proto__") return { ...o, [k]: v };
    o[k] = v;
    return o;
  };
  const add = <T>(a: T[], v: T): T[] => {
    if (!owned) return [...a, v];
    a.push(v);
    return a;
  };
  const mark = { by: e.by, at: e.at };
  const next: SessionState = { ...s, lastSeq: e.seq, head: e.hash };
  if (e.amendment)
    next.amendments = add(s.amendments, { seq: e.seq, type: e.type, why: e.amendment.why, ...mark });
  switch (e.type) {
    case "session.created":
    case "session.migrated":
      return next;
    case "item.checked":
      next.items = put(s.items, e.data.item, {
        checked: true,
        note: e.data.note,
        evidence: e.data.evidence,
        ...mark,
      });
      return next;
    case "item.unchecked":
      next.items = put(s.items, e.data.item, { checked: false, reason: e.data.reason, ...mark });
      return next;
    case "field.recorded":
      next.fields = put(s.fields, e.data.field, {
        value: e.data.value,
        source: e.data.source ?? "manual",
        ...mark,
      });
      return next;
    case "note.added":
      next.notes = add(s.notes, { text: e.data.text, ...mark });
      return next;
    case "approval.requested":
    case "approval.granted":
    case "approval.voided":
      next.approvals = foldApproval(s, e);
      return next;
    case "lead.changed":
      next.leader = { holder: e.data.holder, generation: e.data.generation, until: e.data.until, ...mark };
      return next;
    case "check.confirmed":
      next.confirmed = put(s.confirmed ?? {}, e.data.check, {
        text: e.data.text,
        note: e.data.note,
        ...mark,
      });
      return next;
    case "session.signed":
      next.signoff = { status: e.data.status, signer: e.data.signer, ...mark };
      if (e.data.role) next.signoff.role = e.data.role;
      if (e.data.accepted) next.signoff.accepted = e.data.accepted;
      if (e.data.fields?.length) {
        next.fields = { ...s.fields };
        for (const f of e.data.fields) next.fields[f.field] = { value: f.value, source: "engine", ...mark };
      }
      return next;
    case "config.attached":
      next.config = e.data.config;
      if (e.data.clock) next.clock = e.data.clock;
      return next;
    case "t0.changed":
      next.t0 = Date.parse(e.data.t0);
      return next;
    case "traffic.shift.requested":
      if (s.approvals) next.approvals = foldApproval(s, e);
      // A promote's request journalled while a rollback is in flight never hides the rollback.
      if (!(e.data.kind === "promote" && s.shift && s.shift.kind !== "promote"))
        next.shift = { kind: e.data.kind, to: e.data.to, since: e.at, step: e.data.step, seq: e.seq };
      // A rollback starts a record unless one is still running; a repeat after a completed one
      // starts a new record (the first stays in the log).
      if (e.data.kind !== "promote" && (!s.rollback?.startedAt || s.rollback.completedAt)) {
        next.rollback = { startedAt: e.at, by: e.by, reason: e.data.override };
      }
      return next;
    case "traffic.shift.confirmed": {
      next.weights = e.data.weights;
      next.weightsSince = e.at;
      next.shift = undefined;
      if (e.data.kind === "promote") {
        const step = s.shift?.step ?? e.data.weights.green;
        next.steps = [...s.steps, { step, confirmedAt: e.at }];
        if (e.data.weights.green === 100 && e.data.weights.blue === 0) {
          if (!s.liveAt) next.liveAt = e.at;
          if (!s.live || s.live.endedAt) Object.assign(next, startAttempt(s, e.at));
        }
      } else {
        if (s.rollback) next.rollback = { ...s.rollback, completedAt: e.at };
        if (e.data.weights.green < 100 && s.live && !s.live.endedAt) next.live = { ...s.live, endedAt: e.at };
      }
      return next;
    }
    case "traffic.shift.failed":
      next.shift = undefined;
      if (e.data.kind !== "promote" && s.rollback) next.rollback = { ...s.rollback, failed: e.data.error };
      return next;
    case "traffic.shift.superseded":
      // Only the promote's own pending shift ends here; the rollback that overtook it stays in flight.
      if (s.shift?.kind === "promote") next.shift = undefined;
      return next;
    case "traffic.observed":
      return observed(s, next, e as EventOf<"traffic.observed">);
    case "decision.go":
      next.goDecision = { ...mark, override: e.data.override };
      if (e.data.open?.length) next.goDecision.open = e.data.open;
      return next;
    case "rollback.verified":
      if (s.rollback) next.rollback = { ...s.rollback, verified: e.data.blueHealthy };
      return next;
    case "drift.detected":
      next.weights = e.data.actual;
      // First sight of the listener changes nothing; drift restarts the dwell.
      if (e.data.expected !== null) next.weightsSince = e.at;
      if (e.data.actual.green < 100 && s.live && !s.live.endedAt) next.live = { ...s.live, endedAt: e.at };
      return next;
    case "alert.raised":
      next.alerts = [
        ...s.alerts,
        {
          id: e.data.alert,
          severity: e.data.severity,
          message: e.data.message,
          acknowledged: false,
          key: e.data.key,
          ...(e.data.trust ? { trust: e.data.trust } : {}),
          count: 1,
          lastSeenAt: e.at,
          ...mark,
        },
      ];
      return next;
    case "alert.repeated":
      next.alerts = s.alerts.map((a) =>
        a.id === e.data.alert
          ? { ...a, count: e.data.count, lastSeenAt: e.at, message: e.data.message ?? a.message }
          : a,
      );
      return next;
    case "alert.acknowledged": {
      const ids = new Set([...(e.data.alert ? [e.data.alert] : []), ...(e.data.alerts ?? [])]);
      next.alerts = s.alerts.map((a) => (ids.has(a.id) ? { ...a, acknowledged: true } : a));
      return next;
    }
    case "checkpoint.recorded": {
      const row = { ...e.data, ...mark };
      const a = e.data.attempt;
      if (a !== undefined && s.live && a !== s.live.attempt) {
        // A late row of an earlier attempt: it stays with that attempt.
        const found = s.earlierCheckpoints.some((x) => x.attempt === a);
        next.earlierCheckpoints = found
          ? s.earlierCheckpoints.map((x) => (x.attempt === a ? { ...x, rows: [...x.rows, row] } : x))
          : [...s.earlierCheckpoints, { attempt: a, rows: [row] }];
      } else next.checkpoints = { ...s.checkpoints, [e.data.offsetMinutes]: row };
      return next;
    }
    case "check.ran":
      next.checks = put(s.checks, e.data.item, { ...e.data, ...mark });
      return next;
    case "ecs.state.recorded":
    case "ecs.action":
    case "k8s.action":
    case "message.written":
      return next;
    case "metrics.period":
      next.periods = add(s.periods ?? [], e.data);
      return next;
  }
}

/**
 * A confirmed promotion to 100 % green when no attempt is live: a new checkpoint attempt anchored
 * here; the previous attempt's rows move, unchanged, to the earlier attempts.
 */
function startAttempt(
  s: SessionState,
  at: string,
): Pick<SessionState, "live" | "checkpoints" | "earlierCheckpoints"> {
  const prev = s.live?.attempt ?? 0;
  const rows = Object.values(s.checkpoints);
  return {
    live: { at, attempt: prev + 1 },
    checkpoints: {},
    earlierCheckpoints: rows.length
      ? [...s.earlierCheckpoints, { attempt: prev, rows }]
      : s.earlierCheckpoints,
  };
}

function observed(s: SessionState, next: SessionState, e: EventOf<"traffic.observed">): SessionState {
  const w = e.data.weights;
  // Weights below 100 % seen for a pending change end the live attempt, as a confirmed shift would.
  if (e.data.observation !== "changed-since-dialog" && w && w.green < 100 && s.live && !s.live.endedAt)
    next.live = { ...s.live, endedAt: e.at };
  switch (e.data.observation) {
    case "reconciled-completed":
      next.shift = undefined;
      if (w) {
        next.weights = w;
        next.weightsSince = e.at;
      }
      if (s.shift?.kind === "promote" && w) {
        next.steps = [...s.steps, { step: s.shift.step ?? w.green, confirmedAt: e.at }];
        if (w.green === 100 && w.blue === 0) {
          if (!s.liveAt) next.liveAt = e.at;
          if (!s.live || s.live.endedAt) Object.assign(next, startAttempt(s, e.at));
        }
      } else if (s.shift?.kind !== "promote" && s.rollback && !s.rollback.completedAt)
        next.rollback = { ...s.rollback, completedAt: e.at, failed: undefined };
      return next;
    case "reconciled-not-applied":
    case "reconciled-other":
      next.shift = undefined;
      if (w && !sameW(w, s.weights)) {
        next.weights = w;
        next.weightsSince = e.at;
      }
      return next;
    case "rollback-observed-on-reopen":
      next.shift = undefined;
      if (w) {
        next.weights = w;
        next.weightsSince = e.at;
      }
      if (s.rollback)
        next.rollback = { ...s.rollback, completedAt: e.at, failed: undefined, observedOnReopen: true };
      return next;
    default:
      return next;
  }
}

function sameW(a: Weights, b: Weights | null): boolean {
  return !!b && a.blue === b.blue && a.green === b.green;
}

export function reduce(events: readonly SessionEvent[]): SessionState {
  const f = folder();
  for (const e of events) f.add(e);
  return f.state();
}

/**
 * Events that change nothing the record's step verdicts read (verdict-step.ts stepVerdicts: the
 * config, the steps, the rollback, the periods, the weights): only their own item, value, note or
 * check, the amendments, the head. No other event's fold reads what they change.
 */
const NOT_FOR_STEPS: ReadonlySet<string> = new Set([
  "note.added",
  "item.checked",
  "item.unchecked",
  "field.recorded",
  "check.confirmed",
  "check.ran",
  "message.written",
]);

/**
 * reduce one event at a time: verify folds a record it streams and never holds. `steps`: a state
 * right only for stepVerdicts, which passes by the events that change nothing it reads (verify of
 * a JSON export compares its step verdicts: 100,000 notes, values and checks kept only to be
 * collected cost a quarter of that check).
 */
export function folder(only?: "steps"): { add(e: SessionEvent): void; state(): SessionState } {
  let s: SessionState | undefined;
  const skip = only === "steps" ? NOT_FOR_STEPS : undefined;
  return {
    add(e) {
      if (!s) {
        if (e.type !== "session.created") throw new Error("a session starts with session.created");
        s = initialState(e);
      } else if (skip?.has(e.type)) return;
      else if (!applyInPlace(s, e)) s = apply(s, e, true);
    },
    state() {
      if (!s) throw new Error("a session starts with session.created");
      return s;
    },
  };
}

/**
 * The events a long session is made of (ticks, values, notes, checks) folded into reduce's own
 * state in place: no new state object per event. Same result as `apply`; false for anything else.
 */
function applyInPlace(s: SessionState, e: SessionEvent): boolean {
  if (e.amendment) return false;
  const by = e.by;
  const at = e.at;
  switch (e.type) {
    case "item.checked":
      if (e.data.item === "__proto__") return false;
      s.items[e.data.item] = { checked: true, note: e.data.note, evidence: e.data.evidence, by, at };
      break;
    case "item.unchecked":
      if (e.data.item === "__proto__") return false;
      s.items[e.data.item] = { checked: false, reason: e.data.reason, by, at };
      break;
    case "field.recorded":
      if (e.data.field === "__proto__") return false;
      s.fields[e.data.field] = { value: e.data.value, source: e.data.source ?? "manual", by, at };
      break;
    case "note.added":
      s.notes.push({ text: e.data.text, by, at });
      break;
    default:
      return false;
  }
  s.lastSeq = e.seq;
  s.head = e.hash;
  return true;
}

export function isClosed(s: SessionState): boolean {
  return s.signoff !== undefined && s.signoff.status !== "in-progress";
}
