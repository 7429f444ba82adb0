/**
 * Driving the released Deployment from the cockpit and `golive k8s`: set its image, pause or resume
 * its rollout. Each is one plan read from the API (what the lead is shown), sent exactly or not at
 * all: the write is a guarded patch that the API server applies only to the Deployment generation
 * the plan was read from, so a Deployment that changed under the dialog gets nothing (recorded and
 * said). A rollback fences them: one asked for in this process (the traffic actor) or in another
 * (the fence token) since the plan was read means nothing is sent. Claimed only from read-backs:
 * spec.paused for pause/resume; for set-image the rollout completing on the new image, or its
 * progress deadline passing — the record says which. The exact kubectl command is offered whenever
 * the API cannot be reached.
 */
import type { EngineClock, FencePort, FenceToken } from "../domain/ports.js";
import { judgeRollout } from "../domain/rollout.js";
import { DeploymentChanged, type RolloutPort } from "../domain/rollout-port.js";
import type { RolloutView } from "../domain/rollout-views.js";
import type { KubeRelease } from "./k8s-rollback.js";
import { FencedError, type TrafficActor } from "./traffic-actor.js";
import type { TrafficRecords } from "./traffic-record.js";

export type KubeVerb = "set-image" | "pause" | "resume";

export interface KubePlan {
  verb: KubeVerb;
  namespace: string;
  deployment: string;
  /** What the plan was read from: the guard (generation) and what the lead is shown of it. */
  from: { generation: number; revision: number | null; images: string[]; paused: boolean; readAt: number };
  container?: string;
  image?: string;
  /** The one exact change, as the lead confirms it. */
  show: string;
  /** The same change by hand. */
  kubectl: string;
  /** The fence token when the plan was read: a rollback after it (any process) fences the plan. */
  fence?: FenceToken;
  /** The traffic actor's rollback epoch when the plan was read (a rollback in this process). */
  epoch: number;
}

/**
 * Why a plan would change nothing (pause when paused, resume when not, the image it already runs):
 * then nothing is sent and nothing recorded, in the cockpit and at the CLI alike. Undefined otherwise.
 */
export function planChangesNothing(p: Pick<KubePlan, "verb" | "from" | "image">): string | undefined {
  if (p.verb === "pause" && p.from.paused) return "the rollout is already paused";
  if (p.verb === "resume" && !p.from.paused) return "the rollout is not paused";
  if (p.verb === "set-image" && p.from.images.length === 1 && p.from.images[0] === p.image)
    return `it already runs ${p.image}`;
  return undefined;
}

export interface KubeActResult {
  ok: boolean;
  text: string;
  /** Whether anything went to the API server. */
  sent: boolean;
  kubectl?: string;
  /** The Deployment was not what the plan was read from: nothing was sent; the new situation. */
  changed?: { was: KubePlan["from"]; replan?: KubePlan; error?: string };
}

export type KubeTarget = Pick<KubeRelease, "namespace" | "deployment" | "kubectl"> & {
  rollouts: RolloutPort;
  container?: string;
};

const describe = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0]!;

export class KubeActions {
  constructor(
    private readonly k: KubeTarget,
    private readonly d: {
      rec: Pick<TrafficRecords, "record">;
      clock: EngineClock;
      actor?: TrafficActor;
      fence?: FencePort;
      /** Between read-backs (engine clock). */
      pollMs: number;
    },
  ) {}

  /** The kubectl command for `verb` without reading anything (the API may be down). */
  kubectlFor(verb: KubeVerb, image?: string, container?: string): string {
    const k = this.k;
    if (verb === "set-image")
      return k.kubectl(`set image DEPLOY ${container ?? k.container ?? k.deployment}=${image ?? "IMAGE"}`);
    return k.kubectl(`rollout ${verb} DEPLOY`);
  }

