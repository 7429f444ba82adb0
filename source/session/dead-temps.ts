import { readdir, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Temp files of writers killed mid-write (`.<name>.<random>.tmp`, also `.bak`'s). Only the lock
 * holder writes them, and we hold the lock: any left are a dead writer's.
 */
export async function removeDeadWritersTemps(file: string): Promise<void> {
  const dir = dirname(file);
  const prefixes = [`.${basename(file)}.`, `.${basename(file)}.bak.`];
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith(".tmp") || !prefixes.some((p) => name.startsWith(p))) continue;
    await unlink(join(dir, name)).catch(() => {});
  }
}
