/**
 * Durability cost: how many events a second golive acknowledges (written, fsynced, renamed, directory
 * fsynced) and how long one takes, on this disk, as the session grows.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { parseRunbook } from "../source/runbook/parse.js";
import { readRunbookFile } from "../source/runbook/read.js";
import { SessionStore } from "../source/session/store.js";
import { ROOT, type Summary, summarize, tempDir } from "./lib.js";

export interface DurabilityResult {
  rows: { events: number; fileKb: number; perSecond: number; latency: Summary }[];
}

export async function benchDurability(batch: number, sizes: number[]): Promise<DurabilityResult> {
  const file = join(ROOT, "checklists", "deployment.md");
  const { text, sha256 } = await readRunbookFile(file);
  const rb = parseRunbook(file, text, sha256);
  const store = await SessionStore.create(
    tempDir(),
    { runbook: { file, sha256, title: rb.title, text }, t0: new Date().toISOString(), lead: "bench" },
    "bench",
  );
  const rows: DurabilityResult["rows"] = [];
  try {
    for (const target of sizes) {
      // Grow the session to `target` events first (a realistic mix of ticks, values and notes).
      while (store.events.length < target) {
        const n = store.events.length;
        await store.append(
          n % 3 === 0 ? "note.added" : "field.recorded",
          n % 3 === 0
            ? { text: `note ${n}` }
            : { field: `f${1 + (n % 30)}`, value: `${n}`, source: "manual" },
          "bench",
        );
      }
      const lat: number[] = [];
      const started = performance.now();
      for (let i = 0; i < batch; i++) {
        const t = performance.now();
        await store.append("note.added", { text: `measured ${i}` }, "bench");
        lat.push(performance.now() - t);
      }
      const seconds = (performance.now() - started) / 1000;
      const { size } = statSync(store.file);
      rows.push({
        events: store.events.length,
        fileKb: Math.round(size / 1024),
        perSecond: batch / seconds,
        latency: summarize(lat),
      });
    }
  } finally {
    await store.close();
  }
  return { rows };
}
