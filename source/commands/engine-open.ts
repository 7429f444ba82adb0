/** Opening a session and its engine, or (for a rollback) its last good copy read-only. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { EnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { EngineClock, FencePort } from "../domain/ports.js";
import { listSessions } from "../session/sessions.js";
import { type Ctx, type GlobalOpts, openSession, sessionsDir } from "./context.js";
import { engineFor } from "./engine-adapters.js";
import type { EngineHandle } from "./engine-context.js";
import { readOnlyTeamFence } from "./team.js";

/**
 * Opens the session and its engine. `allowLocked` is for rollback: it is never blocked by another
 * golive holding the session; its records then go to a fallback file, and the user is told where.
 */
export interface OpenEngineOptions {
  allowLocked?: boolean;
  write?: boolean;
  /** Read-only viewers: the monitor shows, never records or acts. */
  observeOnly?: boolean;
  /** The demo runs the engine on the sandbox's clock. */
  clock?: EngineClock;
  /** The approval clock (the hosts'), where `ctx.clock` is a rehearsal's (the cockpit's session clock). */
  approvalNow?: () => number;
  /** Clock ms per real ms (the demo's --speed): how old observations may get before stale. */
  clockRate?: number;
  tuneConfig?: (c: EnvConfig) => EnvConfig;
  fence?: FencePort;
}

/**
 * A session that cannot be read (truncated, edited, replaced): its `.bak`, read-only, so a rollback
 * still knows the environment. Nothing is written to either file.
 */
async function openLastGoodCopy(ctx: Ctx, o: GlobalOpts, command: string, why: UserError) {
  const dir = sessionsDir(ctx, o);
  let file: string | undefined;
  if (o.session && (o.session.includes("/") || o.session.endsWith(".json")))
    file = resolve(ctx.cwd, o.session);
  else {
    const all = await listSessions(dir);
    const damaged = all.filter((s) => s.problem && (!o.session || s.id.startsWith(o.session)));
    file = damaged[0]?.file;
  }
  const bak = file ? `${file}.bak` : undefined;
  if (!bak || !existsSync(bak)) throw why;
  try {
    return await openSession(ctx, { ...o, session: bak }, false, command);
  } catch {
    throw new UserError(
      `${why.message}; its last good copy ${bak} cannot be read either`,
      why.exitCode,
      "roll back by hand with `aws elbv2 modify-listener` (the listener ARN is in your environment config)",
    );
  }
}

export async function openEngine(
  ctx: Ctx,
  o: GlobalOpts,
  command: string,
  opts: OpenEngineOptions = {},
): Promise<EngineHandle> {
  let opened: Awaited<ReturnType<typeof openSession>>;
  let lockedBy: string | undefined;
  try {
    // A rollback never waits on S3 (team mode): what it records is shared in the background.
    opened = await openSession(ctx, o, opts.write ?? true, command, { teamWait: !opts.allowLocked });
  } catch (e) {
    // Rollback is never blocked: not by another writer, an unwritable disk, or a damaged file.
    if (!(opts.allowLocked && e instanceof UserError && e.exitCode !== ExitCode.usage)) throw e;
    lockedBy = e.message;
    try {
      opened = await openSession(ctx, o, false, command);
    } catch (e2) {
      if (!(e2 instanceof UserError && e2.exitCode === ExitCode.input)) throw e2;
      opened = await openLastGoodCopy(ctx, o, command, e2);
      lockedBy = `${e2.message}; acting on the last good copy ${opened.store.file}`;
    }
  }
  try {
    // A rollback beside the lead's golive (no link of its own) still fences every bastion's writers.
    const fence = lockedBy ? await readOnlyTeamFence(ctx, opened.store) : undefined;
    return {
      ...engineFor(ctx, opened.store, opened.runbook, { ...opts, ...(fence ? { fence } : {}) }),
      lockedBy,
    };
  } catch (e) {
    await opened.store.close();
    throw e;
  }
}
