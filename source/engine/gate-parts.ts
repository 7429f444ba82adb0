/**
 * The gate's parts that walk the runbook and the record, each remembered until what it reads
 * changes. The cockpit asks for the gate on every frame — once a second for the clock alone — and
 * between events and polls these parts are the same. The session state is replaced on every event
 * and the poll's readings on every poll, so their identity says whether they changed. Ages stay out
 * of them: evaluateGate judges every input's age at the time asked, on every call, so an input that
 * time alone made stale closes the gate at once.
 */
import type { EnvConfig } from "../domain/config.js";
import type { SessionState } from "../domain/events.js";
import { gateInputsFromState } from "../domain/gate.js";
import { goNoGoChecks } from "../domain/go-nogo.js";
import { inForceWith } from "../domain/in-force.js";
import type { Runbook } from "../domain/runbook.js";
import type { Readings } from "../domain/stated.js";
import { shareGateChecksFor } from "../domain/traffic-share.js";
import { statedGateChecks } from "./stated.js";

/** No percentile read yet: one object, so the remembered stated checks see the same input. */
export const NO_READINGS: Readings = {};

/** `fn`, remembering its last answer and the arguments it came from (compared with Object.is). */
export function rememberLast<A extends unknown[], V>(fn: (...a: A) => V): (...a: A) => V {
  let last: { a: A; v: V } | undefined;
  return (...a: A): V => {
    if (last && last.a.length === a.length && last.a.every((x, i) => Object.is(x, a[i]))) return last.v;
    const v = fn(...a);
    last = { a, v };
    return v;
  };
}

/** One engine's remembered parts; every value a part reads is one of its arguments. */
export function gateParts() {
  return {
    inForce: rememberLast((rb: Runbook, config: EnvConfig, file: string | undefined) =>
      inForceWith(rb, config, file?.split(/[\\/]/).at(-1)),
    ),
    fromState: rememberLast(gateInputsFromState),
    goNoGo: rememberLast((rb: Runbook, s: SessionState, blue?: boolean, green?: boolean) =>
      goNoGoChecks(rb, s, { blue, green }),
    ),
    stated: rememberLast(statedGateChecks),
    share: rememberLast(shareGateChecksFor),
  };
}
