/**
 * How current what the screen shows is: a pane fed by a poll that stopped answering says STALE with
 * its age and why (no evidence), never its old value as if it were current. Pure.
 */
import type { Weights } from "../../domain/events.js";
import { formatAge } from "../../domain/gate.js";
import type { MonitorSnapshot } from "../../engine/monitor.js";

/**
 * What this process last read of the listener, when that is news: the read is failing (STALE with
 * the age of the last good read), or AWS shows other weights than the record. Undefined when the
 * read is current and agrees, or when there is no engine reading it. A read begun before the
 * record's weights changed (`recordedSince`: a promote confirmed by its own read-back) shows AWS as
 * it was, not as it is now: it waits for the next read.
 */
export function trafficNote(
  snap: MonitorSnapshot | undefined,
  recorded: Weights | null,
  now: number,
  recordedSince?: number,
): { text: string; tone: "warn" | "bad" } | undefined {
  if (!snap) return undefined;
  const failing = snap.errors.find((e) => e.source === "listener");
  if (failing) {
    const age = snap.listenerAt === null ? "never read" : `last read ${formatAge(now - snap.listenerAt)} ago`;
    return { text: `listener STALE (${age}): ${failing.message}`, tone: "warn" };
  }
  const read = snap.listener?.weights;
  const readFrom = snap.listenerReadFrom ?? snap.listenerAt;
  if (recordedSince !== undefined && readFrom !== null && readFrom < recordedSince) return undefined;
  if (read && recorded && (read.blue !== recorded.blue || read.green !== recorded.green))
    return { text: `AWS now reads blue ${read.blue} / green ${read.green}`, tone: "bad" };
  return undefined;
}

/**
 * How old a metric pane's numbers are: the newest period shown ended this long ago, and the health
 * probe answered this long ago. Shown always, so "current" is a number on screen, not an assumption.
 */
export function paneAge(
  snap: MonitorSnapshot | undefined,
  color: "blue" | "green",
  now: number,
): string | undefined {
  if (!snap) return undefined;
  const end = snap[color].current.periodEnd;
  const probe = snap.probes[color];
  const parts = [
    ...(end === null ? [] : [`data ${formatAge(now - end)} old`]),
    ...(probe ? [`probe ${formatAge(now - probe.at)} ago`] : []),
  ];
  return parts.length ? parts.join(" · ") : undefined;
}
