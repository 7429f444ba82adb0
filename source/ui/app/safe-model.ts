/**
 * The cockpit's one choke point for text from data. Every string the panes can draw (runbook text,
 * notes, recorded values, who acted, check output, alerts, the event log, error messages) comes
 * from the model, so the model handed to <App> is a terminal-safe view of the real one: control
 * characters and escape sequences are shown escaped (`\e]52;…`), never emitted. The cockpit's own
 * OSC 52 copy is written by run.tsx and is the only clipboard write.
 */
import type { SessionEvent, SessionState } from "../../domain/events.js";
import { terminalDeep, terminalText } from "../../domain/sanitize.js";
import type { MonitorSnapshot } from "../../engine/monitor.js";
import type { CockpitModel } from "./model.js";

/** Caches by identity: the state and snapshot are replaced, never mutated, when they change. */
function byIdentity<T>(read: () => T): () => T {
  let last: T | undefined;
  let safe: T | undefined;
  let primed = false;
  return () => {
    const v = read();
    if (!primed || v !== last) {
      last = v;
      safe = terminalDeep(v);
      primed = true;
    }
    return safe as T;
  };
}

/**
 * The monitor's snapshot is replaced field by field (engine/monitor.ts patches a poll's fields into a
 * copy): each poll (listener and probes every 5 s) made the whole snapshot safe again, the hour of
 * each arm's series included, though only the fields that poll answered are new. A field that is the
 * same object as in the last snapshot keeps its safe copy; a new one is made safe.
 */
function byField<T extends object>(read: () => T | undefined): () => T | undefined {
  let last: T | undefined;
  let safe: T | undefined;
  let fields = new Map<string, { raw: unknown; safe: unknown }>();
  return () => {
    const v = read();
    if (v === last && safe !== undefined) return safe;
    last = v;
    if (v === undefined) {
      safe = undefined;
      fields = new Map();
      return v;
    }
    const next = new Map<string, { raw: unknown; safe: unknown }>();
    const out: Record<string, unknown> = {};
    for (const [k, raw] of Object.entries(v)) {
      const kept = fields.get(k);
      const field = kept && kept.raw === raw ? kept : { raw, safe: terminalDeep(raw) };
      next.set(k, field);
      out[k] = field.safe;
    }
    fields = next;
    safe = out as T;
    return safe;
  };
}

/**
 * Made safe again only when it reads differently: the gate is judged afresh at every clock tick, and
 * between polls, events and the crossing of a limit it says the same (the same object then, too).
 */
function byValue<T>(read: () => T): () => T {
  let key: string | undefined;
  let safe: T | undefined;
  return () => {
    const v = read();
    const k = JSON.stringify(v);
    if (k !== key) {
      key = k;
      safe = terminalDeep(v);
    }
    return safe as T;
  };
}

/** The event log only grows (a refresh may replace it): new events are made safe once each. */
function appendOnly(read: () => readonly SessionEvent[]): () => readonly SessionEvent[] {
  let source: readonly SessionEvent[] | undefined;
  let first: SessionEvent | undefined;
  const safe: SessionEvent[] = [];
  return () => {
    const events = read();
    if (events !== source || events[0] !== first || events.length < safe.length) {
      safe.length = 0;
      source = events;
      first = events[0];
    }
    for (let i = safe.length; i < events.length; i++) safe.push(terminalDeep(events[i]!));
    return safe;
  };
}

function safeError(e: unknown): unknown {
  if (e instanceof Error) e.message = terminalText(e.message);
  return e;
}

/** The result untouched (it goes back to the engine); an error made safe. */
async function unsafe<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (e) {
    throw safeError(e);
  }
}

async function guarded<T>(p: () => Promise<T>): Promise<T> {
  try {
    return terminalDeep(await p());
  } catch (e) {
    throw safeError(e);
  }
}

export function terminalSafeModel(model: CockpitModel): CockpitModel {
  const a = model.actions;
  return {
    ...model,
    runbook: terminalDeep(model.runbook),
    templates: terminalDeep(model.templates),
    user: terminalText(model.user),
    // From the environment config (a file anyone may have edited): the ARN the rollback dialog
    // names, and the plan and thresholds with their sources.
    ...(model.listenerArn === undefined ? {} : { listenerArn: terminalText(model.listenerArn) }),
    ...(model.trafficIngress === undefined ? {} : { trafficIngress: terminalDeep(model.trafficIngress) }),
    inForce: terminalDeep(model.inForce),
    thresholds: terminalDeep(model.thresholds),
    state: byIdentity<SessionState>(() => model.state()),
    events: appendOnly(() => model.events()),
    snapshot: byField<MonitorSnapshot>(() => model.snapshot()),
    gate: byValue(() => model.gate()),
    ...(model.clockStatus ? { clockStatus: () => terminalDeep(model.clockStatus!()) } : {}),
    // The Kubernetes pane's view: pod and image names, reasons and event messages are the cluster's
    // (an image string or an event message can carry anything).
    ...(model.rollout ? { rollout: byIdentity(() => model.rollout!()) } : {}),
    goCriteria: () => terminalDeep(model.goCriteria()),
    actions: {
      ...a,
      setItem: (id, done) => guarded(() => a.setItem(id, done)),
      record: (field, value) => guarded(() => a.record(field, value)),
      // The plan itself goes back to the engine untouched (it is compared with AWS byte for byte);
      // everything the dialog draws from it is made safe.
      planPromote: async () => {
        const p = await unsafe(() => a.planPromote());
        return { ...terminalDeep(p), plan: p.plan };
      },
      confirmPromote: async (plan, override) => {
        const r = await unsafe(() => a.confirmPromote(plan, override));
        const safe = terminalDeep(r);
        return r.replan ? { ...safe, replan: { ...safe.replan!, plan: r.replan.plan } } : safe;
      },
      acknowledgeAll: (shown) => guarded(() => a.acknowledgeAll(shown)),
      rollback: (reason) => guarded(() => a.rollback(reason)),
      acknowledge: (alert) => guarded(() => a.acknowledge(alert)),
      previewCheck: (ref) => {
        try {
          return terminalDeep(a.previewCheck(ref));
        } catch (e) {
          throw safeError(e);
        }
      },
      runCheck: (ref) => guarded(() => a.runCheck(ref)),
      exportRecord: () => guarded(() => a.exportRecord()),
      writeMessage: (m, clip) => guarded(() => a.writeMessage(m, clip)),
      sign: (input) => guarded(() => a.sign(input)),
      ...(a.withdrawApproval ? { withdrawApproval: () => guarded(() => a.withdrawApproval!()) } : {}),
      // The request's text comes from S3 (another bastion's event): drawn only once made safe; the
      // reference goes back untouched (it names the request the approval is for).
      ...(a.pendingApproval && a.approve
        ? {
            pendingApproval: async () => {
              const p = await unsafe(() => a.pendingApproval!());
              return { ...terminalDeep(p), ref: p.ref };
            },
            approve: (ref: unknown) => guarded(() => a.approve!(ref)),
          }
        : {}),
    },
  };
}
