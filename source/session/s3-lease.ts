/**
 * The lead lease of a team session: one object, `<prefix>/<session>/lead.json`, replaced only with
 * `If-Match` on the ETag that was read, so of two bastions taking or renewing it at once exactly one
 * succeeds. Only the lead promotes, and only while its lease is valid; anyone may roll back. Its
 * generation only grows: it is the fence token every listener write checks and bumps.
 */
import { ExitCode, UserError } from "../domain/errors.js";
import type { SharedObjectPort } from "../domain/shared-log.js";
import type { Clock } from "./store.js";

export interface Lease {
  holder: string;
  generation: number;
  takenAt: string;
  until: string;
  reason?: string;
  /** Taken while another's lease was still valid: whose, and until when. */
  forced?: { from: string; until: string };
}

export type Taken = { ok: true; lease: Lease; previous?: Lease } | { ok: false; why: string; lease?: Lease };

export function leaseKey(prefix: string, session: string): string {
  const p = prefix.replace(/^\/+|\/+$/g, "");
  return `${p ? `${p}/` : ""}${session}/lead.json`;
}

export class LeadLease {
  private mine?: { lease: Lease; tag: string };

  constructor(
    private readonly store: SharedObjectPort,
    private readonly key: string,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** The lease as the store has it now (undefined: nobody has led yet). */
  async current(): Promise<{ lease: Lease; tag: string } | undefined> {
    const got = await this.store.readTagged(this.key);
    return got && { lease: parseLease(`${this.store.where}/${this.key}`, got.body), tag: got.tag };
  }

  /**
   * Takes the lead: when nobody holds it, when the holder's lease lapsed, or (`force`) from a holder
   * whose lease is still valid, which the new lease records. Taking it from someone needs a reason.
   */
  async take(holder: string, opts: { reason?: string; force?: boolean } = {}): Promise<Taken> {
    const now = this.clock.now();
    const cur = await this.current();
    const live = cur && Date.parse(cur.lease.until) > now;
    if (cur && cur.lease.holder !== holder) {
      if (live && !opts.force)
        return { ok: false, why: `${cur.lease.holder} leads until ${cur.lease.until}`, lease: cur.lease };
      if (!opts.reason?.trim())
        throw new UserError(
          `taking the lead from ${cur.lease.holder} needs a reason`,
          ExitCode.usage,
          'say why with --reason "…" (it is recorded)',
        );
    }
    const next: Lease = {
      holder,
      generation: (cur?.lease.generation ?? 0) + 1,
      takenAt: new Date(now).toISOString(),
      until: new Date(now + this.ttlMs).toISOString(),
      ...(opts.reason ? { reason: opts.reason } : {}),
      ...(live && cur.lease.holder !== holder
        ? { forced: { from: cur.lease.holder, until: cur.lease.until } }
        : {}),
    };
    const body = JSON.stringify(next);
    const tag = cur
      ? await this.store.replaceIfMatch(this.key, body, cur.tag)
      : await this.store.createTagged(this.key, body);
    if (!tag) {
      const now2 = await this.current();
      return {
        ok: false,
        why: `another bastion changed the lead lease meanwhile${now2 ? ` (${now2.lease.holder}, generation ${now2.lease.generation})` : ""}`,
        lease: now2?.lease,
      };
    }
    this.mine = { lease: next, tag };
    return { ok: true, lease: next, ...(cur ? { previous: cur.lease } : {}) };
  }

  /**
   * This bastion's lease, when the store has it in `holder`'s name (a second golive on the lead's
   * bastion, e.g. `golive promote` beside the cockpit, or the cockpit reopened): acted under without
   * taking it anew; one that lapsed with nobody taking it since is renewed (If-Match: nobody between).
   */
  async resume(holder: string): Promise<Lease | undefined> {
    const cur = await this.current();
    if (!cur || cur.lease.holder !== holder) return undefined;
    this.mine = cur;
    if (Date.parse(cur.lease.until) <= this.clock.now() && !(await this.renew())) return undefined;
    return this.mine?.lease;
  }

  /** Extends this bastion's lease; false when it was taken meanwhile (the lead is lost, promotion stops). */
  async renew(): Promise<boolean> {
    const mine = this.mine;
    if (!mine) return false;
    const now = this.clock.now();
    const next = { ...mine.lease, until: new Date(now + this.ttlMs).toISOString() };
    const tag = await this.store.replaceIfMatch(this.key, JSON.stringify(next), mine.tag);
    if (!tag) {
      this.mine = undefined;
      return false;
    }
    this.mine = { lease: next, tag };
    return true;
  }

  /** Why this bastion may not promote now, or undefined when its lease is valid. */
  cannotPromote(): string | undefined {
    if (!this.mine) return "this bastion does not hold the lead (`golive lead --take`)";
    if (Date.parse(this.mine.lease.until) <= this.clock.now())
      return `this bastion's lead lease lapsed at ${this.mine.lease.until}`;
    return undefined;
  }

  /** The fence token of this bastion's lease (undefined without one). */
  get generation(): number | undefined {
    return this.mine?.lease.generation;
  }
}

function parseLease(where: string, body: string): Lease {
  let raw: Partial<Lease> | undefined;
  try {
    raw = JSON.parse(body) as Partial<Lease>;
  } catch {
    raw = undefined;
  }
  if (
    !raw ||
    typeof raw.holder !== "string" ||
    !Number.isSafeInteger(raw.generation) ||
    Number.isNaN(Date.parse(String(raw.until)))
  )
    throw new UserError(
      `${where} is not a golive lead lease`,
      ExitCode.input,
      "it was written by something other than golive",
    );
  return raw as Lease;
}
