/**
 * golive k8s: the EKS half of a go-live. status and rollout-status read a Deployment's rollout and
 * say why it is where it is; set-image, undo, pause and resume change it — each shown exactly and
 * confirmed first, recorded as requested before the call, and recorded confirmed only when a
 * read-back shows the rollout complete on the expected template (never before). When the API
 * cannot be reached the record carries the exact kubectl command that does the same.
 */
import type { EnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { redactDeep } from "../domain/redact.js";
import {
  judgeRollout,
  type RolloutVerdict,
  type RolloutView,
  recordedUndoTarget,
  undoTarget,
} from "../domain/rollout.js";
import { KubeActions, type KubeVerb } from "../engine/k8s-actions.js";
import { KubeCallError } from "../integrations/kubernetes/client.js";
import { KubeRollouts } from "../integrations/kubernetes/rollouts.js";
import { fallbackFiles, writeFallback } from "../session/fallback.js";
import type { SessionStore } from "../session/store.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";
import { configOf, confirm, engineClock, fenceFor, lastUndoTarget } from "./engine-context.js";
import { kubectlFor } from "./kubectl.js";

type K8sOpts = GlobalOpts & { deployment?: string; timeout?: string; yes?: boolean; reason?: string };

interface Target {
  rollouts: KubeRollouts;
  namespace: string;
  deployment: string;
  container?: string;
  kubectl: (args: string) => string;
}

function targetOf(config: EnvConfig, o: K8sOpts): Target {
  const k = config.kubernetes;
  if (!k)
    throw new UserError(
      "the session's environment config has no kubernetes section",
      ExitCode.usage,
      'add "kubernetes": { "kubeconfig": …, "namespace": …, "deployment": … } to the config',
    );
  const deployment = o.deployment ?? k.deployment;
  if (!deployment)
    throw new UserError(
      "which Deployment? none is named in the config's kubernetes.deployment",
      ExitCode.usage,
      "pass --deployment NAME or set kubernetes.deployment in the config",
    );
  return {
    rollouts: new KubeRollouts({ kubeconfig: k.kubeconfig, context: k.context, timeoutMs: k.timeoutMs }),
    namespace: k.namespace,
    deployment,
    ...(k.container ? { container: k.container } : {}),
    kubectl: kubectlFor(k, deployment),
  };
}

async function read(t: Target): Promise<RolloutView> {
  try {
    return await t.rollouts.read(t.namespace, t.deployment);
  } catch (e) {
    throw apiError(e, t);
  }
}

function apiError(e: unknown, t: Target): UserError {
  if (e instanceof KubeCallError)
    return new UserError(
      e.message,
      ExitCode.aws,
      e.status === 403
        ? "golive's Kubernetes identity lacks a permission: `golive doctor` prints the Role it needs"
        : `check the API with: ${t.kubectl("get DEPLOY")}`,
    );
  return e instanceof UserError ? e : new UserError(String((e as Error)?.message ?? e), ExitCode.aws);
}

export function describeRollout(v: RolloutView, verdict: RolloutVerdict): string {
  const lines = [
    `${v.namespace}/${v.deployment}  revision ${v.revision ?? "?"}  ${verdict.state.toUpperCase()}: ${verdict.summary}`,
    `  replicas: desired ${v.desired}, updated ${v.updated}, ready ${v.ready}, available ${v.available}, total ${v.total}; generation ${v.observedGeneration}/${v.generation}${v.paused ? "; PAUSED" : ""}`,
    ...v.conditions.map((c) => `  ${c.type}=${c.status} ${c.reason}: ${c.message}`),
    ...v.revisions.map(
      (r) =>
        `  ${r.revision === v.revision ? "→" : " "} rev ${r.revision}  ${r.replicaSet}  ${r.images.join(", ")}  ${r.ready}/${r.desired} ready${r.changeCause ? `  (${r.changeCause})` : ""}`,
    ),
    ...v.pods.map(
      (p) =>
        `    pod ${p.name}  rev ${p.revision ?? "?"}  ${p.ready ? "ready" : "not ready"}  ${p.reason ?? p.phase}  restarts ${p.restarts}`,
    ),
    ...v.warnings.slice(0, 5).map((w) => `  warning ${w.object} ${w.reason} ×${w.count}: ${w.message}`),
    `  nodes ready ${v.nodes.ready}/${v.nodes.total}`,
  ];
  return lines.join("\n");
}

export async function status(ctx: Ctx, o: K8sOpts): Promise<number> {
  const { store } = await openSession(ctx, o, false, "golive k8s status");
  try {
    const t = targetOf(configOf(store), o);
    const v = await read(t);
    const verdict = judgeRollout(v);
    out(ctx, o.json ? JSON.stringify({ rollout: v, verdict }) : describeRollout(v, verdict));
    return 0;
  } finally {
    await store.close();
  }
}

/** Read until the rollout completes (0), fails its deadline (7), or --timeout passes (7). */
async function follow(
  ctx: Ctx,
  t: Target,
  timeoutMs: number,
  quiet = false,
): Promise<{ v: RolloutView; verdict: RolloutVerdict }> {
  const until = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const v = await read(t);
    const verdict = judgeRollout(v);
    if (!quiet && verdict.summary !== last)
      out(
        ctx,
        `${verdict.state}: ${verdict.summary}${verdict.causes.length ? ` — ${verdict.causes.join("; ")}` : ""}`,
      );
    last = verdict.summary;
    if (
      verdict.state === "complete" ||
      verdict.state === "failed" ||
      verdict.state === "paused" ||
      Date.now() >= until
    )
      return { v, verdict };
    await new Promise((r) => setTimeout(r, Number(ctx.env.GOLIVE_K8S_POLL_MS ?? 1_000)));
  }
}

