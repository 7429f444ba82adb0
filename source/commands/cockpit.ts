/**
 * `golive` / `golive open`, `golive watch`: the full-screen cockpit (`golive demo` starts a sandbox
 * first, commands/demo.ts). The first frame is drawn from the session alone (cockpit-view.ts); the
 * engine, the AWS and Kubernetes adapters, export and team mode load after it (cockpit-model.ts),
 * and until they have, every key that acts waits for them on screen (cockpit-pending.ts).
 */

import { unwatchFile, watchFile } from "node:fs";
import { dirname, join } from "node:path";
import { setFlagsFromString } from "node:v8";
import type { EnvConfig } from "../domain/config.js";
import { keptSessionConfig } from "../session/config-cache.js";
import type { CockpitModel } from "../ui/app/model.js";
import { assertInteractive, runCockpit } from "../ui/app/run.js";
import { pendingModel } from "./cockpit-pending.js";
import { cockpitView } from "./cockpit-view.js";
import { compactWhenFragmented } from "./compact-when-fragmented.js";
import { actor, type Ctx, type GlobalOpts, type Opened, openSession } from "./context.js";
import type { EngineHandle } from "./engine-context.js";
import type { OpenEngineOptions } from "./engine-open.js";
import { startProfile } from "./profile.js";
import { openSessionClock, type SessionClock } from "./session-clock.js";
import { tierUpLater } from "./tier-up-later.js";

export function terminal(ctx: Ctx) {
  return { stdout: ctx.stdout as NodeJS.WriteStream, stdin: ctx.stdin as NodeJS.ReadStream, env: ctx.env };
}

