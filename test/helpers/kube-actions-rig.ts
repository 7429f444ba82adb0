/**
 * A Deployment, the fence and the traffic actor in memory for engine/k8s-actions.ts: reads answer
 * from a queue (then the last view), guarded writes check the generation, and every record, write,
 * bump and sleep is kept.
 */
import { DeploymentChanged } from "../../source/domain/rollout-port.js";
import type { RevisionView, RolloutView } from "../../source/domain/rollout-views.js";
import { KubeActions } from "../../source/engine/k8s-actions.js";
import { rolloutView } from "./rollout-view.js";

export { DEADLINE } from "./rollout-view.js";

export const T = 1_700_000_000_000;
export const rev = (revision: number, images: string[]): RevisionView => ({
  revision,
  replicaSet: `web-rs${revision}`,
  images,
  desired: 2,
  ready: 2,
});
/** web on revision 3 (web:1.0), generation 7, complete. */
export const view = (o: Partial<RolloutView> = {}): RolloutView =>
  rolloutView({ readAt: T, revisions: [rev(2, ["web:0.9"]), rev(3, ["web:1.0"])], ...o });
/** The rollout of revision 4 (web:1.1): still progressing, then complete. */
export const rolling = view({
  generation: 8,
  observedGeneration: 8,
  revision: 4,
  updated: 1,
  revisions: [rev(4, ["web:1.1"])],
});
export const done = view({
  generation: 8,
  observedGeneration: 8,
  revision: 4,
  revisions: [rev(4, ["web:1.1"])],
});

/** A read's answer; an Error, or null (a client may reject with anything, even nothing), is thrown. */
type Read = RolloutView | Error | null;
export function rig(
  o: {
    container?: string;
    fence?: boolean;
    actor?: boolean;
    noWrites?: boolean;
    writeFails?: Error;
    /** A rehearsal clock that stands still: only real time ends a wait (a real millisecond a poll). */
    frozen?: boolean;
  } = {},
) {
  const reads: Read[] = [];
  let last = view();
  const writes: unknown[][] = [];
  const records: unknown[][] = [];
  const progress: (number | null)[] = [];
  const clock = {
    t: T,
    slept: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      if (o.frozen) await new Promise((r) => setTimeout(r, 1));
      else clock.t += ms;
    },
  };
  const fence = { rollbacks: 0, token: 1, bumps: [] as string[][], fail: false };
  const actor = { rollbackEpoch: 0, writer: "w-1", queued: [] as string[] };
  const guarded = (g: { ifGeneration: number }) => {
    if (o.writeFails) throw o.writeFails;
    if (g.ifGeneration !== last.generation) throw new DeploymentChanged(last.generation);
  };
  const rollouts = {
    read: async (ns: string, dep: string) => {
      if (ns !== "shop" || dep !== "web") throw new Error(`read ${ns}/${dep}`);
      const next = reads.length ? reads.shift()! : last;
      if (next === null || next instanceof Error) throw next;
      last = next;
      return next;
    },
    undo: async () => {},
    ...(o.noWrites
      ? {}
      : {
          setImage: async (
            ns: string,
            dep: string,
            c: string,
            image: string,
            g: { ifGeneration: number },
          ) => {
            guarded(g);
            writes.push(["setImage", ns, dep, c, image, g.ifGeneration]);
          },
          setPaused: async (ns: string, dep: string, paused: boolean, g: { ifGeneration: number }) => {
            guarded(g);
            writes.push(["setPaused", ns, dep, paused, g.ifGeneration]);
          },
        }),
  };
  const k = new KubeActions(
    {
      namespace: "shop",
      deployment: "web",
      kubectl: (args: string) => `kubectl -n shop ${args.replace("DEPLOY", "deployment/web")}`,
      rollouts: rollouts as never,
      ...(o.container ? { container: o.container } : {}),
    },
    {
      rec: { record: async (...a: unknown[]) => void records.push(a) } as never,
      clock,
      pollMs: 2000,
      ...(o.fence
        ? {
            fence: {
              read: async () => {
                if (fence.fail) throw new Error("S3 down");
                return { token: fence.token, kind: "x", writer: "w", at: 0, rollbacks: fence.rollbacks };
              },
              bump: async (kind: string, writer: string) => {
                fence.bumps.push([kind, writer]);
                return { token: ++fence.token, kind, writer, at: 0, rollbacks: fence.rollbacks };
              },
            },
          }
        : {}),
      ...(o.actor
        ? {
            actor: {
              get rollbackEpoch() {
                return actor.rollbackEpoch;
              },
              writer: actor.writer,
              enqueue: async (kind: string, fn: (i: unknown) => Promise<void>) => {
                actor.queued.push(kind);
                return fn({ kind });
              },
              other: async (_i: unknown, send: () => Promise<void>) => send(),
            } as never,
          }
        : {}),
    },
  );
  /** The phases and details recorded, in order. */
  const phases = () =>
    records.map((r) => {
      const d = r[1] as { phase: string; detail: string; kubectl?: string };
      return [d.phase, d.detail, ...(d.kubectl ? [d.kubectl] : [])];
    });
  const run = (p: Awaited<ReturnType<KubeActions["plan"]>>, timeoutMs = 60_000, heard = true) =>
    k.execute(p, { by: "ann", timeoutMs, ...(heard ? { progress: (v) => progress.push(v.revision) } : {}) });
  return { k, reads, writes, records, phases, clock, fence, actor, progress, run };
}
