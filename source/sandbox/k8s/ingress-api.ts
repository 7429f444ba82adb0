/**
 * networking.k8s.io/v1 on the sandbox's API server: discovery, and PATCH (all three flavours) and
 * PUT on an Ingress — what `kubectl annotate ingress` and golive send to move the weights.
 */
import type { IncomingMessage } from "node:http";
import type { IngressController } from "./ingress.js";
import type { Obj } from "./object-types.js";
import { applyPatch } from "./patch.js";
import { notFound, sendWriteError } from "./requests.js";

export const NETWORKING_GROUP = {
  name: "networking.k8s.io",
  versions: [{ groupVersion: "networking.k8s.io/v1", version: "v1" }],
  preferredVersion: { groupVersion: "networking.k8s.io/v1", version: "v1" },
};

export const NETWORKING_RESOURCES = {
  kind: "APIResourceList",
  apiVersion: "v1",
  groupVersion: "networking.k8s.io/v1",
  resources: [
    {
      name: "ingresses",
      singularName: "ingress",
      namespaced: true,
      kind: "Ingress",
      verbs: ["get", "list", "watch", "patch", "update"],
      shortNames: ["ing"],
    },
  ],
};

export function writeIngress(
  ctrl: IngressController,
  req: IncomingMessage,
  ns: string,
  name: string,
  send: (code: number, body: unknown) => void,
  record: (patch: string) => void,
): void {
  const ing = ctrl.ingresses.get(`${ns}/${name}`);
  if (!ing) return send(404, notFound("ingresses", name));
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (c: string) => {
    body += c;
  });
  req.on("end", () => {
    try {
      const current = ctrl.object(ing);
      const contentType = String(req.headers["content-type"] ?? "application/json");
      const next = (req.method === "PUT" ? JSON.parse(body) : applyPatch(current, contentType, body)) as Obj;
      if (new URL(req.url ?? "/", "http://sandbox").searchParams.get("dryRun") !== "All") {
        ctrl.update(ing, next);
        record(body.slice(0, 2000));
      }
      return send(200, ctrl.object(ing));
    } catch (e) {
      sendWriteError(e, send);
    }
  });
}
