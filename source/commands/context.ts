/** What every command gets from the composition root: streams, environment, clock, who is acting. */
import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { redact } from "../domain/redact.js";
import type { Runbook } from "../domain/runbook.js";
import { SandboxClock } from "../integrations/sandbox-clock.js";
import { parseRunbookCached } from "../runbook/cache.js";
import { resolveSession, SessionStore } from "../session/store.js";
import { VERSION } from "../version.js";
import { type Ctx, type GlobalOpts, sessionsDir } from "./io.js";

export { type Ctx, type GlobalOpts, type Io, out, sessionsDir } from "./io.js";

/** Who is acting, as recorded: `--by` is typed text like any other and is redacted like it. */
export function actor(ctx: Ctx, o: GlobalOpts): string {
  const by = o.by ?? ctx.env.GOLIVE_USER;
  if (by) return redact(by);
  try {
    return redact(userInfo().username);
  } catch {
    return "unknown";
  }
}

export interface Opened {
  store: SessionStore;
  runbook: Runbook;
}

export async function openSession(
  ctx: Ctx,
  o: GlobalOpts,
  write: boolean,
  command: string,
  opts: { sessionClock?: boolean; teamWait?: boolean; resign?: boolean; lazyEvents?: boolean } = {},
): Promise<Opened> {
  const file = await resolveSession(sessionsDir(ctx, o), o.session, write);
  // What a writer records is stamped on the session's clock (a sandbox session's, read from the
  // sandbox), so `golive check` beside a demo cockpit at --speed 60 records the cockpit's time.
  // The cockpit runs that clock itself (sessionClock: false).
  let now = () => ctx.clock.now();
  const store = await SessionStore.open(file, {
    write,
    command,
    clock: { now: () => now() },
    amend: o.amend,
    env: ctx.env,
    golive: VERSION,
    // A command that appends an event or two and never looks back through the log.
    lazyEvents: write && opts.lazyEvents,
  });
  const named = store.state.clock;
  if (write && opts.sessionClock !== false && named?.source === "sandbox") {
    try {
      const sandbox = await SandboxClock.connect(named.url);
      // Followed, not read once: a command that stays (monitor, a promote waiting on its read-back)
      // runs its engine on this clock, and a sandbox clock someone moves (or a manual one) would
      // otherwise stand still for it, until the session closes.
      sandbox.start();
      now = () => sandbox.now();
      store.beforeClose(async () => sandbox.stop());
    } catch {
      // The sandbox is gone (a demo that ended): stamped with the wall clock, silently, so a
      // command's own one-line error (AWS unreachable, exit 6) stays the only line.
    }
  }
  if (write) sealOnClose(ctx, o, store, opts.resign !== false);
  const rb = store.state.runbook;
  try {
    // Team mode: what the other bastions recorded is taken before this command decides anything.
    if (write && (store.state.config?.value as { team?: unknown } | undefined)?.team)
      await (await import("./team.js")).linkTeam(ctx, o, store, { wait: opts.teamWait });
    const cacheDir = join(dirname(store.file), ".cache");
    return { store, runbook: await parseRunbookCached(cacheDir, rb.file, rb.text, rb.sha256) };
  } catch (e) {
    await store.close();
    throw e;
  }
}

/**
 * A session this process has just created and goes on writing (the demo hands its store to the
 * cockpit): what openSession adds to a writer, without releasing the lock to take it again.
 */
export function keepWriting(ctx: Ctx, o: GlobalOpts, store: SessionStore, runbook: Runbook): Opened {
  sealOnClose(ctx, o, store, true);
  return { store, runbook };
}

/**
 * A write on a signed session (its sign-off, then each amendment) re-anchors the head on S3 when
 * the session's config names an anchor (the SDK is loaded only then: commands/anchor.ts), and
 * re-signs the record when it was SSH-signed here before (commands/sign-ledger.ts).
 */
function sealOnClose(ctx: Ctx, o: GlobalOpts, store: SessionStore, resign: boolean): void {
  const before = store.state.lastSeq;
  const close = store.close.bind(store);
  store.close = async () => {
    if (store.sealed && store.state.lastSeq > before) {
      const cfg = store.state.config?.value as { anchor?: unknown } | undefined;
      if (cfg?.anchor) {
        const { reanchorIfMoved } = await import("./anchor.js");
        await reanchorIfMoved(ctx, store, before, actor(ctx, o));
      }
      if (resign) await (await import("./sign-ledger.js")).resignIfMoved(ctx, store);
    }
    return close();
  };
}

export function findItem(runbook: Runbook, ref: string) {
  const id = normalizeRef(ref, "i");
  const item = runbook.items.find((i) => i.id === id);
  if (!item) {
    throw new UserError(
      `no item "${ref}" in this runbook (items are i1–i${runbook.items.length})`,
      ExitCode.usage,
      "`golive status --all` lists every item with its id",
    );
  }
  return item;
}

export function findField(runbook: Runbook, ref: string) {
  const id = normalizeRef(ref, "f");
  const field = runbook.fields.find((f) => f.id === id);
  if (!field) {
    throw new UserError(
      `no field "${ref}" in this runbook (${runbook.fields.length ? `fields are f1–f${runbook.fields.length}` : "it has no blanks"})`,
      ExitCode.usage,
      "`golive status --all` lists every field with its id",
    );
  }
  return field;
}

function normalizeRef(ref: string, prefix: string): string {
  const r = ref.trim().toLowerCase();
  return /^\d+$/.test(r) ? `${prefix}${r}` : r;
}
