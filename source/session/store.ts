/**
 * A session on disk: lowdb over the durable adapter, one writer (lock), events appended in order and
 * acknowledged only once fsynced.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Low } from "lowdb";
import { GENESIS, hashEvent } from "../domain/chain.js";
import { ExitCode, UserError } from "../domain/errors.js";
import {
  apply,
  type EventMap,
  type EventType,
  isClosed,
  reduce,
  type SessionEvent,
  type SessionState,
} from "../domain/events.js";
import { redact, redactDeep } from "../domain/redact.js";
import { NotASessionError, parseDocument, SESSION_FORMAT, type SessionDocument } from "./document.js";
import { DurableJsonFile, storageError } from "./durable.js";
import { processAlive, SessionLock } from "./lock.js";

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class SessionStore {
  private queue: Promise<unknown> = Promise.resolve();
  private current: SessionState;
  private listeners = new Set<() => void>();

  private constructor(
    readonly file: string,
    private db: Low<SessionDocument>,
    private adapter: DurableJsonFile<SessionDocument>,
    private clock: Clock,
    readonly lock: SessionLock | undefined,
  ) {
    this.current = reduce(db.data.events);
  }

  get readOnly(): boolean {
    return this.lock === undefined;
  }

  get id(): string {
    return this.db.data.id;
  }

  get events(): readonly SessionEvent[] {
    return this.db.data.events;
  }

  get state(): SessionState {
    return this.current;
  }

  get backupFile(): string {
    return this.adapter.backup;
  }

  static async create(
    dir: string,
    data: Omit<EventMap["session.created"], "id">,
    by: string,
    clock: Clock = systemClock,
  ): Promise<SessionStore> {
    await ensureSessionsDir(dir);
    const at = new Date(clock.now());
    const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
    const slug = (data.env ?? data.runbook.title)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 24);
    const id = `${stamp}-${slug || "session"}-${randomBytes(2).toString("hex")}`;
    const file = join(dir, `${id}.json`);
    const lock = await SessionLock.acquire(file, "golive new", at);
    const first = seal(
      // The runbook is stored with the same redaction as every later event: a key written in it never lands.
      {
        seq: 1,
        at: at.toISOString(),
        by: redact(by),
        type: "session.created",
        data: redactDeep({ id, ...data }),
      },
      GENESIS,
    );
    const adapter = new DurableJsonFile(file, (raw) => parseDocument(file, raw));
    const db = new Low<SessionDocument>(adapter, { format: SESSION_FORMAT, id, events: [first] });
    await db.write();
    return new SessionStore(file, db, adapter, clock, lock);
  }

  /** Opens for writing (takes the lock) or read-only (never writes, never locks). */
  static async open(
    file: string,
    opts: { write: boolean; command?: string; clock?: Clock },
  ): Promise<SessionStore> {
    const clock = opts.clock ?? systemClock;
    const lock = opts.write
      ? await SessionLock.acquire(file, opts.command ?? "golive", new Date(clock.now()))
      : undefined;
    try {
      const adapter = new DurableJsonFile(file, (raw) => parseDocument(file, raw));
      const data = await adapter.read();
      if (!data)
        throw new UserError(`${file}: no such session`, ExitCode.input, "list sessions with `golive list`");
      const db = new Low<SessionDocument>(adapter, data);
      if (lock) await removeDeadWritersTemps(file);
      return new SessionStore(file, db, adapter, clock, lock);
    } catch (e) {
      await lock?.release();
      if (
        e instanceof UserError &&
        /hash chain|not valid JSON|not a golive session|is empty/.test(e.message)
      ) {
        throw new UserError(e.message, e.exitCode, `${e.hint ? `${e.hint}. ` : ""}${backupHint(file)}`);
      }
      throw e;
    }
  }

  /** Called after every acknowledged append and every refresh that found something new. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify() {
    for (const fn of this.listeners) fn();
  }

  /** Re-reads the file (read-only viewers follow a writer this way). */
  async refresh(): Promise<boolean> {
    const before = this.current.head;
    await this.db.read();
    this.current = reduce(this.db.data.events);
    const changed = this.current.head !== before;
    if (changed) this.notify();
    return changed;
  }

  /**
   * Appends one event; resolves once it is on disk. Appends are serialized, and a failed write
   * leaves memory as it was on disk, so nothing unacknowledged is ever shown as recorded.
   */
  append<T extends EventType>(type: T, data: EventMap[T], by: string): Promise<SessionEvent> {
    if (!this.lock) {
      return Promise.reject(
        new UserError(
          `session ${this.file} is open read-only`,
          ExitCode.locked,
          "only the golive holding the lock writes",
        ),
      );
    }
    const run = async () => {
      const events = this.db.data.events;
      const last = events.at(-1)!;
      const event = seal(
        {
          seq: last.seq + 1,
          at: new Date(this.clock.now()).toISOString(),
          by: redact(by),
          type,
          data: redactDeep(data),
        },
        last.hash,
      );
      events.push(event);
      try {
        await this.db.write();
      } catch (e) {
        events.pop();
        throw e;
      }
      this.current = apply(this.current, event);
      this.notify();
      return event;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.lock?.release();
  }
}

function seal(e: Omit<SessionEvent, "prev" | "hash">, prev: string): SessionEvent {
  const withPrev = { ...e, prev } as SessionEvent;
  return { ...withPrev, hash: hashEvent(withPrev) };
}

/** Temp files of writers killed mid-write (`.<name>.<pid>.tmp`); ours to remove once we hold the lock. */
async function removeDeadWritersTemps(file: string): Promise<void> {
  const prefix = `.${basename(file)}.`;
  let names: string[] = [];
  try {
    names = await readdir(dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)\.tmp(\.bak)?$/.exec(name.slice(prefix.length)) : null;
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    await unlink(join(dirname(file), name)).catch(() => {});
  }
}

function backupHint(file: string): string {
  return `The last good copy, if any, is ${file}.bak: check it with \`golive verify ${file}.bak\`, then copy it over ${basename(file)} to resume`;
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

/** Sessions in a directory, newest first; unreadable ones are listed with their problem. */
export async function listSessions(dir: string): Promise<SessionSummary[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: SessionSummary[] = [];
  for (const name of names) {
    if (!name.endsWith(".json") || name.startsWith(".")) continue;
    const file = join(dir, name);
    const st = await stat(file);
    const id = name.slice(0, -".json".length);
    try {
      const adapter = new DurableJsonFile(file, (raw) => parseDocument(file, raw));
      const doc = await adapter.read();
      out.push({ id, file, mtimeMs: st.mtimeMs, state: reduce(doc!.events) });
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
    // A damaged file newer than any usable session is most likely the one the lead is working on:
    // say so, rather than silently picking an older session or claiming there is none.
    // (Other JSON in the directory, such as a `--format json` export, is not a session at all.)
    const damaged = all.filter((s) => s.problem && !s.foreign).sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
    if (damaged && (!open || damaged.mtimeMs > open.mtimeMs)) {
      throw new UserError(damaged.problem!, ExitCode.input, backupHint(damaged.file));
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
