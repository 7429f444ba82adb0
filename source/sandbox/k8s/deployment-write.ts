/**
 * PATCH (all three flavours) and PUT on a Deployment or its scale subresource: what `kubectl set
 * image`, `rollout undo`, `rollout pause/resume` and `scale` send, with `?dryRun=All` answered
 * without changing anything.
 */
import type { IncomingMessage } from "node:http";
import type { Cluster, DeploymentState } from "./cluster.js";
import type { DeploymentSpec, Obj } from "./object-types.js";
import { applyPatch } from "./patch.js";
import { deploymentObject } from "./render.js";
import { invalid, sendWriteError, validateDeployment } from "./requests.js";
import { writeScale } from "./scale-write.js";

/** Reads the request body, applies it to `dep`, answers through `send`; `recorded` hears each real (not dry-run) change. */
export function writeDeployment(
  cluster: Cluster,
  req: IncomingMessage,
  dep: DeploymentState,
  target: { name: string; sub: string | undefined },
  send: (code: number, body: unknown) => void,
  recorded: (patch: string) => void,
): void {
  const { name, sub } = target;
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (c: string) => {
    body += c;
  });
  req.on("end", () => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const dryRun = url.searchParams.get("dryRun") === "All";
    try {
      const contentType = String(req.headers["content-type"] ?? "application/json");
      if (sub === "scale")
        return writeScale(cluster, dep, { method: req.method, contentType, body, name, dryRun }, send);
      const current = deploymentObject(cluster, dep);
      const next = (req.method === "PUT" ? JSON.parse(body) : applyPatch(current, contentType, body)) as Obj;
      const problem = validateDeployment(next, current);
      if (problem) return send(422, invalid(name, problem.field, problem.message));
      const update = {
        spec: next.spec as DeploymentSpec,
        labels: next.metadata.labels ?? {},
        annotations: next.metadata.annotations ?? {},
      };
      if (dryRun)
        return send(200, {
          ...current,
          spec: update.spec,
          metadata: { ...current.metadata, ...next.metadata },
        });
      cluster.updateDeployment(dep, update);
      recorded(body.slice(0, 2000));
      return send(200, deploymentObject(cluster, dep));
    } catch (e) {
      sendWriteError(e, send);
    }
  });
}
