/**
 * The cockpit's side of the traffic model (issue 12): keys routed exactly as the cockpit routes them
 * (ui/app/keys.ts routeKey over the real keymap) at the size the terminal has now, resizes below and
 * above the minimum, and Ctrl-C / SIGHUP / SIGTERM while a rollback is on the wire, waited for as the
 * cockpit waits (engine/finish-rollback.ts). The checks here: I2 (below 80×24 no key but R and q
 * acts, and nothing is recorded or sent) and I3 (quitting during a rollback shows "finishing
 * rollback…", a second Ctrl-C does nothing, and golive exits only once the rollback is confirmed or
 * its failure recorded).
 */
import type { Key } from "ink";
import type { Weights } from "../../source/domain/events.js";
import type { ShiftResult } from "../../source/engine/controller.js";
import type { Engine } from "../../source/engine/engine.js";
import { rollbackToFinish } from "../../source/engine/finish-rollback.js";
import type { Sandbox } from "../../source/sandbox/server.js";
import { type KeyIntent, routeKey, shownOnSmallScreen } from "../../source/ui/app/keys.js";
import type { Dialog } from "../../source/ui/app/reducer.js";
import { bindingsFor } from "../../source/ui/keys/keymap.js";
import type { Op } from "./ops.js";
import type { SessionLog } from "./recorder.js";

export const COCKPIT_KEYS = [
  "p",
  "y",
  "o",
  "n",
  "R",
  "a",
  "A",
  "q",
  "x",
  "enter",
  "space",
  "ctrl-c",
] as const;
export type CockpitKey = (typeof COCKPIT_KEYS)[number];
export type Signal = "ctrl-c" | "SIGHUP" | "SIGTERM";

/** What the model sequence lends the cockpit: its process, its log, its checks. */
export interface CockpitCtx {
  sb: Sandbox;
  log: SessionLog;
  engine(): Engine;
  /** golive exits (and is opened again, reconciling with AWS). */
  exit(): Promise<void>;
  check(ok: boolean, what: string): void;
  modifies(): number;
  ui: { small: boolean; dialog: Dialog | null; quitting: boolean; openedSeq: number };
  inflight: Set<Promise<unknown>>;
}

export interface StepOut {
  planned: Weights[];
  results: (ShiftResult | Error | undefined)[];
  rollbackAsked: boolean;
}

const BY = "Ann";

function ink(k: CockpitKey): [string, Partial<Key>] {
  if (k === "enter") return ["", { return: true }];
  if (k === "space") return [" ", {}];
  if (k === "ctrl-c") return ["c", { ctrl: true }];
  return [k, {}];
}

/** Holds the nth `at` call of the sandbox at `phase` until released or failed (a slow AWS). */
export function holdCall(sb: Sandbox, at: string, nth: number, phase: "request" | "response") {
  let seen = 0;
  let r!: () => void;
  const reached = new Promise<void>((res) => {
    r = res;
  });
  let out!: (e?: Error) => void;
  const gate = new Promise<void>((res, rej) => {
    out = (e) => (e ? rej(e) : res());
  });
  gate.catch(() => {});
  const prev = sb.hooks[phase];
  sb.hooks[phase] = async (name) => {
    await prev?.(name);
    if (name !== at || ++seen !== nth) return;
    r();
    await gate;
  };
  return {
    reached,
    release: () => out(),
    fail: () => out(Object.assign(new Error("request timed out"), { name: "TimeoutError" })),
  };
}

/** A rollback as the cockpit sends it: tracked, so quitting waits for it. */
export function cockpitRollback(c: CockpitCtx, out: StepOut): Promise<ShiftResult | Error> {
  out.rollbackAsked = true;
  const p = c
    .engine()
    .rollback({ by: BY, reason: "model" })
    .catch((e: Error) => e);
  c.inflight.add(p);
  void p.finally(() => c.inflight.delete(p));
  return p;
}

/** q, Ctrl-C or a signal: at once with nothing in flight; else "finishing rollback…" until it is. */
function quit(c: CockpitCtx, where: string): Promise<void> | undefined {
  if (c.ui.quitting) return undefined;
  const wait = rollbackToFinish({
    tracked: c.inflight,
    state: () => c.log.state,
    onChange: (fn) => c.log.onChange(fn),
    sinceSeq: c.ui.openedSeq,
    capMs: 60_000,
  });
  if (!wait) return c.exit();
  c.ui.quitting = true;
  c.ui.dialog = { kind: "finishing" };
  return wait.then(async () => {
    const s = c.log.state;
    c.check(
      !(s.shift && s.shift.kind !== "promote"),
      `${where}: I3 golive exited with the rollback neither confirmed nor its failure recorded`,
    );
    await c.exit();
  });
}

