/** A Deployment's rollout described, once or followed until it settles. */
import { judgeRollout } from "../domain/rollout.js";
import type { RolloutVerdict, RolloutView } from "../domain/rollout-views.js";
import { type Ctx, out } from "./context.js";
import { read, type Target } from "./k8s-target.js";

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

/** Read until the rollout completes (0), fails its deadline (7), or --timeout passes (7). */
export async function follow(
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
    await new Promise((r) => setTimeout(r, Number(ctx.env.GOLIVE_K8S_POLL_MS ?? 1000)));
  }
}
