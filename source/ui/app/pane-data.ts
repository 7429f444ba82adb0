/**
 * What the event log and the monitoring table show, derived once per change of the session rather
 * than on every frame: the cockpit draws a frame a second for its clock, and each used to filter the
 * whole event list (thousands of events after a day) and rebuild the table's rows. The same arrays
 * (by identity) while nothing they come from changed is what lets the memoised panes skip their
 * render. Keyed on the event list's length and last hash as well as identities: the store appends
 * to one array and may fold state in place, so identity alone would miss a change.
 */
import { useMemo } from "react";
import type { SessionEvent, SessionState } from "../../domain/events.js";
import type { Runbook } from "../../domain/runbook.js";
import { checkpointRows, eventLines } from "./view.js";

export function usePaneData(
  runbook: Runbook,
  s: SessionState,
  events: readonly SessionEvent[],
  logHeight: number,
  now: number,
) {
  const count = events.length;
  const last = events[count - 1]?.hash;
  // biome-ignore lint/correctness/useExhaustiveDependencies: count and last say the list changed in place
  const lines = useMemo(() => eventLines(events, logHeight), [events, count, last, logHeight]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: count and last say the state changed in place
  const rows = useMemo(() => checkpointRows(runbook, s), [runbook, s, count, last]);
  // The log shows an event's date only when it is not today's: it changes once a day, not a second.
  const day = new Date(now).toISOString().slice(0, 10);
  return { lines, rows, day };
}
