/**
 * `golive lead`: who leads a team session (the lease in S3), and `--take` to take it — refused while
 * another holder's lease is valid unless `--force`, which is recorded with its reason. Only the lead
 * promotes; anyone rolls back, lead or not.
 */
import { resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { TeamSession } from "../session/s3-store.js";
import { actor, type Ctx, type GlobalOpts, openSession, out, sessionsDir } from "./context.js";
import { loadEnvConfig } from "./env-config.js";
import { hostClock, rememberShared, teamLog, teamOf } from "./team.js";

interface Opts extends GlobalOpts {
  take?: boolean;
  reason?: string;
  force?: boolean;
}

export async function run(ctx: Ctx, o: Opts): Promise<number> {
  if ((o.force || o.reason) && !o.take)
    throw new UserError("--force and --reason go with --take", ExitCode.usage);
  const { store } = await openSession(ctx, o, true, "golive lead");
  try {
    const link = teamOf(store);
    if (!link)
      throw new UserError(
        `session ${store.id} is not a team session (its config has no team.s3)`,
        ExitCode.usage,
        'add "team": { "s3": { "bucket": "…" } } to the environment config of a new session',
      );
    if (link.offline)
      throw new UserError(
        `the lead lease is in S3, which did not answer: ${link.offline}`,
        ExitCode.aws,
        "a rollback needs no lease: `golive rollback` works without S3",
      );
    if (!o.take) {
      const cur = await link.lease.current();
      const now = hostClock(ctx).now(); // the lease's own clock
      out(
        ctx,
        cur
          ? `lead ${cur.lease.holder} (generation ${cur.lease.generation}) ${Date.parse(cur.lease.until) > now ? "until" : "LAPSED at"} ${cur.lease.until}${cur.lease.holder === link.holder ? " — this bastion" : ""}`
          : "nobody leads this session yet: take it with golive lead --take",
      );
      return 0;
    }
    const taken = await link.lease.take(link.holder, { reason: o.reason, force: o.force });
    if (!taken.ok)
      throw new UserError(
        `the lead was not taken: ${taken.why}`,
        ExitCode.refused,
        'wait until the lease lapses, or take it anyway with --force --reason "…" (recorded)',
      );
    await link.recordLead(actor(ctx, o), taken.lease, taken.previous);
    const l = taken.lease;
    out(
      ctx,
      `lead taken by ${l.holder} (generation ${l.generation}, until ${l.until})${taken.previous && taken.previous.holder !== l.holder ? ` from ${taken.previous.holder}` : ""}${l.forced ? ` — FORCED while ${l.forced.from}'s lease ran until ${l.forced.until} (recorded)` : ""}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** `golive join ID --config FILE`: this bastion's copy of a team session begun on another. */
export async function join(ctx: Ctx, o: GlobalOpts & { config?: string }, id: string): Promise<number> {
  if (!o.config) throw new UserError("join needs --config FILE naming the team's S3 store", ExitCode.usage);
  const { config } = await loadEnvConfig(resolve(ctx.cwd, o.config), o.config);
  if (!config.team)
    throw new UserError(
      `${o.config} has no team section`,
      ExitCode.usage,
      'add "team": { "s3": { "bucket": "…" } }',
    );
  const log = await teamLog(config.team, config.aws.sandbox);
  try {
    const team = await TeamSession.join(sessionsDir(ctx, o), id, log, {
      prefix: config.team.s3.prefix,
      clock: ctx.clock,
    });
    const n = team.events.length;
    await rememberShared(team);
    await team.close();
    out(
      ctx,
      `session ${id}: ${n} events from ${log.where} in ${team.local.file}\nnext: golive watch ${id} (or golive lead --take, golive rollback)`,
    );
  } finally {
    log.destroy();
  }
  return 0;
}
