/**
 * The three PATCH flavours the API server accepts, as kubectl and client-node send them:
 * JSON merge patch (RFC 7386), JSON patch (RFC 6902, what `kubectl rollout undo` sends), and
 * strategic merge patch (what `kubectl set image`, `rollout pause/resume` send), where lists of
 * containers, ports and env merge by their `name` key instead of being replaced.
 */

import { jsonPatch } from "./json-patch.js";
import { mergePatch } from "./merge-patch.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

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
