/**
 * lowdb adapter that makes a write durable before it is acknowledged: temp file → fsync → keep the
 * previous file as `.bak` → rename → fsync the directory. lowdb's own JSONFile never fsyncs and
 * becomes in-memory under NODE_ENV=test, which is why it is not used.
 *
 * It also refuses to write over a file that changed since it was last read or written (replaced,
 * truncated or edited by something else): what is on disk may be someone's record.
 */
import { constants } from "node:fs";
import { link, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Adapter } from "lowdb";
import { ExitCode, InputError, UserError } from "../domain/errors.js";

interface Identity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export class DurableJsonFile<T> implements Adapter<T> {
  /** What the file was when this process last read or wrote it. */
  private known?: Identity;

  constructor(
    readonly file: string,
    private parse: (raw: unknown) => T,
  ) {}

  get backup(): string {
    return `${this.file}.bak`;
  }

  async read(): Promise<T | null> {
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      fh = await open(this.file, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw storageError(this.file, "read", e);
    }
    let text: string;
    let id: Identity;
    try {
      // One open file for both, so the identity is that of the bytes that were parsed.
      const st = await fh.stat();
      id = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
      text = await fh.readFile("utf8");
    } catch (e) {
      throw storageError(this.file, "read", e);
    } finally {
      await fh.close();
    }
    const data = this.parse(parseJsonAt(this.file, text));
    this.known = id;
    return data;
  }

  async write(data: T): Promise<void> {
    await this.assertUnchanged();
    const text = `${JSON.stringify(data, null, 1)}\n`;
    const tmp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.tmp`);
    let written: Identity;
    try {
      const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
      try {
        await fh.writeFile(text, "utf8");
        await fh.sync();
        const st = await fh.stat();
        written = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
      } finally {
        await fh.close();
      }
      try {
        // The current file becomes the last good copy; link+rename keeps a file at both names throughout.
        const bakTmp = `${tmp}.bak`;
        await link(this.file, bakTmp);
        await rename(bakTmp, this.backup);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
      await rename(tmp, this.file);
    } catch (e) {
      // A half-written temp file on a full disk would only make the next attempt fail too.
      await unlink(tmp).catch(() => {});
      await unlink(`${tmp}.bak`).catch(() => {});
      throw storageError(this.file, "write", e);
    }
    this.known = written;
    try {
      await fsyncDir(dirname(this.file));
    } catch (e) {
      throw storageError(this.file, "write", e);
    }
  }

  private async assertUnchanged(): Promise<void> {
    if (!this.known) return;
    let now: Identity | undefined;
    try {
      const st = await stat(this.file);
      now = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw storageError(this.file, "read", e);
    }
    const k = this.known;
    if (now && now.ino === k.ino && now.size === k.size && now.mtimeMs === k.mtimeMs) return;
    throw new UserError(
      `${this.file} ${now ? "was replaced, truncated or edited" : "was deleted"} by something other than this golive; not overwriting it, nothing was recorded`,
      ExitCode.input,
      `check it with \`golive verify ${this.file}\` (the last copy golive wrote is ${this.backup}), then reopen the session; a rollback still goes through and its record goes to a fallback file`,
    );
  }
}

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

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
/** JSON.parse with the failure as file:line:col. */
export function parseJsonAt(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const lineCol = /line (\d+) column (\d+)/.exec(msg);
    let line = 1;
    let column = 1;
    if (lineCol) [line, column] = [Number(lineCol[1]), Number(lineCol[2])];
    else if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      line = before.split("\n").length;
      column = offset - before.lastIndexOf("\n");
    } else if (text.trim() === "") {
      throw new InputError({ file }, "is empty (truncated?); expected a JSON document");
    } else {
      line = text.split("\n").length;
    }
    throw new InputError({ file, line, column }, `not valid JSON (${jsonReason(msg)}); truncated or edited?`);
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
