/**
 * Chains built in memory and documents written with a writer's kept state beside them, for the unit
 * tests of session/state-cache.ts (state-cache-units, state-cache-stale).
 */
import { createHash } from "node:crypto";
import { appendFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { GENESIS, hashEvent } from "../../source/domain/chain.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { documentText } from "../../source/session/journal.js";
import { rememberState } from "../../source/session/state-cache.js";
import { tempDir } from "./paths.js";

export const sha = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");
export const cacheOf = (file: string, kind: string) =>
  join(dirname(file), ".cache", `${kind}-${basename(file)}`);
export const text = (pieces: readonly (string | Uint8Array)[] | undefined) =>
  pieces && Buffer.concat(pieces.map((p) => (typeof p === "string" ? Buffer.from(p) : p))).toString("utf8");
export const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

export type Spec = [type: string, data: Record<string, unknown>];
export const RUNBOOK = { file: "rb.md", sha256: "a".repeat(64), title: "RB", text: "# RB\n" };
export const CREATED: Spec = [
  "session.created",
  { id: "s-1", runbook: RUNBOOK, t0: "2026-12-04T10:00:00.000Z", lead: "ann" },
];

/** Events chained after `after` (or from genesis), as the store chains them. */
export function chain(specs: Spec[], after?: SessionEvent): SessionEvent[] {
  const out: SessionEvent[] = [];
  for (const [type, data] of specs) {
    const prev = out.at(-1) ?? after;
    const seq = (prev?.seq ?? 0) + 1;
    const e = {
      seq,
      at: `2026-12-04T10:00:${String(seq % 60).padStart(2, "0")}.000Z`,
      by: "ann",
      type,
      data,
    };
    const linked = { ...e, prev: prev?.hash ?? GENESIS };
    out.push({ ...linked, hash: hashEvent(linked) } as SessionEvent);
  }
  return out;
}
export const note = (t: string): Spec => ["note.added", { text: t }];
export const BASE = chain([
  CREATED,
  note("one"),
  ["drift.detected", { expected: { blue: 100, green: 0 }, actual: { blue: 90, green: 10 } }],
  ["item.checked", { item: "i1" }],
  ["checkpoint.recorded", { offsetMinutes: 5, errorRate: 0.1, latencyP95: 120, status: "OK", late: false }],
]);

/** The document written as `events` and the writer's kept state left beside it. */
export function written(
  events: readonly SessionEvent[],
  file = join(tempDir("state-cache-units-"), "s.json"),
) {
  const doc = documentText({ format: "2", id: "s-1", events: [...events] } as never);
  writeFileSync(file, doc);
  rememberState(file, sha(doc), Buffer.byteLength(doc), events);
  return file;
}
export const journal = (file: string, events: readonly object[], tail = "") =>
  appendFileSync(`${file}.journal`, `${events.map((e) => `${JSON.stringify(e)}\n`).join("")}${tail}`);
