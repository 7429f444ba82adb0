/**
 * The sandbox's Kubernetes control plane: Deployments, their ReplicaSets and pods, and a rollout
 * controller that does what kube-controller-manager's deployment controller does — a new ReplicaSet
 * per pod template (an old one reused, with a new revision, on undo), rolling updates bounded by
 * maxSurge/maxUnavailable, history pruned to revisionHistoryLimit, and the Progressing/Available
 * conditions including ProgressDeadlineExceeded. Time is the sandbox clock; a clock jump is walked
 * through event by event, so a compressed rehearsal goes through the same waves as a real one.
 */

import { conditionsFor } from "./conditions.js";
import { type EventState, recordEvent } from "./events.js";
import type { DeploymentSpec, PodTemplate } from "./object-types.js";
import { CHANGE_CAUSE, REVISION, TEMPLATE_HASH } from "./objects.js";
import {
  defaultBehaviour,
  type ImageBehaviour,
  isReady,
  type PodState,
  podWarning,
  restartsAt,
} from "./pods.js";
import { recreate, rollingUpdate } from "./rollout.js";
import { canonical, templateHash, uidOf } from "./template-hash.js";

export interface DeploymentState {
  name: string;
  namespace: string;
  uid: string;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generation: number;
  observedGeneration: number;
  spec: DeploymentSpec;
  lastProgressAt: number;
  /** Counts the last status was computed from: a change is progress (and restarts the deadline). */
  lastCounts: string;
  conditions: Condition[];
}

export interface Condition {
  type: "Available" | "Progressing";
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export interface ReplicaSetState {
  name: string;
  namespace: string;
  uid: string;
  createdAt: number;
  owner: string;
  hash: string;
  revision: number;
  template: PodTemplate;
  replicas: number;
  changeCause?: string;
}

export interface ClusterSeed {
  namespace: string;
  deployments: { name: string; replicas: number; image: string; labels: Record<string, string> }[];
}

export class Cluster {
  readonly deployments = new Map<string, DeploymentState>();
  readonly replicaSets = new Map<string, ReplicaSetState>();
  readonly pods = new Map<string, PodState>();
  readonly events = new Map<string, EventState>();
  private readonly event = (...a: Parameters<typeof recordEvent> extends [unknown, ...infer R] ? R : never) =>
    recordEvent(this.events, ...a);
  /** Image → behaviour set by fault injection; otherwise the image's own tag decides. */
  readonly imageFaults = new Map<string, ImageBehaviour>();
  readonly startDelayMs = 10_000;
  private version = 1;
  private last: number;
  private listeners = new Set<() => void>();
  private podSeq = 0;

  constructor(
    seed: ClusterSeed,
    readonly now: () => number,
    private readonly nodes: () => string[],
    private readonly nodeReady: (name: string) => boolean,
    seededAt: number,
  ) {
    this.last = seededAt;
    for (const d of seed.deployments) this.seedDeployment(seed.namespace, d, seededAt);
  }

  get resourceVersion(): string {
    return String(this.version);
  }

  /** Called after every change the controller makes (watch streams push the new objects). */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private seedDeployment(namespace: string, d: ClusterSeed["deployments"][number], at: number): void {
    const template: PodTemplate = {
      metadata: { labels: { ...d.labels } },
      spec: { containers: [{ name: d.name, image: d.image }] },
    };
    const dep: DeploymentState = {
      name: d.name,
      namespace,
      uid: uidOf(`deployment/${namespace}/${d.name}`),
      createdAt: at - 30 * 86_400_000,
      labels: { ...d.labels },
      annotations: {},
      generation: 1,
      observedGeneration: 1,
      spec: {
        replicas: d.replicas,
        selector: { matchLabels: { ...d.labels } },
        template,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 10,
        minReadySeconds: 0,
      },
      lastProgressAt: at,
      lastCounts: "",
      conditions: [],
    };
    this.deployments.set(key(namespace, d.name), dep);
    const rs = this.newReplicaSet(dep, 1, at - 3_600_000);
    rs.replicas = d.replicas;
    for (let i = 0; i < d.replicas; i++) this.createPod(rs, at - 3_600_000);
    this.updateStatus(dep, at);
  }

  /** Replace a Deployment's spec/metadata (after a PATCH): a changed spec is a new generation. */
  updateDeployment(
    dep: DeploymentState,
    next: { spec: DeploymentSpec; labels: Record<string, string>; annotations: Record<string, string> },
  ): void {
    this.advance();
    if (JSON.stringify(canonical(next.spec)) !== JSON.stringify(canonical(dep.spec))) {
      dep.generation++;
      if (templateHash(next.spec.template) !== templateHash(dep.spec.template))
        dep.lastProgressAt = this.now();
    }
    dep.spec = { ...next.spec, template: canonical(next.spec.template) as PodTemplate };
    dep.labels = next.labels;
    dep.annotations = next.annotations;
    this.reconcile(this.now());
    this.changed();
  }

