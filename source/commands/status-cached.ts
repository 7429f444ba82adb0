/**
 * `status` and the Markdown export from the state a writer left beside the session
 * (session/state-cache.ts) instead of every event: used only while it is bound to the session (for
 * status by its stat identity and tail, for the export byte for byte), else undefined and the
 * command opens the session as always.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { SessionEvent, SessionState } from "../domain/events.js";
import type { Runbook } from "../domain/runbook.js";
import { parseRunbookCached } from "../runbook/cache.js";
import { resolveSession } from "../session/sessions.js";
import { readSummary, type Summary } from "../session/state-cache.js";
import { type Ctx, type GlobalOpts, sessionsDir } from "./io.js";

export interface CachedSession {
  /** What status reads of the session: the state and the events its gate and hints look back at. */
  view: { file: string; id: string; state: SessionState; events: readonly SessionEvent[] };
  summary: Summary;
  runbook: Runbook;
}

/**
 * `forStatus`: not for a team session (status reads S3 for it) nor one SSH-signed here (its
 * signature is checked against every event).
 */
export async function cachedSession(
  ctx: Ctx,
  o: GlobalOpts,
  forStatus: boolean,
): Promise<CachedSession | undefined> {
  const file = await resolveSession(sessionsDir(ctx, o), o.session, false);
  // status reads it bound by the document's stat identity, the export by its bytes (state-cache.ts).
  const summary = await readSummary(file, forStatus ? "stat" : "bytes");
  if (!summary) return undefined;
  const s = summary.state;
  if (
    forStatus &&
    ((s.config?.value as { team?: unknown } | undefined)?.team || existsSync(`${file}.signatures`))
  )
    return undefined;
  const rb = s.runbook;
  const runbook = await parseRunbookCached(join(dirname(file), ".cache"), rb.file, rb.text, rb.sha256);
  return { view: { file, id: summary.id, state: s, events: summary.events }, summary, runbook };
}
