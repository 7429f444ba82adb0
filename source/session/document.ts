/**
 * The session file's shape, checked at load so a hand-edited or foreign file gets a clear error.
 *
 * Every top-level field is bound to the hash chain: `id` must equal the id in the chained
 * `session.created` event, and `format` must be the one the chain says (the `session.created`
 * event of a format-2 session names it; a migrated session's last `session.migrated` event does).
 */
import { checkChain } from "../domain/chain.js";
import { InputError } from "../domain/errors.js";
import type { SessionEvent } from "../domain/events.js";
import { findDuplicateKey } from "./json-keys.js";
import { certainlyValidDocument } from "./shape.js";

export const SESSION_FORMAT_1 = "golive.session/1";
export const SESSION_FORMAT = "golive.session/2";
export const SESSION_FORMATS = [SESSION_FORMAT_1, SESSION_FORMAT] as const;
export const EXPORT_FORMAT_1 = "golive.export/1";
export const EXPORT_FORMAT = "golive.export/2";
export type SessionFormat = (typeof SESSION_FORMATS)[number];

/** Session ids become file names: no separators, no `..`, nothing a shell or a path would read twice. */
export const SAFE_ID = /^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*$/;

/** The zod schemas (session/schema.ts), registered when that module is evaluated. */
let schemas: { documentSchema: DocumentSchema } | undefined;
type DocumentSchema = { safeParse(raw: unknown): ZodResult };
type ZodResult = { success: true; data: unknown } | { success: false; error: { issues: ZodIssue[] } };
export type ZodIssue = { path: PropertyKey[]; message: string };

export function registerSchemas(s: { documentSchema: DocumentSchema }): void {
  schemas = s;
}

/**
 * zod (a 190 KB chunk to compile) only for a document the hand-written check does not accept: its
 * verdict and wording decide then. Every command's start-up is spared it.
 */
export async function loadSchemas(): Promise<void> {
  await import("./schema.js");
}

/** parseDocument, with the schemas loaded first when the document needs them. */
export async function checkDocument(file: string, raw: unknown): Promise<SessionDocument> {
  if (!certainlyValidDocument(raw, SESSION_FORMATS, SAFE_ID)) await loadSchemas();
  return parseDocument(file, raw);
}

export interface SessionDocument {
  format: SessionFormat;
  id: string;
  events: SessionEvent[];
}

/** The file is JSON but not a golive session at all (another tool's file, an export). */
export class NotASessionError extends InputError {}

/** Whether parsed JSON claims to be a session (then any problem with it is damage, never "foreign"). */
export function claimsToBeSession(raw: unknown): boolean {
  const f = (raw as { format?: unknown } | null)?.format;
  return typeof f === "string" && f.startsWith("golive.session/");
}

/** `firstLine`: the text's first line in the file (a journal's line). */
export function rejectDuplicateKeys(file: string, text: string, firstLine = 1): void {
  const dup = findDuplicateKey(text);
  if (dup) {
    throw new InputError(
      { file, line: firstLine - 1 + dup.line, column: dup.column },
      `the key "${dup.key}" appears twice in one object; a second copy could hide the recorded one, so the file is not read`,
      "the file was edited outside golive; nothing was changed. Inspect it with `golive verify`",
    );
  }
}

/** The format the chain itself records for this log. */
export function chainFormat(events: readonly SessionEvent[]): string {
  for (let i = events.length - 1; i > 0; i--) {
    const e = events[i]!;
    if (e.type === "session.migrated") return e.data.to;
  }
  const first = events[0];
  return (first?.type === "session.created" && first.data.format) || SESSION_FORMAT_1;
}

export function parseDocument(file: string, raw: unknown): SessionDocument {
  const doc = certainlyValidDocument(raw, SESSION_FORMATS, SAFE_ID)
    ? (raw as SessionDocument)
    : zodDocument(file, raw);
  const first = doc.events[0]!;
  if (first.type !== "session.created") {
    throw new InputError({ file }, "is a damaged golive session (its first event is not session.created)");
  }
  const bad = checkChain(doc.events);
  if (bad) {
    throw new InputError(
      { file },
      `fails its hash chain: ${bad.problem}`,
      "the file was edited or damaged outside golive; nothing was changed. Inspect it with `golive verify`",
    );
  }
  bindToChain(file, doc);
  return doc;
}

/** The schema's verdict and its wording, for whatever the hand-written check did not accept. */
function zodDocument(file: string, raw: unknown): SessionDocument {
  if (!schemas) throw new Error("bug: the session schemas are not loaded (await loadSchemas() first)");
  const r = schemas.documentSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? issue.path.join(".") : "document";
    const reason = `${where}: ${issue.message}`;
    if (!claimsToBeSession(raw)) throw new NotASessionError({ file }, `not a golive session (${reason})`);
    throw new InputError({ file }, `is a damaged golive session (${reason})`, "nothing was changed");
  }
  return r.data as unknown as SessionDocument;
}

/** The fields outside the events must say what the chained events say. */
export function bindToChain(file: string, doc: SessionDocument): void {
  const first = doc.events[0] as SessionEvent & { type: "session.created" };
  if (doc.id !== first.data.id) {
    throw new InputError(
      { file },
      `its id "${doc.id}" is not the id recorded in its first event ("${first.data.id}"); edited outside golive`,
    );
  }
  const said = chainFormat(doc.events);
  if (doc.format !== said) {
    throw new InputError(
      { file },
      `says format ${doc.format}, but its recorded events say ${said}; edited outside golive`,
    );
  }
}
