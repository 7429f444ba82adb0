/**
 * The team's CD pipeline in a rehearsal: at a set sandbox time it rolls out a new image of a
 * Deployment, as `kubectl set image` from a pipeline would (a new template, a new revision with its
 * change-cause). golive plays no part in it: the cockpit only sees the rollout happen.
 */
import { type Cluster, key } from "./cluster.js";
import { CHANGE_CAUSE } from "./objects.js";

export function rollOutImage(cluster: Cluster, namespace: string, name: string, image: string): void {
  const dep = cluster.deployments.get(key(namespace, name));
  if (!dep) throw new Error(`no Deployment ${namespace}/${name} in the sandbox`);
  const template = structuredClone(dep.spec.template);
  template.spec.containers = template.spec.containers.map((c, i) => (i === 0 ? { ...c, image } : c));
  cluster.updateDeployment(dep, {
    spec: { ...dep.spec, template },
    labels: dep.labels,
    annotations: { ...dep.annotations, [CHANGE_CAUSE]: `CD pipeline: set image ${image}` },
  });
}

/** Runs `rollOutImage` once the sandbox clock reaches `at` (checked often; a stopped sandbox stops it). */
export function scheduleRollOut(
  cluster: Cluster,
  at: number,
  target: { namespace: string; name: string; image: string },
): () => void {
  const t = setInterval(() => {
    if (cluster.now() < at) return;
    clearInterval(t);
    rollOutImage(cluster, target.namespace, target.name, target.image);
  }, 100);
  t.unref();
  return () => clearInterval(t);
}