export async function openCockpit(
  ctx: Ctx,
  o: GlobalOpts,
  opts: OpenEngineOptions & {
    readOnly: boolean;
    approve?: boolean;
    /** A session this process created and holds (the demo's): drawn without opening it again. */
    opened?: Opened;
  },
  wallNow: () => number,
): Promise<void> {
  // The young generation stays at the size it has now (a few MB) instead of growing to 16-32 MB
  // under the cockpit's allocation rate; V8 can still shrink it. Endurance: RSS 159 -> 146 MB at
  // the end, young 16 -> 8 MB, no more CPU (bench/RESULTS.md §0zi). bin/golive.js sets it already
  // for the cockpit's verbs, before the modules load (young 2 MB, §0zn); this holds when golive is
  // entered some other way.
  setFlagsFromString("--semi-space-growth-factor=1");
  const { opened, ...rest } = opts;
  let engineOpts: OpenEngineOptions & { readOnly: boolean; approve?: boolean } = {
    ...rest,
    approvalNow: opts.approvalNow ?? wallNow,
  };
  let now = wallNow;
  const user = actor(ctx, o);
  // The session's events are stamped on the session's clock too, once it is known (below).
  const sessionCtx: Ctx = { ...ctx, clock: { now: () => now() } };
  let { store, runbook } =
    opened ??
    (await openSession(
      sessionCtx,
      o,
      !engineOpts.readOnly,
      engineOpts.readOnly ? "golive watch" : "golive open",
      { sessionClock: false, teamWait: false },
    ));
  // A viewer of a team session on a bastion where nobody holds it keeps its copy following S3.
  const teamed = !!(store.state.config?.value as { team?: unknown } | undefined)?.team;
  const team = teamed ? await import("./team.js") : undefined;
  const follower =
    engineOpts.readOnly && team?.teamConfigOf(store) ? await team.teamFollower(sessionCtx, o) : undefined;
  if (follower) {
    await store.close();
    ({ store, runbook } = follower);
  }
  // `watch --approve` where nobody can approve (no config, no team, no approval steps): refused
  // before the first frame, not by closing the cockpit once its engine has loaded.
  if (opts.approve)
    await import("./approve.js")
      .then((a) => a.approvalActions(ctx, store, user))
      .catch(async (e) => {
        await store.close();
        throw e;
      });
  // The clock the session names (a demo's sandbox), unless the caller runs it (the demo itself).
  let sessionClock: SessionClock | undefined;
  try {
    if (!engineOpts.clock) {
      sessionClock = await openSessionClock(ctx, store);
      const c = sessionClock;
      engineOpts = {
        ...engineOpts,
        clock: c.clock,
        clockRate: c.rate,
        ...(c.rate !== 1 ? { tuneConfig: pollAtSpeed(c.rate) } : {}),
      };
      now = () => c.clock.now();
    }
  } catch (e) {
    await store.close();
    throw e;
  }
  const follow = () => void store.refresh().catch(() => {});
  // A writer appends to the journal and rewrites the document only when compacting: follow both.
  const followed = [store.file, store.journalFile];
  if (store.readOnly) for (const f of followed) watchFile(f, { interval: 500 }, follow);
  const clockStatus = sessionClock?.status;

  let h: EngineHandle | undefined;
  let quit = false;
  let stopCompacting: (() => void) | undefined;
  // What the keys act on, loaded once the first frame is on screen.
  const load = async (): Promise<CockpitModel> => {
    const [{ buildModel }, { engineFor }, { wireApprovalWait }] = await Promise.all([
      import("./cockpit-model.js"),
      import("./engine-adapters.js"),
      import("./approval-gate.js"),
    ]);
    // From here the cockpit runs for hours at a steady live heap (~30-60 MB) but allocates per
    // frame and per poll, and V8's default lets the old generation grow 1.5-4x past what survived
    // its last full GC before collecting again: RSS 300 MB after a compressed day (bench/RESULTS.md
    // §0zi). 20 % keeps it near the live heap. Set only now: start-up's one-off allocation (modules,
    // the first frame, the engine) would collect far more often under it and reach the frame later.
    // Accepted at run time by Node 20 and 24 alike (an unknown flag would only be ignored).
    setFlagsFromString("--heap-growing-percent=20");
    // A full GC compacts while the old generation holds free space worth giving back: V8 otherwise
    // moves at most a few MB of its most fragmented pages, and over a day the old generation's pages
    // held ~45 MB for ~26 MB in use, never given back (RSS at the end 121-132 -> 109-119 MB with the
    // sandbox in its own process, bench/RESULTS.md §0zn). Not at every full GC: at rest that compacted
    // an old generation all in use, for the slowest frame of the run (§0zs, compact-when-fragmented.ts).
    stopCompacting = compactWhenFragmented();
    // TurboFan waits for code that is hot at rest, not merely called once a second (tier-up-later.ts).
    tierUpLater();
    h = store.state.config ? engineFor(sessionCtx, store, runbook, engineOpts) : undefined;
    const model = buildModel(sessionCtx, store, runbook, h, user, now);
    if (clockStatus) model.clockStatus = clockStatus;
    // Team mode: what this bastion has not shared yet stays on screen, beside the clock's note.
    const link = team?.teamOf(store);
    if (link) {
      const clock = model.clockStatus;
      model.clockStatus = () => [link.status(), clock?.()].filter(Boolean).join(" · ") || undefined;
    }
    const wait = h?.engine.d.approval;
    if (wait) wireApprovalWait(model, wait, user);
    if (follower) model.readOnly = true;
    // `watch --approve`: v / y approve the lead's waiting promote, written to S3 only (commands/approve.ts).
    if (opts.approve && model.readOnly)
      Object.assign(model.actions, (await import("./approve.js")).approvalActions(ctx, store, user));
    const pending = () => !!store.state.rollback && !store.state.rollback.completedAt;
    if (h && !store.readOnly && (store.state.shift || pending())) {
      // I3: what the last run left pending is held against AWS while the cockpit draws; a rollback
      // never confirmed is recorded as observed (AWS at 100/0) or offered again, pre-selected.
      // (Nothing pending: the monitor's first poll reads the listener, once.)
      model.reopened = h.engine.reconcileOnOpen(user).catch(() => ({ rollbackPending: pending() }));
    }
    // Quit before the engine was ready: nothing starts polling on the way out.
    if (!quit) {
      h?.engine.monitor.start();
      h?.engine.rollout?.start();
    }
    return model;
  };
  // Validated when it was stored; this build's earlier result is read instead of loading zod again.
  const kept = keptSessionConfig(join(dirname(store.file), ".cache"), store.state, !store.readOnly);
  let drawn!: () => void;
  const full = new Promise<void>((r) => (drawn = r)).then(load);
  const first = pendingModel(
    {
      ...cockpitView(store, runbook, kept, user, now),
      readOnly: store.readOnly || !!follower,
    },
    full,
    clockStatus,
    !!kept,
    !!opts.approve && (store.readOnly || !!follower),
  );
  const profile = ctx.env.GOLIVE_PROFILE
    ? startProfile(ctx.env.GOLIVE_PROFILE, { gc: !!ctx.env.GOLIVE_PROFILE_GC })
    : undefined;
  let framed = false;
  try {
    await runCockpit(first, terminal(ctx), {
      onRender: (ms) => {
        if (!framed) ctx.firstFrame?.();
        framed = true;
        drawn();
        profile?.frame(ms);
      },
      upgrade: full,
    });
  } finally {
    quit = true;
    // Quit while the engine loads: it finishes loading (nothing half-built is left running), then closes.
    drawn();
    await full.catch(() => {});
    profile?.stop();
    stopCompacting?.();
    sessionClock?.close();
    if (store.readOnly) for (const f of followed) unwatchFile(f, follow);
    if (h) await h.close();
    else await store.close();
  }
}

export async function open(ctx: Ctx, o: GlobalOpts, ref?: string): Promise<number> {
  assertInteractive(terminal(ctx));
  await openCockpit(ctx, { ...o, session: ref ?? o.session }, { readOnly: false }, () => ctx.clock.now());
  return 0;
}

export async function watch(ctx: Ctx, o: GlobalOpts & { approve?: boolean }, ref?: string): Promise<number> {
  assertInteractive(terminal(ctx));
  await openCockpit(
    ctx,
    { ...o, session: ref ?? o.session },
    { readOnly: true, observeOnly: true, approve: o.approve },
    () => ctx.clock.now(),
  );
  return 0;
}

/** At N× speed the monitor polls N× as often, so the screen keeps pace with session time. */
export function pollAtSpeed(speed: number) {
  return (c: EnvConfig): EnvConfig => ({
    ...c,
    metrics: { ...c.metrics, pollSeconds: Math.max(1, Math.round(c.metrics.pollSeconds / speed)) },
  });
}
