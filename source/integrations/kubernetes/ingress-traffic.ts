/**
 * Traffic through the AWS Load Balancer Controller: when an Ingress owns the listener, a direct
 * ModifyListener is undone at the controller's next reconcile, so weights are written into the
 * Ingress's forward-action annotation (as Argo Rollouts does) and read back from the listener
 * itself — the engine claims a shift only when DescribeListeners shows it. When the listener does
 * not follow, `lag()` says what the controller said (its latest warning event on the Ingress), or
 * that it has not reconciled at all.
 */
import type { Weights } from "../../domain/events.js";
import type { ListenerState, TrafficPort } from "../../domain/ports.js";
import type { KubeClient } from "./client.js";

export const ACTION_ANNOTATION = "alb.ingress.kubernetes.io/actions.";

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface IngressTarget {
  namespace: string;
  name: string;
  action: string;
  blueTargetGroupArn: string;
  greenTargetGroupArn: string;
  /** `kubectl [--kubeconfig …] [--context …] -n NS` for the manual command. */
  kubectl: string;
}

export class IngressTraffic implements TrafficPort {
  constructor(
    /** The listener as AWS shows it (AlbTraffic): the only read that counts. */
    private listener: TrafficPort,
    private kube: () => Promise<KubeClient>,
    private t: IngressTarget,
  ) {}

  read(opts?: { rules?: boolean }): Promise<ListenerState> {
    return this.listener.read(opts);
  }

  /** The annotation's JSON for `to`: blue, green, then any other target group with its weight as read. */
  annotation(to: Weights, base?: ListenerState): string {
    const whole = Number.isInteger(to.blue) && Number.isInteger(to.green);
    const raw = (v: number) => (whole ? v : Math.round(v * 10));
    return JSON.stringify({
      type: "forward",
      forwardConfig: {
        targetGroups: [
          { targetGroupARN: this.t.blueTargetGroupArn, weight: raw(to.blue) },
          { targetGroupARN: this.t.greenTargetGroupArn, weight: raw(to.green) },
          ...(base?.others ?? []).map((o) => ({ targetGroupARN: o.arn, weight: o.weight })),
        ],
      },
    });
  }

  async write(to: Weights, base: ListenerState): Promise<{ attempts: number }> {
    const k = await this.kube();
    const body = {
      metadata: { annotations: { [`${ACTION_ANNOTATION}${this.t.action}`]: this.annotation(to, base) } },
    };
    await k.call(
      `patch ingress ${this.t.namespace}/${this.t.name}`,
      (o) => k.networking.patchNamespacedIngress({ name: this.t.name, namespace: this.t.namespace, body }, o),
      "application/merge-patch+json",
    );
    return { attempts: 1 };
  }

  manualCommand(to: Weights, base?: ListenerState): string {
    return `${this.t.kubectl} annotate ingress ${q(this.t.name)} --overwrite ${q(`${ACTION_ANNOTATION}${this.t.action}=${this.annotation(to, base)}`)}`;
  }

  /**
   * Why the listener does not show the annotation's weights: the controller's newest warning on the
   * Ingress since `since`, or that it has not reconciled since then; undefined when it cannot tell.
   */
  async lag(since: number): Promise<string> {
    const k = await this.kube();
    const events = await k
      .call(`list events of ingress ${this.t.namespace}/${this.t.name}`, (o) =>
        k.core.listNamespacedEvent(
          {
            namespace: this.t.namespace,
            fieldSelector: `involvedObject.kind=Ingress,involvedObject.name=${this.t.name}`,
          },
          o,
        ),
      )
      .catch((e: Error) => e);
    if (events instanceof Error) return `the controller's events could not be read: ${events.message}`;
    const at = (e: (typeof events.items)[number]) =>
      new Date(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? 0).getTime();
    const recent = events.items.filter((e) => at(e) >= since - 1000).sort((a, b) => at(b) - at(a));
    const warning = recent.find((e) => e.type === "Warning");
    if (warning) return `the AWS Load Balancer Controller says ${warning.reason}: ${warning.message}`;
    if (recent.some((e) => e.reason === "SuccessfullyReconciled"))
      return "the AWS Load Balancer Controller reconciled the Ingress, but the listener shows other weights";
    return `the AWS Load Balancer Controller has not reconciled ingress ${this.t.namespace}/${this.t.name} since the change`;
  }
}
