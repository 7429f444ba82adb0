/** Request helpers of the sandbox's API server: selectors, validation and the Status bodies of refusals. */
import type { IncomingMessage } from "node:http";
import type { DeploymentSpec, Obj } from "./object-types.js";
import { statusBody } from "./objects.js";
import { PatchError } from "./patch.js";

export function validateDeployment(next: Obj, current: Obj): { field: string; message: string } | undefined {
  const spec = next.spec as Partial<DeploymentSpec> | undefined;
  if (!spec || !Number.isInteger(spec.replicas) || (spec.replicas as number) < 0)
    return { field: "spec.replicas", message: "Invalid value: must be greater than or equal to 0" };
  const containers = spec.template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0)
    return { field: "spec.template.spec.containers", message: "Required value" };
  for (const [i, c] of containers.entries())
    if (!c || typeof c.name !== "string" || typeof c.image !== "string" || !c.image)
      return { field: `spec.template.spec.containers[${i}].image`, message: "Required value" };
  if (JSON.stringify(spec.selector) !== JSON.stringify((current.spec as DeploymentSpec).selector))
    return { field: "spec.selector", message: "Invalid value: field is immutable" };
  if (next.metadata.name !== current.metadata.name)
    return { field: "metadata.name", message: "Invalid value: field is immutable" };
  return undefined;
}

export function invalid(name: string, field: string, message: string) {
  return statusBody(422, "Invalid", `Deployment.apps "${name}" is invalid: ${field}: ${message}`, {
    name,
    group: "apps",
    kind: "Deployment",
    causes: [{ reason: "FieldValueInvalid", message, field }],
  });
}

export function notFound(resource: string, name: string) {
  const group = resource === "deployments" || resource === "replicasets" ? ".apps" : "";
  return statusBody(404, "NotFound", `${resource}${group} "${name}" not found`, { name, kind: resource });
}

export function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(String(req.headers.accept ?? ""));
}

export function fieldFilter(sel: string | null): (o: Obj) => boolean {
  if (!sel) return () => true;
  const tests = sel.split(",").map((part) => {
    const neg = part.includes("!=");
    const [k, v] = part.split(/!?==?/);
    const get = (o: Obj): unknown =>
      k === "metadata.name"
        ? o.metadata.name
        : k === "metadata.namespace"
          ? o.metadata.namespace
          : k?.startsWith("involvedObject.")
            ? (o.involvedObject as Record<string, unknown> | undefined)?.[k.slice("involvedObject.".length)]
            : k === "type"
              ? o.type
              : undefined;
    return (o: Obj) => (get(o) === v) !== neg;
  });
  return (o) => tests.every((t) => t(o));
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

/** A PATCH/PUT body the server cannot apply: 415 for an unknown patch type, 422 or 400 otherwise. */
export function sendWriteError(e: unknown, send: (code: number, body: unknown) => void): void {
  if (e instanceof PatchError) {
    const unsupported = /unknown format/.test(e.message);
    return send(
      unsupported ? 415 : 422,
      statusBody(unsupported ? 415 : 422, unsupported ? "UnsupportedMediaType" : "Invalid", e.message),
    );
  }
  if (e instanceof SyntaxError)
    return send(400, statusBody(400, "BadRequest", `the body is not valid JSON: ${e.message}`));
  throw e;
}
