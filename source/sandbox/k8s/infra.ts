/** Nodes, namespaces and node events: the parts of the cluster that follow the sandbox's faults, not a controller. */
import type { World } from "../world.js";
import type { Meta, Obj } from "./object-types.js";
import { uidOf } from "./template-hash.js";

export class Infra {
  private readonly start: number;
  constructor(private world: World) {
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

  nodeEvents(): Obj[] {
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
    return out;
  }
}
