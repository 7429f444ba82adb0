/**
 * An approver's write to a team session: straight to the shared log (S3), never to a session file.
 * The approver's golive may hold no copy for writing (`golive watch` beside the lead's cockpit reads
 * the lead's file; a viewer on its own bastion keeps its copy following S3), so the event is chained
 * onto the log's head as the log has it: this copy's events, then every newer one the log holds,
 * each checked to follow the one before. Of two writers the conditional create lets one win; the
 * loser takes the winner's event and decides again on the new state (a request approved or voided
 * meanwhile refuses the approval).
 */
import { hashEvent } from "../domain/chain.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { EventMap, EventType, SessionEvent, SessionState } from "../domain/events.js";
import { redact, redactDeep } from "../domain/redact.js";
import { isClosed, reduce } from "../domain/reduce.js";
import type { SharedLogPort } from "../domain/shared-log.js";
import { seal } from "./first-event.js";
import { eventKey, parseLogged } from "./s3-store.js";

export interface LogView {
  events: SessionEvent[];
  state: SessionState;
}

/** This copy's events brought up to the log's head (events the log has beyond them, checked). */
export async function logHead(
  log: SharedLogPort,
  prefix: string,
  id: string,
  known: readonly SessionEvent[],
): Promise<LogView> {
  const events = [...known];
  for (;;) {
    const seq = events.length + 1;
    const key = eventKey(prefix, id, seq);
    const text = await log.read(key);
    if (text === undefined) break;
    const e = parseLogged(log, key, text, seq);
    if (e.prev !== events.at(-1)!.hash)
      throw new UserError(
        `event #${seq} in ${log.where} does not follow this copy's #${seq - 1}: this bastion's copy of session ${id} differs from the log`,
        ExitCode.input,
        "compare both with `golive verify`; the log is what the other bastions see",
      );
    events.push(e);
  }
  return { events, state: reduce(events) };
}

/**
 * Appends one event to the log only. `decide` is asked on the log's state each time (again after
 * losing a race) and returns the event's data, or a one-line refusal (nothing written).
 */
export async function appendToLog<T extends EventType>(
  log: SharedLogPort,
  prefix: string,
  id: string,
  known: readonly SessionEvent[],
  type: T,
  decide: (view: LogView) => EventMap[T] | string,
  by: string,
  now: () => number,
): Promise<{ event: SessionEvent; view: LogView }> {
  let base = known;
  for (let tries = 0; tries < 50; tries++) {
    const view = await logHead(log, prefix, id, base);
    base = view.events;
    if (isClosed(view.state))
      throw new UserError(`session ${id} is signed off: nothing to approve`, ExitCode.refused);
    const data = decide(view);
    if (typeof data === "string") throw new UserError(data, ExitCode.refused);
    const last = view.events.at(-1)!;
    const event = seal(
      {
        seq: last.seq + 1,
        at: new Date(now()).toISOString(),
        by: redact(by),
        type,
        data: redactDeep(data),
      } as Omit<SessionEvent, "prev" | "hash">,
      last.hash,
    );
    const key = eventKey(prefix, id, event.seq);
    if ((await log.createIfAbsent(key, JSON.stringify(event))) === "created") return { event, view };
    // A retried PUT whose first attempt landed finds its own event.
    const theirs = await log.read(key);
    if (theirs !== undefined && hashEvent(parseLogged(log, key, theirs, event.seq)) === event.hash)
      return { event, view };
  }
  throw new UserError(`the shared log of session ${id} kept moving: nothing was written`, ExitCode.aws);
}
