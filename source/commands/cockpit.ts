/** `golive` / `golive open`, `golive watch`, `golive demo`: the full-screen cockpit. */

import { unwatchFile, watchFile } from "node:fs";
import { dirname, join } from "node:path";
import { type EnvConfig, missingParts } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { inForce } from "../domain/in-force.js";
import { shortSource } from "../domain/in-force-text.js";
import { manualCheckViews, sessionManualChecks } from "../domain/manual-checks.js";
import { messageTemplates } from "../domain/message-templates.js";
import { renderSignoffMarkdown } from "../domain/signoff.js";
import { planSignoff, recordSignoff } from "../domain/signoff-plan.js";
import { planFor, runAndRecord } from "../engine/check-record.js";
import { rollbackToFinish } from "../engine/finish-rollback.js";
import type { SessionStore } from "../session/store.js";
import type { CockpitModel, ShiftOutcome } from "../ui/app/model.js";
import { assertInteractive, runCockpit } from "../ui/app/run.js";
import { wireApprovalWait } from "./approval-gate.js";
import { actor, type Ctx, type GlobalOpts, openSession } from "./context.js";
import { engineFor } from "./engine-adapters.js";
import { checkDeps, type EngineHandle } from "./engine-context.js";
import type { OpenEngineOptions } from "./engine-open.js";
import { writePrivate, writeRecord } from "./export.js";
import { clipboardRoute, writeMessageFile } from "./message-file.js";
import { startProfile } from "./profile.js";
import { openSessionClock, type SessionClock } from "./session-clock.js";
import { teamConfigOf, teamFollower, teamOf } from "./team.js";

