import { constants } from "node:fs";
import { resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { reduce, type SessionEvent } from "../domain/events.js";
import { folder } from "../domain/reduce.js";
import { stepsJson } from "../domain/verdict-view.js";
import { nodeDisk } from "../session/disk.js";
import {
  checkDocument,
  claimsToBeSession,
  EXPORT_FORMAT,
  EXPORT_FORMAT_1,
  rejectDuplicateKeys,
  type SessionDocument,
} from "../session/document.js";
import { parseJsonAt } from "../session/durable.js";
import { type Identity, JournalledSessionFile, readIdentified } from "../session/journal.js";
import { journalFor } from "../session/journal-path.js";
import { identityOf, readPieces } from "../session/read-doc.js";
import { streamCheckExport, streamCheckSession } from "../session/stream-check.js";
import { type Ctx, type GlobalOpts, out } from "./context.js";
import { isHtml, pageProblem, recordBlock } from "./verify-html.js";
import { checkProofs, type ProofOpts } from "./verify-proofs.js";
import { type SignInfo, SignoffScan, signoffOf } from "./verify-signoff.js";

/**
 * Recomputes the chain of a JSON export or a session file (with its journal). What a chain cannot
 * show by itself: events cut from the very end. The sign-off names the count and head it signs, so
 * a cut that removes it reads NOT SIGNED (and fails with --require-signed); a cut after sign-off
 * that removes only later amendments is caught only against an external anchor (team mode).
 */
export async function run(
  ctx: Ctx,
  o: GlobalOpts & ProofOpts & { requireSigned?: boolean },
  fileArg: string,
): Promise<number> {
  const file = resolve(ctx.cwd, fileArg);
  const cannotRead = (e: unknown) =>
    new UserError(`${fileArg}: cannot read (${(e as NodeJS.ErrnoException).code ?? e})`, ExitCode.input);
  // A session file that passes every check as it is streamed is answered without holding it; an
  // anchor check compares against the events themselves, so it takes the whole-document path.
  if (!o.anchor) {
    const sign = new SignoffScan();
    const streamed = await streamCheckSession(nodeDisk, file, journalFor(file), (e) => sign.add(e)).catch(
      () => undefined,
    );
    if (streamed) return report(ctx, o, fileArg, streamed, sign.info);
    const exported = await streamedExport(file);
    if (exported) return report(ctx, o, fileArg, exported.chain, exported.sign, exported.whole);
  }
  // A session file in golive's own layout is parsed a piece at a time (session/read-doc.ts); any
  // other file (an export, an HTML page, a damaged or hand-edited session) is read whole.
  let session = await sessionPieces(file).catch((e) => {
    throw cannotRead(e);
  });
  let text = "";
  let id: Identity | undefined;
  if (!session) {
    try {
      ({ text, id } = await readIdentified(nodeDisk, file));
    } catch (e) {
      throw cannotRead(e);
    }
  }
  const fail = (problem: string, seq?: number): number => failed(ctx, o, fileArg, problem, seq);
  // An HTML export carries its JSON export as one inert data block: the chain is checked there,
  // then the page is rendered again from it and must come out identical (nothing edited on it).
  const page = session ? undefined : isHtml(text) ? text : undefined;
  if (page !== undefined) {
    const block = recordBlock(page);
    if (typeof block !== "string") return fail(block.problem);
    text = block;
  }
  let doc: unknown = session?.raw;
  if (!session) {
    try {
      doc = parseJsonAt(fileArg, text);
      rejectDuplicateKeys(fileArg, text);
    } catch (e) {
      if (/^\s*#|^---/.test(text)) {
        throw new UserError(
          `${fileArg} is Markdown; verify reads the JSON export (golive export --format json) or a session file`,
          ExitCode.usage,
        );
      }
      return fail((e as Error).message.replace(`${fileArg}:`, "").trim());
    }
    // The whole text of a session file, its own (not an HTML page's block): parsed, reused below.
    if (page === undefined && claimsToBeSession(doc)) session = { raw: doc, id: id! };
  }
  const d = doc as {
    format?: string;
    session?: unknown;
    head?: string;
    eventCount?: number;
    signed?: unknown;
    steps?: unknown;
  };
  let parsedSession: SessionDocument;
  try {
    if (d?.format === EXPORT_FORMAT || d?.format === EXPORT_FORMAT_1) {
      parsedSession = await checkDocument(`${fileArg} (session)`, d.session);
    } else if (claimsToBeSession(d)) {
      // A session file: its journal holds the events after the compacted document.
      // Never the "already checked" shortcut of other commands: verify recomputes every hash.
      parsedSession = (await new JournalledSessionFile(file, {
        recheck: true,
        // The file as read above, unless that was an HTML page's block rather than the file itself.
        parsed: session,
      }).read())!;
    } else {
      return fail(`not a golive export or session (format is ${JSON.stringify(d?.format ?? null)})`);
    }
  } catch (e) {
    return fail(
      (e as Error).message
        .replace(/^.*\(session\): /, "")
        .replace(`${file}: `, "")
        .replace(/^fails its hash chain: /, ""),
    );
  }
  const evs = parsedSession.events;
  const head = evs.at(-1)!.hash;
  if (d.format === EXPORT_FORMAT || d.format === EXPORT_FORMAT_1) {
    if (d.head !== head)
      return fail(
        `the export's head ${String(d.head).slice(0, 12)}… is not its last event's hash (events removed from the end?)`,
      );
    if (d.eventCount !== evs.length)
      return fail(`the export says ${d.eventCount} events but holds ${evs.length}`);
    if (d.steps !== undefined && JSON.stringify(d.steps) !== JSON.stringify(stepsJson(reduce(evs))))
      return fail(
        "the export's step verdicts and traffic shares are not what its recorded periods give (edited after export?)",
      );
  }
  return report(
    ctx,
    o,
    fileArg,
    { id: parsedSession.id, count: evs.length, head, events: evs },
    signoffOf(evs),
    {
      page,
      doc: doc as Record<string, unknown>,
      exportSigned: d.format === EXPORT_FORMAT && !!d.signed,
    },
  );
}

/** What verify says about a record whose chain holds: its sign-off, the page, the proofs asked for. */
async function report(
  ctx: Ctx,
  o: GlobalOpts & ProofOpts & { requireSigned?: boolean },
  fileArg: string,
  chain: { id: string; count: number; head: string; events?: readonly SessionEvent[] },
  sign: SignInfo,
  whole: { page?: string; doc: Record<string, unknown>; exportSigned: boolean } | undefined = undefined,
): Promise<number> {
  const fail = (problem: string, seq?: number): number => failed(ctx, o, fileArg, problem, seq);
  const { head } = chain;
  if (sign.problem) return fail(sign.problem.text, sign.problem.seq);
  if (whole?.exportSigned && !sign.signed) {
    return fail("the export says it was signed off but holds no sign-off event (cut short at the end?)");
  }
  const page = whole?.page;
  let pageText = "";
  if (page !== undefined) {
    const problem = await pageProblem(page, whole!.doc, chain.events!);
    if (problem) return fail(problem);
    pageText = "; the page shows exactly what its chain holds";
  }
  if (o.requireSigned && !sign.signed) {
    return fail(
      "not signed off: the record holds no sign-off event (an unfinished session, or one cut short before its sign-off)",
    );
  }
  const proofs = await checkProofs(ctx, o, fileArg, { id: chain.id, events: chain.events ?? [] });
  for (const n of proofs.notes) ctx.stderr.write(`golive: ${fileArg}: ${n}\n`);
  if (proofs.problem) return fail(proofs.problem, proofs.seq);
  const signedText = sign.signed
    ? `signed ${sign.signed.status} by ${sign.signed.signer} at event #${sign.signed.seq}${sign.amendments ? `, ${sign.amendments} amendment${sign.amendments === 1 ? "" : "s"} after it` : ""}`
    : "NOT SIGNED (an unfinished session, or a record cut short before its sign-off)";
  if (o.json) {
    out(
      ctx,
      JSON.stringify({
        ok: true,
        file: fileArg,
        events: chain.count,
        head,
        signed: sign.signed ?? null,
        amendments: sign.amendments,
        ...(page !== undefined ? { page: "matches its chain" } : {}),
        ...proofs.json,
      }),
    );
  } else
    out(
      ctx,
      `verified: ${fileArg} — ${chain.count} events, chain intact, head ${head}${pageText}; ${signedText}${proofs.held.map((h) => `; ${h}`).join("")}`,
    );
  return 0;
}

function failed(ctx: Ctx, o: GlobalOpts, fileArg: string, problem: string, seq?: number): number {
  if (o.json) out(ctx, JSON.stringify({ ok: false, file: fileArg, seq: seq ?? null, problem }));
  else ctx.stderr.write(`golive: ${fileArg}: NOT VERIFIED: ${problem}\n`);
  return ExitCode.verifyFailed;
}

/** The file parsed piece by piece, when it is a session in golive's own layout; else undefined. */
async function sessionPieces(file: string): Promise<{ raw: unknown; id: Identity } | undefined> {
  const fh = await nodeDisk.open(file, constants.O_RDONLY);
  try {
    const id = await identityOf(fh);
    const raw = await readPieces(fh, true);
    return raw !== undefined && claimsToBeSession(raw) ? { raw, id } : undefined;
  } finally {
    await fh.close();
  }
}

/**
 * A JSON export of this format checked as it is streamed (session/stream-check.ts), with the record's
 * head, event count and step verdicts compared as the whole-file path compares them; undefined when
 * anything differs, and the whole-file path then words it.
 */
async function streamedExport(file: string) {
  const sign = new SignoffScan();
  const fold = folder("steps");
  const x = await streamCheckExport(nodeDisk, file, (e) => {
    sign.add(e);
    fold.add(e);
  }).catch(() => undefined);
  if (!x || x.record.format !== EXPORT_FORMAT) return undefined;
  const d = x.record;
  if (d.head !== x.head || d.eventCount !== x.count) return undefined;
  if (d.steps !== undefined && JSON.stringify(d.steps) !== JSON.stringify(stepsJson(fold.state())))
    return undefined;
  return { chain: x, sign: sign.info, whole: { doc: d, exportSigned: !!d.signed } };
}
