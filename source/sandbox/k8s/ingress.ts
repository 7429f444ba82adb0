/**
 * The sandbox's Ingress and its AWS Load Balancer Controller. The Ingress names a weighted forward
 * action in the `alb.ingress.kubernetes.io/actions.<name>` annotation (as Argo Rollouts writes it);
 * the controller reconciles that annotation into the ALB listener after a delay, and puts the
 * listener back when anyone else changes it (which is why golive must shift through the
 * annotation). Faults: slow (a longer delay), never (no reconcile at all), wrong (reconciles the
 * weights swapped), reject (a FailedDeployModel warning, the listener left alone). Each reconcile
 * leaves the Kubernetes event the real controller would.
 */
import type { ListenerAction } from "../world/types.js";
import { type EventState, recordEvent } from "./events.js";
import type { Obj } from "./object-types.js";

export const CONTROLLER_FAULTS = ["ok", "slow", "never", "wrong", "reject"] as const;
export type ControllerFault = (typeof CONTROLLER_FAULTS)[number];

export const ACTION_PREFIX = "alb.ingress.kubernetes.io/actions.";

/** What the controller needs of the sandbox's ALB. */
export interface IngressAlb {
  now(): number;
  actions(): ListenerAction[];
  setActions(a: ListenerAction[]): void;
  targetGroupArns(): string[];
  dns: string;
}

interface IngressState {
  namespace: string;
  name: string;
  action: string;
  annotations: Record<string, string>;
  uid: string;
  created: number;
  resourceVersion: number;
}

export interface Forward {
  TargetGroups: { TargetGroupArn: string; Weight: number }[];
}

export class IngressController {
  readonly ingresses = new Map<string, IngressState>();
  fault: ControllerFault = "ok";
  delayMs = 10_000;
  /** When the controller next compares the listener with the annotation (after a change). */
  private dueAt: number | undefined;
  private version = 1;

  constructor(
    private alb: IngressAlb,
    private events: Map<string, EventState>,
  ) {}

  /** An Ingress whose annotation holds the listener's current forward, as it was deployed. */
  seed(namespace: string, name: string, action: string, delayMs: number): void {
    this.delayMs = delayMs;
    const fwd = this.alb.actions().find((a) => a.Type === "forward")?.ForwardConfig;
    const annotation = JSON.stringify({
      type: "forward",
      forwardConfig: {
        targetGroups: (fwd?.TargetGroups ?? []).map((t) => ({
          targetGroupARN: t.TargetGroupArn,
          weight: t.Weight ?? 1,
        })),
      },
    });
    this.ingresses.set(`${namespace}/${name}`, {
      namespace,
      name,
      action,
      annotations: { "kubernetes.io/ingress.class": "alb", [`${ACTION_PREFIX}${action}`]: annotation },
      uid: `ing-${name}`,
      created: this.alb.now(),
      resourceVersion: this.version,
    });
  }

  setFault(fault: ControllerFault, delaySeconds?: number): void {
    if (!this.ingresses.size)
      throw new Error("the scenario has no Ingress (kubernetes.ingress), so no controller runs");
    this.fault = fault;
    if (delaySeconds !== undefined) this.delayMs = delaySeconds * 1000;
    this.dueAt = this.alb.now() + this.delayMs;
  }

