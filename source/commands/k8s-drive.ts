/** The acting `golive k8s` verbs: one confirmed, recorded change, then its read-back. */
import { ExitCode, UserError } from "../domain/errors.js";
import { redactDeep } from "../domain/redact.js";
import { judgeRollout } from "../domain/rollout.js";
import type { RolloutView } from "../domain/rollout-views.js";
import { KubeActions, type KubeVerb, planChangesNothing } from "../engine/k8s-actions.js";
import { KubeCallError } from "../integrations/kubernetes/client.js";
import { fallbackFiles, writeFallback } from "../session/fallback.js";
import type { SessionStore } from "../session/store.js";
import { actor, type Ctx, openSession, out } from "./context.js";
import { fenceFor } from "./engine-adapters.js";
import { configOf, confirm, engineClock } from "./engine-context.js";
import { follow } from "./k8s-status.js";
import { apiError, type K8sOpts, read, type Target, targetOf, timeoutOf } from "./k8s-target.js";

async function openForUndo(ctx: Ctx, o: K8sOpts, command: string) {
  try {
    return { ...(await openSession(ctx, o, true, command)), lockedBy: undefined };
  } catch (e) {
    if (!(e instanceof UserError && e.exitCode === ExitCode.locked)) throw e;
    return { ...(await openSession(ctx, o, false, command)), lockedBy: e.message };
  }
}

/** One confirmed, recorded change followed by its read-back: the shape every acting k8s verb shares. */
export async function act(
  ctx: Ctx,
  o: K8sOpts,
  command: string,
  plan: (
    t: Target,
    v: RolloutView,
    store: SessionStore,
  ) => {
    action: "set-image" | "undo" | "pause" | "resume";
    show: string;
    kubectl: string;
    run: () => Promise<void>;
    expectImages?: string[];
    /** An undo's target, recorded so the next undo (CLI or cockpit R) goes to the same images. */
    revision?: number;
  },
): Promise<number> {
  const timeoutMs = timeoutOf(o);
  // A rollback is never blocked by another golive holding the session (a cockpit): it acts, and its
  // records go to the fallback file that the session merges on its next open.
  const { store, lockedBy } = await openForUndo(ctx, o, command);
  try {
    const t = targetOf(configOf(store), o);
    const before = await read(t);
    const p = plan(t, before, store as SessionStore);
    out(ctx, p.show);
    await confirm(ctx, `${p.show}?`, o.yes);
    const by = actor(ctx, o);
    const files = fallbackFiles(store.file.replace(/\.bak$/, ""), store.id, ctx.env);
    const record = async (phase: "requested" | "confirmed" | "failed", detail: string, kubectl?: string) => {
      const data = {
        action: p.action,
        deployment: `${t.namespace}/${t.deployment}`,
        phase,
        detail,
        ...(kubectl ? { kubectl } : {}),
        ...(p.action === "undo" && p.expectImages ? { revision: p.revision, images: p.expectImages } : {}),
      };
      try {
        await (store as SessionStore).append("k8s.action", data, by);
      } catch (e) {
        const at = new Date(ctx.clock.now()).toISOString();
        const event = { type: "k8s.action", data: { ...data, recordError: (e as Error).message }, by, at };
        const file = await writeFallback(files, redactDeep({ session: store.id, ...event }));
        if (phase === "requested")
          out(ctx, `${lockedBy ?? "the session cannot take it"}: recorded in ${file}`);
      }
    };
    await record("requested", `${p.show}${o.reason ? `; reason: ${o.reason}` : ""}`);
    // It fences every other writer on the session (cockpit set-image / pause / resume, promote): told
    // first, but a fence file that cannot be written never holds it.
    if (p.action === "undo")
      await Promise.race([
        fenceFor(ctx, store)
          .bump("rollback", `k8s-undo-${process.pid}`)
          .catch(() => undefined),
        new Promise((r) => setTimeout(r, 250).unref()),
      ]);
    try {
      await p.run();
    } catch (e) {
      const err = apiError(e, t);
      await record("failed", err.message, p.kubectl);
      const rbac = e instanceof KubeCallError && e.status === 403;
      throw new UserError(
        err.message,
        err.exitCode,
        rbac
          ? `grant the Role \`golive doctor\` prints, or have someone allowed to run: ${p.kubectl}`
          : `do it by hand: ${p.kubectl}`,
      );
    }
    if (p.action === "pause" || p.action === "resume") {
      const v = await read(t);
      const ok = v.paused === (p.action === "pause");
      await record(ok ? "confirmed" : "failed", `read back: spec.paused=${v.paused}`);
      out(
        ctx,
        ok
          ? `${p.action} confirmed by the API (spec.paused=${v.paused})`
          : `${p.action} NOT confirmed: spec.paused=${v.paused}`,
      );
      return ok ? 0 : ExitCode.refused;
    }
    const { v, verdict } = await follow(ctx, t, timeoutMs);
    const current = v.revisions.find((r) => r.revision === v.revision);
    const onTemplate = !p.expectImages || JSON.stringify(current?.images) === JSON.stringify(p.expectImages);
    if (verdict.state === "complete" && onTemplate) {
      await record(
        "confirmed",
        `rollout complete on revision ${v.revision} (${current?.images.join(", ")}), ${v.available}/${v.desired} available`,
      );
      out(ctx, `${p.action} confirmed: ${verdict.summary}`);
      return 0;
    }
    const why = !onTemplate
      ? `the Deployment now runs ${current?.images.join(", ")}, not ${p.expectImages?.join(", ")}`
      : verdict.summary;
    await record(
      "failed",
      `${verdict.state}: ${why}${verdict.causes.length ? ` — ${verdict.causes.join("; ")}` : ""}`,
    );
    out(ctx, `${p.action} NOT confirmed: ${why}`);
    return ExitCode.refused;
  } finally {
    await store.close();
  }
}

