/**
 * A session document from disk, checked: duplicate keys (which JSON.parse would silently resolve),
 * shape, and the hash chain. Bytes already checked (session/verified.ts) are only parsed and bound
 * to their chain, unless `recheck` (`golive verify`, which trusts nothing).
 */
import { constants } from "node:fs";
import { InputError } from "../domain/errors.js";
import type { Disk, FileHandle } from "./disk.js";
import { bindToChain, checkDocument, rejectDuplicateKeys, type SessionDocument } from "./document.js";
import { parseJsonAt } from "./durable.js";
import { digestOfFile, type Identity, identityOf, readPieces, sameIdentity } from "./read-doc.js";
import { rememberVerified, wasVerified } from "./verified.js";

export interface LoadOptions {
  recheck: boolean;
  /** Leave the on-disk "already checked" marker (writers only). */
  persist: boolean;
  /**
   * This file already parsed and scanned for duplicate keys (by `verify`, to learn its format): used
   * while the file is still the one it was read from (same inode, size and mtime).
   */
  known?: { raw: unknown; id: Identity };
}

export async function loadDocument(
  disk: Disk,
  file: string,
  o: LoadOptions,
): Promise<{ doc: SessionDocument; id: Identity }> {
  const fh = await disk.open(file, constants.O_RDONLY);
  try {
    const id = await identityOf(fh);
    if (o.recheck) {
      // Recomputes everything: nothing to look up or remember, so no digest of the file either.
      const raw = o.known && sameIdentity(o.known.id, id) ? o.known.raw : await readRaw(fh, file, id, true);
      return { doc: await checkDocument(file, raw), id };
    }
    const digest = await digestOfFile(fh, id.size);
    const again = takeParsed(file, digest);
    if (again) {
      // Checked a moment ago by the listing (which leaves nothing on disk): a writer leaves the
      // marker, or every later command would check the whole chain again.
      if (o.persist) rememberVerified(file, digest, true);
      return { doc: again, id };
    }
    const verified = wasVerified(file, digest);
    const raw = await readRaw(fh, file, id, !verified);
    let doc: SessionDocument;
    if (verified) {
      doc = raw as SessionDocument;
      bindToChain(file, doc);
    } else {
      doc = await checkDocument(file, raw);
      rememberVerified(file, digest, o.persist);
    }
    keepParsed(file, digest, doc);
    return { doc, id };
  } finally {
    await fh.close();
  }
}

/** The file parsed (piece by piece when it has golive's layout, else whole), as it was when opened. */
export async function readRaw(fh: FileHandle, file: string, id: Identity, scanKeys: boolean) {
  let raw = await readPieces(fh, scanKeys);
  if (raw === undefined) {
    const text = await wholeText(fh, id.size);
    raw = parseJsonAt(file, text);
    if (scanKeys) rejectDuplicateKeys(file, text);
  }
  // Read in several steps: an edit in place meanwhile (a writer renames, so never golive) is read again.
  if (!sameIdentity(id, await identityOf(fh)))
    throw new InputError({ file }, "changed while it was being read", "read it again");
  return raw;
}

/** The whole text, as one Buffer decoded at once (never a string of pieces a later scan must copy). */
export async function wholeText(fh: FileHandle, size: number): Promise<string> {
  const buf = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const { bytesRead } = await fh.read(buf, n, size - n, n);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return buf.toString("utf8", 0, n);
}

/**
 * Commands list the directory (reading every session) and then open one: the second read of the
 * same bytes (compared by SHA-256, computed through a small buffer) takes the document parsed by
 * the first instead of parsing 30 MB again. Each is taken once, as its own copy of the event list
 * (a reader appends its journal's events to it), and only the last few are kept.
 */
const parsed = new Map<string, SessionDocument>();

function keepParsed(file: string, digest: string, doc: SessionDocument): void {
  parsed.set(`${file}\0${digest}`, { ...doc, events: doc.events.slice() });
  while (parsed.size > 4) parsed.delete(parsed.keys().next().value!);
}

function takeParsed(file: string, digest: string): SessionDocument | undefined {
  const key = `${file}\0${digest}`;
  const doc = parsed.get(key);
  parsed.delete(key);
  return doc;
}
