/**
 * The file operations the session's durability depends on, behind one small interface so a test can
 * count and order them (file fsync before directory fsync) and inject faults. Production uses `nodeDisk`.
 */
import { constants } from "node:fs";
import * as fsp from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export type FileHandle = fsp.FileHandle;

export interface Disk {
  open(path: string, flags: number, mode?: number): Promise<FileHandle>;
  /** fsync of a file's data; `path` only names it for whoever watches. */
  syncFile(fh: FileHandle, path: string): Promise<void>;
  /** fsync of a directory, so a create, rename or link in it survives a power cut. */
  syncDir(dir: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  link(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
}

export const nodeDisk: Disk = {
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  syncFile: (fh) => fh.sync(),
  async syncDir(dir) {
    const fh = await fsp.open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename: (a, b) => fsp.rename(a, b),
  link: (a, b) => fsp.link(a, b),
  unlink: (p) => fsp.unlink(p),
  readdir: (d) => fsp.readdir(d),
};

/** New files golive writes: never through a symlink someone planted, never over an existing file. */
export const CREATE_EXCL =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** An unpredictable temp name beside `file` (dot-prefixed, so listings skip it). */
export function tempNameFor(file: string): string {
  return join(
    dirname(file),
    `.${basename(file)}.${process.getBuiltinModule("node:crypto").randomBytes(6).toString("hex")}.tmp`,
  );
}

/**
 * Writes `text` (or its pieces, one after another; strings as UTF-8) to a fresh temp file beside
 * `file` (exclusive, no symlinks, 0600) and fsyncs it; returns its path. The caller renames or links
 * it into place and fsyncs the directory.
 */
export async function writeTemp(
  disk: Disk,
  file: string,
  text: string | readonly (string | Uint8Array)[],
): Promise<string> {
  const tmp = tempNameFor(file);
  const fh = await disk.open(tmp, CREATE_EXCL, 0o600);
  try {
    // Each writeFile continues from the handle's position, so the pieces follow one another.
    for (const piece of typeof text === "string" ? [text] : text) await fh.writeFile(piece, "utf8");
    await disk.syncFile(fh, tmp);
  } catch (e) {
    await fh.close().catch(() => {});
    await disk.unlink(tmp).catch(() => {});
    throw e;
  }
  await fh.close();
  return tmp;
}

/** temp → fsync → rename over `file` → fsync the directory: readers see the old or the new file, whole. */
export async function replaceAtomically(disk: Disk, file: string, text: string): Promise<void> {
  const tmp = await writeTemp(disk, file, text);
  try {
    await disk.rename(tmp, file);
  } catch (e) {
    await disk.unlink(tmp).catch(() => {});
    throw e;
  }
  await disk.syncDir(dirname(file));
}

/** Like replaceAtomically, but fails with EEXIST rather than replace a file that exists (link is exclusive). */
export async function createAtomically(disk: Disk, file: string, text: string): Promise<void> {
  const tmp = await writeTemp(disk, file, text);
  try {
    await disk.link(tmp, file);
  } finally {
    await disk.unlink(tmp).catch(() => {});
  }
  await disk.syncDir(dirname(file));
}
