/**
 * A writer opening a session merges back the records an earlier golive could not write to it
 * (session/fallback.ts): in order, each once (by the id of its line), each marked as merged from
 * its file and line; a record that cannot be taken as it was becomes a note quoting it.
 */
import { unlink } from "node:fs/promises";
import { EVENT_TYPES, type EventType } from "../domain/events.js";
import { fallbackFiles, readFallbacks } from "./fallback.js";
import type { SessionStore } from "./store.js";

export async function mergeFallbacks(store: SessionStore, env: NodeJS.ProcessEnv): Promise<void> {
  const files = fallbackFiles(store.file, store.id, env);
  const pending = await readFallbacks(files);
  if (!pending.length) return;
  const done = new Set(store.events.flatMap((e) => (e.merged ? [e.merged.record] : [])));
  for (const p of pending) {
    if (done.has(p.id)) continue;
    const r = p.record;
    const from = `${p.file}:${p.line}`;
    const merged = { from, at: r?.at ?? "unknown", record: p.id };
    if (
      r &&
      r.session === store.id &&
      (EVENT_TYPES as readonly string[]).includes(r.type) &&
      r.data &&
      typeof r.data === "object"
    ) {
      await store.append(r.type as EventType, r.data as never, String(r.by ?? "unknown"), { merged });
    } else if (!r || r.session === store.id) {
      const text = `fallback record ${from} could not be merged as it was (${p.problem ?? `type ${JSON.stringify(r?.type)}`}): ${JSON.stringify(r ?? null).slice(0, 500)}`;
      await store.append("note.added", { text }, "golive", { merged });
    }
  }
  for (const f of new Set(pending.map((p) => p.file))) await unlink(f).catch(() => {});
}