/** The cockpit's view of a session and (when it has a config) its engine. */
export function buildModel(
  ctx: Ctx,
  store: SessionStore,
  runbook: CockpitModel["runbook"],
  h: EngineHandle | undefined,
  user: string,
  now: () => number,
): CockpitModel {
  const engine = h?.engine;
  // With or without an engine, the same plan and thresholds `status` and the record show.
  const force = engine?.inForce ?? inForce(runbook, store.state);
  const th = force.thresholds;
  const preview = (ref: string) => {
    const plan = planFor(runbook, ref, store.state, h?.config);
    return {
      plan,
      preview: { label: `${plan.item.id} ${plan.item.text}`, shows: plan.shows, dangerous: plan.dangerous },
    };
  };
  const outcome = (r: {
    ok: boolean;
    kind: string;
    weights?: { blue: number; green: number };
    error?: string;
    manualCommand?: string;
    fallbackFile?: string;
    kube?: { ok: boolean; text: string; kubectl?: string };
  }): ShiftOutcome => {
    const alb = r.ok
      ? `${r.kind} confirmed by AWS: blue ${r.weights!.blue} / green ${r.weights!.green}${r.fallbackFile ? ` (recorded in ${r.fallbackFile})` : ""}`
      : `${r.kind} NOT confirmed: ${r.error}`;
    // An EKS session: the Kubernetes half is said beside the listener's, each for what it read back.
    return {
      ok: r.ok && (r.kube?.ok ?? true),
      text: r.kube ? `${alb}; ${r.kube.text}` : alb,
      manualCommand: r.ok ? (r.kube?.ok === false ? r.kube.kubectl : undefined) : r.manualCommand,
    };
  };
  // Rollbacks this process has on the wire (R in this cockpit; the monitor's auto-rollback shows as
  // a rollback shift begun since the cockpit opened). Quitting waits for them (issue 12, I3).
  const rollbacks = new Set<Promise<unknown>>();
  const openedSeq = store.state.lastSeq;
  const rollbackInFlight = (): Promise<void> | undefined =>
    rollbackToFinish({
      tracked: rollbacks,
      // Without an engine nothing of this process can be rolling back.
      state: () => (engine ? store.state : { ...store.state, shift: undefined }),
      onChange: (fn) => store.onChange(fn),
      sinceSeq: openedSeq,
      // Bounded: the controller records a timeout after verifyTimeoutSeconds; never wait forever.
      capMs: h ? (h.config.canary.verifyTimeoutSeconds + 3 * (h.config.aws.timeoutMs / 1000) + 10) * 1000 : 0,
    });
  const byHand = sessionManualChecks(runbook, h?.config ?? store.state.config?.value);
  const need = () => {
    if (!h || !engine) throw new UserError("this session has no environment config", ExitCode.usage);
    return { h, engine };
  };
  return {
    runbook,
    readOnly: store.readOnly,
    user,
    now,
    state: () => store.state,
    events: () => store.events,
    subscribe: (fn) => store.onChange(fn),
    snapshot: () => engine?.monitor.snapshot,
    subscribeMonitor: (fn) => {
      const a = engine?.monitor.subscribe(fn);
      const b = engine?.rollout?.subscribe(fn);
      return () => {
        a?.();
        b?.();
      };
    },
    ...(engine?.rollout ? { rollout: () => engine.rollout?.snapshot } : {}),
    thresholds: {
      go: { errorRate: th.go.errorRate.value, latencyP95: th.go.latencyP95.value },
      rollback: { errorRate: th.rollback.errorRate.value, latencyP95: th.rollback.latencyP95.value },
      from: {
        go: {
          errorRate: shortSource(th.go.errorRate),
          latencyP95: shortSource(th.go.latencyP95),
        },
        rollback: {
          errorRate: shortSource(th.rollback.errorRate),
          latencyP95: shortSource(th.rollback.latencyP95),
        },
      },
    },
    inForce: force,
    templates: messageTemplates(runbook),
    clipboardRoute: () => clipboardRoute(ctx.env),
    listenerArn: h?.config.alb?.listenerArn,
    ...(h?.config.kubernetes?.ingress
      ? {
          trafficIngress: {
            ingress: `${h.config.kubernetes.namespace}/${h.config.kubernetes.ingress.name}`,
            action: h.config.kubernetes.ingress.action,
          },
        }
      : {}),
    missingParts: h ? missingParts(h.config) : [],
    gate: () => engine?.gate(),
    verdict: () => engine?.verdict() ?? null,
    goCriteria: () => engine?.goCriteria() ?? [],
    manualChecks: () => manualCheckViews(byHand, runbook, store.state),
    steps: force.plan.map((p) => p.green),
    rollbackInFlight,
    actions: {
      setItem: async (id, done) => {
        await store.append(done ? "item.checked" : "item.unchecked", { item: id }, user);
      },
      record: async (field, value) => {
        await store.append("field.recorded", { field, value, source: "manual" }, user);
      },
      planPromote: async () => {
        // The plan reads the listener itself; the gate beside it is the monitor's, live while shown.
        return need().engine.planPromote();
      },
      confirmPromote: async (plan, override) => {
        try {
          const r = await need().engine.executePlan(plan, { by: user, override });
          return { ...outcome(r), changed: r.changed?.weights, replan: r.replan };
        } catch (e) {
          return { ok: false, text: (e as Error).message };
        }
      },
      rollback: async (reason) => {
        const p = need().engine.rollback({ by: user, reason });
        rollbacks.add(p);
        try {
          return outcome(await p);
        } finally {
          rollbacks.delete(p);
        }
      },
      // The engine's acknowledgement: the newest unacknowledged alert, never the same one twice
      // (keys pressed in a burst each take the next one).
      acknowledge: async (alert) => {
        if (engine) await engine.acknowledge(user);
        else await store.append("alert.acknowledged", { alert }, user);
      },
      acknowledgeAll: async () => {
        if (engine) await engine.acknowledgeAll(user);
        else {
          const alerts = store.state.alerts.filter((a) => !a.acknowledged).map((a) => a.id);
          if (alerts.length) await store.append("alert.acknowledged", { alerts }, user);
        }
      },
      previewCheck: (ref) => preview(ref).preview,
      runCheck: async (ref) => {
        const { h: handle } = need();
        return runAndRecord(preview(ref).plan, checkDeps(handle, ctx.cwd), store, user);
      },
      confirmCheck: async (id) => {
        const c = byHand.find((x) => x.id === id);
        if (!c) throw new UserError(`no manual check "${id}"`, ExitCode.usage);
        await store.append("check.confirmed", { check: c.id, text: c.text, line: c.line }, user);
      },
      sign: async (input) => {
        const plan = planSignoff(runbook, store.state, store.events, now(), input);
        if (plan.kind === "refused")
          throw new UserError(`not signed: ${plan.blockers.length} open point(s)`, ExitCode.refused);
        await recordSignoff(plan, input.signer, (type, data) => store.append(type, data, user));
        return plan.kind === "role"
          ? `role ${plan.role.role} signed by ${input.signer} (recorded)`
          : `signed ${plan.status} by ${input.signer}${plan.accepted ? ` — ACCEPTED ${plan.accepted.open.length} open point(s)` : ""} (recorded)`;
      },
      writeMessage: (m, clip) =>
        writeMessageFile(store, m, { clipboard: clip.copied ? "osc52" : "blocked", why: clip.why }, user),
      ...kubeActionsFor(h, user),
      exportRecord: async () => {
        const text = renderSignoffMarkdown(runbook, store.state, store.events);
        if (store.readOnly) return writeViewerCopy(store, user, now(), text);
        const file = join(dirname(store.file), `${store.id}.signoff.md`);
        await writePrivate(file, text);
        return file;
      },
    },
  };
}

