import { ExitCode, InputError, UserError } from "../domain/errors.js";

/** The disk failures a lead can fix, as one line with the next step; anything else stays a bug. */
const STORAGE_PROBLEMS: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
  EROFS: "the file system is read-only",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EIO: "an I/O error (failing disk?)",
  ENOTDIR: "a path component is not a directory",
  EISDIR: "it is a directory",
  EMFILE: "too many open files",
};

export function storageError(file: string, op: "read" | "write", e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (e instanceof UserError || !code || !(code in STORAGE_PROBLEMS)) return e;
  return new UserError(
    `could not ${op} ${file}: ${STORAGE_PROBLEMS[code]} (${code})${op === "write" ? "; nothing was recorded" : ""}`,
    ExitCode.input,
    op === "write"
      ? "free space or make the sessions directory writable, then retry; a rollback still goes through and its record goes to a fallback file"
      : "check the file's permissions and the disk",
  );
}

/** The document or journal moved under the writer holding the lock: what is there may be someone's record. */
export function changedUnderUs(file: string, what: string, backup: string): UserError {
  return new UserError(
    `${file} ${what} by something other than this golive; not overwriting it, nothing was recorded`,
    ExitCode.input,
    `check it with \`golive verify ${file.replace(/\.journal$/, "")}\` (the last compacted copy is ${backup}; its journal holds the events after it), then reopen the session; a rollback still goes through and its record goes to a fallback file`,
  );
}

/** JSON.parse with the failure as file:line:col; `firstLine` is the text's first line in the file. */
export function parseJsonAt(file: string, text: string, firstLine = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    // Line and column from the position alone: V8 ≥ 22's own "(line N column M)" counts a lone "\r" as
    // a line break, so the same file would point elsewhere on another Node.
    const pos = /position (\d+)/.exec(msg);
    let line = 1;
    let column = 1;
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      line = before.split("\n").length;
      column = offset - before.lastIndexOf("\n");
    } else if (text.trim() === "") {
      throw new InputError({ file }, "is empty (truncated?); expected a JSON document");
    } else {
      line = text.split("\n").length;
    }
    throw new InputError(
      { file, line: firstLine - 1 + line, column },
      `not valid JSON (${jsonReason(msg)}); truncated or edited?`,
    );
  }
}

/**
 * V8's reason without the snippet of input it quotes (which carries the file's own newlines and
 * would break the one-line error): `Unexpected token '}', ..."x"\n }" is not valid JSON` → `Unexpected token '}'`.
 */
function jsonReason(msg: string): string {
  return msg
    .replace(/,\s*(\.\.\.)?\s*".*$/s, "")
    .replace(/ in JSON at.*$/s, "")
    .replace(/\s+/g, " ")
    .trim();
}
