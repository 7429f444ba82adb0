/**
 * A Kubernetes API server for what golive and kubectl need: discovery, nodes, namespaces, pods,
 * deployments (with status and watch, for `kubectl rollout status`), events, and Table output so
 * `kubectl get` prints its usual columns.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { World } from "./world.js";

interface Meta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  generation?: number;
}

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: unknown;
  status?: unknown;
  [k: string]: unknown;
};

const RESOURCES_V1 = [
  {
    name: "nodes",
    singularName: "node",
    namespaced: false,
    kind: "Node",
    verbs: ["get", "list", "watch"],
    shortNames: ["no"],
  },
  {
    name: "namespaces",
    singularName: "namespace",
    namespaced: false,
    kind: "Namespace",
    verbs: ["get", "list", "watch"],
    shortNames: ["ns"],
  },
  {
    name: "pods",
    singularName: "pod",
    namespaced: true,
    kind: "Pod",
    verbs: ["get", "list", "watch"],
    shortNames: ["po"],
  },
  {
    name: "events",
    singularName: "event",
    namespaced: true,
    kind: "Event",
    verbs: ["get", "list", "watch"],
    shortNames: ["ev"],
  },
  {
    name: "services",
    singularName: "service",
    namespaced: true,
    kind: "Service",
    verbs: ["get", "list", "watch"],
    shortNames: ["svc"],
  },
];
const RESOURCES_APPS = [
  {
    name: "deployments",
    singularName: "deployment",
    namespaced: true,
    kind: "Deployment",
    verbs: ["get", "list", "watch"],
    shortNames: ["deploy"],
    categories: ["all"],
  },
  { name: "deployments/status", singularName: "", namespaced: true, kind: "Deployment", verbs: ["get"] },
];

export class KubeApi {
  private readonly start: number;
  constructor(
    private world: World,
    private serverUrl: () => string,
  ) {
    this.start = world.createdAt - 30 * 86_400_000;
  }

  nodeNames(): string[] {
    return Array.from(
      { length: this.world.kube.nodes },
      (_, i) => `ip-10-0-${1 + (i % 3)}-${11 + i}.${this.world.region}.compute.internal`,
    );
  }

  private meta(
    name: string,
    namespace?: string,
    labels?: Record<string, string>,
    createdAt = this.start,
  ): Meta {
    return {
      name,
      ...(namespace ? { namespace } : {}),
      uid: uidOf(`${namespace ?? ""}/${name}`),
      resourceVersion: String(1000 + this.world.log.length),
      creationTimestamp: new Date(createdAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      ...(labels ? { labels } : {}),
    };
  }

  nodes(): Obj[] {
    const now = new Date(this.world.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    return this.nodeNames().map((name, i) => {
      const ready = !this.world.faults.notReadyNodes.has(name);
      return {
        apiVersion: "v1",
        kind: "Node",
        metadata: this.meta(name, undefined, {
          "kubernetes.io/hostname": name,
          "node.kubernetes.io/instance-type": "m6i.xlarge",
          "topology.kubernetes.io/zone": `${this.world.region}${"abc"[i % 3]}`,
          "eks.amazonaws.com/nodegroup": `${this.world.kube.cluster}-ng`,
        }),
        spec: { providerID: `aws:///${this.world.region}a/i-0${(i + 1).toString(16).padStart(16, "0")}` },
        status: {
          capacity: { cpu: "4", memory: "16002048Ki", pods: "58" },
          allocatable: { cpu: "3920m", memory: "15306752Ki", pods: "58" },
          conditions: [
            {
              type: "MemoryPressure",
              status: "False",
              reason: "KubeletHasSufficientMemory",
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
            {
              type: "DiskPressure",
              status: "False",
              reason: "KubeletHasNoDiskPressure",
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
            {
              type: "PIDPressure",
              status: "False",
              reason: "KubeletHasSufficientPID",
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
            ready
              ? {
                  type: "Ready",
                  status: "True",
                  reason: "KubeletReady",
                  message: "kubelet is posting ready status",
                  lastHeartbeatTime: now,
                  lastTransitionTime: now,
                }
              : {
                  type: "Ready",
                  status: "Unknown",
                  reason: "NodeStatusUnknown",
                  message: "Kubelet stopped posting node status.",
                  lastHeartbeatTime: now,
                  lastTransitionTime: now,
                },
          ],
          addresses: [
            { type: "InternalIP", address: `10.0.${1 + (i % 3)}.${11 + i}` },
            { type: "Hostname", address: name },
          ],
          nodeInfo: {
            kubeletVersion: `${this.world.kube.version}-eks-1a2b3c4`,
            osImage: "Amazon Linux 2023",
            containerRuntimeVersion: "containerd://1.7.22",
            architecture: "amd64",
            operatingSystem: "linux",
          },
        },
      };
    });
  }

  namespaces(): Obj[] {
    return ["default", "kube-system", this.world.kube.namespace].map((n) => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: this.meta(n, undefined, { "kubernetes.io/metadata.name": n }),
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    }));
  }

  pods(): Obj[] {
    const nodes = this.nodeNames();
    const out: Obj[] = [];
    let k = 0;
    for (const d of this.world.kube.deployments) {
      const hash = uidOf(d.name).slice(0, 10).replace(/-/g, "");
      for (let r = 0; r < d.replicas; r++) {
        const node = nodes[k++ % nodes.length]!;
        const ready = !this.world.faults.notReadyNodes.has(node);
        const name = `${d.name}-${hash}-${uidOf(`${d.name}${r}`).slice(0, 5)}`;
        out.push({
          apiVersion: "v1",
          kind: "Pod",
          metadata: this.meta(
            name,
            this.world.kube.namespace,
            { ...d.labels, "pod-template-hash": hash },
            this.world.createdAt - 3_600_000,
          ),
          spec: { nodeName: node, containers: [{ name: d.name, image: d.image }] },
          status: {
            phase: "Running",
            podIP: `10.0.${10 + (k % 5)}.${20 + k}`,
            conditions: [
              { type: "Ready", status: ready ? "True" : "False" },
              { type: "ContainersReady", status: ready ? "True" : "False" },
            ],
            containerStatuses: [
              {
                name: d.name,
                ready,
                restartCount: 0,
                image: d.image,
                state: { running: { startedAt: new Date(this.world.createdAt - 3_600_000).toISOString() } },
              },
            ],
            startTime: new Date(this.world.createdAt - 3_600_000).toISOString(),
          },
        });
      }
    }
    return out;
  }

  deployments(): Obj[] {
    const pods = this.pods();
    return this.world.kube.deployments.map((d) => {
      const mine = pods.filter((p) =>
        Object.entries(d.labels).every(([k, v]) => p.metadata.labels?.[k] === v),
      );
      const ready = mine.filter(
        (p) => (p.status as { containerStatuses: { ready: boolean }[] }).containerStatuses[0]!.ready,
      ).length;
      return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { ...this.meta(d.name, this.world.kube.namespace, d.labels), generation: 1 },
        spec: {
          replicas: d.replicas,
          selector: { matchLabels: d.labels },
          template: {
            metadata: { labels: d.labels },
            spec: { containers: [{ name: d.name, image: d.image }] },
          },
        },
        status: {
          observedGeneration: 1,
          replicas: d.replicas,
          updatedReplicas: d.replicas,
          readyReplicas: ready,
          availableReplicas: ready,
          ...(ready < d.replicas ? { unavailableReplicas: d.replicas - ready } : {}),
          conditions: [
            {
              type: "Available",
              status: ready >= d.replicas ? "True" : "False",
              reason: ready >= d.replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
              message:
                ready >= d.replicas
                  ? "Deployment has minimum availability."
                  : "Deployment does not have minimum availability.",
            },
            {
              type: "Progressing",
              status: "True",
              reason: "NewReplicaSetAvailable",
              message: `ReplicaSet "${d.name}" has successfully progressed.`,
            },
          ],
        },
      };
    });
  }

  events(): Obj[] {
    const out: Obj[] = [];
    const ns = this.world.kube.namespace;
    for (const e of this.world.log.filter((l) => l.kind === "fault" && l.detail?.node)) {
      const node = String(e.detail!.node);
      const ready = Boolean(e.detail!.ready);
      out.push({
        apiVersion: "v1",
        kind: "Event",
        metadata: this.meta(`${node}.${e.seq.toString(16)}`, ns, undefined, e.at),
        involvedObject: { kind: "Node", name: node },
        reason: ready ? "NodeReady" : "NodeNotReady",
        message: ready ? `Node ${node} status is now: NodeReady` : `Node ${node} status is now: NodeNotReady`,
        type: ready ? "Normal" : "Warning",
        count: 1,
        firstTimestamp: new Date(e.at).toISOString().replace(/\.\d{3}Z$/, "Z"),
        lastTimestamp: new Date(e.at).toISOString().replace(/\.\d{3}Z$/, "Z"),
        source: { component: "node-controller" },
      });
    }
    for (const d of this.world.kube.deployments) {
      out.push({
        apiVersion: "v1",
        kind: "Event",
        metadata: this.meta(`${d.name}.scaled`, ns, undefined, this.world.createdAt - 3_600_000),
        involvedObject: { kind: "Deployment", name: d.name, namespace: ns },
        reason: "ScalingReplicaSet",
        message: `Scaled up replica set ${d.name} to ${d.replicas}`,
        type: "Normal",
        count: 1,
        firstTimestamp: new Date(this.world.createdAt - 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        lastTimestamp: new Date(this.world.createdAt - 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        source: { component: "deployment-controller" },
      });
    }
    return out;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.world.advance();
    const url = new URL(req.url ?? "/", "http://sandbox");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    this.world.record({ kind: "kube", operation: `${req.method} ${path}${url.search}`, status: 200 });
    if (req.method !== "GET")
      return send(
        405,
        status(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`),
      );
    if (path === "/version") {
      const [major, minor] = this.world.kube.version.replace(/^v/, "").split(".");
      return send(200, {
        major,
        minor,
        gitVersion: `${this.world.kube.version}-eks-golive-sandbox`,
        platform: "linux/amd64",
        goVersion: "go1.23.1",
        compiler: "gc",
      });
    }
    if (path === "/healthz" || path === "/readyz" || path === "/livez") {
      res.writeHead(200, { "content-type": "text/plain" });
      return void res.end("ok");
    }
    if (path === "/api") {
      return send(200, {
        kind: "APIVersions",
        versions: ["v1"],
        serverAddressByClientCIDRs: [
          { clientCIDR: "0.0.0.0/0", serverAddress: this.serverUrl().replace(/^https?:\/\//, "") },
        ],
      });
    }
    if (path === "/apis") {
      return send(200, {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: [
          {
            name: "apps",
            versions: [{ groupVersion: "apps/v1", version: "v1" }],
            preferredVersion: { groupVersion: "apps/v1", version: "v1" },
          },
        ],
      });
    }
    if (path === "/api/v1")
      return send(200, { kind: "APIResourceList", groupVersion: "v1", resources: RESOURCES_V1 });
    if (path === "/apis/apps/v1")
      return send(200, {
        kind: "APIResourceList",
        apiVersion: "v1",
        groupVersion: "apps/v1",
        resources: RESOURCES_APPS,
      });

    const m =
      /^\/api\/v1(?:\/namespaces\/([^/]+))?\/(nodes|namespaces|pods|events|services)(?:\/([^/]+))?(\/status)?$/.exec(
        path,
      ) ?? /^\/apis\/apps\/v1(?:\/namespaces\/([^/]+))?\/(deployments)(?:\/([^/]+))?(\/status)?$/.exec(path);
    if (!m) return send(404, status(404, "NotFound", "the server could not find the requested resource"));
    const [, ns, resource, name] = m as unknown as [string, string | undefined, string, string | undefined];
    if (ns && !this.namespaces().some((n) => n.metadata.name === ns) && resource !== "namespaces") {
      if (!name) return this.list(req, res, url, resource!, []);
    }
    let items: Obj[] =
      resource === "nodes"
        ? this.nodes()
        : resource === "namespaces"
          ? this.namespaces()
          : resource === "pods"
            ? this.pods()
            : resource === "deployments"
              ? this.deployments()
              : resource === "events"
                ? this.events()
                : [];
    if (ns && resource !== "nodes" && resource !== "namespaces")
      items = items.filter((i) => i.metadata.namespace === ns);
    if (name) {
      const found = items.find((i) => i.metadata.name === name);
      if (!found)
        return send(
          404,
          status(
            404,
            "NotFound",
            `${resource}${resource === "deployments" ? ".apps" : ""} "${name}" not found`,
            { name, kind: resource },
          ),
        );
      if (wantsTable(req)) return send(200, this.table(resource!, [found]));
      return send(200, found);
    }
    return this.list(req, res, url, resource!, items);
  }

  private list(req: IncomingMessage, res: ServerResponse, url: URL, resource: string, all: Obj[]) {
    let items = all;
    const labelSelector = url.searchParams.get("labelSelector");
    if (labelSelector) {
      const match = parseSelector(labelSelector);
      if (!match) {
        res.writeHead(400, { "content-type": "application/json" });
        return void res.end(
          JSON.stringify(
            status(
              400,
              "BadRequest",
              `unable to parse requirement: invalid label selector "${labelSelector}"`,
            ),
          ),
        );
      }
      items = items.filter((i) => match(i.metadata.labels ?? {}));
    }
    const fieldSelector = url.searchParams.get("fieldSelector");
    if (fieldSelector) {
      for (const part of fieldSelector.split(",")) {
        const [k, v] = part.split(/!?=/);
        const neg = part.includes("!=");
        const get = (o: Obj) =>
          k === "metadata.name"
            ? o.metadata.name
            : k === "metadata.namespace"
              ? o.metadata.namespace
              : k === "involvedObject.name"
                ? (o.involvedObject as { name?: string })?.name
                : undefined;
        items = items.filter((o) => (get(o) === v) !== neg);
      }
    }
    const kind =
      {
        nodes: "Node",
        namespaces: "Namespace",
        pods: "Pod",
        deployments: "Deployment",
        events: "Event",
        services: "Service",
      }[resource] ?? "Unknown";
    const apiVersion = resource === "deployments" ? "apps/v1" : "v1";
    const rv = String(1000 + this.world.log.length);
    const watch = url.searchParams.get("watch");
    if (watch === "true" || watch === "1") {
      res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
      for (const it of items) res.write(`${JSON.stringify({ type: "ADDED", object: it })}\n`);
      const timeout = Math.min(Number(url.searchParams.get("timeoutSeconds") ?? 60), 300) * 1000;
      const t = setTimeout(() => res.end(), timeout);
      t.unref();
      res.on("close", () => clearTimeout(t));
      return;
    }
    if (wantsTable(req)) {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify(this.table(resource, items)));
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ kind: `${kind}List`, apiVersion, metadata: { resourceVersion: rv }, items }));
  }

  private table(resource: string, items: Obj[]) {
    const now = this.world.clock.now();
    const age = (o: Obj) => humanAge(now - Date.parse(o.metadata.creationTimestamp));
    const col = (name: string, type = "string", format = "") => ({
      name,
      type,
      format,
      description: name,
      priority: 0,
    });
    let columnDefinitions: ReturnType<typeof col>[];
    let cells: (o: Obj) => unknown[];
    switch (resource) {
      case "nodes":
        columnDefinitions = [
          col("Name", "string", "name"),
          col("Status"),
          col("Roles"),
          col("Age"),
          col("Version"),
        ];
        cells = (o) => {
          const ready = (o.status as { conditions: { type: string; status: string }[] }).conditions.find(
            (c) => c.type === "Ready",
          )!;
          return [
            o.metadata.name,
            ready.status === "True" ? "Ready" : "NotReady",
            "<none>",
            age(o),
            (o.status as { nodeInfo: { kubeletVersion: string } }).nodeInfo.kubeletVersion,
          ];
        };
        break;
      case "pods":
        columnDefinitions = [
          col("Name", "string", "name"),
          col("Ready"),
          col("Status"),
          col("Restarts", "string"),
          col("Age"),
        ];
        cells = (o) => {
          const cs = (o.status as { containerStatuses: { ready: boolean }[] }).containerStatuses;
          return [
            o.metadata.name,
            `${cs.filter((c) => c.ready).length}/${cs.length}`,
            "Running",
            "0",
            age(o),
          ];
        };
        break;
      case "deployments":
        columnDefinitions = [
          col("Name", "string", "name"),
          col("Ready"),
          col("Up-to-date", "integer"),
          col("Available", "integer"),
          col("Age"),
        ];
        cells = (o) => {
          const s = o.status as {
            readyReplicas: number;
            replicas: number;
            updatedReplicas: number;
            availableReplicas: number;
          };
          return [
            o.metadata.name,
            `${s.readyReplicas}/${s.replicas}`,
            s.updatedReplicas,
            s.availableReplicas,
            age(o),
          ];
        };
        break;
      case "namespaces":
        columnDefinitions = [col("Name", "string", "name"), col("Status"), col("Age")];
        cells = (o) => [o.metadata.name, "Active", age(o)];
        break;
      case "events":
        columnDefinitions = [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Message")];
        cells = (o) => {
          const io = o.involvedObject as { kind: string; name: string };
          return [
            humanAge(now - Date.parse(String(o.lastTimestamp))),
            o.type,
            o.reason,
            `${io.kind.toLowerCase()}/${io.name}`,
            o.message,
          ];
        };
        break;
      default:
        columnDefinitions = [col("Name", "string", "name"), col("Age")];
        cells = (o) => [o.metadata.name, age(o)];
    }
    return {
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      metadata: { resourceVersion: String(1000 + this.world.log.length) },
      columnDefinitions,
      rows: items.map((o) => ({
        cells: cells(o),
        object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata },
      })),
    };
  }
}

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(String(req.headers.accept ?? ""));
}

function status(code: number, reason: string, message: string, details?: unknown) {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** Equality (`a=b`, `a==b`, `a!=b`), set (`a in (x,y)`, `a notin (x)`) and existence (`a`, `!a`). */
export function parseSelector(sel: string): ((labels: Record<string, string>) => boolean) | undefined {
  const parts = sel.match(/(?:[^,(]+|\([^)]*\))+/g) ?? [];
  const tests: ((l: Record<string, string>) => boolean)[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    const eq = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(p);
    const set = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p);
    const exists = /^(!?)([\w./-]+)$/.exec(p);
    if (eq) {
      const [, k, op, v] = eq as unknown as [string, string, string, string];
      tests.push((l) => (op === "!=" ? l[k] !== v : l[k] === v));
    } else if (set) {
      const [, k, op, vs] = set as unknown as [string, string, string, string];
      const values = new Set(vs.split(",").map((s) => s.trim()));
      tests.push((l) => (op === "in" ? values.has(l[k] ?? "\0") : !values.has(l[k] ?? "\0")));
    } else if (exists) {
      const [, neg, k] = exists as unknown as [string, string, string];
      tests.push((l) => k in l !== (neg === "!"));
    } else return undefined;
  }
  return (l) => tests.every((t) => t(l));
}

function humanAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function uidOf(s: string): string {
  let h = 2166136261;
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) {
    for (const c of `${s}#${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    bytes.push((h >>> 0) & 0xff);
  }
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