  object(i: IngressState): Obj {
    return {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: {
        name: i.name,
        namespace: i.namespace,
        uid: i.uid,
        resourceVersion: String(i.resourceVersion),
        generation: 1,
        creationTimestamp: new Date(i.created).toISOString().replace(/\.\d{3}Z$/, "Z"),
        annotations: { ...i.annotations },
      },
      spec: {
        ingressClassName: "alb",
        rules: [
          {
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: i.action, port: { name: "use-annotation" } } },
                },
              ],
            },
          },
        ],
      },
      status: { loadBalancer: { ingress: [{ hostname: this.alb.dns }] } },
    } as Obj;
  }

  /** A PATCH/PUT result: only the metadata's annotations (and labels) change what the controller does. */
  update(i: IngressState, next: Obj): void {
    i.annotations = Object.fromEntries(
      Object.entries(next.metadata.annotations ?? {}).filter(([, v]) => typeof v === "string"),
    ) as Record<string, string>;
    i.resourceVersion = ++this.version;
    this.dueAt = this.alb.now() + this.delayMs;
  }

  /** Brings the listener in line with the annotations once the controller's delay has passed. */
  advance(): void {
    const now = this.alb.now();
    if (this.fault === "never") return;
    for (const i of this.ingresses.values()) {
      const want = this.desired(i);
      const drifted = want && !sameForward(forwardOf(this.alb.actions()), want);
      if (this.dueAt === undefined) {
        // Someone wrote the listener: the controller's next resync puts the annotation back.
        if (drifted) this.dueAt = now + this.delayMs;
        continue;
      }
      if (now < this.dueAt) continue;
      this.dueAt = undefined;
      this.reconcile(i, want, now);
    }
  }

  private reconcile(i: IngressState, want: Forward | undefined, now: number) {
    const involved = { kind: "Ingress", name: i.name, namespace: i.namespace, uid: i.uid };
    const event = (reason: string, message: string, type: "Normal" | "Warning") =>
      recordEvent(this.events, involved, reason, message, type, "ingress", now);
    if (!want) return event("FailedBuildModel", this.problem ?? "Failed build model", "Warning");
    if (this.fault === "reject")
      return event(
        "FailedDeployModel",
        "Failed deploy model due to AccessDenied: User: arn:aws:sts::123456789012:assumed-role/aws-load-balancer-controller is not authorized to perform: elasticloadbalancing:ModifyListener",
        "Warning",
      );
    const applied =
      this.fault === "wrong"
        ? {
            TargetGroups: want.TargetGroups.map((t, n, all) => ({
              ...t,
              Weight: all[all.length - 1 - n]!.Weight,
            })),
          }
        : want;
    this.alb.setActions(
      this.alb
        .actions()
        .map((a) =>
          a.Type === "forward"
            ? { ...a, ForwardConfig: { ...a.ForwardConfig, TargetGroups: applied.TargetGroups } }
            : a,
        ),
    );
    event("SuccessfullyReconciled", "Successfully reconciled", "Normal");
  }

  private problem: string | undefined;

  /** The annotation's forward, or undefined (with `problem` set) when the controller cannot build it. */
  private desired(i: IngressState): Forward | undefined {
    const raw = i.annotations[`${ACTION_PREFIX}${i.action}`];
    this.problem = undefined;
    const fail = (why: string) => {
      this.problem = `Failed build model due to ${why}`;
      return undefined;
    };
    if (raw === undefined) return fail(`missing annotation ${ACTION_PREFIX}${i.action}`);
    let a: {
      type?: string;
      forwardConfig?: { targetGroups?: { targetGroupARN?: string; weight?: number }[] };
    };
    try {
      a = JSON.parse(raw);
    } catch (e) {
      return fail(`failed to parse json annotation, ${ACTION_PREFIX}${i.action}: ${(e as Error).message}`);
    }
    const tgs = a.forwardConfig?.targetGroups;
    if (a.type !== "forward" || !Array.isArray(tgs) || !tgs.length)
      return fail(`unsupported action in ${ACTION_PREFIX}${i.action}: expected a forward with targetGroups`);
    const known = this.alb.targetGroupArns();
    for (const t of tgs) {
      if (!t.targetGroupARN || !known.includes(t.targetGroupARN))
        return fail(`TargetGroupNotFound: ${t.targetGroupARN ?? "(no targetGroupARN)"}`);
      if (!Number.isInteger(t.weight) || t.weight! < 0 || t.weight! > 999)
        return fail(`weight ${t.weight} of ${t.targetGroupARN}: must be a whole number 0-999`);
    }
    return { TargetGroups: tgs.map((t) => ({ TargetGroupArn: t.targetGroupARN!, Weight: t.weight! })) };
  }
}

function forwardOf(actions: ListenerAction[]): Forward {
  const f = actions.find((a) => a.Type === "forward");
  return {
    TargetGroups: (f?.ForwardConfig?.TargetGroups ?? []).map((t) => ({
      TargetGroupArn: t.TargetGroupArn,
      Weight: t.Weight ?? 1,
    })),
  };
}

function sameForward(a: Forward, b: Forward): boolean {
  const w = (f: Forward) =>
    JSON.stringify([...f.TargetGroups].sort((x, y) => x.TargetGroupArn.localeCompare(y.TargetGroupArn)));
  return w(a) === w(b);
}
