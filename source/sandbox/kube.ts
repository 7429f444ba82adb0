/**
 * A Kubernetes API server for what golive and kubectl need: discovery; nodes, namespaces, pods,
 * events, ReplicaSets and Deployments with list, get, label/field selectors and watch (for
 * `kubectl rollout status`); PATCH in all three flavours and PUT on Deployments (set image, undo,
 * pause/resume), the scale subresource (`kubectl scale`), and Table output for `kubectl get`.
 * Deployments are driven by the rollout controller in k8s/cluster.ts on the sandbox clock.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Cluster, key } from "./k8s/cluster.js";
import { writeDeployment } from "./k8s/deployment-write.js";
import { discovery } from "./k8s/discovery.js";
import { Infra } from "./k8s/infra.js";
import { IngressController } from "./k8s/ingress.js";
import { writeIngress } from "./k8s/ingress-api.js";
import { listResponse } from "./k8s/list.js";
import type { Obj } from "./k8s/object-types.js";
import { statusBody } from "./k8s/objects.js";
import { IMAGE_BEHAVIOURS, type ImageBehaviour } from "./k8s/pods.js";
import { forbidden } from "./k8s/rbac.js";
import { deploymentObject, eventObject, podObject, replicaSetObject, scaleObject } from "./k8s/render.js";
import { notFound, wantsTable } from "./k8s/requests.js";
import { table } from "./k8s/table.js";
import type { World } from "./world.js";

const PATH =
  /^\/(?:api\/v1|apis\/apps\/v1|apis\/networking\.k8s\.io\/v1)(?:\/namespaces\/([^/]+))?\/(nodes|namespaces|pods|events|services|deployments|replicasets|ingresses)(?:\/([^/]+))?(?:\/(status|scale))?$/;

export class KubeApi {
  readonly cluster: Cluster;
  /** The AWS Load Balancer Controller and the Ingress it reconciles into the listener. */
  readonly ingress: IngressController;
  private readonly infra: Infra;

  constructor(
    private world: World,
    private serverUrl: () => string,
  ) {
    this.infra = new Infra(world);
    const nodeReady = (n: string) => !world.faults.notReadyNodes.has(n);
    this.cluster = new Cluster(
      { namespace: world.kube.namespace, deployments: world.kube.deployments },
      () => world.clock.now(),
      () => this.infra.nodeNames(),
      nodeReady,
      world.clock.now(),
    );
    this.ingress = new IngressController(
      {
        now: () => world.clock.now(),
        actions: () => world.alb.listener.actions,
        setActions: (a) => world.setListenerActions(a),
        targetGroupArns: () => [...world.alb.targetGroups.keys()],
        dns: world.alb.loadBalancer.dns,
      },
      this.cluster.events,
    );
    const ing = world.kube.ingress;
    if (ing) this.ingress.seed(world.kube.namespace, ing.name, ing.action, ing.delaySeconds * 1000);
    world.onAdvance.push(() => this.ingress.advance());
  }

  nodeNames(): string[] {
    return this.infra.nodeNames();
  }

  /** Fault injection: pods started from this image from now on crash, fail to pull, get OOM-killed or stay unscheduled. */
  setImageFault(image: string, behaviour: ImageBehaviour): void {
    if (!IMAGE_BEHAVIOURS.includes(behaviour)) throw new Error(`unknown image behaviour "${behaviour}"`);
    if (behaviour === "ok") this.cluster.imageFaults.delete(image);
    else this.cluster.imageFaults.set(image, behaviour);
    this.world.record({ kind: "fault", detail: { image, behaviour } });
  }

  /** Every object of a resource, as the API shows it now. */
  items(resource: string): Obj[] {
    const c = this.cluster;
    const nodeReady = (n: string) => !this.world.faults.notReadyNodes.has(n);
    switch (resource) {
      case "nodes":
        return this.infra.nodes();
      case "namespaces":
        return this.infra.namespaces();
      case "pods":
        return [...c.pods.values()].map((p) => podObject(c, p, nodeReady));
      case "deployments":
        return [...c.deployments.values()].map((d) => deploymentObject(c, d));
      case "replicasets":
        return [...c.replicaSets.values()].map((r) => replicaSetObject(c, r));
      case "ingresses":
        return [...this.ingress.ingresses.values()].map((i) => this.ingress.object(i));
      case "events":
        return [...this.infra.nodeEvents(), ...[...c.events.values()].map((e) => eventObject(c, e))];
      default:
        return [];
    }
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.world.advance();
    this.cluster.advance();
    const url = new URL(req.url ?? "/", "http://sandbox");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    this.world.record({ kind: "kube", operation: `${req.method} ${path}${url.search}`, status: 200 });
    const found = discovery(path, this.world.kube.version, this.serverUrl);
    if (found !== undefined) {
      if (typeof found === "string") {
        res.writeHead(200, { "content-type": "text/plain" });
        return void res.end(found);
      }
      return send(200, found);
    }
    const m = PATH.exec(path);
    if (!m) return send(404, statusBody(404, "NotFound", "the server could not find the requested resource"));
    const [, ns, resource, name, sub] = m as unknown as [
      string,
      string | undefined,
      string,
      string | undefined,
      string | undefined,
    ];
    const watch = ["true", "1"].includes(url.searchParams.get("watch") ?? "");
    const denied = forbidden(this.world.faults.kubeDenied, {
      method: req.method ?? "GET",
      namespace: ns,
      resource,
      name,
      sub,
      watch,
    });
    if (denied) return send(403, denied);
    if (req.method === "PATCH" || req.method === "PUT") return this.write(req, ns, resource, name, sub, send);
    if (req.method !== "GET")
      return send(
        405,
        statusBody(
          405,
          "MethodNotAllowed",
          "the server does not allow this method on the requested resource",
        ),
      );
    const inNamespace = (items: Obj[]) =>
      ns && resource !== "nodes" && resource !== "namespaces"
        ? items.filter((i) => i.metadata.namespace === ns)
        : items;
    if (name) {
      const found = inNamespace(this.items(resource)).find((i) => i.metadata.name === name);
      if (!found) return send(404, notFound(resource, name));
      if (sub === "scale") {
        const dep = this.cluster.deployments.get(key(ns ?? "", name));
        return dep ? send(200, scaleObject(this.cluster, dep)) : send(404, notFound(resource, name));
      }
      if (wantsTable(req))
        return send(200, table(resource, [found], this.world.clock.now(), this.cluster.resourceVersion));
      return send(200, found);
    }
    return listResponse(req, res, url, resource, () => inNamespace(this.items(resource)), {
      now: () => this.world.clock.now(),
      resourceVersion: () => this.cluster.resourceVersion,
      step: () => {
        this.world.advance();
        this.cluster.advance();
      },
    });
  }

  private write(
    req: IncomingMessage,
    ns: string | undefined,
    resource: string,
    name: string | undefined,
    sub: string | undefined,
    send: (code: number, body: unknown) => void,
  ): void {
    const recorded = (what: string) => (patch: string) =>
      this.world.record({
        kind: "kube",
        operation: `${req.method} ${what} ${ns}/${name}`,
        status: 200,
        detail: { patch },
      });
    if (resource === "ingresses" && name && ns)
      return writeIngress(this.ingress, req, ns, name, send, recorded("ingress"));
    const dep = name && ns ? this.cluster.deployments.get(key(ns, name)) : undefined;
    if (resource !== "deployments" || !name || !ns || sub === "status")
      return send(
        405,
        statusBody(
          405,
          "MethodNotAllowed",
          "the server does not allow this method on the requested resource",
        ),
      );
    if (!dep) return send(404, notFound(resource, name));
    writeDeployment(this.cluster, req, dep, { name, sub }, send, recorded("deployment"));
  }
}
