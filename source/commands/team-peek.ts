/**
 * `golive status` on a team session: a read of S3 beside the local copy, never a write. Status may
 * run while the cockpit holds the session, so it takes nothing into the local file: it shows the
 * events other bastions published after this copy's head (the next golive command here takes them),
 * and how many of this copy's events S3 does not have yet. S3 is the only AWS service it calls; when
 * S3 does not answer it says so and shows the copy as it stands.
 */
import { readFile } from "node:fs/promises";
import { reduce, type SessionEvent, type SessionState } from "../domain/events.js";
import { eventKey, eventsPrefix, readLoggedEvent, seqOf } from "../session/s3-store.js";
import type { SessionStore } from "../session/store.js";
import type { Ctx } from "./context.js";
import { sandboxOf, teamConfigOf, teamLog } from "./team.js";

export interface TeamPeek {
  events: readonly SessionEvent[];
  state: SessionState;
  /** Events from S3 beyond this copy, shown here (not yet in the local file). */
  newer: number;
  /** This copy's events S3 does not have (as far as S3 was reached; as last known when it was not). */
  unshared: number;
  /** Events S3 has after the shared part that this copy lacks, while the copy has its own (merged later). */
  diverged: number;
  offline?: string;
  line: string;
}

/** How far S3 had this copy at the last exchange here (team.ts keeps it beside the local file). */
async function sharedHint(store: SessionStore): Promise<number> {
  try {
    const h = JSON.parse(await readFile(`${store.file}.shared`, "utf8")) as { seq?: unknown; hash?: unknown };
    return typeof h.seq === "number" && store.events[h.seq - 1]?.hash === h.hash ? h.seq : 0;
  } catch {
    return 0;
  }
}

const n = (k: number, what: string) => `${k} ${what}${k === 1 ? "" : "s"}`;

export async function peekTeam(_ctx: Ctx, store: SessionStore): Promise<TeamPeek | undefined> {
  const cfg = teamConfigOf(store);
  if (!cfg) return undefined;
  const local = store.events;
  const hint = await sharedHint(store);
  const where = `s3://${cfg.s3.bucket}/${cfg.s3.prefix}`;
  const log = await teamLog(cfg, sandboxOf(store));
  const read = (seq: number) => readLoggedEvent(log, cfg.s3.prefix, store.id, seq);
  try {
    const keys = await log.listAfter(
      eventsPrefix(cfg.s3.prefix, store.id),
      hint ? eventKey(cfg.s3.prefix, store.id, hint) : undefined,
    );
    const seqs = keys.map(seqOf).filter((s): s is number => s !== undefined);
    // The newest event both hold: the log is append-only and chained, so everything before it is shared.
    let shared = hint;
    for (let seq = Math.max(hint, ...seqs.filter((s) => s <= local.length)); seq > hint; seq--) {
      if ((await read(seq))?.hash === local[seq - 1]!.hash) {
        shared = seq;
        break;
      }
    }
    const unshared = local.length - shared;
    const newer: SessionEvent[] = [];
    if (unshared === 0) {
      for (let prev = local.at(-1)!.hash; ; ) {
        const e = await read(local.length + newer.length + 1);
        if (!e || e.prev !== prev) break;
        newer.push(e);
        prev = e.hash;
      }
    }
    const diverged = unshared ? seqs.filter((s) => s > shared).length : 0;
    const events = newer.length ? [...local, ...newer] : local;
    const parts = [
      newer.length
        ? `${n(newer.length, "newer event")} from other bastions, shown here (this copy takes them at its next golive command)`
        : unshared
          ? ""
          : `this copy is up to date (${n(local.length, "event")})`,
      unshared ? `${n(unshared, "event")} of this bastion not yet shared` : "",
      diverged
        ? `S3 has ${n(diverged, "event")} from other bastions after #${shared} that this copy lacks (taken, and this bastion's re-chained after them, at the next golive command here)`
        : "",
    ].filter(Boolean);
    return {
      events,
      state: newer.length ? reduce(events) : store.state,
      newer: newer.length,
      unshared,
      diverged,
      line: `team (${where}): ${parts.join("; ")}`,
    };
  } catch (e) {
    const why = (e as Error).message;
    const unshared = local.length - hint;
    return {
      events: local,
      state: store.state,
      newer: 0,
      unshared,
      diverged: 0,
      offline: why,
      line: `team (${where}): S3 unreachable (${why}): this bastion's copy as it stands; ${n(unshared, "event")} here not yet shared${hint ? "" : " (S3 never confirmed any from here)"}; other bastions may be ahead`,
    };
  } finally {
    log.destroy();
  }
}
