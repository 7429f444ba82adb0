/**
 * Which SSH signatures this bastion made of a session's record, and re-signing after an amendment.
 * A signature cannot sit inside the chain it signs (an event saying "signed" would itself be a new,
 * unsigned event), so each `golive sign --key` adds a line to `<session file>.signatures` beside it:
 * the export, its signature, the head it covers and the key (fingerprint, and the key file when it
 * was one). A later write on the signed session (an amendment) re-signs with that same key when it
 * is still at hand (its file, or ssh-agent holding that fingerprint); otherwise it says the
 * amendment is NOT yet signed, and so does `golive status`. Status never trusts the ledger alone:
 * the export's bytes and its signature are checked again before anything is called signed.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { SessionEvent } from "../domain/events.js";
import { nodeDisk, replaceAtomically } from "../session/disk.js";
import { parseSshsig, SIG_NAMESPACE, sshsigProblem } from "../session/ssh-sig.js";
import type { SessionStore } from "../session/store.js";
import type { Ctx } from "./context.js";
import { jsonRecord, jsonRecordText, writeRecord } from "./export.js";
import { type KeySigner, signerFor, signFile } from "./sign-record.js";

export interface SignedEntry {
  /** The head the signed export covers. */
  seq: number;
  head: string;
  export: string;
  exportSha256: string;
  sig: string;
  key: { type: string; fingerprint: string; file?: string };
  at: string;
}

const ledgerOf = (sessionFile: string) => `${sessionFile}.signatures`;

export async function readLedger(sessionFile: string): Promise<SignedEntry[]> {
  let text: string;
  try {
    text = await readFile(ledgerOf(sessionFile), "utf8");
  } catch {
    return [];
  }
  const entries: SignedEntry[] = [];
  for (const line of text.split("\n")) {
    try {
      const e = JSON.parse(line) as SignedEntry;
      if (typeof e.seq === "number" && typeof e.export === "string" && e.key?.fingerprint) entries.push(e);
    } catch {
      // Not a line golive wrote whole: it proves nothing, so it is passed over.
    }
  }
  return entries;
}

/** Writes the session's JSON export to `target`, signs it, and notes the signature in the ledger. */
export async function signRecord(
  ctx: Ctx,
  store: SessionStore,
  signer: KeySigner,
  target: string,
  force: boolean,
): Promise<{ target: string; sig: string }> {
  const text = jsonRecordText(jsonRecord(ctx, store));
  await writeRecord(target, text, { force, store });
  const sig = await signFile(target, signer);
  const head = store.events.at(-1)!;
  const entry: SignedEntry = {
    seq: head.seq,
    head: head.hash,
    export: target,
    exportSha256: createHash("sha256").update(text).digest("hex"),
    sig,
    key: {
      type: signer.pub.type,
      fingerprint: signer.pub.fingerprint,
      ...(signer.file ? { file: signer.file } : {}),
    },
    at: new Date(ctx.clock.now()).toISOString(),
  };
  const before = await readLedger(store.file);
  const lines = [...before.slice(-50), entry].map((e) => JSON.stringify(e));
  await replaceAtomically(nodeDisk, ledgerOf(store.file), `${lines.join("\n")}\n`);
  return { target, sig };
}

/** `#7` / `#7–#9`: the events after the signed head. */
function span(from: number, to: number): string {
  return from === to ? `amendment #${from}` : `amendments #${from}–#${to}`;
}

/**
 * After a write command on a signed session whose record was SSH-signed here: the amendments are
 * signed again with the same key (the export rewritten where it was, its .sig beside it), or it is
 * said that they are not. Never throws: what was recorded stays recorded.
 */
