/**
 * A shared log in memory for team mode's tests (session/s3-store.ts): it keeps the port's one promise
 * (of two creates of a key exactly one wins) and lists keys in order after a key, as S3 does; a hook
 * may answer a create before it lands (a racing writer). With the small makings those tests share.
 */
import { expect } from "vitest";
import { UserError } from "../../source/domain/errors.js";
import type { SessionEvent } from "../../source/domain/events.js";
import type { SharedLogPort } from "../../source/domain/shared-log.js";
import { seal } from "../../source/session/first-event.js";
import { eventKey, eventsPrefix, TeamSession } from "../../source/session/s3-store.js";
import { fixedClock } from "./cli.js";
import { tempDir } from "./paths.js";

export const P = "team/golive";
export const T0 = "2026-11-23T12:00:00.000Z";
export const DATA = {
  runbook: { file: "r.md", sha256: "a".repeat(64), title: "Deployment", text: "# Deployment\n" },
  t0: T0,
  lead: "ann",
};

/** Answers for a create before it lands ("exists": a racing writer got there first), or lets it land. */
export type Hook = (key: string, body: string) => "exists" | undefined;

/** The port over a Map: a create lands unless its key exists or the hook answers first; requests noted. */
export function mapLog(where: string, hook: () => Hook | undefined) {
  const objects = new Map<string, string>();
  const creates: string[] = [];
  const reads: string[] = [];
  const lists: (string | undefined)[] = [];
  const log: SharedLogPort = {
    where,
    async createIfAbsent(key, body) {
      creates.push(key);
      const said = hook()?.(key, body);
      if (said) return said;
      if (objects.has(key)) return "exists";
      objects.set(key, body);
      return "created";
    },
    read: async (key) => {
      reads.push(key);
      return objects.get(key);
    },
    async listAfter(prefix, after) {
      lists.push(after);
      return [...objects.keys()].filter((k) => k.startsWith(prefix) && (!after || k > after)).sort();
    },
  };
  return { log, objects, creates, reads, lists };
}

export interface MemoryLog extends ReturnType<typeof mapLog> {
  hook: Hook | undefined;
  put(id: string, e: SessionEvent): void;
  /** The session's events as the log has them, in order. */
  logged(id: string): SessionEvent[];
}

export function memoryLog(): MemoryLog {
  const m: MemoryLog = {
    ...mapLog("s3://bucket/team", () => m.hook),
    hook: undefined,
    put: (id, e) => m.objects.set(eventKey(P, id, e.seq), JSON.stringify(e)),
    logged: (id) =>
      [...m.objects.keys()]
        .filter((k) => k.startsWith(eventsPrefix(P, id)))
        .sort()
        .map((k) => JSON.parse(m.objects.get(k)!) as SessionEvent),
  };
  return m;
}

export const clock = () => fixedClock(T0);
export const start = (m: MemoryLog, dir = tempDir()) =>
  TeamSession.create(dir, DATA, "ann", m.log, { prefix: P, clock: clock() });
export const note = (text: string) => ({ text });
/** Each event after the first as [seq, its note's text, where it was merged from]. */
export const texts = (events: readonly SessionEvent[]) =>
  events.slice(1).map((e) => [e.seq, (e.data as { text: string }).text, e.merged?.from]);
/** A note sealed onto `prev` by someone else (not through s3-store.ts). */
export const sealedNote = (prev: SessionEvent, text: string, prevHash = prev.hash) =>
  seal(
    { seq: prev.seq + 1, at: T0, by: "cy", type: "note.added", data: note(text) } as Omit<
      SessionEvent,
      "prev" | "hash"
    >,
    prevHash,
  );

/** The error a promise rejects with, which must be a UserError. */
export async function refusal(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}
