/** RFC 6902 JSON patch over a plain object, with RFC 6901 pointers. */
import { type Json, PatchError } from "./patch.js";

export function jsonPatch(doc: Json, ops: Json): Json {
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