/** set-image, pause, resume: one plan read from the API, shown and confirmed, sent exactly or not at all. */
export async function drive(ctx: Ctx, o: K8sOpts, verb: KubeVerb, image?: string): Promise<number> {
  const timeoutMs = timeoutOf(o);
  const { store } = await openSession(ctx, o, true, `golive k8s ${verb}`);
  try {
    const t = targetOf(configOf(store), o);
    const actions = new KubeActions(t, {
      rec: { record: async (type, data, by) => void (await store.append(type, data, by)) },
      clock: engineClock(ctx),
      fence: fenceFor(ctx, store),
      pollMs: Number(ctx.env.GOLIVE_K8S_POLL_MS ?? 1000),
    });
    const plan = await actions.plan(verb, image).catch((e: unknown) => {
      const err = apiError(e, t);
      throw new UserError(
        err.message,
        err.exitCode,
        `${err.hint ? `${err.hint}; or ` : ""}do it by hand: ${actions.kubectlFor(verb, image)}`,
      );
    });
    // As in the cockpit: a change that changes nothing is not sent, and not recorded as done.
    const idle = planChangesNothing(plan);
    if (idle) {
      out(ctx, `nothing to send: ${idle} (${plan.namespace}/${plan.deployment})`);
      return 0;
    }
    out(ctx, plan.show);
    await confirm(ctx, `${plan.show}?`, o.yes);
    let last = "";
    const r = await actions.execute(plan, {
      by: actor(ctx, o),
      timeoutMs,
      progress: (v) => {
        const verdict = judgeRollout(v);
        if (verdict.summary !== last) out(ctx, `${verdict.state}: ${verdict.summary}`);
        last = verdict.summary;
      },
    });
    if (r.ok) {
      out(ctx, r.text);
      return 0;
    }
    // Not sent because the API failed: exit 6 with the command; refused or not progressing: 7.
    if (!r.sent && r.kubectl)
      throw new UserError(
        r.text.replace(/^\S+ NOT done: /, ""),
        ExitCode.aws,
        /RBAC/.test(r.text)
          ? `grant the Role \`golive doctor\` prints, or have someone allowed to run: ${r.kubectl}`
          : `do it by hand: ${r.kubectl}`,
      );
    out(ctx, r.text);
    if (r.changed?.replan) out(ctx, `now: ${r.changed.replan.show} — run it again to send that`);
    return ExitCode.refused;
  } finally {
    await store.close();
  }
}
