/** `golive k8s` arguments: the Deployment targeted, its read, the timeout, and API errors as refusals. */
import type { EnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { RolloutView } from "../domain/rollout-views.js";
import { KubeCallError } from "../integrations/kubernetes/client.js";
import { KubeRollouts } from "../integrations/kubernetes/rollouts.js";
import type { GlobalOpts } from "./context.js";
import { kubectlFor } from "./kubectl.js";

export type K8sOpts = GlobalOpts & { deployment?: string; timeout?: string; yes?: boolean; reason?: string };

export interface Target {
  rollouts: KubeRollouts;
  namespace: string;
  deployment: string;
  container?: string;
  kubectl: (args: string) => string;
}

export function targetOf(config: EnvConfig, o: K8sOpts): Target {
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

export async function read(t: Target): Promise<RolloutView> {
  try {
    return await t.rollouts.read(t.namespace, t.deployment);
  } catch (e) {
    throw apiError(e, t);
  }
}

export function apiError(e: unknown, t: Target): UserError {
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

export function timeoutOf(o: K8sOpts): number {
  const s = Number(o.timeout ?? "600");
  if (!(s > 0 && s <= 86400))
    throw new UserError(`--timeout must be 1 to 86400 seconds, got "${o.timeout}"`, ExitCode.usage);
  return s * 1000;
}
