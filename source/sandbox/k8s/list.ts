/**
 * GET on a collection: label and field selectors, then a `<Kind>List`, a Table for `kubectl get`,
 * or a watch stream when `?watch=true`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Obj } from "./object-types.js";
import { statusBody } from "./objects.js";
import { fieldFilter, parseSelector, wantsTable } from "./requests.js";
import { table } from "./table.js";
import { watchStream } from "./watch.js";

const KINDS: Record<string, string> = {
  nodes: "Node",
  namespaces: "Namespace",
  pods: "Pod",
  deployments: "Deployment",
  replicasets: "ReplicaSet",
  events: "Event",
  services: "Service",
  ingresses: "Ingress",
};

/** What a list answer reads of the cluster: the clock, the resource version, and how to move both on. */
export interface ListView {
  now(): number;
  resourceVersion(): string;
  step(): void;
}

export function listResponse(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  resource: string,
  all: () => Obj[],
  view: ListView,
): void {
  const labelSelector = url.searchParams.get("labelSelector");
  const match = labelSelector ? parseSelector(labelSelector) : () => true;
  if (!match) {
    res.writeHead(400, { "content-type": "application/json" });
    return void res.end(
      JSON.stringify(
        statusBody(
          400,
          "BadRequest",
          `unable to parse requirement: invalid label selector "${labelSelector}"`,
        ),
      ),
    );
  }
  const fields = fieldFilter(url.searchParams.get("fieldSelector"));
  const select = () => all().filter((i) => match(i.metadata.labels ?? {}) && fields(i));
  const kind = KINDS[resource] ?? "Unknown";
  const apiVersion =
    resource === "ingresses"
      ? "networking.k8s.io/v1"
      : resource === "deployments" || resource === "replicasets"
        ? "apps/v1"
        : "v1";
  const watch = url.searchParams.get("watch");
  if (watch === "true" || watch === "1") return watchStream(res, url, select, view.step);
  const items = select();
  res.writeHead(200, { "content-type": "application/json" });
  if (wantsTable(req))
    return void res.end(JSON.stringify(table(resource, items, view.now(), view.resourceVersion())));
  res.end(
    JSON.stringify({
      kind: `${kind}List`,
      apiVersion,
      metadata: { resourceVersion: view.resourceVersion() },
      items,
    }),
  );
}
