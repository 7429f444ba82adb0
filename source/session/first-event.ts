import { randomBytes } from "node:crypto";
import { GENESIS, hashEvent } from "../domain/chain.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { SessionEvent } from "../domain/events.js";
import { SAFE_ID } from "./document.js";

export function seal(e: Omit<SessionEvent, "prev" | "hash">, prev: string): SessionEvent {
  const withPrev = { ...e, prev } as SessionEvent;
  return { ...withPrev, hash: hashEvent(withPrev) };
}

/** The session id a first event names, once it is whole: team mode adopts a session from it. */
export function firstEventId(first: SessionEvent): string {
  const id = (first.data as { id?: unknown }).id;
  if (first.seq !== 1 || first.type !== "session.created" || first.prev !== GENESIS || typeof id !== "string")
    throw new UserError(`not the first event of a session (#${first.seq} ${first.type})`, ExitCode.input);
  if (!SAFE_ID.test(id) || hashEvent(first) !== first.hash)
    throw new UserError(`the first event of session ${JSON.stringify(id)} is damaged`, ExitCode.input);
  return id;
}

/**
 * A new session's fields without an id or format of their own: data built from another session's
 * state carries that session's id, and the chain would then name a session other than its file's.
 */
export function ownFields<T extends object>(data: T): Omit<T, "id" | "format"> {
  const { id: _id, format: _format, ...fields } = data as T & { id?: unknown; format?: unknown };
  return fields;
}

/** A new session's id (its file name): when, what, and a few random hex digits. */
export function newSessionId(at: Date, name: string): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 24);
  return `${stamp}-${slug || "session"}-${randomBytes(2).toString("hex")}`;
}