  /** Walk the clock from the last reconcile to now, stopping at every moment something changes. */
  advance(): void {
    const now = this.now();
    let guard = 0;
    while (this.last < now && guard++ < 10_000) {
      const t = Math.min(now, this.nextEventAfter(this.last));
      this.reconcile(t);
      this.last = t;
    }
    if (now < this.last) this.last = now; // the sandbox clock never goes back, but be safe
    this.reconcile(now);
  }

  private nextEventAfter(t: number): number {
    let next = Number.POSITIVE_INFINITY;
    for (const p of this.pods.values()) {
      const readyAt = p.createdAt + this.startDelayMs;
      if (readyAt > t) next = Math.min(next, readyAt);
    }
    for (const d of this.deployments.values()) {
      const deadline = d.lastProgressAt + d.spec.progressDeadlineSeconds * 1000 + 1;
      if (deadline > t) next = Math.min(next, deadline);
    }
    return next;
  }

  private reconcile(t: number): void {
    let changed = false;
    for (const dep of this.deployments.values()) changed = this.reconcileDeployment(dep, t) || changed;
    changed = this.recordPodWarnings(t) || changed;
    if (changed) this.changed();
  }

  private changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }

  replicaSetsOf(dep: DeploymentState): ReplicaSetState[] {
    return [...this.replicaSets.values()].filter(
      (rs) => rs.namespace === dep.namespace && rs.owner === dep.name,
    );
  }

  podsOf(rs: ReplicaSetState): PodState[] {
    return [...this.pods.values()].filter((p) => p.replicaSet === rs.name && p.namespace === rs.namespace);
  }

  ready(p: PodState, t = this.now()): boolean {
    return isReady(p, t, this.startDelayMs, this.nodeReady);
  }

  private reconcileDeployment(dep: DeploymentState, t: number): boolean {
    const before = this.fingerprint(dep);
    if (!dep.spec.paused) {
      const rss = this.replicaSetsOf(dep);
      const hash = templateHash(dep.spec.template);
      const maxRevision = Math.max(0, ...rss.map((r) => r.revision));
      let current = rss.find((r) => r.hash === hash);
      if (!current) current = this.newReplicaSet(dep, maxRevision + 1, t);
      else if (current.revision < maxRevision) current.revision = maxRevision + 1;
      if (dep.annotations[CHANGE_CAUSE]) current.changeCause = dep.annotations[CHANGE_CAUSE];
      dep.annotations[REVISION] = String(current.revision);
      const olds = this.replicaSetsOf(dep).filter((r) => r !== current);
      // One pass can free room for the next (an old pod removed lets a new one start): repeat until still.
      for (let i = 0, sig = ""; i < 10; i++) {
        if (dep.spec.strategy.type === "Recreate") recreate(this, dep, current, olds, t);
        else rollingUpdate(this, dep, current, olds, t);
        const now = [current, ...olds].map((r) => r.replicas).join(",");
        if (now === sig) break;
        sig = now;
      }
      this.pruneHistory(dep, current);
    }
    dep.observedGeneration = dep.generation;
    this.updateStatus(dep, t);
    return before !== this.fingerprint(dep);
  }

  private fingerprint(dep: DeploymentState): string {
    const rss = this.replicaSetsOf(dep)
      .map(
        (r) => `${r.name}:${r.revision}:${r.replicas}:${this.podsOf(r).filter((p) => this.ready(p)).length}`,
      )
      .join(",");
    return `${dep.observedGeneration}|${rss}|${dep.conditions.map((c) => c.reason).join(",")}`;
  }

  private pruneHistory(dep: DeploymentState, current: ReplicaSetState): void {
    const idle = this.replicaSetsOf(dep)
      .filter((r) => r !== current && r.replicas === 0 && this.podsOf(r).length === 0)
      .sort((a, b) => a.revision - b.revision);
    while (idle.length > dep.spec.revisionHistoryLimit)
      this.replicaSets.delete(key(dep.namespace, idle.shift()!.name));
  }

