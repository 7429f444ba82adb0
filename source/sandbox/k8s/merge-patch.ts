/** Strategic-merge and RFC 7386 merge patches: lists merged by their merge key. */
import type { Json } from "./patch.js";

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

export function mergePatch(target: Json, patch: Json, strategic: boolean, field = ""): Json {
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
