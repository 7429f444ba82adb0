import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { InputError, UserError } from "../domain/errors.js";
import { LIMITS } from "./prescan.js";

/** The pre-scan's size limit, checked here before the file is read whole. */
export const MAX_RUNBOOK_BYTES = LIMITS.bytes;

/** Reads a runbook file as text, refusing what is not one with a message a lead can act on. */
/** `shown` is the path as the user typed it, for messages; `file` is where to read. */
export async function readRunbookFile(file: string, shown = file): Promise<{ text: string; sha256: string }> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(
      code === "ENOENT"
        ? `${shown}: no such runbook file`
        : `${shown}: cannot read runbook (${code ?? String(e)})`,
      3,
      "pass --runbook with the path of a Markdown runbook, e.g. checklists/deployment.md",
    );
  }
  if (info.isDirectory())
    throw new InputError({ file: shown }, "is a directory; expected a Markdown runbook file");
  if (info.size > MAX_RUNBOOK_BYTES) {
    // Line 1, as the pre-scan says it: an editor and a log reader both need a file:line to go to.
    throw new InputError(
      { file: shown, line: 1, column: 1 },
      `is ${info.size} bytes; runbooks over ${MAX_RUNBOOK_BYTES} bytes are refused`,
    );
  }
  return decodeRunbook(shown, await readFile(file));
}

export function decodeRunbook(file: string, bytes: Uint8Array): { text: string; sha256: string } {
  if (bytes.length > MAX_RUNBOOK_BYTES) {
    throw new InputError(
      { file, line: 1, column: 1 },
      `is ${bytes.length} bytes; runbooks over ${MAX_RUNBOOK_BYTES} bytes are refused`,
    );
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    throw new InputError(pointAt(file, bytes, nul), "binary data (NUL byte); expected UTF-8 Markdown text");
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw new InputError(pointAt(file, bytes, bad), "invalid UTF-8; save the runbook as UTF-8");
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") {
    throw new InputError({ file }, "is empty; expected a Markdown runbook with headings and `- [ ]` items");
  }
  return { text, sha256 };
}

function pointAt(file: string, bytes: Uint8Array, offset: number) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that is not well-formed UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