  scale(dep: DeploymentState, rs: ReplicaSetState, to: number, t: number): void {
    if (rs.replicas === to) return;
    const from = rs.replicas;
    rs.replicas = to;
    this.event(
      { kind: "Deployment", name: dep.name, namespace: dep.namespace, uid: dep.uid },
      "ScalingReplicaSet",
      to > from
        ? `Scaled up replica set ${rs.name} from ${from} to ${to}`
        : `Scaled down replica set ${rs.name} from ${from} to ${to}`,
      "Normal",
      "deployment-controller",
      t,
    );
    const pods = this.podsOf(rs);
    for (let i = pods.length; i < to; i++) this.createPod(rs, t);
    // Scale down removes pods that are not ready first, then the youngest (the ReplicaSet controller's order).
    const victims = pods
      .sort((a, b) => Number(this.ready(a, t)) - Number(this.ready(b, t)) || b.createdAt - a.createdAt)
      .slice(0, Math.max(0, pods.length - to));
    for (const p of victims) this.pods.delete(key(p.namespace, p.name));
  }

  private newReplicaSet(dep: DeploymentState, revision: number, at: number): ReplicaSetState {
    const hash = templateHash(dep.spec.template);
    const rs: ReplicaSetState = {
      name: `${dep.name}-${hash}`,
      namespace: dep.namespace,
      uid: uidOf(`rs/${dep.namespace}/${dep.name}-${hash}`),
      createdAt: at,
      owner: dep.name,
      hash,
      revision,
      template: structuredClone(dep.spec.template),
      replicas: 0,
      ...(dep.annotations[CHANGE_CAUSE] ? { changeCause: dep.annotations[CHANGE_CAUSE] } : {}),
    };
    this.replicaSets.set(key(dep.namespace, rs.name), rs);
    return rs;
  }

  private createPod(rs: ReplicaSetState, at: number): void {
    const suffix = uidOf(`${rs.name}/${this.podSeq++}`)
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 5);
    const containers = rs.template.spec.containers.map((c) => ({ ...c }));
    const behaviour =
      containers
        .map((c) => this.imageFaults.get(c.image) ?? defaultBehaviour(c.image))
        .find((b) => b !== "ok") ?? "ok";
    const nodes = this.nodes();
    const p: PodState = {
      name: `${rs.name}-${suffix}`,
      namespace: rs.namespace,
      uid: uidOf(`pod/${rs.name}-${suffix}`),
      replicaSet: rs.name,
      labels: { ...rs.template.metadata.labels, [TEMPLATE_HASH]: rs.hash },
      containers,
      node: behaviour === "unschedulable" ? null : (nodes[this.podSeq % nodes.length] ?? null),
      createdAt: at,
      behaviour,
    };
    this.pods.set(key(p.namespace, p.name), p);
  }

  private recordPodWarnings(t: number): boolean {
    let changed = false;
    for (const p of this.pods.values()) {
      const w = podWarning(p, t, this.startDelayMs);
      if (!w) continue;
      const k = `${p.namespace}/${p.name}/${w.reason}`;
      const e = this.events.get(k);
      // The kubelet raises a crash-looping pod's BackOff once per restart; other warnings once a minute.
      const alreadyRaised =
        w.reason === "BackOff"
          ? e && e.count >= restartsAt(p, t, this.startDelayMs)
          : e && e.last > t - 60_000;
      if (alreadyRaised) continue;
      this.event(
        { kind: "Pod", name: p.name, namespace: p.namespace, uid: p.uid },
        w.reason,
        w.message,
        "Warning",
        "kubelet",
        t,
        k,
      );
      changed = true;
    }
    return changed;
  }

  private updateStatus(dep: DeploymentState, t: number): void {
    const s = this.statusOf(dep, t);
    const counts = `${s.updatedReplicas}/${s.readyReplicas}/${s.availableReplicas}/${s.replicas}`;
    if (counts !== dep.lastCounts) {
      dep.lastCounts = counts;
      dep.lastProgressAt = t;
    }
    const current = this.replicaSetsOf(dep).find((r) => r.hash === templateHash(dep.spec.template));
    dep.conditions = conditionsFor(dep, s, current?.name ?? dep.name, t);
  }

  statusOf(dep: DeploymentState, t = this.now()) {
    const rss = this.replicaSetsOf(dep);
    const hash = templateHash(dep.spec.template);
    const pods = rss.flatMap((r) => this.podsOf(r));
    const current = rss.find((r) => r.hash === hash);
    const ready = pods.filter((p) => this.ready(p, t)).length;
    return {
      replicas: pods.length,
      updatedReplicas: current ? this.podsOf(current).length : 0,
      readyReplicas: ready,
      availableReplicas: ready,
      unavailableReplicas: Math.max(0, dep.spec.replicas - ready),
    };
  }
}

export function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
