import { dirname, join, resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import type { Runbook } from "../domain/runbook.js";
import { renderSignoffMarkdown, renderSignoffPieces } from "../domain/signoff.js";
import { stepsJson } from "../domain/verdict-view.js";
import { nodeDisk, writeTemp } from "../session/disk.js";
import { EXPORT_FORMAT } from "../session/document.js";
import { storageError } from "../session/durable.js";
import { resolveSession } from "../session/sessions.js";
import { type RecordPieces, readSummary } from "../session/state-cache.js";
import type { SessionStore } from "../session/store.js";
import { type Ctx, type GlobalOpts, openSession, out } from "./context.js";
import { jsonRecordPieces, recordFrame } from "./export-json-fast.js";
import { refuseSessionFiles } from "./export-target.js";
import { sessionsDir } from "./io.js";
import { cachedSession } from "./status-cached.js";

export const EXPORTED_AT_NOTE =
  "exportedAt is when this file was written; it is outside the hash chain (exporting is a read), so it proves nothing";

export async function run(
  ctx: Ctx,
  o: GlobalOpts & { format: "md" | "json" | "html"; out?: string; force?: boolean },
): Promise<number> {
  // The Markdown record from the state and event-log rows a writer kept beside the session, when
  // they still match it (status-cached.ts); the JSON and HTML records hold every event.
  const cached = o.format === "md" ? await cachedSession(ctx, o, false) : undefined;
  const rows = cached?.summary.rows();
  if (cached && rows !== undefined) {
    const { view, summary, runbook } = cached;
    return finish(ctx, o, view, renderSignoffPieces(runbook, view.state, rows), summary.count);
  }
  if (o.format === "json") {
    const fast = await jsonFromKept(ctx, o);
    if (fast) return finish(ctx, o, fast.view, fast.pieces, fast.count);
  }
  const { store, runbook } = await openSession(ctx, o, false, "golive export");
  const text =
    o.format === "json"
      ? jsonRecordText(jsonRecord(ctx, store))
      : o.format === "html"
        ? await htmlRecord(ctx, store, runbook)
        : renderSignoffMarkdown(runbook, store.state, store.events);
  return finish(ctx, o, store, text, store.events.length);
}

async function finish(
  ctx: Ctx,
  o: { format: string; out?: string; force?: boolean },
  store: Pick<SessionStore, "file" | "id" | "state">,
  text: string | RecordPieces,
  count: number,
): Promise<number> {
  if (o.out === "-") {
    for (const piece of typeof text === "string" ? [text] : text) ctx.stdout.write(piece);
    return 0;
  }
  const target = exportTarget(ctx, store, o.format, o.out);
  await writeRecord(target, text, { force: o.force ?? false, store });
  out(ctx, `${target}  (${count} events, head ${store.state.head.slice(0, 12)}…)`);
  return 0;
}

export function exportTarget(
  ctx: Ctx,
  store: Pick<SessionStore, "file" | "id">,
  format: string,
  out?: string,
): string {
  return out ? resolve(ctx.cwd, out) : join(dirname(store.file), `${store.id}.signoff.${format}`);
}

/** The JSON export from the document's bytes and the kept state, when they match (export-json-fast.ts). */
async function jsonFromKept(ctx: Ctx, o: GlobalOpts) {
  const file = await resolveSession(sessionsDir(ctx, o), o.session, false);
  const summary = await readSummary(file);
  if (!summary) return undefined;
  const pieces = jsonRecordPieces(file, summary, {
    format: EXPORT_FORMAT,
    exportedAt: new Date(ctx.clock.now()).toISOString(),
    exportedAtNote: EXPORTED_AT_NOTE,
  });
  if (!pieces) return undefined;
  return { view: { file, id: summary.id, state: summary.state }, pieces, count: summary.count };
}

/**
 * The JSON export's text. The session is written as its document holds it (not indented a level
 * deeper), so a large session's export is the document's bytes copied (export-json-fast.ts).
 */
export function jsonRecordText(record: ReturnType<typeof jsonRecord>): string {
  const { session, ...fields } = record;
  const [before, after] = recordFrame(fields);
  return `${before}${JSON.stringify(session, null, 1)}${after}`;
}

/** The JSON export: the session with its chain, what `golive verify` checks (also inside the HTML). */
export function jsonRecord(ctx: Ctx, store: SessionStore) {
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date(ctx.clock.now()).toISOString(),
    exportedAtNote: EXPORTED_AT_NOTE,
    head: store.state.head,
    eventCount: store.events.length,
    signed: store.state.signoff
      ? {
          status: store.state.signoff.status,
          signer: store.state.signoff.signer,
          at: store.state.signoff.at,
        }
      : null,
    amendments: store.state.amendments.length,
    // Derived from the chain's recorded periods (verify recomputes it): the verdicts and traffic shares.
    steps: stepsJson(store.state),
    session: { format: store.format, id: store.id, events: store.events },
  };
}

async function htmlRecord(ctx: Ctx, store: SessionStore, runbook: Runbook): Promise<string> {
  const { renderReportHtml } = await import("../domain/report/html.js");
  const { VERSION } = await import("../version.js");
  return renderReportHtml({
    runbook,
    state: store.state,
    events: store.events,
    record: jsonRecord(ctx, store),
    generator: `golive ${VERSION}`,
  });
}

/**
 * Writes an export atomically: a fresh temp file beside the target (exclusive, never through a
 * symlink, 0600) → fsync → link (or, with --force, rename) into place → fsync the directory. On a
 * full or read-only disk the previous file is untouched. Never a session, its journal, backup or lock.
 */
export async function writeRecord(
  target: string,
  text: string | RecordPieces,
  opts: { force: boolean; store?: Pick<SessionStore, "file"> },
): Promise<void> {
  await refuseSessionFiles(target, opts.store);
  let tmp: string;
  try {
    tmp = await writeTemp(nodeDisk, target, text);
  } catch (e) {
    throw exportError(target, e);
  }
  try {
    if (opts.force) await nodeDisk.rename(tmp, target);
    else await nodeDisk.link(tmp, target);
  } catch (e) {
    await nodeDisk.unlink(tmp).catch(() => {});
    if ((e as NodeJS.ErrnoException).code === "EEXIST") {
      throw new UserError(
        `${target} already exists; not overwriting it`,
        ExitCode.refused,
        "choose another --out, or add --force to replace it",
      );
    }
    throw exportError(target, e);
  }
  if (!opts.force) await nodeDisk.unlink(tmp).catch(() => {});
  try {
    await nodeDisk.syncDir(dirname(target));
  } catch (e) {
    throw exportError(target, e);
  }
}

/** The cockpit's `e`: replaces its own export beside the session (never a session file). */
export function writePrivate(file: string, text: string): Promise<void> {
  return writeRecord(file, text, { force: true });
}

function exportError(target: string, e: unknown): unknown {
  const err = storageError(target, "write", e);
  if (!(err instanceof UserError)) return err;
  return new UserError(
    err.message.replace(
      "; nothing was recorded",
      "; no export was written (any earlier file there is untouched)",
    ),
    err.exitCode,
    "free space or choose a writable --out, then export again",
  );
}