  /** Reads the Deployment and states the one change `verb` makes to it. Throws what the API said. */
  async plan(verb: KubeVerb, image?: string): Promise<KubePlan> {
    const k = this.k;
    const fence = await this.d.fence?.read().catch(() => undefined);
    const epoch = this.d.actor?.rollbackEpoch ?? 0;
    const v = await k.rollouts.read(k.namespace, k.deployment);
    const name = `${k.namespace}/${k.deployment}`;
    const images = v.revisions.find((r) => r.revision === v.revision)?.images ?? [];
    const from = {
      generation: v.generation,
      revision: v.revision,
      images,
      paused: v.paused,
      readAt: v.readAt,
    };
    const base = { verb, namespace: k.namespace, deployment: k.deployment, from, fence, epoch };
    if (verb === "set-image") {
      if (!image) throw new Error("set-image needs an image");
      const container = k.container ?? (images.length > 1 ? undefined : k.deployment);
      if (!container)
        throw new Error(
          `${k.deployment} has ${images.length} containers: name one with kubernetes.container in the config`,
        );
      return {
        ...base,
        container,
        image,
        show: `set image of ${name} container ${container}: ${images.join(", ") || "?"} → ${image}`,
        kubectl: this.kubectlFor(verb, image, container),
      };
    }
    return {
      ...base,
      show: `${verb} the rollout of ${name}: spec.paused ${v.paused} → ${verb === "pause"}`,
      kubectl: this.kubectlFor(verb),
    };
  }

  /**
   * Sends exactly `plan` or nothing, recorded as requested before the write and confirmed or failed
   * from what the API reads back. `timeoutMs` bounds a set-image's read-back (engine clock and real
   * time); `progress` hears each read.
   */
  async execute(
    plan: KubePlan,
    o: { by: string; timeoutMs: number; progress?: (v: RolloutView) => void },
  ): Promise<KubeActResult> {
    const k = this.k;
    const record = (phase: "requested" | "confirmed" | "failed", detail: string, kubectl?: string) =>
      this.d.rec.record(
        "k8s.action",
        {
          action: plan.verb,
          deployment: `${k.namespace}/${k.deployment}`,
          phase,
          detail,
          ...(kubectl ? { kubectl } : {}),
        },
        o.by,
      );
    const nothing = async (why: string, changed?: KubeActResult["changed"]): Promise<KubeActResult> => {
      const text = `${plan.verb} NOT sent: ${why}`;
      await record("failed", text);
      return { ok: false, sent: false, text, ...(changed ? { changed } : {}) };
    };
    const send = async (): Promise<void> => {
      const guard = { ifGeneration: plan.from.generation };
      const r = k.rollouts;
      if (plan.verb === "set-image") {
        if (!r.setImage) throw new Error("this Kubernetes client cannot set an image");
        await r.setImage(k.namespace, k.deployment, plan.container!, plan.image!, guard);
      } else {
        if (!r.setPaused) throw new Error("this Kubernetes client cannot pause a rollout");
        await r.setPaused(k.namespace, k.deployment, plan.verb === "pause", guard);
      }
    };
    // The write-ahead record first: a write that goes out is never unrecorded.
    await record("requested", plan.show);
    try {
      await this.fenced(plan, send);
    } catch (e) {
      if (e instanceof FencedError) return nothing(`${e.message} (the rollback writes last)`);
      if (e instanceof DeploymentChanged) {
        const replan = await this.plan(plan.verb, plan.image).catch((x: Error) => x);
        const now = replan instanceof Error ? undefined : replan;
        return nothing(
          `the Deployment changed since it was shown (generation ${plan.from.generation}${now ? ` → ${now.from.generation}: ${now.from.images.join(", ")}${now.from.paused ? ", paused" : ""}` : ""})`,
          { was: plan.from, ...(now ? { replan: now } : { error: describe(replan) }) },
        );
      }
      const text = `${plan.verb} NOT done: ${describe(e)}`;
      await record("failed", text, plan.kubectl);
      return { ok: false, sent: false, text, kubectl: plan.kubectl };
    }
    return plan.verb === "set-image" ? this.followImage(plan, o, record) : this.readPaused(plan, o, record);
  }

  /** In this process: after every intent before it, fenced by any rollback; across processes: the token. */
  private async fenced(plan: KubePlan, send: () => Promise<void>): Promise<void> {
    const write = async () => {
      const fence = this.d.fence;
      if (fence) {
        const now = await fence.read();
        if (plan.fence && now.rollbacks > plan.fence.rollbacks)
          throw new FencedError("rollback in another process");
        await fence.bump(`k8s-${plan.verb}`, this.d.actor?.writer ?? `${process.pid}`);
      }
      await send();
    };
    const actor = this.d.actor;
    if (!actor) return write();
    await actor.enqueue("k8s", async (intent) => {
      if ((this.d.actor?.rollbackEpoch ?? 0) !== plan.epoch) throw new FencedError("rollback");
      await actor.other(intent, write);
    });
  }

