/** The exact kubectl command a record offers for a Kubernetes action (shell-quoted, config's context and namespace). */
import type { EnvConfig } from "../domain/config.js";

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `args` may say DEPLOY for deployment/NAME. */
export function kubectlFor(k: NonNullable<EnvConfig["kubernetes"]>, deployment: string) {
  const base = [
    "kubectl",
    ...(k.kubeconfig ? [`--kubeconfig ${q(k.kubeconfig)}`] : []),
    ...(k.context ? [`--context ${q(k.context)}`] : []),
    `-n ${q(k.namespace)}`,
  ].join(" ");
  return (args: string) => `${base} ${args.replace("DEPLOY", q(`deployment/${deployment}`))}`;
}
