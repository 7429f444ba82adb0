/**
 * A session whose state a writer of this build kept (session/state-cache.ts), for the tests of the
 * writer's open from it (session/kept-open.ts): kept-open.test.ts and kept-open-edges.test.ts.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { vi } from "vitest";
import { nodeDisk } from "../../source/session/disk.js";
import { journalFor } from "../../source/session/journal-path.js";
import { SessionStore } from "../../source/session/store.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { tempDir } from "./paths.js";
import { newSeedSession } from "./session.js";

export const N = 200;
export const cacheOf = (file: string, kind: string) =>
  join(dirname(file), ".cache", `${kind}-${basename(file)}`);
export const journalLines = (file: string) =>
  readFileSync(journalFor(file), "utf8").split("\n").filter(Boolean);

/** A session of N events compacted by a writer of this build (so its state is kept), then `journalled` more. */
export async function keptSession(journalled = 0) {
  setVerifiedBuild("test-build");
  const { store } = await newSeedSession(tempDir("kept-open-"));
  for (let i = 1; i < N; i++) await store.append("note.added", { text: `n${i}` }, "ann");
  await store.close();
  const w = await SessionStore.open(store.file, { write: true, journal: { closeCompactBytes: 0 } });
  for (let i = 0; i < journalled; i++) await w.append("item.checked", { item: `i${i + 1}` }, "bob");
  await w.close();
  return store.file;
}

/** Opens lazily, counting what JSON.parse is given while it opens: a full open parses every event. */
export async function openLazily(file: string, journal: object = { closeCompactBytes: 0 }) {
  const parse = vi.spyOn(JSON, "parse");
  const store = await SessionStore.open(file, { write: true, lazyEvents: true, journal });
  const parsed = parse.mock.calls.length;
  parse.mockRestore();
  return { store, parsed };
}

export async function allEvents(file: string) {
  const r = await SessionStore.open(file, { write: false });
  const events = r.events.slice();
  await r.close();
  return events;
}

/** nodeDisk whose every fsync fails with EIO until `heal()`. */
export function failingSyncs() {
  let fail = true;
  const disk = {
    ...nodeDisk,
    syncFile: async (fh: Parameters<typeof nodeDisk.syncFile>[0], p: string) => {
      if (fail) throw Object.assign(new Error("EIO"), { code: "EIO" });
      return nodeDisk.syncFile(fh, p);
    },
  };
  return {
    disk,
    heal: () => {
      fail = false;
    },
  };
}
