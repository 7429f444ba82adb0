import { statSync } from "node:fs";

/** The journal of a session file; a `.bak` restored by hand shares its session's journal. */
export function journalFor(file: string): string {
  return `${file.replace(/\.bak$/, "")}.journal`;
}

/**
 * Which document and journal are on disk now (identity, size, mtime, ctime: a same-size edit with its mtime set back still moves the ctime), to see a writer move either.
 * Synchronous: `golive status` then never starts libuv's threads nor loads node:fs/promises
 * (bench/RESULTS.md §1c).
 */
export async function filesOnDisk(file: string): Promise<string> {
  return `${fileStamp(file)} ${fileStamp(journalFor(file))}`;
}

/** One file's inode, size, mtime and ctime as one word ("-" when it is not there). */
export function fileStamp(f: string): string {
  try {
    const st = statSync(f);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    return "-";
  }
}
