/**
 * The chain head outside the file: at sign-off and at each amendment after it, golive writes the
 * head (sequence, hash, signer) as a new version of one S3 object under compliance-mode Object
 * Lock. Anyone with write access to the record can edit an event and recompute every hash; nobody
 * can change or remove a locked version. So a record is checked against *every* locked version: a
 * forger may add a version naming their chain, but the earlier ones still name the real one.
 *
 * Each anchor also lists the first 16 hex digits of every event's chain hash, so a mismatch is
 * placed exactly: a re-chained edit changes every hash from the edited event on, and the first
 * one that differs is the event that was edited.
 */
import type { SessionEvent } from "../domain/events.js";

export const ANCHOR_FORMAT = "golive.anchor/1";
const PREFIX = 16;

export interface AnchorBody {
  format: typeof ANCHOR_FORMAT;
  session: string;
  seq: number;
  hash: string;
  /** Who signed off (the sign-off event's signer), and who wrote this anchor. */
  signer: string | null;
  by: string;
  kind: "sign-off" | "amendment" | "head";
  at: string;
  /** The first 16 hex digits of each event's chain hash, in sequence order, joined. */
  hashes: string;
}

export function anchorBody(
  sessionId: string,
  events: readonly SessionEvent[],
  signer: string | undefined,
  by: string,
  kind: AnchorBody["kind"],
  now: number,
): AnchorBody {
  const head = events.at(-1)!;
  return {
    format: ANCHOR_FORMAT,
    session: sessionId,
    seq: head.seq,
    hash: head.hash,
    signer: signer ?? null,
    by,
    kind,
    at: new Date(now).toISOString(),
    hashes: events.map((e) => e.hash.slice(0, PREFIX)).join(""),
  };
}

/** One stored version of the anchor object, as S3 reports it. */
export interface AnchorVersion {
  versionId: string;
  lastModified?: Date;
  lockMode?: string;
  retainUntil?: Date;
  body: string;
}

export interface AnchorVerdict {
  ok: boolean;
  /** The one line: what matched, or where the record departs from its anchor. */
  text: string;
  seq?: number;
  /** Versions that prove nothing (not under a compliance lock in force), said so, never counted. */
  ignored: string[];
  locked: number;
}

/** Checks a record's events against every locked anchor version. */
export function checkAnchors(
  sessionId: string,
  events: readonly SessionEvent[],
  versions: readonly AnchorVersion[],
  where: string,
  now: number,
): AnchorVerdict {
  const ignored: string[] = [];
  const anchors: (AnchorBody & { versionId: string })[] = [];
  for (const v of versions) {
    const id = `version ${v.versionId}`;
    if (v.lockMode !== "COMPLIANCE") {
      ignored.push(
        `${id}: not under a compliance-mode lock (${v.lockMode ?? "no lock"}), so anyone could have written it`,
      );
      continue;
    }
    if (!v.retainUntil || v.retainUntil.getTime() <= now) {
      ignored.push(`${id}: its retention ended ${v.retainUntil?.toISOString() ?? "(none)"}`);
      continue;
    }
    let b: AnchorBody;
    try {
      b = JSON.parse(v.body) as AnchorBody;
    } catch {
      return {
        ok: false,
        text: `${where} ${id} is not a golive anchor (not JSON)`,
        ignored,
        locked: anchors.length,
      };
    }
    if (b?.format !== ANCHOR_FORMAT || typeof b.seq !== "number" || typeof b.hash !== "string")
      return { ok: false, text: `${where} ${id} is not a golive anchor`, ignored, locked: anchors.length };
    if (b.session !== sessionId)
      return {
        ok: false,
        text: `${where} ${id} anchors session ${JSON.stringify(b.session)}, but this record is session ${JSON.stringify(sessionId)}`,
        ignored,
        locked: anchors.length,
      };
    anchors.push({ ...b, versionId: v.versionId });
  }
  const locked = anchors.length;
  if (locked === 0)
    return {
      ok: false,
      text: `${where} holds no anchor under a compliance lock: no evidence for this record`,
      ignored,
      locked,
    };
  anchors.sort((a, b) => a.seq - b.seq);
  for (const a of anchors) {
    const what = `the anchor of event #${a.seq} (${a.kind}${a.signer ? `, signed off by ${a.signer}` : ""}, ${a.at}, version ${a.versionId})`;
    const first = firstDeparture(events, a);
    if (first !== undefined)
      return {
        ok: false,
        seq: first,
        text: `event #${first} is not the event ${what} covers: the record was edited there and re-chained`,
        ignored,
        locked,
      };
    if (events.length < a.seq)
      return {
        ok: false,
        seq: events.length,
        text: `the record ends at event #${events.length}, but ${what} names a head at #${a.seq}: ${range(events.length + 1, a.seq)} cut from the end (or this export predates that anchor)`,
        ignored,
        locked,
      };
    if (events[a.seq - 1]!.hash !== a.hash)
      return { ok: false, seq: a.seq, text: `event #${a.seq}'s hash is not ${what}'s`, ignored, locked };
  }
  const last = anchors.at(-1)!;
  if (events.length > last.seq)
    return {
      ok: false,
      seq: last.seq + 1,
      text: `${range(last.seq + 1, events.length)} recorded after the last anchored head (#${last.seq}), so nothing outside the file vouches for it (run golive anchor if S3 was down then)`,
      ignored,
      locked,
    };
  return {
    ok: true,
    text: `matches ${locked} locked anchor${locked === 1 ? "" : "s"} at ${where} (head #${last.seq}, ${last.kind}${last.signer ? `, signed off by ${last.signer}` : ""}, retained under compliance lock)${amendmentsText(events)}`,
    ignored,
    locked,
  };
}

/** The amendments after sign-off the newest anchor covers, each by number, kind and why. */
function amendmentsText(events: readonly SessionEvent[]): string {
  const am = events.filter((e) => e.amendment);
  if (!am.length) return "";
  const shown = am.slice(0, 5).map((e) => `#${e.seq} ${e.type} (${e.amendment!.why})`);
  if (am.length > 5) shown.push(`… and ${am.length - 5} more`);
  return `; with ${am.length} amendment${am.length === 1 ? "" : "s"} after sign-off: ${shown.join(", ")}`;
}

/** `event #4 was` / `events #4–#6 were`. */
function range(from: number, to: number): string {
  return from === to ? `event #${from} was` : `events #${from}–#${to} were`;
}

/** The first event, within what the anchor covers, whose chain hash differs from the anchor's list. */
function firstDeparture(events: readonly SessionEvent[], a: AnchorBody): number | undefined {
  const n = Math.min(events.length, a.seq);
  for (let i = 0; i < n; i++) {
    const want = a.hashes.slice(i * PREFIX, (i + 1) * PREFIX);
    if (events[i]!.hash.slice(0, PREFIX) !== want) return events[i]!.seq;
  }
  return undefined;
}
