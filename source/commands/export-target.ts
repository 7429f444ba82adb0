/** Where a record may be written: never over a session file, wherever a link points. */
import { lstat, open, realpath } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { journalFor } from "../session/journal-path.js";
import { lockDir } from "../session/lock.js";
import type { SessionStore } from "../session/store.js";

export async function refuseSessionFiles(target: string, store?: Pick<SessionStore, "file">): Promise<void> {
  const real = await realTarget(target);
  const own = store ? [store.file, `${store.file}.bak`, journalFor(store.file), lockDir(store.file)] : [];
  const ownReal = await Promise.all(own.map((f) => realpath(f).catch(() => resolve(f))));
  let isSession = ownReal.includes(real) || /\.json\.(bak|journal|lock)$|\.lock\/\d+$/.test(real);
  if (!isSession) {
    try {
      isSession = /"format"\s*:\s*"golive\.session\//.test(await headOf(real));
    } catch {}
  }
  if (isSession) {
    throw new UserError(
      `--out ${target} is a golive session file (or its journal, backup or lock); export never writes over a session, even with --force`,
      ExitCode.refused,
      "write the record elsewhere, e.g. --out record.md",
    );
  }
}

/**
 * The first 200 characters of a file (as `readFile(…, "utf8").slice(0, 200)` gives them) from its
 * first 800 bytes: an export replacing a 30 MB record read the whole old one to look at its start.
 */
async function headOf(file: string): Promise<string> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(800);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.toString("utf8", 0, bytesRead).slice(0, 200);
  } finally {
    await fh.close();
  }
}

/** The file a write to `target` would land on (following a symlink at the target itself). */
async function realTarget(target: string): Promise<string> {
  try {
    return await realpath(target);
  } catch {
    try {
      await lstat(target);
      return target; // a dangling symlink: link/rename replace the link itself, never its target
    } catch {
      return join(await realpath(dirname(target)).catch(() => dirname(target)), basename(target));
    }
  }
}
