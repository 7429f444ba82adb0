/**
 * The three PATCH flavours the API server accepts, as kubectl and client-node send them:
 * JSON merge patch (RFC 7386), JSON patch (RFC 6902, what `kubectl rollout undo` sends), and
 * strategic merge patch (what `kubectl set image`, `rollout pause/resume` send), where lists of
 * containers, ports and env merge by their `name` key instead of being replaced.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class PatchError extends Error {}

export const PATCH_TYPES = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
} as const;

export function applyPatch(target: unknown, contentType: string, body: string): unknown {
  const type = contentType.split(";")[0]!.trim();
  let patch: Json;
  try {
    patch = JSON.parse(body) as Json;
  } catch (e) {
    throw new PatchError(`the patch is not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  if (type === PATCH_TYPES.json) return jsonPatch(structuredClone(target) as Json, patch);
  if (type === PATCH_TYPES.merge) return mergePatch(structuredClone(target) as Json, patch, false);
  if (type === PATCH_TYPES.strategic) return mergePatch(structuredClone(target) as Json, patch, true);
  throw new PatchError(
    `the body of the request was in an unknown format - accepted media types include: ${Object.values(PATCH_TYPES).slice(0, 3).join(", ")}`,
  );
}

/** Lists whose items merge by a key in a strategic merge patch (the ones a Deployment has). */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  env: "name",
  ports: "containerPort",
  volumes: "name",
  volumeMounts: "mountPath",
  imagePullSecrets: "name",
  tolerations: "key",
};

function mergePatch(target: Json, patch: Json, strategic: boolean, field = ""): Json {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) {
    if (strategic && Array.isArray(patch) && Array.isArray(target) && MERGE_KEYS[field])
      return mergeList(target, patch, MERGE_KEYS[field]!);
    return patch;
  }
  const out: { [k: string]: Json } =
    target && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (strategic && k.startsWith("$")) continue; // directives ($patch, $retainKeys) are not needed here
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v, strategic, k);
  }
  return out;
}

function mergeList(target: Json[], patch: Json[], mergeKey: string): Json[] {
  const out = [...target];
  for (const item of patch) {
    if (!item || typeof item !== "object" || Array.isArray(item)) continue;
    const id = item[mergeKey];
    const i = out.findIndex((o) => o && typeof o === "object" && !Array.isArray(o) && o[mergeKey] === id);
    if (item.$patch === "delete") {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = mergePatch(out[i]!, item, true);
    else out.push(mergePatch(null, item, true));
  }
  return out;
}

function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new PatchError("a JSON patch is an array of operations");
  let out = doc;
  for (const op of ops) {
    if (
      !op ||
      typeof op !== "object" ||
      Array.isArray(op) ||
      typeof op.op !== "string" ||
      typeof op.path !== "string"
    )
      throw new PatchError("each JSON patch operation needs op and path");
    const path = pointer(op.path);
    switch (op.op) {
      case "add":
      case "replace":
        if (op.op === "replace") get(out, path); // replace needs an existing value
        out = set(out, path, structuredClone(op.value ?? null), op.op === "add");
        break;
      case "remove":
        get(out, path);
        out = remove(out, path);
        break;
      case "test":
        if (JSON.stringify(get(out, path)) !== JSON.stringify(op.value))
          throw new PatchError(`testing value ${op.path} failed`);
        break;
      case "copy":
      case "move": {
        const from = pointer(String(op.from));
        const v = structuredClone(get(out, from));
        if (op.op === "move") out = remove(out, from);
        out = set(out, path, v, true);
        break;
      }
      default:
        throw new PatchError(`unexpected JSON patch operation "${op.op}"`);
    }
  }
  return out;
}

function pointer(p: string): string[] {
  if (p === "") return [];
  if (!p.startsWith("/")) throw new PatchError(`a JSON pointer starts with /: "${p}"`);
  return p
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function get(doc: Json, path: string[]): Json {
  let cur: Json = doc;
  for (const seg of path) {
    if (Array.isArray(cur) && /^\d+$/.test(seg) && Number(seg) < cur.length) cur = cur[Number(seg)]!;
    else if (cur && typeof cur === "object" && !Array.isArray(cur) && seg in cur) cur = cur[seg]!;
    else throw new PatchError(`doc is missing path: "/${path.join("/")}"`);
  }
  return cur;
}

function set(doc: Json, path: string[], value: Json, insert: boolean): Json {
  if (path.length === 0) return value;
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const i = last === "-" ? parent.length : Number(last);
    if (!(i >= 0 && i <= parent.length)) throw new PatchError(`index out of range: "/${path.join("/")}"`);
    if (insert) parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (parent && typeof parent === "object") parent[last] = value;
  else throw new PatchError(`doc is missing path: "/${path.join("/")}"`);
  return doc;
}

function remove(doc: Json, path: string[]): Json {
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (parent && typeof parent === "object") delete parent[last];
  return doc;
}
