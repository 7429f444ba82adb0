/**
 * Team mode's wiring: a session whose config names `team.s3` is shared through S3. The local file
 * stays this bastion's cache and every command still appends to it first, so nothing waits on S3
 * (a rollback least of all); a link publishes what S3 lacks, takes what it has beyond this copy,
 * and says how many events are not yet shared while S3 cannot be reached.
 */
import { readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { type TeamConfig, validateEnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { FencePort } from "../domain/ports.js";
import { fenceKey, S3Fence } from "../integrations/s3-fence.js";
import type { S3SharedLog } from "../integrations/s3-log.js";
import { LeadLease, type Lease, leaseKey } from "../session/s3-lease.js";
import { TeamSession } from "../session/s3-store.js";
import type { SessionStore } from "../session/store.js";
import { actor, type Ctx, type GlobalOpts, openSession } from "./context.js";

/** The session's team config, when its environment names one (zod only then). */
export function teamConfigOf(store: SessionStore): TeamConfig | undefined {
  const value = store.state.config?.value as { team?: unknown } | undefined;
  if (!value?.team) return undefined;
  const v = validateEnvConfig(value);
  return v.ok ? v.config.team : undefined;
}

/** Who holds a lease: the person and the bastion (GOLIVE_BASTION names one where hostnames repeat). */
export function holderOf(ctx: Ctx, o: GlobalOpts): string {
  return `${actor(ctx, o)}@${ctx.env.GOLIVE_BASTION || hostname()}`;
}

/** The S3 client of a team config (loaded only for a team session: the SDK is large). */
export async function teamLog(cfg: TeamConfig, sandbox: boolean): Promise<S3SharedLog> {
  const { S3SharedLog } = await import("../integrations/s3-log.js");
  return new S3SharedLog({
    bucket: cfg.s3.bucket,
    region: cfg.s3.region,
    endpoint: cfg.s3.endpoint,
    // A sandbox environment signs with fixed fake keys (moto accepts any), as its AWS clients do.
    ...(sandbox ? { credentials: { accessKeyId: "testing", secretAccessKey: "testing" } } : {}),
    timeoutMs: cfg.s3.timeoutMs ?? 2000,
    maxAttempts: 2,
  });
}

/** A sandbox environment's session: its S3 (moto) is signed with fixed fake keys, as its AWS clients are. */
export function sandboxOf(store: SessionStore): boolean {
  return (store.state.config?.value as { aws?: { sandbox?: boolean } } | undefined)?.aws?.sandbox === true;
}

/**
 * How far S3 has this copy, kept beside it (`<file>.shared`) so the next golive here, and `status`
 * while S3 is away, count the unshared events at once.
 */
export async function rememberShared(team: TeamSession): Promise<void> {
  const head = team.sharedHead;
  if (head)
    await writeFile(`${team.local.file}.shared`, JSON.stringify(head), { mode: 0o600 }).catch(() => {});
}

const links = new WeakMap<SessionStore, TeamLink>();

/** The team link of an open session (undefined: not a team session, or opened read-only). */
export function teamOf(store: SessionStore): TeamLink | undefined {
  return links.get(store);
}

export class TeamLink {
  /** Why the last exchange with S3 failed (undefined: it answered). */
  offline?: string;
  private offlineSince?: number;
  /** S3 has answered whether this bastion's lease is there to take up (see resumeLease). */
  private leaseAsked = false;
  private running?: Promise<void>;
  private again = false;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe?: () => void;

  constructor(
    readonly team: TeamSession,
    readonly log: S3SharedLog,
    readonly lease: LeadLease,
    readonly holder: string,
    readonly config: TeamConfig,
    private readonly ctx: Ctx,
  ) {}

  get unshared(): number {
    return this.team.unshared;
  }

  /** Publishes and follows once; S3 being away is noted (offline), never thrown. */
  share(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.team.exchange();
          this.offline = undefined;
          this.offlineSince = undefined;
          await this.remember();
          await this.resumeLease();
        } catch (e) {
          this.offline = e instanceof UserError ? e.message : String((e as Error)?.message ?? e);
          this.offlineSince ??= this.ctx.clock.now();
          return;
        }
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * This bastion's lead lease, taken up at the first exchange S3 answers. Not once the first share()
   * settles: under load an exchange outlasts the 1 s timer, each tick and each local append asks for
   * another, and that promise only settles when the loop rests — a demo's cockpit (CI, load ~14)
   * went 11 s to never without its lease: "ann@vm holds the lead from another golive", p refused.
   */
  private async resumeLease(): Promise<void> {
    if (this.leaseAsked) return;
    try {
      await this.lease.resume(this.holder);
      this.leaseAsked = true;
    } catch {
      // S3 did not answer this time: asked again after the next exchange it answers.
    }
  }

  private get hintFile(): string {
    return `${this.team.local.file}.shared`;
  }

  private remember(): Promise<void> {
    return rememberShared(this.team);
  }

  async recall(): Promise<void> {
    try {
      const h = JSON.parse(await readFile(this.hintFile, "utf8")) as { seq?: unknown; hash?: unknown };
      if (typeof h.seq === "number" && typeof h.hash === "string") this.team.assumeShared(h.seq, h.hash);
    } catch {
      // No hint (a first open here): the first exchange with S3 finds how far it has this copy.
    }
  }

  /** Keeps sharing: after every local append, and every `everyMs` to follow the other bastions. */
  start(everyMs = 1000): void {
    this.unsubscribe = this.team.local.onChange(() => void this.share());
    this.timers.push(setInterval(() => void this.share(), everyMs));
    const renewMs = (this.config.lease.ttl * 1000) / 3;
    this.timers.push(setInterval(() => void this.lease.renew().catch(() => {}), renewMs));
    for (const t of this.timers) t.unref?.();
  }

  /** The line the cockpit keeps on screen while anything is unshared (undefined: all shared). */
  status(): string | undefined {
    const n = this.unshared;
    const since = this.offlineSince
      ? ` since ${new Date(this.offlineSince).toISOString().slice(11, 19)}`
      : "";
    if (n > 0)
      return `${n} event${n === 1 ? "" : "s"} not yet shared${this.offline ? ` (S3 unreachable${since})` : ""}`;
    return this.offline ? `S3 unreachable${since}: other bastions may be ahead` : undefined;
  }

  /** A last exchange (bounded: S3 never holds a command's exit), then says what is still unshared. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.unsubscribe?.();
    await Promise.race([this.share(), new Promise((r) => setTimeout(r, 4000).unref?.())]);
    const n = this.unshared;
    if (n > 0)
      this.ctx.stderr.write(
        `golive: ${n} event${n === 1 ? "" : "s"} of session ${this.team.id} not yet shared (${this.offline ?? "S3 did not answer in time"}); kept here and shared the next time golive reaches S3 for this session\n`,
      );
    this.log.destroy();
  }

  /**
   * The fence every listener write of this session checks and bumps, in S3; a forward write also
   * needs this bastion's lead lease valid, of the generation S3 has.
   */
  fence(): FencePort {
    return new S3Fence(
      this.log,
      fenceKey(this.config.s3.prefix, this.team.id),
      () => this.ctx.clock.now(),
      () => this.mayLead(),
    );
  }

  /** Throws, saying why, unless this bastion holds a valid lead lease that S3 still has. */
  async mayLead(): Promise<void> {
    let cur: Awaited<ReturnType<LeadLease["current"]>>;
    try {
      cur = await this.lease.current();
    } catch (e) {
      throw new UserError(
        `only the lead promotes, with a lease S3 confirms: ${(e as Error).message}`,
        ExitCode.refused,
        "a rollback needs neither S3 nor the lease",
      );
    }
    const theirs = cur && cur.lease.holder !== this.holder;
    const why = !cur
      ? "nobody holds the lead lease"
      : theirs || cur.lease.generation !== this.lease.generation
        ? `${cur.lease.holder} ${theirs ? "took the lead" : "holds the lead from another golive"} (generation ${cur.lease.generation})`
        : this.lease.cannotPromote();
    if (why)
      throw new UserError(
        `only the lead promotes: ${why}`,
        ExitCode.refused,
        "see the lead with `golive lead`",
      );
  }

  /** Records a lease this bastion just took. */
  async recordLead(by: string, lease: Lease, previous?: Lease): Promise<void> {
    await this.team.local.append(
      "lead.changed",
      {
        holder: lease.holder,
        generation: lease.generation,
        until: lease.until,
        ...(previous && previous.holder !== lease.holder ? { previous: previous.holder } : {}),
        ...(lease.reason ? { reason: lease.reason } : {}),
        ...(lease.forced ? { forced: lease.forced } : {}),
      },
      by,
    );
  }
}

/**
 * Links a session opened for writing to its team store, when its config names one: takes what the
 * other bastions recorded first (a decision is taken on the shared state), resumes this bastion's
 * lead lease, and keeps sharing until the store closes.
 */
export async function linkTeam(
  ctx: Ctx,
  o: GlobalOpts,
  store: SessionStore,
  opts: { wait?: boolean } = {},
): Promise<TeamLink | undefined> {
  const cfg = teamConfigOf(store);
  if (!cfg || store.readOnly) return undefined;
  const sandbox = sandboxOf(store);
  const log = await teamLog(cfg, sandbox);
  const lease = new LeadLease(log, leaseKey(cfg.s3.prefix, store.id), hostClock(ctx), cfg.lease.ttl * 1000);
  const link = new TeamLink(
    TeamSession.attach(store, log, cfg.s3.prefix),
    log,
    lease,
    holderOf(ctx, o),
    cfg,
    ctx,
  );
  links.set(store, link);
  await link.recall();
  // A short command decides on the shared state, so it waits for S3 once; the cockpit and a rollback
  // never wait on S3 (the exchange goes on in the background). The first exchange S3 answers takes
  // up this bastion's lease.
  const first = link.share();
  if (opts.wait !== false) await first;
  link.start();
  store.beforeClose(() => link.stop());
  return link;
}

/**
 * The clock leases are judged on. Leases are compared across bastions: on the hosts' wall clocks,
 * never a session's rehearsal clock (a demo's sandbox runs 60× and a test's stands still), which is
 * what ctx.clock is inside a demo; GOLIVE_NOW pins it as it pins the approval clock (scripted
 * rehearsals, and tests that must not race a lease's last seconds on a loaded machine).
 */
export function hostClock(ctx: Pick<Ctx, "env">): { now: () => number } {
  const pinned = ctx.env.GOLIVE_NOW ? Date.parse(ctx.env.GOLIVE_NOW) : Number.NaN;
  return { now: () => (Number.isNaN(pinned) ? Date.now() : pinned) };
}

/** The S3 fence for a golive that could not link (the session is held here by another): rollbacks only. */
export async function readOnlyTeamFence(ctx: Ctx, store: SessionStore): Promise<FencePort | undefined> {
  const cfg = teamConfigOf(store);
  if (!cfg) return undefined;
  const log = await teamLog(cfg, sandboxOf(store));
  // Its keep-alive sockets would otherwise outlive the rollback it was opened for.
  store.beforeClose(async () => log.destroy());
  return new S3Fence(
    log,
    fenceKey(cfg.s3.prefix, store.id),
    () => ctx.clock.now(),
    async () => {
      throw new UserError("only the lead promotes, from the golive holding the session", ExitCode.refused);
    },
  );
}

/** A new team session: published, and its creator takes the lead (both said on `golive new`'s output). */
export async function startTeam(ctx: Ctx, o: GlobalOpts, store: SessionStore): Promise<string[]> {
  const link = await linkTeam(ctx, o, store);
  if (!link) return [];
  const where = `s3://${link.config.s3.bucket}/${link.config.s3.prefix}`;
  if (link.offline) return [`  team     NOT yet shared to ${where}: ${link.offline}`];
  const taken = await link.lease
    .take(link.holder)
    .catch((e: Error) => ({ ok: false as const, why: e.message }));
  if (!taken.ok) return [`  team     shared to ${where}; the lead lease was not taken: ${taken.why}`];
  await link.recordLead(actor(ctx, o), taken.lease);
  return [
    `  team     shared to ${where}; lead ${taken.lease.holder} (lease ${link.config.lease.ttl} s, renewed while golive runs)`,
  ];
}

/** The viewer's own copy, following S3 (undefined: another golive here holds it; the file is followed). */
export async function teamFollower(ctx: Ctx, o: GlobalOpts) {
  try {
    return await openSession(ctx, o, true, "golive watch (team follower)", {
      sessionClock: false,
      teamWait: false,
    });
  } catch (e) {
    if (e instanceof UserError && e.exitCode === ExitCode.locked) return undefined;
    throw e;
  }
}

/** Throws (refused) unless this golive leads the team session: linked, with a valid lease S3 has. */
export async function mayLead(store: SessionStore): Promise<void> {
  const link = teamOf(store);
  if (!link)
    throw new UserError(
      "only the lead promotes, from the golive holding this session on the lead's bastion",
      ExitCode.refused,
    );
  try {
    await link.mayLead();
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(
      `only the lead promotes, with a lease S3 confirms: S3 did not answer (${(e as Error).message})`,
      ExitCode.refused,
      "a rollback needs neither S3 nor the lease",
    );
  }
}
