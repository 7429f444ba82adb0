/** PATCH/PUT on a Deployment's scale subresource, as `kubectl scale` sends it. */
import type { Cluster, DeploymentState } from "./cluster.js";
import type { Obj } from "./object-types.js";
import { applyPatch } from "./patch.js";
import { scaleObject } from "./render.js";
import { invalid } from "./requests.js";

export function writeScale(
  cluster: Cluster,
  dep: DeploymentState,
  write: { method: string | undefined; contentType: string; body: string; name: string; dryRun: boolean },
  send: (code: number, body: unknown) => void,
): void {
  const { method, contentType, body, name, dryRun } = write;
  const scale = scaleObject(cluster, dep);
  const next = (method === "PUT" ? JSON.parse(body) : applyPatch(scale, contentType, body)) as Obj;
  const replicas = (next.spec as { replicas?: unknown })?.replicas;
  if (!Number.isInteger(replicas) || (replicas as number) < 0)
    return send(
      422,
      invalid(
        name,
        "spec.replicas",
        `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      ),
    );
  if (!dryRun)
    cluster.updateDeployment(dep, {
      spec: { ...dep.spec, replicas: replicas as number },
      labels: dep.labels,
      annotations: dep.annotations,
    });
  return send(200, scaleObject(cluster, dep));
}