/** An EKS session's `i` / `P` (engine/k8s-actions.ts); absent without a released Deployment. */
function kubeActionsFor(h: EngineHandle | undefined, user: string): Partial<CockpitModel["actions"]> {
  const acts = h?.engine.controller.kubeActions;
  const k = h?.engine.d.kube;
  if (!acts || !k || h.store.readOnly) return {};
  return {
    planKube: async (verb, image) => {
      try {
        return { plan: await acts.plan(verb, image) };
      } catch (e) {
        return {
          error: String((e as Error)?.message ?? e).split("\n")[0]!,
          kubectl: acts.kubectlFor(verb, image),
        };
      }
    },
    // A rollout is followed at least as long as Kubernetes' default progress deadline (600 s).
    executeKube: (plan, sent) =>
      acts.execute(plan, { by: user, timeoutMs: Math.max(600_000, k.timeoutMs), progress: () => sent() }),
  };
}

/**
 * A viewer's `e`: a new file of its own beside the session, named for the viewer and the time,
 * created exclusively — never the lead's export, never over anything already there.
 */
async function writeViewerCopy(store: SessionStore, user: string, at: number, text: string) {
  const who = user.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 32) || "viewer";
  const stamp = new Date(at).toISOString().slice(0, 19).replace(/[-:]/g, "");
  const base = join(dirname(store.file), `${store.id}.signoff.viewer-${who}-${stamp}`);
  for (let n = 1; ; n++) {
    const file = `${base}${n > 1 ? `-${n}` : ""}.md`;
    try {
      await writeRecord(file, text, { force: false, store });
      return file;
    } catch (e) {
      if (!(e instanceof UserError && e.exitCode === ExitCode.refused && n < 100)) throw e;
    }
  }
}

export function terminal(ctx: Ctx) {
  return { stdout: ctx.stdout as NodeJS.WriteStream, stdin: ctx.stdin as NodeJS.ReadStream, env: ctx.env };
}

export async function openCockpit(
  ctx: Ctx,
  o: GlobalOpts,
  opts: OpenEngineOptions & { readOnly: boolean; approve?: boolean },
  wallNow: () => number,
): Promise<void> {
  let engineOpts: OpenEngineOptions & { readOnly: boolean; approve?: boolean } = {
    ...opts,
    approvalNow: opts.approvalNow ?? wallNow,
  };
  let now = wallNow;
  const user = actor(ctx, o);
  // The session's events are stamped on the session's clock too, once it is known (below).
  const sessionCtx: Ctx = { ...ctx, clock: { now: () => now() } };
  let { store, runbook } = await openSession(
    sessionCtx,
    o,
    !engineOpts.readOnly,
    engineOpts.readOnly ? "golive watch" : "golive open",
    { sessionClock: false, teamWait: false },
  );
  // A viewer of a team session on a bastion where nobody holds it keeps its copy following S3.
  const follower = engineOpts.readOnly && teamConfigOf(store) ? await teamFollower(sessionCtx, o) : undefined;
  if (follower) {
    await store.close();
    ({ store, runbook } = follower);
  }
  let h: EngineHandle | undefined;
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
    h = store.state.config ? engineFor(sessionCtx, store, runbook, engineOpts) : undefined;
  } catch (e) {
    sessionClock?.close();
    await store.close();
    throw e;
  }
  const follow = () => void store.refresh().catch(() => {});
  // A writer appends to the journal and rewrites the document only when compacting: follow both.
  const followed = [store.file, store.journalFile];
  if (store.readOnly) for (const f of followed) watchFile(f, { interval: 500 }, follow);
  const model = buildModel(sessionCtx, store, runbook, h, user, now);
  if (sessionClock) model.clockStatus = sessionClock.status;
  // Team mode: what this bastion has not shared yet stays on screen, beside the clock's note.
  const link = teamOf(store);
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
  h?.engine.monitor.start();
  h?.engine.rollout?.start();
  const profile = ctx.env.GOLIVE_PROFILE ? startProfile(ctx.env.GOLIVE_PROFILE) : undefined;
  try {
    await runCockpit(model, terminal(ctx), {
      onRender: profile ? (ms) => profile.frame(ms) : undefined,
    });
  } finally {
    profile?.stop();
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

export { demo } from "./demo.js";
