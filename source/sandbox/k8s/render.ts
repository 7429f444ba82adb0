/** The cluster's state as API objects: what `kubectl get -o json` and client-node read. */
import type { Cluster, DeploymentState, ReplicaSetState } from "./cluster.js";
import type { EventState } from "./events.js";
import type { Obj } from "./object-types.js";
import { CHANGE_CAUSE, k8sTime, REVISION, TEMPLATE_HASH } from "./objects.js";
import { podStatus } from "./pod-status.js";
import type { PodState } from "./pods.js";

export function deploymentObject(c: Cluster, d: DeploymentState): Obj {
  const s = c.statusOf(d);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: d.name,
      namespace: d.namespace,
      uid: d.uid,
      resourceVersion: c.resourceVersion,
      generation: d.generation,
      creationTimestamp: k8sTime(d.createdAt),
      labels: { ...d.labels },
      annotations: { ...d.annotations },
    },
    spec: structuredClone(d.spec),
    status: {
      observedGeneration: d.observedGeneration,
      replicas: s.replicas,
      updatedReplicas: s.updatedReplicas,
      readyReplicas: s.readyReplicas,
      availableReplicas: s.availableReplicas,
      ...(s.unavailableReplicas > 0 ? { unavailableReplicas: s.unavailableReplicas } : {}),
      conditions: structuredClone(d.conditions),
    },
  };
}

export function replicaSetObject(c: Cluster, rs: ReplicaSetState): Obj {
  const dep = c.deployments.get(`${rs.namespace}/${rs.owner}`);
  const pods = c.podsOf(rs);
  const ready = pods.filter((p) => c.ready(p)).length;
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: rs.name,
      namespace: rs.namespace,
      uid: rs.uid,
      resourceVersion: c.resourceVersion,
      generation: 1,
      creationTimestamp: k8sTime(rs.createdAt),
      labels: { ...rs.template.metadata.labels, [TEMPLATE_HASH]: rs.hash },
      annotations: {
        [REVISION]: String(rs.revision),
        "deployment.kubernetes.io/desired-replicas": String(dep?.spec.replicas ?? rs.replicas),
        ...(rs.changeCause ? { [CHANGE_CAUSE]: rs.changeCause } : {}),
      },
      ownerReferences: dep
        ? [
            {
              apiVersion: "apps/v1",
              kind: "Deployment",
              name: dep.name,
              uid: dep.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ]
        : [],
    },
    spec: {
      replicas: rs.replicas,
      selector: { matchLabels: { ...(dep?.spec.selector.matchLabels ?? {}), [TEMPLATE_HASH]: rs.hash } },
      template: {
        metadata: { labels: { ...rs.template.metadata.labels, [TEMPLATE_HASH]: rs.hash } },
        spec: structuredClone(rs.template.spec),
      },
    },
    status: {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: 1,
    },
  };
}

export function podObject(c: Cluster, p: PodState, nodeReady: (n: string) => boolean): Obj {
  const rs = c.replicaSets.get(`${p.namespace}/${p.replicaSet}`);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: p.uid,
      resourceVersion: c.resourceVersion,
      creationTimestamp: k8sTime(p.createdAt),
      labels: { ...p.labels },
      ownerReferences: rs
        ? [
            {
              apiVersion: "apps/v1",
              kind: "ReplicaSet",
              name: rs.name,
              uid: rs.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ]
        : [],
    },
    spec: {
      ...(p.node ? { nodeName: p.node } : {}),
      containers: structuredClone(p.containers),
      restartPolicy: "Always",
    },
    status: podStatus(p, c.now(), c.startDelayMs, nodeReady),
  };
}

export function eventObject(c: Cluster, e: EventState): Obj {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name: `${e.involved.name}.${e.first.toString(16)}`,
      namespace: e.namespace,
      uid: `${e.key}`,
      resourceVersion: c.resourceVersion,
      creationTimestamp: k8sTime(e.first),
    },
    involvedObject: {
      ...e.involved,
      apiVersion:
        e.involved.kind === "Pod" ? "v1" : e.involved.kind === "Ingress" ? "networking.k8s.io/v1" : "apps/v1",
    },
    reason: e.reason,
    message: e.message,
    type: e.type,
    count: e.count,
    firstTimestamp: k8sTime(e.first),
    lastTimestamp: k8sTime(e.last),
    source: { component: e.component },
    reportingComponent: e.component,
  };
}

/** The autoscaling/v1 Scale subresource `kubectl scale` reads and patches. */
export function scaleObject(c: Cluster, d: DeploymentState): Obj {
  const s = c.statusOf(d);
  return {
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    metadata: {
      name: d.name,
      namespace: d.namespace,
      uid: d.uid,
      resourceVersion: c.resourceVersion,
      creationTimestamp: k8sTime(d.createdAt),
    },
    spec: { replicas: d.spec.replicas },
    status: {
      replicas: s.replicas,
      selector: Object.entries(d.spec.selector.matchLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
    },
  };
}
