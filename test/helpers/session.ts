import { join } from "node:path";
import { readRunbookFile } from "../../source/runbook/read.js";
import { SessionStore } from "../../source/session/store.js";
import { fixedClock } from "./cli.js";
import { SEEDS, tempDir } from "./paths.js";
import { parsedOnce } from "./runbook-once.js";

export async function newSeedSession(dir: string, t0 = "2026-11-23T12:00:00.000Z") {
  const file = join(SEEDS, "deployment.md");
  const { text, sha256 } = await readRunbookFile(file);
  const rb = parsedOnce(file, text, sha256);
  const store = await SessionStore.create(
    dir,
    { runbook: { file, sha256, title: rb.title, text }, t0, lead: "lead" },
    "lead",
  );
  return { store, rb };
}

/** A session of any runbook file, lead "ann", on a clock the test moves. */
export async function sessionOnClock(file: string, t0 = "2026-11-23T12:00:00.000Z") {
  const { text, sha256 } = await readRunbookFile(file);
  const rb = parsedOnce(file, text, sha256);
  const clock = fixedClock(t0);
  const store = await SessionStore.create(
    tempDir(),
    { runbook: { file, sha256, title: rb.title, text }, t0, lead: "ann" },
    "ann",
    clock,
  );
  return { rb, store, clock };
}

/**
 * As if the writer were killed: its lock is released and its journal's file handle closed, nothing
 * compacted. (Releasing the lock alone left the handle to the garbage collector: Node's "Closing file
 * descriptor … on garbage collection" warnings in every run.)
 */
export async function abandon(store: SessionStore): Promise<void> {
  await (store as unknown as { adapter: { close(): Promise<void> } }).adapter.close();
  await store.lock?.release();
}
