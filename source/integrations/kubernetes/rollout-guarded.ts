/**
 * Writes that apply only to the Deployment the lead saw: a JSON patch that first tests
 * metadata.generation, so the API server refuses it (and applies nothing) if anything changed.
 */
import { PatchStrategy } from "@kubernetes/client-node";
import { DeploymentChanged, type Guard } from "../../domain/rollout-port.js";
import { KubeCallError, type KubeClient } from "./client.js";

type JsonPatchOp = { op: string; path: string; value: unknown };

/**
 * The guarded `set image`: the container's index comes from a read, and the JSON patch tests the
 * generation and the container's name before it replaces the image, so the API server applies it
 * only to the Deployment the lead saw (a test that fails applies nothing).
 */
export async function setImageGuarded(
  k: KubeClient,
  target: { namespace: string; name: string; container: string; image: string },
  guard: Guard,
): Promise<void> {
  const { namespace, name, container, image } = target;
  const dep = await k.call(`read deployment ${namespace}/${name}`, (o) =>
    k.apps.readNamespacedDeployment({ name, namespace }, o),
  );
  if ((dep.metadata?.generation ?? 0) !== guard.ifGeneration)
    throw new DeploymentChanged(dep.metadata?.generation);
  const i = (dep.spec?.template?.spec?.containers ?? []).findIndex((c) => c.name === container);
  if (i < 0) throw new KubeCallError(`${namespace}/${name} has no container "${container}"`);
  const at = `/spec/template/spec/containers/${i}`;
  await guardedPatch(k, namespace, name, guard, [
    { op: "test", path: `${at}/name`, value: container },
    { op: "replace", path: `${at}/image`, value: image },
  ]);
}

/** `ops` after a test of the generation; a failed test is DeploymentChanged. */
export async function guardedPatch(
  k: KubeClient,
  namespace: string,
  name: string,
  guard: Guard,
  ops: JsonPatchOp[],
): Promise<void> {
  const body = [{ op: "test", path: "/metadata/generation", value: guard.ifGeneration }, ...ops];
  try {
    await k.call(
      `patch deployment ${namespace}/${name}`,
      (o) => k.apps.patchNamespacedDeployment({ name, namespace, body }, o),
      PatchStrategy.JsonPatch,
    );
  } catch (e) {
    // The API server answers a failed JSON-patch test with 422 "testing value … failed".
    if (e instanceof KubeCallError && e.status === 422 && /testing value/i.test(e.message))
      throw new DeploymentChanged();
    throw e;
  }
}
