/**
 * The session document's zod schemas: the rules the hand-written check (shape.ts) applies, and the
 * wording of every error it leaves to them. Loaded only when a document or journal line is not
 * certainly valid (document.ts loadSchemas), or statically by code that is itself loaded late.
 */
import * as z from "zod";
import { EVENT_TYPES } from "../domain/events.js";
import { registerSchemas, SAFE_ID, SESSION_FORMATS } from "./document.js";

export const eventSchema = z
  .object({
    seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a timestamp"),
    by: z.string(),
    type: z.enum(EVENT_TYPES as [string, ...string[]]),
    data: z.record(z.string(), z.unknown()),
    amendment: z
      .object({ why: z.string().min(1) })
      .strict()
      .optional(),
    merged: z.object({ from: z.string(), at: z.string(), record: z.string() }).strict().optional(),
    prev: z.string().regex(/^[0-9a-f]{64}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export const documentSchema = z
  .object({
    format: z.enum(SESSION_FORMATS),
    id: z.string().min(1).max(128).regex(SAFE_ID, "not a safe session id"),
    events: z.array(eventSchema).min(1),
  })
  .strict();

registerSchemas({ documentSchema });