export async function resignIfMoved(ctx: Ctx, store: SessionStore): Promise<void> {
  const last = (await readLedger(store.file)).at(-1);
  const head = store.events.at(-1)!.seq;
  if (!last || head <= last.seq) return;
  const what = span(last.seq + 1, head);
  let signer: KeySigner;
  try {
    signer = await recordedSigner(ctx, last);
  } catch (e) {
    ctx.stderr.write(
      `golive: ${what} NOT yet signed: the key ${last.key.fingerprint} that signed the record at #${last.seq} is not at hand (${(e as Error).message})\n  → golive sign --key KEY --out ${last.export} --force\n`,
    );
    return;
  }
  try {
    const r = await signRecord(ctx, store, signer, last.export, true);
    ctx.stderr.write(
      `${what} signed: ${r.sig} (${signer.pub.type} ${signer.pub.fingerprint}, the record to #${head})\n`,
    );
  } catch (e) {
    ctx.stderr.write(
      `golive: ${what} NOT yet signed: ${(e as Error).message}\n  → golive sign --key KEY --out ${last.export} --force\n`,
    );
  }
}

/** The key that signed last: its file again (the same key, checked), else ssh-agent holding it. */
async function recordedSigner(ctx: Ctx, last: SignedEntry): Promise<KeySigner> {
  const fp = last.key.fingerprint;
  const why: string[] = [];
  if (last.key.file) {
    try {
      const s = await signerFor(ctx, last.key.file);
      if (s.pub.fingerprint === fp) return s;
      why.push(`${last.key.file} now holds ${s.pub.fingerprint}`);
    } catch (e) {
      why.push((e as Error).message);
    }
  }
  try {
    return await signerFor(ctx, `agent:${fp}`);
  } catch (e) {
    why.push((e as Error).message.replace(`--key agent:${fp}: `, ""));
  }
  throw new Error(why.join("; "));
}

export interface SignatureStanding {
  /** Whether the newest signature still holds for the export it names. */
  ok: boolean;
  entry: SignedEntry;
  problem?: string;
  /** Events after the signed head: amendments not yet signed. */
  unsigned?: { from: number; to: number };
}

/** The newest signature of this session made here, checked again (undefined: never signed here). */
export async function signatureStanding(
  sessionFile: string,
  events: readonly SessionEvent[],
): Promise<SignatureStanding | undefined> {
  const entry = (await readLedger(sessionFile)).at(-1);
  if (!entry) return undefined;
  const problem = await entryProblem(entry, events);
  if (problem) return { ok: false, entry, problem };
  const head = events.at(-1)!.seq;
  return { ok: true, entry, ...(head > entry.seq ? { unsigned: { from: entry.seq + 1, to: head } } : {}) };
}

async function entryProblem(e: SignedEntry, events: readonly SessionEvent[]): Promise<string | undefined> {
  if (events[e.seq - 1]?.hash !== e.head) return `it covers a head #${e.seq} this session does not have`;
  let bytes: Buffer;
  let armored: string;
  try {
    bytes = await readFile(e.export);
    armored = await readFile(e.sig, "utf8");
  } catch (err) {
    return `cannot read it (${(err as NodeJS.ErrnoException).code ?? err})`;
  }
  if (createHash("sha256").update(bytes).digest("hex") !== e.exportSha256)
    return `${e.export} changed since it was signed`;
  try {
    const sig = parseSshsig(armored);
    if (sig.pub.fingerprint !== e.key.fingerprint) return `${e.sig} is now signed by ${sig.pub.fingerprint}`;
    return sshsigProblem(bytes, sig, SIG_NAMESPACE);
  } catch (err) {
    return `${e.sig}: ${(err as Error).message}`;
  }
}

/** `golive status`'s lines about the SSH signature (none when the record was never signed here). */
export async function signatureLines(store: SessionStore): Promise<string[]> {
  const s = await signatureStanding(store.file, store.events);
  if (!s) return [];
  const k = `${s.entry.key.type} ${s.entry.key.fingerprint}`;
  const again = `golive sign --key KEY --out ${s.entry.export} --force`;
  if (!s.ok)
    return [
      `SSH signature ${s.entry.sig} does NOT hold: ${s.problem}; the record is NOT signed as it stands → ${again}`,
    ];
  if (s.unsigned)
    return [
      `${span(s.unsigned.from, s.unsigned.to)} not yet signed (${s.entry.sig} signs the record to #${s.entry.seq}, ${k}) → ${again}`,
    ];
  return [`record signed to #${s.entry.seq} (its head): ${s.entry.sig}, ${k}`];
}
