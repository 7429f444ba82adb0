/**
 * Rolling back the Kubernetes Deployment a go-live releases, inside the traffic actor's rollback
 * intent (after the ALB, the faster lever): the way `kubectl rollout undo` does it — the previous
 * ReplicaSet's pod template copied back into the Deployment — and claimed only once the Deployment
 * and its ReplicaSets read back as a complete rollout on that template.
 *
 * Safe to repeat: the first rollback's target (revision and images) is kept, and a second R goes
 * back to the same images instead of toggling to the bad revision the way a second
 * `kubectl rollout undo` would. A Deployment already on them is only read back.
 */
import type { EngineClock } from "../domain/ports.js";
import { judgeRollout } from "../domain/rollout.js";
import type { RolloutPort } from "../domain/rollout-port.js";
import { newestWithImages, sameImages, undoTarget } from "../domain/rollout-undo.js";
import type { RevisionView, RolloutView } from "../domain/rollout-views.js";
import type { Intent, TrafficActor } from "./traffic-actor.js";
import type { TrafficRecords } from "./traffic-record.js";

export interface KubeRelease {
  rollouts: RolloutPort;
  namespace: string;
  deployment: string;
  /** The container `set image` changes (kubernetes.container; default: the Deployment's name). */
  container?: string;
  /** The exact kubectl command for `args` (DEPLOY stands for deployment/NAME), for the record. */
  kubectl(args: string): string;
  /** How long the read-back may take (engine clock and real time, whichever ends first). */
  timeoutMs: number;
  /** Between read-backs (engine clock). */
  pollMs: number;
  /** The target of a rollback this session already recorded (its last undo's revision and images). */
  recorded?: { revision?: number; images?: string[] };
}

export interface KubeRollbackResult {
  ok: boolean;
  /** One line for the toast and the CLI. */
  text: string;
  from?: number | null;
  to?: number;
  images?: string[];
  /** Nothing was changed: the Deployment already ran the target (or has no other revision). */
  nothingToUndo?: boolean;
  /** Offered when the rollback is not confirmed. */
  kubectl?: string;
  tookMs: number;
}

const describe = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0]!;

export class KubeRollback {
  /** The first rollback's target, from the session's record or this process. */
  private target?: { revision: number; images: string[] };

  constructor(
    private readonly k: KubeRelease,
    private readonly d: { rec: Pick<TrafficRecords, "record">; clock: EngineClock },
  ) {
    const recorded = k.recorded;
    if (recorded?.images?.length)
      this.target = { revision: recorded.revision ?? 0, images: [...recorded.images] };
  }

  /** Runs inside `intent` (a rollback's): the write goes through the actor, so a rollback after it waits for it. */
  async run(
    actor: TrafficActor,
    intent: Intent,
    o: { by: string; reason: string },
  ): Promise<KubeRollbackResult> {
    const started = performance.now();
    const k = this.k;
    const name = `${k.namespace}/${k.deployment}`;
    const took = () => performance.now() - started;
    let v: RolloutView | undefined;
    let lastError = "";
    for (let i = 0; i < 3 && !v; i++) {
      try {
        v = await k.rollouts.read(k.namespace, k.deployment);
      } catch (e) {
        lastError = describe(e);
        if (i < 2) await this.d.clock.sleep(500 * 2 ** i);
      }
    }
    const undoCmd = (rev?: number) => k.kubectl(`rollout undo DEPLOY${rev ? ` --to-revision=${rev}` : ""}`);
    if (!v) {
      const kubectl = undoCmd(this.target?.revision || undefined);
      const text = `Kubernetes rollback of ${name} NOT done: could not read the Deployment in 3 attempts (${lastError})`;
      await this.record(o.by, { phase: "failed", detail: text, kubectl });
      return { ok: false, text, kubectl, tookMs: took() };
    }
    if (v.revisions.length === 0) {
      // No ReplicaSet at all: no template to go back to and none whose rollout could be read back,
      // so waiting out the read-back would only end in "not confirmed" minutes later.
      const kubectl = k.kubectl("rollout history DEPLOY");
      const text = `Kubernetes rollback of ${name} NOT done: the Deployment (revision ${v.revision ?? "none"}) has no ReplicaSet, so there is no earlier template to go back to`;
      await this.record(o.by, { phase: "failed", detail: text, kubectl });
      return { ok: false, text, kubectl, tookMs: took() };
    }
    const currentImages = v.revisions.find((r) => r.revision === v.revision)?.images;
    let to: RevisionView | undefined;
    if (this.target) {
      if (sameImages(currentImages, this.target.images)) {
        return this.readBack(
          v,
          { revision: v.revision ?? this.target.revision, images: this.target.images },
          o,
          started,
          true,
        );
      }
      to = newestWithImages(v, this.target.images);
      if (!to) {
        const kubectl = undoCmd(this.target.revision || undefined);
        const text = `Kubernetes rollback of ${name} NOT done: no revision runs ${this.target.images.join(", ")} any more (revisions ${v.revisions.map((r) => r.revision).join(", ")})`;
        await this.record(o.by, { phase: "failed", detail: text, kubectl });
        return { ok: false, text, kubectl, tookMs: took() };
      }
    } else {
      const t = undoTarget(v);
      if ("error" in t) {
        // One revision only: this go-live never changed the Deployment; nothing to undo, and the
        // rollout as it stands is read back like any other.
        return this.readBack(v, { revision: v.revision ?? 0, images: currentImages ?? [] }, o, started, true);
      }
      to = t;
    }
    this.target = { revision: to.revision, images: [...to.images] };
    const kubectl = undoCmd(to.revision);
    const show = `Roll back ${name} from revision ${v.revision} (${currentImages?.join(", ") ?? "?"}) to revision ${to.revision} (${to.images.join(", ")})${v.paused ? ", resuming it" : ""}`;
    // Like the ALB's: recorded meanwhile, never waited for before the write goes out.
    const requested = this.record(o.by, {
      phase: "requested",
      detail: `${show}; reason: ${o.reason}`,
      kubectl,
      revision: to.revision,
      images: to.images,
    });
    requested.catch(() => {});
    let written = false;
    for (let i = 0; i < 3 && !written; i++) {
      try {
        const rs = to.replicaSet;
        await actor.other(intent, () => k.rollouts.undo(k.namespace, k.deployment, rs, { resume: v.paused }));
        written = true;
      } catch (e) {
        lastError = describe(e);
        if (i < 2) await this.d.clock.sleep(500 * 2 ** i);
      }
    }
    await requested.catch(() => {});
    if (!written) {
      const text = `Kubernetes rollback of ${name} NOT done: the undo was not accepted in 3 attempts (${lastError})`;
      await this.record(o.by, { phase: "failed", detail: text, kubectl });
      return {
        ok: false,
        text,
        from: v.revision,
        to: to.revision,
        images: to.images,
        kubectl,
        tookMs: took(),
      };
    }
    return this.readBack(v, { revision: to.revision, images: to.images }, o, started, false, v.revision);
  }

