/**
 * RBAC as the API server enforces it, for fault injection: golive's service account may lack
 * verbs on resources, and every such request gets the 403 Status a real API server sends, worded
 * as it words it (`deployments.apps "web" is forbidden: User "…" cannot patch resource …`).
 */
import { statusBody } from "./objects.js";

export const SANDBOX_USER = "system:serviceaccount:golive:golive";

/** The API group of each resource the sandbox serves ("" = the core group). */
const GROUP: Record<string, string> = {
  deployments: "apps",
  replicasets: "apps",
  pods: "",
  events: "",
  nodes: "",
  namespaces: "",
  services: "",
};

export interface RbacRequest {
  method: string;
  namespace?: string;
  resource: string;
  name?: string;
  sub?: string;
  watch: boolean;
}

/** The verb and resource RBAC checks for a request (`deployments/scale` for the subresource). */
export function rbacOf(r: RbacRequest): { verb: string; resource: string; group: string } {
  const verb =
    r.method === "PATCH"
      ? "patch"
      : r.method === "PUT"
        ? "update"
        : r.watch
          ? "watch"
          : r.name
            ? "get"
            : "list";
  return { verb, resource: r.sub ? `${r.resource}/${r.sub}` : r.resource, group: GROUP[r.resource] ?? "" };
}

/** The 403 a real API server answers when `denied` holds the request's `verb resource`; else undefined. */
export function forbidden(denied: ReadonlySet<string>, r: RbacRequest): object | undefined {
  const { verb, resource, group } = rbacOf(r);
  if (!denied.has(`${verb} ${resource}`) && !denied.has(`* ${resource}`)) return undefined;
  const kind = group ? `${r.resource}.${group}` : r.resource;
  const what = r.name ? `${kind} "${r.name}"` : kind;
  const where = r.namespace ? ` in the namespace "${r.namespace}"` : " at the cluster scope";
  return statusBody(
    403,
    "Forbidden",
    `${what} is forbidden: User "${SANDBOX_USER}" cannot ${verb} resource "${resource}" in API group "${group}"${where}`,
  );
}