async function carry(c: CockpitCtx, intent: KeyIntent, out: StepOut, where: string): Promise<void> {
  const engine = c.engine();
  if (intent.kind === "action") {
    if (intent.action === "promote") {
      const proposal = await engine.planPromote().catch(() => undefined);
      c.ui.dialog = { kind: "promote", override: null, id: 1, proposal };
    } else if (intent.action === "rollback")
      c.ui.dialog = { kind: "rollback", reason: "model", editing: false };
    else if (intent.action === "ack") await engine.acknowledge(BY).catch(() => undefined);
    else if (intent.action === "ackAll") await engine.acknowledgeAll(BY).catch(() => undefined);
    else if (intent.action === "quit") await quit(c, where);
    return;
  }
  if (intent.kind === "ui") {
    const e = intent.event;
    if (e.type === "open") c.ui.dialog = e.dialog;
    else if (e.type === "close") c.ui.dialog = null;
    return;
  }
  if (intent.kind !== "submit") return;
  const d = intent.dialog;
  c.ui.dialog = null;
  if (d.kind === "promote" && d.proposal?.plan) {
    out.planned.push(d.proposal.plan.to);
    out.results.push(
      await engine.executePlan(d.proposal.plan, { by: BY, override: "model" }).catch((e: Error) => e),
    );
  } else if (d.kind === "rollback") out.results.push(await cockpitRollback(c, out));
}

/** One key, at the size the terminal has now; I2 checked around it. */
export async function pressKey(c: CockpitCtx, key: CockpitKey, where: string, out: StepOut): Promise<void> {
  const unseen = c.ui.small && !shownOnSmallScreen(c.ui.dialog);
  const events = c.log.events.length;
  const modifies = c.modifies();
  const [input, k] = ink(key);
  const intent = routeKey(input, k, {
    dialog: c.ui.dialog,
    readOnly: false,
    small: c.ui.small,
    bindings: bindingsFor(false),
  });
  const allowed =
    intent.kind === "refused" ||
    intent.kind === "none" ||
    (intent.kind === "action" && (intent.action === "rollback" || intent.action === "quit"));
  if (unseen) c.check(allowed, `${where}: I2 "${key}" acted on the small screen: ${JSON.stringify(intent)}`);
  await carry(c, intent, out, where);
  if (unseen && !(intent.kind === "action" && intent.action === "quit"))
    c.check(
      c.log.events.length === events && c.modifies() === modifies,
      `${where}: I2 "${key}" on the small screen recorded or sent something`,
    );
}

/** A signal (or Ctrl-C) while a rollback is held at a call; the held call then ends as `outcome`. */
export async function signalDuringRollback(
  c: CockpitCtx,
  op: Extract<Op, { t: "signal" }>,
  where: string,
  out: StepOut,
): Promise<void> {
  const hold = holdCall(c.sb, op.at, op.nth, op.phase);
  const rb = cockpitRollback(c, out);
  const held = await Promise.race([hold.reached.then(() => true), rb.then(() => false)]);
  let quitting: Promise<void> | undefined;
  if (held) {
    quitting = quit(c, where);
    c.check(
      c.ui.dialog?.kind === "finishing",
      `${where}: I3 ${op.sig} during a rollback did not say "finishing rollback…"`,
    );
    if (op.second) {
      // Ctrl-C again (a lead pressing it twice): it routes to quit, which is already under way.
      const again = routeKey(
        "c",
        { ctrl: true },
        { dialog: c.ui.dialog, readOnly: false, small: c.ui.small, bindings: bindingsFor(false) },
      );
      c.check(
        again.kind === "action" && quit(c, where) === undefined,
        `${where}: I3 a second Ctrl-C quit again`,
      );
      c.check(
        routeKey(
          "y",
          {},
          { dialog: c.ui.dialog, readOnly: false, small: c.ui.small, bindings: bindingsFor(false) },
        ).kind === "none",
        `${where}: a key acted over "finishing rollback…"`,
      );
    }
  }
  await new Promise((r) => setImmediate(r));
  if (op.outcome === "timeout") hold.fail();
  else hold.release();
  out.results.push(await rb);
  c.sb.hooks = {};
  if (quitting) await quitting;
  else await quit(c, where);
}
