/**
 * A command lists the sessions directory (reducing every session to find the open one) and then
 * opens one, which reduces the same events again: 100,000 events cost that twice. The state of the
 * last log reduced per file is kept for this process and handed back when the log ends in the same
 * event (same count, same head hash: the chain commits to everything before it). States are never
 * mutated after reduce (the store moves on with copying `apply`), so sharing one is safe.
 */
import { reduce, type SessionEvent, type SessionState } from "../domain/events.js";

const memo = new Map<string, { n: number; head: string; state: SessionState }>();

export function reduceSession(file: string, events: readonly SessionEvent[]): SessionState {
  const head = events.at(-1)?.hash ?? "";
  const m = memo.get(file);
  if (m && m.n === events.length && m.head === head) return m.state;
  const state = reduce(events);
  memo.set(file, { n: events.length, head, state });
  while (memo.size > 8) memo.delete(memo.keys().next().value!);
  return state;
}