  /** Reads the Deployment until its rollout is complete on `want`'s images, fails, or the time is up. */
  private async readBack(
    first: RolloutView,
    want: { revision: number; images: string[] },
    o: { by: string },
    started: number,
    nothingToUndo: boolean,
    from: number | null = first.revision,
  ): Promise<KubeRollbackResult> {
    const k = this.k;
    const name = `${k.namespace}/${k.deployment}`;
    const clockEnd = this.d.clock.now() + k.timeoutMs;
    const realEnd = performance.now() + k.timeoutMs;
    let v: RolloutView | undefined = nothingToUndo ? first : undefined;
    let lastError = "";
    for (;;) {
      if (!v)
        try {
          v = await k.rollouts.read(k.namespace, k.deployment);
        } catch (e) {
          lastError = describe(e);
        }
      const timeUp = () => this.d.clock.now() >= clockEnd || performance.now() >= realEnd;
      if (v) {
        const verdict = judgeRollout(v);
        const images = v.revisions.find((r) => r.revision === v!.revision)?.images;
        const onTarget = sameImages(images, want.images);
        if (verdict.state === "complete" && onTarget) {
          const text = nothingToUndo
            ? `Kubernetes ${name}: nothing to undo, already on revision ${v.revision} (${images?.join(", ")}), rollout complete, ${v.available}/${v.desired} available`
            : `Kubernetes rollback confirmed: ${name} rolled out revision ${v.revision} (${images?.join(", ")}), ${v.available}/${v.desired} available`;
          await this.record(o.by, {
            phase: "confirmed",
            detail: text,
            revision: v.revision ?? want.revision,
            images: want.images,
          });
          return {
            ok: true,
            text,
            from,
            to: v.revision ?? want.revision,
            images: want.images,
            nothingToUndo,
            tookMs: performance.now() - started,
          };
        }
        // Off the target is not final before the deadline (the API may not show the patch yet, or
        // someone changed it again and may change it back); a missed progress deadline is.
        if (verdict.state === "failed" || timeUp()) {
          const why = !onTarget
            ? `the Deployment runs ${images?.join(", ") ?? "?"}, not ${want.images.join(", ")}`
            : `${verdict.state}: ${verdict.summary}${verdict.causes.length ? ` (${verdict.causes.slice(0, 2).join("; ")})` : ""}`;
          return this.notConfirmed(o.by, name, why, from, want, started);
        }
      } else if (timeUp()) {
        return this.notConfirmed(o.by, name, `could not read it back: ${lastError}`, from, want, started);
      }
      v = undefined;
      await this.d.clock.sleep(k.pollMs);
    }
  }

  private async notConfirmed(
    by: string,
    name: string,
    why: string,
    from: number | null,
    want: { revision: number; images: string[] },
    started: number,
  ): Promise<KubeRollbackResult> {
    const kubectl = this.k.kubectl(`rollout status DEPLOY --timeout=${Math.round(this.k.timeoutMs / 1000)}s`);
    const text = `Kubernetes rollback of ${name} NOT confirmed: ${why}`;
    await this.record(by, {
      phase: "failed",
      detail: text,
      kubectl,
      revision: want.revision,
      images: want.images,
    });
    return {
      ok: false,
      text,
      from,
      to: want.revision,
      images: want.images,
      kubectl,
      tookMs: performance.now() - started,
    };
  }

  private async record(
    by: string,
    d: {
      phase: "requested" | "confirmed" | "failed";
      detail: string;
      kubectl?: string;
      revision?: number;
      images?: string[];
    },
  ): Promise<void> {
    // Never lost: what the session cannot take goes to the fallback file (TrafficRecords.record).
    await this.d.rec.record(
      "k8s.action",
      { action: "undo", deployment: `${this.k.namespace}/${this.k.deployment}`, ...d },
      by,
    );
  }
}