function timeoutOf(o: K8sOpts): number {
  const s = Number(o.timeout ?? "600");
  if (!(s > 0 && s <= 86_400))
    throw new UserError(`--timeout must be 1 to 86400 seconds, got "${o.timeout}"`, ExitCode.usage);
  return s * 1000;
}

export async function rolloutStatus(ctx: Ctx, o: K8sOpts): Promise<number> {
  const timeoutMs = timeoutOf(o);
  const { store } = await openSession(ctx, o, false, "golive k8s rollout-status");
  try {
    const t = targetOf(configOf(store), o);
    const { v, verdict } = await follow(ctx, t, timeoutMs, o.json);
    if (o.json) out(ctx, JSON.stringify({ rollout: v, verdict }));
    if (verdict.state === "complete") return 0;
    if (!o.json)
      out(
        ctx,
        verdict.state === "failed"
          ? verdict.summary
          : `not complete after ${timeoutMs / 1000} s: ${verdict.summary}`,
      );
    return ExitCode.refused;
  } finally {
    await store.close();
  }
}

async function openForUndo(ctx: Ctx, o: K8sOpts, command: string) {
  try {
    return { ...(await openSession(ctx, o, true, command)), lockedBy: undefined };
  } catch (e) {
    if (!(e instanceof UserError && e.exitCode === ExitCode.locked)) throw e;
    return { ...(await openSession(ctx, o, false, command)), lockedBy: e.message };
  }
}

/** One confirmed, recorded change followed by its read-back: the shape every acting k8s verb shares. */
async function act(
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
async function drive(ctx: Ctx, o: K8sOpts, verb: KubeVerb, image?: string): Promise<number> {
  const timeoutMs = timeoutOf(o);
  const { store } = await openSession(ctx, o, true, `golive k8s ${verb}`);
  try {
    const t = targetOf(configOf(store), o);
    const actions = new KubeActions(t, {
      rec: { record: async (type, data, by) => void (await store.append(type, data, by)) },
      clock: engineClock(ctx),
      fence: fenceFor(ctx, store),
      pollMs: Number(ctx.env.GOLIVE_K8S_POLL_MS ?? 1_000),
    });
    const plan = await actions.plan(verb, image).catch((e: unknown) => {
      const err = apiError(e, t);
      throw new UserError(
        err.message,
        err.exitCode,
        `${err.hint ? `${err.hint}; or ` : ""}do it by hand: ${actions.kubectlFor(verb, image)}`,
      );
    });
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

export async function setImage(ctx: Ctx, o: K8sOpts, image: string): Promise<number> {
  if (!/^[\w.\-/:@]+$/.test(image))
    throw new UserError(`"${image}" is not an image reference`, ExitCode.usage);
  return drive(ctx, o, "set-image", image);
}

export async function undo(ctx: Ctx, o: K8sOpts & { toRevision?: string }): Promise<number> {
  const to = o.toRevision === undefined ? undefined : Number(o.toRevision);
  if (to !== undefined && !(Number.isInteger(to) && to > 0))
    throw new UserError(`--to-revision must be a revision number, got "${o.toRevision}"`, ExitCode.usage);
  return act(ctx, o, "golive k8s undo", (t, v, store) => {
    const recorded = to === undefined ? lastUndoTarget(store) : undefined;
    const target = recorded?.images
      ? recordedUndoTarget(v, { revision: recorded.revision, images: recorded.images })
      : undoTarget(v, to);
    if ("error" in target) throw new UserError(target.error, ExitCode.refused);
    if (v.paused)
      throw new UserError(
        `${t.deployment} is paused: an undo would not roll out`,
        ExitCode.refused,
        "golive k8s resume first",
      );
    return {
      action: "undo",
      show: `Roll back ${t.namespace}/${t.deployment} from revision ${v.revision} (${v.revisions.find((r) => r.revision === v.revision)?.images.join(", ")}) to revision ${target.revision} (${target.images.join(", ")})`,
      kubectl: t.kubectl(`rollout undo DEPLOY --to-revision=${target.revision}`),
      run: () => t.rollouts.undo(t.namespace, t.deployment, target.replicaSet),
      expectImages: target.images,
      revision: target.revision,
    };
  });
}

export async function pause(ctx: Ctx, o: K8sOpts): Promise<number> {
  return drive(ctx, o, "pause");
}

export async function resume(ctx: Ctx, o: K8sOpts): Promise<number> {
  return drive(ctx, o, "resume");
}
