/** The sessions directory: listing sessions, and choosing the one a command means (loudly, never a guess). */

import { readdirSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { isClosed, type SessionState } from "../domain/events.js";
import { NotASessionError } from "./document.js";
import { storageError } from "./durable.js";
import { JournalledSessionFile } from "./journal.js";
import { journalFor } from "./journal-path.js";
import { reduceSession } from "./reduced.js";
import { readSummary } from "./state-cache.js";

export function backupHint(file: string): string {
  const f = file.replace(/\.bak$/, "");
  return `The last compacted copy, if any, is ${f}.bak: check it with \`golive verify ${f}.bak\`, then copy it over ${basename(f)} to resume; keep ${basename(journalFor(f))}, which holds every event after that copy and is replayed on open`;
}

export async function ensureSessionsDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw storageError(dir, "write", e);
  }
}

export interface SessionSummary {
  id: string;
  file: string;
  mtimeMs: number;
  state?: SessionState;
  problem?: string;
  /** Some other JSON file (an export, say): not a session, so not a damaged one either. */
  foreign?: boolean;
}

/**
 * Sessions in a directory, newest first; unreadable ones are listed with their problem. The directory
 * and each file's stat are read synchronously: `golive status` then starts no libuv thread and never
 * loads node:fs/promises (bench/RESULTS.md §1c).
 */
export async function listSessions(dir: string): Promise<SessionSummary[]> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: SessionSummary[] = [];
  for (const name of names) {
    if (!name.endsWith(".json") || name.startsWith(".")) continue;
    const file = join(dir, name);
    const st = statSync(file);
    const id = name.slice(0, -".json".length);
    try {
      // The state a writer left beside it, when it is still bound to the file (by its stat
      // identity and tail: a listing only picks and shows sessions; state-cache.ts says why).
      const state =
        (await readSummary(file, "stat"))?.state ??
        reduceSession(file, (await new JournalledSessionFile(file).read())!.events);
      out.push({ id, file, mtimeMs: st.mtimeMs, state });
    } catch (e) {
      out.push({
        id,
        file,
        mtimeMs: st.mtimeMs,
        problem: (e as Error).message,
        foreign: e instanceof NotASessionError,
      });
    }
  }
  return out.sort(
    (a, b) => (b.state?.createdAt ?? "").localeCompare(a.state?.createdAt ?? "") || b.mtimeMs - a.mtimeMs,
  );
}

/** `--session`: an id, a unique id prefix, or a path; by default the most recent open session. */
export async function resolveSession(
  dir: string,
  ref: string | undefined,
  forWriting = true,
): Promise<string> {
  if (ref && (ref.includes("/") || ref.endsWith(".json"))) return resolve(ref);
  const all = await listSessions(dir);
  if (!ref) {
    // Reading a signed session (status, export after sign-off) is normal; writing to one is not.
    const open =
      all.find((s) => s.state && !isClosed(s.state)) ?? (forWriting ? undefined : all.find((s) => s.state));
    // (Other JSON in the directory, such as a `--format json` export, is not a session at all.)
    // Any damaged session stops the choice: the damaged one may be the lead's current session, and
    // acting on another (older) one instead would record on the wrong deployment.
    const damaged = all.filter((s) => s.problem && !s.foreign).sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
    if (damaged) {
      throw new UserError(
        `session ${damaged.id} cannot be read, so golive will not guess which session you mean: ${damaged.problem}`,
        ExitCode.input,
        `${backupHint(damaged.file)}; or name the session with --session`,
      );
    }
    if (!open) {
      throw new UserError(
        `no open session in ${dir}`,
        ExitCode.input,
        "start one with `golive new --runbook FILE`, or pass --session / --sessions",
      );
    }
    return open.file;
  }
  const matches = all.filter((s) => s.id === ref || s.id.startsWith(ref));
  const exact = matches.find((s) => s.id === ref);
  if (exact) return exact.file;
  if (matches.length === 1) return matches[0]!.file;
  if (matches.length > 1) {
    throw new UserError(
      `session "${ref}" is ambiguous: ${matches.map((m) => m.id).join(", ")}`,
      ExitCode.usage,
    );
  }
  throw new UserError(`no session "${ref}" in ${dir}`, ExitCode.input, "list sessions with `golive list`");
}
