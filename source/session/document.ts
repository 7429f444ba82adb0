/** The session file's shape, checked at load so a hand-edited or foreign file gets a clear error. */
import { z } from "zod";
import { checkChain } from "../domain/chain.js";
import { InputError } from "../domain/errors.js";
import { EVENT_TYPES, type SessionEvent } from "../domain/events.js";

export const SESSION_FORMAT = "golive.session/1";
export const EXPORT_FORMAT = "golive.export/1";

const eventSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a timestamp"),
  by: z.string(),
  type: z.enum(EVENT_TYPES as [string, ...string[]]),
  data: z.record(z.string(), z.unknown()),
  prev: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

const documentSchema = z.object({
  format: z.literal(SESSION_FORMAT),
  id: z.string().min(1),
  events: z.array(eventSchema).min(1),
});

export interface SessionDocument {
  format: typeof SESSION_FORMAT;
  id: string;
  events: SessionEvent[];
}

/** The file is JSON but not a golive session at all (another tool's file, an export). */
export class NotASessionError extends InputError {}

export function parseDocument(file: string, raw: unknown): SessionDocument {
  const r = documentSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? issue.path.join(".") : "document";
    throw new NotASessionError({ file }, `not a golive session (${where}: ${issue.message})`);
  }
  const doc = r.data as unknown as SessionDocument;
  if (doc.events[0]!.type !== "session.created") {
    throw new NotASessionError({ file }, "not a golive session (first event is not session.created)");
  }
  const bad = checkChain(doc.events);
  if (bad) {
    throw new InputError(
      { file },
      `fails its hash chain: ${bad.problem}`,
      "the file was edited or damaged outside golive; nothing was changed. Inspect it with `golive verify`",
    );
  }
  return doc;
}
