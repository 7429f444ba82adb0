/** Kubernetes events: one per (object, reason, message), counted and re-stamped when it happens again. */

export interface EventState {
  key: string;
  namespace: string;
  involved: { kind: string; name: string; namespace: string; uid?: string };
  reason: string;
  message: string;
  type: "Normal" | "Warning";
  count: number;
  first: number;
  last: number;
  component: string;
}

export function recordEvent(
  events: Map<string, EventState>,
  involved: EventState["involved"],
  reason: string,
  message: string,
  type: EventState["type"],
  component: string,
  t: number,
  k = `${involved.namespace}/${involved.name}/${reason}/${message}`,
): void {
  const e = events.get(k);
  if (e) {
    e.count++;
    e.last = t;
    e.message = message;
    return;
  }
  events.set(k, {
    key: k,
    namespace: involved.namespace,
    involved,
    reason,
    message,
    type,
    count: 1,
    first: t,
    last: t,
    component,
  });
}