  private async readPaused(
    plan: KubePlan,
    o: { timeoutMs: number },
    record: (p: "confirmed" | "failed", d: string, kubectl?: string) => Promise<void>,
  ): Promise<KubeActResult> {
    const want = plan.verb === "pause";
    const end = this.d.clock.now() + Math.min(o.timeoutMs, 30_000);
    const realEnd = performance.now() + Math.min(o.timeoutMs, 30_000);
    let why = "";
    for (;;) {
      try {
        const v = await this.k.rollouts.read(this.k.namespace, this.k.deployment);
        if (v.paused === want) {
          const text = `${plan.verb} confirmed by the API: spec.paused=${v.paused}`;
          await record("confirmed", text);
          return { ok: true, sent: true, text };
        }
        why = `spec.paused=${v.paused}`;
      } catch (e) {
        why = `could not read it back: ${describe(e)}`;
      }
      if (this.d.clock.now() >= end || performance.now() >= realEnd) break;
      await this.d.clock.sleep(this.d.pollMs);
    }
    const text = `${plan.verb} NOT confirmed: ${why}`;
    await record("failed", text, plan.kubectl);
    return { ok: false, sent: true, text, kubectl: plan.kubectl };
  }

  /** Until the rollout completes on the image (confirmed), misses its deadline, is rolled back, or time is up. */
  private async followImage(
    plan: KubePlan,
    o: { timeoutMs: number; progress?: (v: RolloutView) => void },
    record: (p: "confirmed" | "failed", d: string, kubectl?: string) => Promise<void>,
  ): Promise<KubeActResult> {
    const k = this.k;
    const end = this.d.clock.now() + o.timeoutMs;
    const realEnd = performance.now() + o.timeoutMs;
    const status = k.kubectl(`rollout status DEPLOY --timeout=${Math.round(o.timeoutMs / 1000)}s`);
    const fail = async (why: string, kubectl?: string): Promise<KubeActResult> => {
      const text = `set-image NOT confirmed: ${why} (image ${plan.image})`;
      await record("failed", text, kubectl);
      return { ok: false, sent: true, text, ...(kubectl ? { kubectl } : {}) };
    };
    let lastError = "";
    for (;;) {
      if ((this.d.actor?.rollbackEpoch ?? 0) !== plan.epoch)
        return fail("a rollback was asked for while the rollout ran");
      const fence = await this.d.fence?.read().catch(() => undefined);
      if (fence && plan.fence && fence.rollbacks > plan.fence.rollbacks)
        return fail("a rollback in another process came while the rollout ran");
      let v: RolloutView | undefined;
      try {
        v = await k.rollouts.read(k.namespace, k.deployment);
        o.progress?.(v);
      } catch (e) {
        lastError = describe(e);
      }
      if (v) {
        const verdict = judgeRollout(v);
        const images = v.revisions.find((r) => r.revision === v.revision)?.images;
        const mine = !!images?.includes(plan.image!);
        if (verdict.state === "complete" && mine) {
          const text = `set-image confirmed: rollout complete on revision ${v.revision} (${images?.join(", ")}), ${v.available}/${v.desired} available`;
          await record("confirmed", text);
          return { ok: true, sent: true, text };
        }
        const causes = verdict.causes.length ? ` — ${verdict.causes.slice(0, 2).join("; ")}` : "";
        if (verdict.state === "failed")
          return fail(`its progress deadline passed (ProgressDeadlineExceeded)${causes}`);
        if (verdict.state === "complete")
          return fail(`the Deployment now runs ${images?.join(", ") ?? "?"}, not ${plan.image}`);
        if (verdict.state === "paused") return fail(`the rollout was paused before it completed${causes}`);
        lastError = `${verdict.state}: ${verdict.summary}${causes}`;
      }
      if (this.d.clock.now() >= end || performance.now() >= realEnd)
        return fail(`not complete after ${Math.round(o.timeoutMs / 1000)} s (${lastError})`, status);
      await this.d.clock.sleep(this.d.pollMs);
    }
  }
}
