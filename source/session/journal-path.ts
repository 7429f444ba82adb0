import { stat } from "node:fs/promises";

/** The journal of a session file; a `.bak` restored by hand shares its session's journal. */
export function journalFor(file: string): string {
  return `${file.replace(/\.bak$/, "")}.journal`;
}

/** Which document and journal are on disk now (identity, size, mtime), to see a writer move either. */
export async function filesOnDisk(file: string): Promise<string> {
  const id = async (f: string) => {
    try {
      const st = await stat(f);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return "-";
    }
  };
  return `${await id(file)} ${await id(journalFor(file))}`;
}
