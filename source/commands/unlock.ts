import { ExitCode, UserError } from "../domain/errors.js";
import { breakLock } from "../session/lock.js";
import { resolveSession, SessionStore } from "../session/store.js";
import { actor, type Ctx, type GlobalOpts, out, sessionsDir } from "./context.js";

/**
 * Breaks a session's lock whose holder golive cannot prove alive (a pid that now belongs to some
 * other program, or a lock written without a start time). Only the holder the error named (--pid).
 */
export async function run(ctx: Ctx, o: GlobalOpts & { pid: string }): Promise<number> {
  const pid = Number(o.pid);
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new UserError(
      `--pid ${o.pid} is not a process id`,
      ExitCode.usage,
      "pass the pid the lock error named",
    );
  }
  const file = await resolveSession(sessionsDir(ctx, o), o.session, false);
  // Only a real session has a lock worth breaking (and nothing is created beside anything else).
  await (await SessionStore.open(file, { write: false })).close();
  out(ctx, await breakLock(file, pid, actor(ctx, o), new Date(ctx.clock.now())));
  return 0;
}
