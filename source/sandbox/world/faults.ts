/**
 * Fault injection: API faults (per operation, counted down per call), traffic faults per target
 * group, NotReady Kubernetes nodes and a deleted listener. Every change is written to the call log.
 */
import type { DataPlaneFault } from "./data-plane.js";
import type { ApiFault, ApiFaultKind, RecordFn, TrafficFault } from "./fault-types.js";

export class Faults {
  readonly api: ApiFault[] = [];
  /** Per target group ARN. */
  readonly traffic = new Map<string, TrafficFault>();
  readonly notReadyNodes = new Set<string>();
  /** `verb resource` pairs golive's service account lacks (k8s/rbac.ts answers them 403). */
  readonly kubeDenied = new Set<string>();
  listenerDeleted = false;
  /** Requests that bypass the listener's weights (data-plane.ts), in the order set. */
  readonly dataPlane: DataPlaneFault[] = [];
  private seq = 0;
  /** Calls held by a timeout fault, each one's release: `clear` answers them at once. */
  private readonly held = new Set<() => void>();

  constructor(private readonly record: RecordFn) {}

  /**
   * A timeout fault's hang: resolves after `ms`, or as soon as the faults are cleared. A call hung
   * when `fault clear` comes answers its error then (its client retries against a healthy API)
   * instead of hanging on for the rest of its delay with no fault left to explain it.
   */
  hold(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.held.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.held.add(release);
    });
  }

  addApi(operation: string, kind: ApiFaultKind, count: number, delayMs?: number, message?: string): ApiFault {
    const f: ApiFault = {
      id: ++this.seq,
      operation,
      kind,
      remaining: count,
      delayMs,
      ...(message === undefined ? {} : { message }),
    };
    this.api.push(f);
    this.record({ kind: "fault", detail: { api: operation, fault: kind, count, delayMs } });
    return f;
  }

  /** The fault to apply to this call, if any; consumes one of its remaining calls. */
  takeApi(operation: string): ApiFault | undefined {
    const f = this.api.find(
      (x) => x.remaining > 0 && x.kind !== "stale-read" && (x.operation === operation || x.operation === "*"),
    );
    if (!f) return undefined;
    f.remaining--;
    return f;
  }

  /** Consumes one stale read if one is armed and there is an older listener state to serve. */
  takeStaleRead(haveStale: boolean): boolean {
    const f = this.api.find((x) => x.remaining > 0 && x.kind === "stale-read");
    if (!f || !haveStale) return false;
    f.remaining--;
    return true;
  }

  setTraffic(tgArn: string, key: string, fault: TrafficFault): void {
    this.traffic.set(tgArn, { ...this.traffic.get(tgArn), ...fault });
    this.record({ kind: "fault", detail: { targetGroup: key, ...fault } });
  }

  addDataPlane(f: DataPlaneFault, detail: Record<string, unknown>): void {
    this.dataPlane.push(f);
    this.record({ kind: "fault", detail: { dataPlane: f.kind, share: f.share, ...detail } });
  }

  setNodeReady(name: string, ready: boolean): void {
    if (ready) this.notReadyNodes.delete(name);
    else this.notReadyNodes.add(name);
    this.record({ kind: "fault", detail: { node: name, ready } });
  }

  /** Someone deleted the listener (or the whole ALB stack was torn down): every call naming it fails. */
  setListenerDeleted(deleted: boolean): void {
    this.listenerDeleted = deleted;
    this.record({ kind: "fault", detail: { listenerDeleted: deleted } });
  }

  setKubeDenied(verb: string, resource: string, denied: boolean): void {
    if (denied) this.kubeDenied.add(`${verb} ${resource}`);
    else this.kubeDenied.delete(`${verb} ${resource}`);
    this.record({ kind: "fault", detail: { rbac: `${verb} ${resource}`, denied } });
  }

  clear(): void {
    this.listenerDeleted = false;
    this.kubeDenied.clear();
    this.api.length = 0;
    this.traffic.clear();
    this.dataPlane.length = 0;
    this.notReadyNodes.clear();
    for (const release of [...this.held]) release();
    this.record({ kind: "fault", detail: { clear: true } });
  }
}
