/**
 * golive k8s: the EKS half of a go-live. status and rollout-status read a Deployment's rollout and
 * say why it is where it is; set-image, undo, pause and resume change it — each shown exactly and
 * confirmed first, recorded as requested before the call, and recorded confirmed only when a
 * read-back shows the rollout complete on the expected template (never before). When the API
 * cannot be reached the record carries the exact kubectl command that does the same.
 */
import { ExitCode, UserError } from "../domain/errors.js";
import { judgeRollout } from "../domain/rollout.js";
import { recordedUndoTarget, undoTarget } from "../domain/rollout-undo.js";
import { type Ctx, openSession, out } from "./context.js";
import { configOf } from "./engine-context.js";
import { act, drive } from "./k8s-drive.js";
import { describeRollout, follow } from "./k8s-status.js";
import { type K8sOpts, read, targetOf, timeoutOf } from "./k8s-target.js";
import { lastUndoTarget } from "./kube-context.js";

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
