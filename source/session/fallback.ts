/**
 * Records a session could not take (disk full or read-only, another writer, a damaged file): one
 * JSON line each, fsynced, 0600, in the session's directory or else the user's own state directory
 * ($XDG_STATE_HOME/golive, ~/.local/state/golive) — never a world-writable temp directory. The next
 * golive that opens the session for writing merges them back (see SessionStore).
 */
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { type Disk, nodeDisk } from "./disk.js";

export interface FallbackRecord {
  session: string;
  type: string;
  data: unknown;
  by: string;
  at: string;
}

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  return xdg?.startsWith("/")
    ? join(xdg, "golive")
    : join(env.HOME || homedir(), ".local", "state", "golive");
}

export function fallbackFiles(
  sessionFile: string,
  id: string,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const name = `${id}.fallback.jsonl`;
  return [join(dirname(sessionFile), name), join(stateDir(env), name)];
}

/** Appends the record to the first location that takes it (fsynced); returns that file. */
export async function writeFallback(
  files: string[],
  record: FallbackRecord,
  disk: Disk = nodeDisk,
): Promise<string> {
  const line = `${JSON.stringify(record)}\n`;
  const problems: string[] = [];
  for (const f of files) {
    try {
      await mkdir(dirname(f), { recursive: true, mode: 0o700 });
      const created = !(await stat(f).then(
        () => true,
        () => false,
      ));
      const fh = await disk.open(
        f,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0),
        0o600,
      );
      try {
        await fh.writeFile(line, "utf8");
        await disk.syncFile(fh, f);
      } finally {
        await fh.close();
      }
      if (created) await disk.syncDir(dirname(f));
      return f;
    } catch (e) {
      problems.push(`${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  throw new Error(`could not write the ${record.type} record anywhere (${problems.join("; ")})`);
}

export interface PendingRecord {
  file: string;
  line: number;
  /** Stable id of the line, so a merge interrupted by a crash never merges a record twice. */
  id: string;
  record?: FallbackRecord;
  problem?: string;
}

/** The complete lines of each fallback file (a last line cut short by a crash was never written). */
export async function readFallbacks(files: string[]): Promise<PendingRecord[]> {
  const out: PendingRecord[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      continue;
    }
    const lines = text.split("\n");
    lines.pop();
    for (const [i, line] of lines.entries()) {
      if (!line.trim()) continue;
      const id = createHash("sha256").update(line).digest("hex").slice(0, 32);
      try {
        out.push({ file, line: i + 1, id, record: JSON.parse(line) as FallbackRecord });
      } catch (e) {
        out.push({ file, line: i + 1, id, problem: (e as Error).message });
      }
    }
  }
  return out;
}
